// The served app with the seed gazette imported and 2024's reports planned, as the supervision
// pages meet it: the office (ducha), 市发展改革委's reporter (fgw_tb) and 市工业和信息化局's
// (gxj_tb). The clock starts at 2024-03-20 10:00 (Shanghai), before March's deadline.
#pragma once

#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "support/app_fixture.hpp"
#include "support/test_store.hpp"

namespace zt::test {

class SupervisionPages : public AppFixture<> {
 protected:
  void on_open() override {
    std::ifstream in(std::string(ZT_SOURCE_DIR) + "/data/seed/sanmenxia-gazette-2024-02.txt");
    std::stringstream ss;
    ss << in.rdbuf();
    auto imported = post("/api/v1/supervision/gazette/import", {{"text", ss.str()}});
    ASSERT_EQ(imported.status, 201) << imported.body;
    auto plan = post("/api/v1/supervision/plan", {{"doc_no", "三政办〔2024〕4号"}, {"year", 2024}});
    ASSERT_EQ(plan.status, 201) << plan.body;
  }

  // `s` percent-encoded for a query string.
  static std::string enc(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
        out += char(c);
      } else {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%%%02X", c);
        out += buf;
      }
    }
    return out;
  }
  // The user's bearer header, logged in once (argon2id is slow on purpose).
  const std::map<std::string, std::string>& as(const std::string& user) {
    auto it = tokens_.find(user);
    if (it == tokens_.end()) it = tokens_.emplace(user, t_->bearer(user)).first;
    return it->second;
  }
  HttpReply get(const std::string& path, const std::string& user = "ducha") {
    return c_->request("GET", path, "", as(user));
  }
  HttpReply post(const std::string& path, const nlohmann::json& body,
                 const std::string& user = "ducha") {
    return c_->request("POST", path, body.dump(), as(user));
  }
  // GET that must answer 200; its JSON.
  nlohmann::json ok(const std::string& path, const std::string& user = "ducha") {
    auto r = get(path, user);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    return r.status == 200 ? r.json() : nlohmann::json::object();
  }
  // Files a report on `slot` as `user`; the answer's state (按时 / 迟报 / 补报).
  std::string file(std::int64_t slot, const std::string& user, int percent = 30,
                   nlohmann::json figures = nlohmann::json::array()) {
    auto r = post("/api/v1/supervision/slots/" + std::to_string(slot) + "/reports",
                  {{"progress", "按计划推进"},
                   {"percent", percent},
                   {"status", "正常推进"},
                   {"figures", figures}},
                  user);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json()["state"].get<std::string>() : "";
  }
  void at(const char* date, int hour = 10) {
    t_->clock().set(shanghai_time(*parse_date(date), hour, 0, 0));
    tokens_.clear();  // sessions time out when the clock jumps
  }

 private:
  std::map<std::string, std::map<std::string, std::string>> tokens_;
};

}  // namespace zt::test

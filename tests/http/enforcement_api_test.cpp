// The enforcement platform over HTTP on both stores: a penalty case by two officers and a legal
// reviewer from filing to archive with its documents; a single officer refused; masked public
// disclosure; directories with per-row errors; a reproducible draw; supervision and complaints.
#include <set>

#include <gtest/gtest.h>

#include "core/audit.hpp"
#include "core/digest.hpp"
#include "core/html.hpp"
#include "core/zip_reader.hpp"
#include "support/app_fixture.hpp"
#include "support/office_files.hpp"
#include "support/test_store.hpp"

namespace zt {
namespace {

using nlohmann::json;
using test::HttpClient;

class EnforcementApi : public test::AppFixture<> {
 protected:
  void on_open() override { set_today("2024-03-04"); }
  // Moves the clock and logs in again (days pass beyond the session's idle timeout).
  void set_today(const std::string& d) {
    t_->clock().set(shanghai_time(*parse_date(d), 10, 0, 0));
    zf1_ = t_->bearer("scjg_zf1");
    zf2_ = t_->bearer("scjg_zf2");
    fz_ = t_->bearer("scjg_fz");
    sfj_ = t_->bearer("sfj_jd");
  }
  test::HttpReply act(std::int64_t id, const std::string& action, const json& body,
                      const std::map<std::string, std::string>& who) {
    return c_->request("POST",
                       "/api/v1/enforcement/cases/" + std::to_string(id) + "/actions/" + action,
                       body.dump(), who);
  }
  std::int64_t new_case(const json& extra) {
    json body = {{"field", "市场监管"},
                 {"party_kind", "individual"},
                 {"party_name", "王小明"},
                 {"party_id", "411202199001011230"},
                 {"party_phone", "13912345678"},
                 {"violation_code", "SC-03"},
                 {"violation_name", "销售过期食品"},
                 {"facts", "王小明（电话13912345678）销售超过保质期的食品12箱"},
                 {"act_ended_on", "2024-02-20"}};
    body.update(extra);
    auto r = c_->request("POST", "/api/v1/enforcement/cases", body.dump(), zf1_);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", std::int64_t(0));
  }
  std::map<std::string, std::string> zf1_, zf2_, fz_, sfj_;
};

const json kTwo = {"scjg_zf1", "scjg_zf2"};

TEST_P(EnforcementApi, PenaltyCaseFromFilingToArchiveWithDocumentsAndMaskedDisclosure) {
  auto id = new_case({{"major_flag", true}});
  // Only the documents a case has reached are offered: none of a decision before there is one.
  auto kinds = [&](const json& detail) {
    std::set<std::string> out;
    for (const auto& d : detail["documents"]) out.insert(d["kind"].get<std::string>());
    return out;
  };
  auto fresh = c_->request("GET", "/api/v1/enforcement/cases/" + std::to_string(id), "", zf1_);
  EXPECT_FALSE(kinds(fresh.json()).count("decision")) << fresh.body;
  // A single officer is refused, naming the rule.
  auto alone = act(id, "file", {{"officers", {"scjg_zf1"}}}, zf1_);
  EXPECT_EQ(alone.status, 422) << alone.body;
  EXPECT_EQ(alone.json()["error"]["rule"], "two-officers");
  ASSERT_EQ(act(id, "file", {{"officers", kTwo}}, zf1_).status, 200);
  ASSERT_EQ(
      act(id, "evidence", {{"officers", kTwo}, {"description", "现场检查笔录、照片6张"}}, zf2_)
          .status,
      200);
  auto notified = act(id, "notify",
                      {{"officers", kTwo},
                       {"penalty", "fine"},
                       {"fine", 20000},
                       {"basis", "《食品安全法》第一百二十四条"}},
                      zf1_);
  ASSERT_EQ(notified.status, 200) << notified.body;
  EXPECT_TRUE(notified.json()["hearing_right"].get<bool>());  // 20,000 ≥ 10,000 for a person
  set_today("2024-03-12");  // past the five working days, no hearing requested
  auto early = act(id, "decide", {{"officers", kTwo}, {"penalty", "fine"}, {"fine", 20000}}, zf1_);
  EXPECT_EQ(early.json()["error"]["rule"], "legal-review") << early.body;
  ASSERT_EQ(act(id, "review", {{"result", "pass"}, {"opinion", "同意"}}, fz_).status, 200);
  ASSERT_EQ(act(id, "discuss", {{"members", "局长等5人"}, {"conclusion", "同意"}}, zf1_).status,
            200);
  auto decided =
      act(id, "decide", {{"officers", kTwo}, {"penalty", "fine"}, {"fine", 20000}}, zf2_);
  ASSERT_EQ(decided.status, 200) << decided.body;
  EXPECT_EQ(decided.json()["state"], "decided");
  auto served = act(id, "serve", {{"officers", kTwo}, {"method", "direct"}}, zf1_);
  ASSERT_EQ(served.status, 200) << served.body;
  ASSERT_EQ(act(id, "execute", {{"amount", 20000}}, zf1_).status, 200);
  auto archived = act(id, "archive", json::object(), zf1_);
  ASSERT_EQ(archived.status, 200) << archived.body;
  auto detail = archived.json();
  EXPECT_EQ(detail["state"], "archived");
  EXPECT_TRUE(kinds(detail).count("decision")) << archived.body;
  EXPECT_TRUE(kinds(detail).count("filing")) << archived.body;
  EXPECT_EQ(detail["steps"].size(), 9u);
  EXPECT_EQ(detail["steps"][0]["officers"], kTwo);

  // Evidence files keep their hash; the case's table exports to Excel.
  auto up = c_->request("POST",
                        "/api/v1/enforcement/cases/" + std::to_string(id) +
                            "/attachments?name=%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.jpg",
                        "\xff\xd8\xff\xe0 not really a jpeg", zf1_);
  EXPECT_EQ(up.status, 422) << up.body;  // archived: no more evidence
  auto files = c_->request(
      "GET", "/api/v1/enforcement/cases/" + std::to_string(id) + "/attachments", "", zf1_);
  EXPECT_EQ(files.json().size(), 0u);
  auto sheet = c_->request("GET", "/api/v1/enforcement/cases?format=xlsx", "", sfj_);
  EXPECT_EQ(sheet.body.substr(0, 2), "PK");

  // Documents as A4 HTML.
  auto doc = c_->request(
      "GET", "/api/v1/enforcement/cases/" + std::to_string(id) + "/documents/decision", "", zf1_);
  ASSERT_EQ(doc.status, 200) << doc.body;
  EXPECT_NE(doc.body.find("size: A4"), std::string::npos);
  EXPECT_EQ(doc.headers["content-security-policy"], kDocumentCsp);
  EXPECT_NE(doc.body.find("行政处罚决定书"), std::string::npos);
  EXPECT_NE(doc.body.find("罚款人民币20000元"), std::string::npos);
  auto inquiry = c_->request(
      "GET", "/api/v1/enforcement/cases/" + std::to_string(id) + "/documents/inquiry", "", zf1_);
  ASSERT_EQ(inquiry.status, 200);
  EXPECT_NE(inquiry.body.find("现场检查笔录、照片6张"), std::string::npos);
  auto repair = c_->request(
      "GET", "/api/v1/enforcement/cases/" + std::to_string(id) + "/documents/credit-repair", "",
      zf1_);
  EXPECT_EQ(repair.status, 422);  // an individual gets no credit-repair notice

  // Another unit's officer neither sees nor acts on the case.
  auto outsider = t_->bearer("fgw_ld");
  EXPECT_EQ(
      c_->request("GET", "/api/v1/enforcement/cases/" + std::to_string(id), "", outsider).status,
      404);

  // Disclosure: published, then the public sees it masked.
  auto pubs = c_->request("GET", "/api/v1/enforcement/publications", "", zf1_).json();
  ASSERT_EQ(pubs.size(), 1u);
  EXPECT_EQ(pubs[0]["due_on"], "2024-03-21");
  auto pid = std::to_string(pubs[0]["id"].get<std::int64_t>());
  EXPECT_EQ(c_->request("GET", "/api/v1/public/decisions", "").json().size(), 0u);
  ASSERT_EQ(c_->request("POST", "/api/v1/enforcement/publications/" + pid + "/publish", "{}", zf1_)
                .status,
            200);
  auto pub = c_->request("GET", "/api/v1/public/decisions", "").json();
  ASSERT_EQ(pub.size(), 1u);
  EXPECT_EQ(pub[0]["party"], "王某某");
  EXPECT_EQ(pub[0]["party_id"], "411202********1230");
  auto content = pub[0]["content"].get<std::string>();
  EXPECT_EQ(content.find("王小明"), std::string::npos) << content;
  EXPECT_EQ(content.find("13912345678"), std::string::npos) << content;
  EXPECT_EQ(pub.dump().find("王小明"), std::string::npos);
  // Revoked: withdrawn from the public list.
  ASSERT_EQ(act(id, "revoke", {{"reason", "行政复议决定撤销"}}, zf1_).status, 200);
  EXPECT_EQ(c_->request("GET", "/api/v1/public/decisions", "").json().size(), 0u);
  ASSERT_EQ(c_->request("POST", "/api/v1/enforcement/publications/" + pid + "/withdraw", "{}", zf1_)
                .status,
            200);

  // Supervision sees the case in its statistics; the trail verifies.
  auto stats = c_->request("GET", "/api/v1/enforcement/stats", "", sfj_).json();
  EXPECT_EQ(stats["cases"], 1);
  EXPECT_EQ(stats["legal_review"]["rate"], 1.0);
  auto xlsx = c_->request("GET", "/api/v1/enforcement/stats.xlsx", "", sfj_);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  auto history = audit_history(t_->app().store(), "case", std::to_string(id));
  ASSERT_TRUE(history);
  EXPECT_EQ(history->size(), 11u);  // registered, nine acts, revoked
  auto v = verify_audit(t_->app().store());
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->ok()) << v->problem;
}

std::map<std::string, std::string> with_type(std::map<std::string, std::string> headers,
                                             const std::string& type) {
  headers["Content-Type"] = type;
  return headers;
}

// The act table the case page builds its buttons and forms from: the same acts as /meta, their
// states among the listed ones, and the entries the page relies on.
TEST_P(EnforcementApi, ActTableListsEveryActWithItsStatesAndFields) {
  auto r = c_->request("GET", "/api/v1/enforcement/acts", "", zf1_);
  ASSERT_EQ(r.status, 200) << r.body;
  auto table = r.json();
  std::set<std::string> states;
  for (const auto& s : table["states"]) {
    states.insert(s["name"].get<std::string>());
    EXPECT_FALSE(s["label"].get<std::string>().empty());
  }
  EXPECT_EQ(states.size(), 10u);
  EXPECT_TRUE(states.count("registered") && states.count("archived"));
  auto meta = c_->request("GET", "/api/v1/enforcement/meta", "", zf1_).json();
  ASSERT_EQ(table["acts"].size(), meta["actions"].size());
  std::map<std::string, json> by_name;
  for (std::size_t i = 0; i < table["acts"].size(); ++i) {
    const auto& a = table["acts"][i];
    EXPECT_EQ(a["name"], meta["actions"][i]["name"]);
    EXPECT_EQ(a["label"], meta["actions"][i]["label"]);
    EXPECT_FALSE(a["from"].empty()) << a["name"];
    for (const auto* key : {"from", "to"})
      for (const auto& s : a[key]) EXPECT_TRUE(states.count(s.get<std::string>())) << a["name"];
    EXPECT_EQ(a["stays"].get<bool>(), a["to"].empty());
    by_name[a["name"].get<std::string>()] = a;
  }
  const auto& file = by_name.at("file");
  EXPECT_EQ(file["label"], "立案");
  EXPECT_EQ(file["from"], json({"registered"}));
  EXPECT_EQ(file["to"], json({"filed"}));
  EXPECT_TRUE(file["two_officers"].get<bool>());
  EXPECT_EQ(file["procedure"], "general");
  EXPECT_EQ(file["rules"], json({"time-bar"}));
  const auto& decide = by_name.at("decide");
  ASSERT_GE(decide["fields"].size(), 2u);
  EXPECT_EQ(decide["fields"][0]["name"], "penalty");
  EXPECT_EQ(decide["fields"][0]["type"], "penalty");
  EXPECT_TRUE(decide["fields"][0]["required"].get<bool>());
  EXPECT_EQ(decide["fields"][1]["name"], "fine");
  EXPECT_FALSE(decide["fields"][1]["required"].get<bool>());
  EXPECT_EQ(decide["fields"][1]["required_if"], json({{"penalty", "fine"}}));
  const auto& review = by_name.at("review");
  EXPECT_FALSE(review["two_officers"].get<bool>());
  EXPECT_EQ(review["permission"], "case.review");
  EXPECT_TRUE(review["stays"].get<bool>());
  EXPECT_EQ(review["fields"][0]["type"], "choice");
  EXPECT_EQ(review["fields"][0]["choices"][0], json({{"value", "pass"}, {"label", "同意"}}));
  const auto& extend = by_name.at("extend");
  EXPECT_EQ(extend["fields"][2], json({{"name", "days"},
                                       {"label", "延长天数"},
                                       {"type", "number"},
                                       {"required", true},
                                       {"integer", true},
                                       {"min", 1},
                                       {"max", 90}}));
  EXPECT_EQ(by_name.at("serve")["to"], json({"served", "executed"}));
  // The table answers for the acts route: an act it does not list is unknown there.
  auto id = new_case(json::object());
  auto unknown = act(id, "pay", json::object(), zf1_);
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  // Without a session the table is not served.
  EXPECT_EQ(c_->request("GET", "/api/v1/enforcement/acts", "", {}).status, 401);
}

TEST_P(EnforcementApi, EvidenceFilesAreStoredWithTheirHash) {
  auto id = new_case(json::object());
  const std::string bytes = "\xff\xd8\xff\xe0 photo bytes";
  auto up = c_->request(
      "POST", "/api/v1/enforcement/cases/" + std::to_string(id) + "/attachments?name=photo-1.jpg",
      bytes, with_type(zf2_, "image/jpeg"));
  ASSERT_EQ(up.status, 201) << up.body;
  EXPECT_EQ(up.json()["sha256"], sha256_hex(bytes));
  auto fid = std::to_string(up.json()["id"].get<std::int64_t>());
  auto down = c_->request("GET", "/api/v1/enforcement/attachments/" + fid, "", sfj_);
  ASSERT_EQ(down.status, 200);
  EXPECT_EQ(down.body, bytes);
  EXPECT_EQ(down.headers["x-content-sha256"], sha256_hex(bytes));
  // Another unit's staff neither uploads to nor reads the case's files.
  auto other = t_->bearer("fgw_ld");
  EXPECT_EQ(c_->request("GET", "/api/v1/enforcement/attachments/" + fid, "", other).status, 404);
  auto bad = c_->request("POST",
                         "/api/v1/enforcement/cases/" + std::to_string(id) + "/attachments?name=..",
                         bytes, zf1_);
  EXPECT_EQ(bad.status, 400);
  auto history = audit_history(t_->app().store(), "case", std::to_string(id));
  ASSERT_TRUE(history);
  EXPECT_EQ(history->back().action, "case.attachment");
}

TEST_P(EnforcementApi, DirectoriesReportBadRowsAndKeepGoodOnes) {
  std::string csv =
      "统一社会信用代码,名称,信用风险分类,行业,区域\n"
      "91411200MA44X0A1XK,三门峡甲商贸有限公司,A,批发零售,湖滨区\n"
      "91411200MA44X0A1XJ,错码公司,B,批发零售,湖滨区\n"
      "91411200MA44X0A28K,三门峡乙食品有限公司,E,食品,陕州区\n"
      "91411200MA44X0A1XK,重复公司,B,批发零售,湖滨区\n"
      "91411200MA44X0A36E,三门峡丙药品有限公司,C,药品,灵宝市\n";
  auto r = c_->request("POST", "/api/v1/enforcement/entities/import?name=entities.csv", csv, zf1_);
  ASSERT_EQ(r.status, 200) << r.body;
  auto report = r.json();
  EXPECT_EQ(report["accepted"], 2) << report.dump();
  ASSERT_EQ(report["errors"].size(), 3u);
  EXPECT_EQ(report["errors"][0]["row"], 3);
  EXPECT_EQ(report["errors"][0]["column"], "统一社会信用代码");
  EXPECT_EQ(report["errors"][1]["column"], "信用风险分类");
  EXPECT_NE(report["errors"][2]["message"].get<std::string>().find("第2行"), std::string::npos);
  // The same as .xlsx updates the rows in place.
  auto xlsx = test::make_xlsx({{"名录",
                                {{"统一社会信用代码", "名称", "信用风险分类"},
                                 {"91411200MA44X0A1XK", "三门峡甲商贸有限公司（更名）", "D"},
                                 {"91411200MA44X0A449", "三门峡丁建材有限公司", "B"}}}});
  auto x = c_->request("POST", "/api/v1/enforcement/entities/import?name=e.xlsx", xlsx, zf1_);
  ASSERT_EQ(x.status, 200) << x.body;
  EXPECT_EQ(x.json()["accepted"], 2);
  auto list =
      c_->request("GET", "/api/v1/enforcement/entities?q=%E7%94%B2%E5%95%86%E8%B4%B8", "", zf1_)
          .json();
  ASSERT_EQ(list["total"], 1);
  EXPECT_EQ(list["items"][0]["credit_class"], "D");
  // A client that sends the UTF-8 unencoded (curl does) is understood the same.
  EXPECT_EQ(c_->request("GET", "/api/v1/enforcement/entities?q=甲商贸", "", zf1_).json()["total"],
            1);
  EXPECT_EQ(c_->request("GET", "/api/v1/enforcement/entities", "", zf1_).json()["total"], 3);
  // Missing columns are named.
  auto bad = c_->request("POST", "/api/v1/enforcement/entities/import", "名称\n某公司\n", zf1_);
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("统一社会信用代码"), std::string::npos) << bad.body;
}

// The reproduction of a wedged store: a directory whose bytes are not UTF-8 (a GBK export) once
// made the error report's JSON dump throw inside the import's transaction, and every later write
// answered 500 until a restart. Now the file is refused with its line, and writes go on.
TEST_P(EnforcementApi, ANonUtf8DirectoryIsRefusedAndLaterWritesSucceed) {
  std::string gbk = "uscc,name,credit_class\n91411200MA44X0A1XK,\xC8\xFD\xC3\xC5\xCF\xBF,A\n";
  auto r = c_->request("POST", "/api/v1/enforcement/entities/import?name=gbk.csv", gbk, zf1_);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("gbk.csv:2"), std::string::npos) << r.body;
  auto ok =
      c_->request("POST", "/api/v1/enforcement/entities/import?name=utf8.csv",
                  "uscc,name,credit_class\n91411200MA44X0A1XK,三门峡甲商贸有限公司,A\n", zf1_);
  EXPECT_EQ(ok.status, 200) << ok.body;
}

TEST_P(EnforcementApi, DrawIsReproducibleAndRedrawsAreNewRecords) {
  std::string entities = "uscc,name,credit_class\n";
  for (const char* code : {"91411200MA44X0A1XK", "91411200MA44X0A28K", "91411200MA44X0A36E",
                           "91411200MA44X0A449", "91411200MA44X0A524", "91411200MA44X0A60Y"})
    entities += std::string(code) + ",企业" + code + ",D\n";
  ASSERT_EQ(c_->request("POST", "/api/v1/enforcement/entities/import", entities, zf1_).status, 200);
  std::string inspectors =
      "姓名,执法证号,有效期至,执法领域,利害关系\n"
      "甲,ZF001,2027-12-31,市场监管,91411200MA44X0A1XK\n"
      "乙,ZF002,2027-12-31,市场监管、食品安全,\n"
      "丙,ZF003,2027-12-31,市场监管,\n"
      "丁,ZF004,2023-12-31,市场监管,\n"
      "戊,ZF005,2027-12-31,城市管理,\n"
      "己,ZF006,2027-12-31,市场监管,BADCODE\n";
  auto imp = c_->request("POST", "/api/v1/enforcement/inspectors/import", inspectors, zf1_);
  ASSERT_EQ(imp.status, 200) << imp.body;
  EXPECT_EQ(imp.json()["accepted"], 5);
  EXPECT_EQ(imp.json()["errors"][0]["column"], "利害关系");
  json plan = {{"matter", "食品经营者监督检查"},
               {"field", "市场监管"},
               {"percent", {{"A", 5}, {"B", 20}, {"C", 60}, {"D", 100}}},
               {"per_entity", 2},
               {"seed", "福彩3D 2024058 527"},
               {"ends_on", "2024-03-29"}};
  auto d = c_->request("POST", "/api/v1/enforcement/draws", plan.dump(), zf1_);
  ASSERT_EQ(d.status, 201) << d.body;
  auto draw = d.json();
  ASSERT_EQ(draw["picks"].size(), 6u);
  EXPECT_EQ(draw["publish_due"], "2024-04-28");  // Sunday 28 April is a make-up working day
  for (const auto& p : draw["picks"]) {
    auto names = p["inspectors"].get<std::string>();
    // Expired (丁), wrong field (戊) and conflicted (甲 for 1XK) inspectors are never assigned.
    EXPECT_EQ(names.find("ZF004"), std::string::npos);
    EXPECT_EQ(names.find("ZF005"), std::string::npos);
    if (p["uscc"] == "91411200MA44X0A1XK") {
      EXPECT_EQ(names.find("ZF001"), std::string::npos);
    }
  }
  auto id = std::to_string(draw["id"].get<std::int64_t>());
  auto verify = c_->request("GET", "/api/v1/enforcement/draws/" + id + "/verify", "", sfj_).json();
  EXPECT_TRUE(verify["same"].get<bool>()) << verify.dump();
  // The same seed over the same directory gives the same result in a new plan.
  auto again = c_->request("POST", "/api/v1/enforcement/draws", plan.dump(), zf1_).json();
  EXPECT_EQ(again["result_digest"], draw["result_digest"]);
  auto redraw = c_->request("POST", "/api/v1/enforcement/draws/" + id + "/redraw",
                            json{{"seed", "另一种子"}, {"reason", "检查人员调离"}}.dump(), zf1_);
  ASSERT_EQ(redraw.status, 201) << redraw.body;
  EXPECT_EQ(redraw.json()["supersedes"], draw["id"]);
  EXPECT_EQ(c_->request("GET", "/api/v1/enforcement/draws/" + id, "", zf1_).json()["superseded_by"],
            redraw.json()["id"]);
  // Results go into the current draw only, then to the public page.
  auto old_result = c_->request("POST", "/api/v1/enforcement/draws/" + id + "/picks/1/result",
                                json{{"result", "未发现问题"}}.dump(), zf1_);
  EXPECT_EQ(old_result.json()["error"]["rule"], "draw-superseded");
  auto rid = std::to_string(redraw.json()["id"].get<std::int64_t>());
  ASSERT_EQ(c_->request("POST", "/api/v1/enforcement/draws/" + rid + "/picks/1/result",
                        json{{"result", "未发现问题"}}.dump(), zf1_)
                .status,
            200);
  ASSERT_EQ(c_->request("POST", "/api/v1/enforcement/draws/" + rid + "/publish", "{}", zf1_).status,
            200);
  auto results = c_->request("GET", "/api/v1/public/inspection-results", "").json();
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0]["result"], "未发现问题");
  EXPECT_EQ(c_->request("GET", "/api/v1/enforcement/draws", "", zf1_).json().size(), 3u);
}

TEST_P(EnforcementApi, ComplaintsAndCaseFileReview) {
  auto pub = c_->request("POST", "/api/v1/public/complaints",
                         json{{"complainant", "赵先生"},
                              {"phone", "13800001111"},
                              {"subject", "执法人员未出示证件"},
                              {"content", "某日检查时未出示执法证"},
                              {"unit", "市市场监管局"}}
                             .dump());
  ASSERT_EQ(pub.status, 201) << pub.body;
  EXPECT_EQ(pub.json()["reply_due"], "2024-03-25");
  auto bad = c_->request(
      "POST", "/api/v1/public/complaints",
      json{{"complainant", "x"}, {"phone", "123"}, {"subject", "s"}, {"content", "c"}}.dump());
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "phone");
  auto hotline = c_->request("POST", "/api/v1/enforcement/complaints",
                             json{{"ticket_no", "12345-20240304-0001"},
                                  {"complainant", "钱女士"},
                                  {"phone", "13900002222"},
                                  {"subject", "处罚过重"},
                                  {"content", "对罚款金额有异议"}}
                                 .dump(),
                             sfj_);
  ASSERT_EQ(hotline.status, 201) << hotline.body;
  auto hid = std::to_string(hotline.json()["id"].get<std::int64_t>());
  // Not yet referred: the market bureau does not see it; the office refers it.
  EXPECT_EQ(c_->request("GET", "/api/v1/enforcement/complaints", "", zf1_).json().size(), 1u);
  ASSERT_EQ(c_->request("POST", "/api/v1/enforcement/complaints/" + hid + "/refer",
                        json{{"unit", "市市场监管局"}}.dump(), sfj_)
                .status,
            200);
  auto early_close = c_->request("POST", "/api/v1/enforcement/complaints/" + hid + "/close",
                                 json{{"satisfaction", "满意"}}.dump(), sfj_);
  EXPECT_EQ(early_close.json()["error"]["rule"], "state-order");
  ASSERT_EQ(c_->request("POST", "/api/v1/enforcement/complaints/" + hid + "/reply",
                        json{{"reply", "经复核，罚款在裁量基准内"}}.dump(), zf1_)
                .status,
            200);
  ASSERT_EQ(c_->request("POST", "/api/v1/enforcement/complaints/" + hid + "/close",
                        json{{"satisfaction", "基本满意"}}.dump(), sfj_)
                .status,
            200);
  // Case-file review: sample from archived cases, score one.
  auto id = new_case({{"procedure", "simplified"}});
  ASSERT_EQ(act(id, "on_the_spot", {{"officers", kTwo}, {"penalty", "warning"}}, zf1_).status, 200);
  ASSERT_EQ(act(id, "archive", json::object(), zf1_).status, 200);
  auto sample = c_->request("POST", "/api/v1/enforcement/reviews/sample",
                            json{{"count", 5}, {"seed", "评查2024"}}.dump(), sfj_);
  ASSERT_EQ(sample.status, 200) << sample.body;
  ASSERT_EQ(sample.json()["cases"].size(), 1u);
  auto checklist = c_->request("GET", "/api/v1/enforcement/reviews/checklist", "", sfj_).json();
  json scores = json::object();
  for (const auto& item : checklist)
    scores[std::to_string(item["id"].get<int>())] = item["max_score"].get<int>() - 1;
  auto scored =
      c_->request("POST", "/api/v1/enforcement/cases/" + std::to_string(id) + "/file-review",
                  json{{"scores", scores}, {"comment", "文书基本规范"}}.dump(), sfj_);
  ASSERT_EQ(scored.status, 201) << scored.body;
  EXPECT_EQ(scored.json()["total"], 92);
  auto officer_scores = c_->request(
      "POST", "/api/v1/enforcement/cases/" + std::to_string(id) + "/file-review", "{}", zf1_);
  EXPECT_EQ(officer_scores.status, 403);
  auto reviews = c_->request("GET", "/api/v1/enforcement/reviews", "", zf1_).json();
  EXPECT_EQ(reviews["by_unit"][0]["reviewed"], 1);
  // One address may not flood the form: the 11th in an hour (these two counted) is refused.
  int refused_at = 0;
  for (int i = 3; i <= 11 && !refused_at; ++i)
    if (c_->request("POST", "/api/v1/public/complaints",
                    json{{"complainant", "赵先生"},
                         {"phone", "13800001111"},
                         {"subject", "又来了"},
                         {"content", "同上"},
                         {"unit", "市市场监管局"}}
                        .dump())
            .status == 429)
      refused_at = i;
  EXPECT_EQ(refused_at, 11);
}

// A registration is checked whole: every field at fault comes back at once, each with its field.
TEST_P(EnforcementApi, RegistrationReturnsEveryFieldErrorAtOnce) {
  json body = {{"party_kind", "organisation"},
               {"party_id", "91411200MA44X0A1XA"},  // wrong check character
               {"party_phone", "电话"},
               {"act_ended_on", "2099-01-01"}};
  auto r = c_->request("POST", "/api/v1/enforcement/cases", body.dump(), zf1_);
  ASSERT_EQ(r.status, 400) << r.body;
  std::map<std::string, std::string> fields;
  const json refusal = r.json();
  for (const auto& f : refusal["error"]["fields"])
    fields[f["field"].get<std::string>()] = f["message"].get<std::string>();
  for (const char* f :
       {"party_name", "party_id", "party_phone", "violation_code", "facts", "act_ended_on"})
    EXPECT_TRUE(fields.count(f)) << f << " in " << r.body;
  EXPECT_NE(fields["party_id"].find("统一社会信用代码校验位错误"), std::string::npos);
  EXPECT_NE(fields["act_ended_on"].find("不能晚于今天"), std::string::npos);
  EXPECT_TRUE(fields.count("field"));
  EXPECT_FALSE(fields.count("party_kind"));  // given and valid
  EXPECT_EQ(refusal["error"]["field"], refusal["error"]["fields"][0]["field"]);
  // A person's ID is checked as GB 11643; the catalogue names the violation when none is typed.
  auto person = c_->request("POST", "/api/v1/enforcement/cases",
                            json{{"field", "市场监管"},
                                 {"party_kind", "individual"},
                                 {"party_name", "王小明"},
                                 {"party_id", "411202199001011231"},
                                 {"violation_code", "SC-03"},
                                 {"facts", "销售过期食品"},
                                 {"act_ended_on", "2024-02-20"}}
                                .dump(),
                            zf1_);
  ASSERT_EQ(person.status, 400);
  ASSERT_EQ(person.json()["error"]["fields"].size(), 1u) << person.body;
  EXPECT_EQ(person.json()["error"]["fields"][0]["field"], "party_id");
  auto bench = c_->request("POST", "/api/v1/enforcement/benchmarks",
                           json{{"violation_code", "SC-77"},
                                {"name", "未按规定公示价格"},
                                {"basis", "《价格违法行为行政处罚规定》第十三条"},
                                {"fine_min", 500},
                                {"fine_max", 5000}}
                               .dump(),
                           fz_);
  ASSERT_EQ(bench.status, 201) << bench.body;
  auto named = new_case({{"violation_code", "SC-77"}, {"violation_name", ""}});
  auto got = c_->request("GET", "/api/v1/enforcement/cases/" + std::to_string(named), "", zf1_);
  EXPECT_EQ(got.json()["violation_name"], "未按规定公示价格") << got.body;
  EXPECT_EQ(got.json()["source_label"], "监督检查");
}

// The case list is paged on the server with its total, and filtered by state, keyword and the
// registration date; another unit's cases never count.
TEST_P(EnforcementApi, CaseListIsPagedAndFilteredWithItsTotal) {
  for (int i = 0; i < 5; ++i) new_case({{"party_name", "分页测试商户" + std::to_string(i)}});
  auto page = [&](const std::string& q, const std::map<std::string, std::string>& who) {
    auto r = c_->request("GET", "/api/v1/enforcement/cases?" + q, "", who);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  };
  auto first = page("q=%E5%88%86%E9%A1%B5%E6%B5%8B%E8%AF%95&limit=2", zf1_);  // q=分页测试
  EXPECT_EQ(first["total"], 5);
  ASSERT_EQ(first["items"].size(), 2u);
  EXPECT_EQ(first["items"][0]["party_name"], "分页测试商户4");  // newest first
  auto last = page("q=%E5%88%86%E9%A1%B5%E6%B5%8B%E8%AF%95&limit=2&offset=4", zf1_);
  ASSERT_EQ(last["items"].size(), 1u);
  EXPECT_EQ(last["items"][0]["party_name"], "分页测试商户0");
  EXPECT_EQ(page("q=%E5%88%86%E9%A1%B5%E6%B5%8B%E8%AF%95&state=filed", zf1_)["total"], 0);
  EXPECT_EQ(page("q=%E5%88%86%E9%A1%B5%E6%B5%8B%E8%AF%95&state=registered", zf1_)["total"], 5);
  EXPECT_EQ(
      page("q=%E5%88%86%E9%A1%B5%E6%B5%8B%E8%AF%95&from=2024-03-04&to=2024-03-04", zf1_)["total"],
      5);
  EXPECT_EQ(page("q=%E5%88%86%E9%A1%B5%E6%B5%8B%E8%AF%95&from=2024-03-05", zf1_)["total"], 0);
  EXPECT_EQ(page("q=%25", zf1_)["total"], 0);  // a % typed is a character, not a wildcard
  EXPECT_EQ(page("q=%E5%88%86%E9%A1%B5%E6%B5%8B%E8%AF%95", t_->bearer("fgw_ld"))["total"], 0);
  EXPECT_EQ(page("q=%E5%88%86%E9%A1%B5%E6%B5%8B%E8%AF%95", sfj_)["total"], 5);
  EXPECT_EQ(c_->request("GET", "/api/v1/enforcement/cases?limit=0", "", zf1_).status, 400);
  EXPECT_EQ(c_->request("GET", "/api/v1/enforcement/cases?from=2024-02-30", "", zf1_).status, 400);
}

// Each document downloads as Word: a package whose document part holds the officers by name
// with their certificate numbers and the dates in Chinese.
TEST_P(EnforcementApi, DocumentsDownloadAsWord) {
  auto id = new_case(json::object());
  ASSERT_EQ(act(id, "file", {{"officers", kTwo}}, zf1_).status, 200);
  const auto base = "/api/v1/enforcement/cases/" + std::to_string(id) + "/documents/";
  for (const auto& path : {base + "filing.docx", base + "filing?format=docx"}) {
    auto r = c_->request("GET", path, "", zf1_);
    ASSERT_EQ(r.status, 200) << path << r.body;
    EXPECT_EQ(r.headers["content-type"], http::kDocxType);
    EXPECT_NE(r.headers["content-disposition"].find(".docx"), std::string::npos);
    auto zip = ZipReader::open_bytes(r.body, "filing.docx");
    ASSERT_TRUE(zip);
    auto xml = zip->read("word/document.xml");
    ASSERT_TRUE(xml);
    EXPECT_NE(xml->find("立案审批表"), std::string::npos);
    EXPECT_NE(xml->find("执法证号"), std::string::npos);
    EXPECT_NE(xml->find("二〇二四年三月四日"), std::string::npos);
  }
  EXPECT_EQ(c_->request("GET", base + "decision.docx", "", zf1_).status, 422);
  EXPECT_EQ(c_->request("GET", base + "filing.docx", "", t_->bearer("fgw_ld")).status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, EnforcementApi, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt

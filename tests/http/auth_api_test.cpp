// Login abuse over HTTP: bounded names, identical refusals, throttling on the connection's
// address, the admin unlock and the last-admin guard, on both stores.
#include <gtest/gtest.h>

#include "support/app_fixture.hpp"
#include "support/test_store.hpp"

namespace zt {
namespace {

using nlohmann::json;
using test::HttpClient;

class AuthApiTest : public test::AppFixture<> {
 protected:
  test::HttpReply login(HttpClient& c, const std::string& user, const std::string& password,
                        const std::map<std::string, std::string>& headers = {}) {
    return c.request("POST", "/api/v1/auth/login",
                     json{{"username", user}, {"password", password}}.dump(), headers);
  }
  std::int64_t user_id(const std::string& name) {
    auto u = t_->app().org().find_user(name);
    EXPECT_TRUE(u && *u);
    return (*u)->id.value;
  }
};

TEST_P(AuthApiTest, LoginNamesAreBoundedPlainText) {
  HttpClient c(t_->port());
  for (const auto& name : {std::string("adm\0in", 6), std::string(1000, 'a')}) {
    auto r = login(c, name, "Zhengtong@2024");
    EXPECT_EQ(r.status, 400) << r.body.substr(0, 200);
    EXPECT_EQ(r.json()["error"]["field"], "username");
  }
  auto auth = t_->bearer("admin");
  auto created = c.request("POST", "/api/v1/users",
                           json{{"username", std::string("new\0user", 8)},
                                {"display_name", "某某"},
                                {"password", "long-enough"},
                                {"unit_id", 1},
                                {"roles", {"unit_reporter"}}}
                               .dump(),
                           auth);
  EXPECT_EQ(created.status, 400);
  EXPECT_EQ(created.json()["error"]["field"], "username");
}

TEST_P(AuthApiTest, UnknownDisabledAndWrongGetTheSameAnswer) {
  HttpClient c(t_->port());
  auto admin = t_->bearer("admin");
  ASSERT_EQ(
      c.request("POST", "/api/v1/users/" + std::to_string(user_id("jt_gh")) + "/disable", "", admin)
          .status,
      200);
  auto unknown = login(c, "no_such_user", "wrong-password");
  auto wrong = login(c, "fgw_tb", "wrong-password");
  auto disabled = login(c, "jt_gh", "wrong-password");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(disabled.status, 401);
  EXPECT_EQ(unknown.json()["error"], wrong.json()["error"]);
  EXPECT_EQ(disabled.json()["error"], wrong.json()["error"]);
  auto right = login(c, "jt_gh", "Zhengtong@2024");
  EXPECT_EQ(right.status, 403);
  EXPECT_NE(right.body.find("停用"), std::string::npos);
}

TEST_P(AuthApiTest, ThrottleFollowsTheConnectionNotAForgedHeaderAndAdminUnlocks) {
  HttpClient c(t_->port());
  auto admin = t_->bearer("admin");
  // No trusted proxy is configured, so a forged X-Forwarded-For does not make a new address.
  for (int i = 0; i < 4; ++i) {
    auto r =
        login(c, "fgw_tb", "wrong-password", {{"X-Forwarded-For", "10.0.0." + std::to_string(i)}});
    EXPECT_EQ(r.status, 401) << i;
  }
  auto throttled = login(c, "fgw_tb", "Zhengtong@2024", {{"X-Forwarded-For", "10.0.0.99"}});
  EXPECT_EQ(throttled.status, 429);
  EXPECT_EQ(throttled.json()["error"]["code"], "too_many_requests") << throttled.body;
  const std::string unlock = "/api/v1/users/" + std::to_string(user_id("fgw_tb")) + "/unlock";
  EXPECT_EQ(c.request("POST", unlock, "", t_->bearer("ducha")).status, 403);
  auto done = c.request("POST", unlock, "", admin);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json()["cleared"], 2);  // this address and the name's own counter
  EXPECT_EQ(login(c, "fgw_tb", "Zhengtong@2024").status, 200);
  auto h =
      c.request("GET", "/api/v1/audit?object=user:" + std::to_string(user_id("fgw_tb")), "", admin);
  ASSERT_EQ(h.status, 200);
  bool audited = false;
  const auto history = h.json();
  for (const auto& r : history["records"])
    audited = audited || (r["action"] == "user.unlock" && r["actor"] == "admin");
  EXPECT_TRUE(audited) << h.body;
  EXPECT_EQ(c.request("POST", "/api/v1/users/999999/unlock", "", admin).status, 404);
}

TEST_P(AuthApiTest, TheLastEnabledAdminCannotBeDisabled) {
  HttpClient c(t_->port());
  auto admin = t_->bearer("admin");
  const std::string self = "/api/v1/users/" + std::to_string(user_id("admin"));
  // Over HTTP an admin cannot disable themselves at all; the CLI (the system) meets the rule.
  auto r = c.request("POST", self + "/disable", "", admin);
  EXPECT_EQ(r.status, 403);
  auto st = t_->app().org().set_disabled(UserId{user_id("admin")}, true, Actor{});
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().kind, ErrorKind::kConflict);
  EXPECT_NE(st.error().message.find("最后一个"), std::string::npos);
  // Still enabled, still logged in.
  auto me = c.request("GET", self, "", admin);
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.json()["disabled"], false);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuthApiTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt

// The audit viewer's routes: the admin's search with filters and pages, one record's before and
// after, the chain's verification (and its failure on an edited text), who else may read what,
// and the enforcement module's object types, on both stores.
#include <gtest/gtest.h>

#include "core/audit.hpp"
#include "support/app_fixture.hpp"
#include "support/test_store.hpp"

namespace zt {
namespace {

using nlohmann::json;

class CoreApiAuditTest : public test::AppFixture<> {
 protected:
  std::int64_t user_id(const std::string& name) {
    auto u = t_->app().org().find_user(name);
    EXPECT_TRUE(u && *u) << name;
    return u && *u ? (*u)->id.value : 0;
  }
  test::HttpReply get(const std::string& who, const std::string& target) {
    return c_->request("GET", target, "", t_->bearer(who));
  }
  // Renames a user, so the trail has a change with both sides.
  void rename(const std::string& who, const std::string& name) {
    auto r = c_->request("PATCH", "/api/v1/users/" + std::to_string(user_id(who)),
                         json{{"display_name", name}}.dump(), t_->bearer("admin"));
    ASSERT_EQ(r.status, 200) << r.body;
  }
};

TEST_P(CoreApiAuditTest, AdminSearchesByObjectActorActionAndTime) {
  rename("fgw_tb", "张填报");
  rename("fgw_tb", "张填报员");
  const auto id = std::to_string(user_id("fgw_tb"));
  auto r = get("admin", "/api/v1/audit?object_type=user&object_id=" + id + "&action=user.update");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = r.json();
  EXPECT_EQ(j["total"], 2);
  ASSERT_EQ(j["records"].size(), 2u);
  EXPECT_GT(j["records"][0]["seq"], j["records"][1]["seq"]);  // newest first
  EXPECT_EQ(j["records"][0]["actor"], "admin");
  EXPECT_EQ(j["records"][0]["actor_name"], "系统管理员");

  auto paged = get("admin", "/api/v1/audit?action=user.&per_page=1&page=2").json();
  EXPECT_GE(paged["total"].get<int>(), 2);
  EXPECT_EQ(paged["records"].size(), 1u);
  EXPECT_EQ(paged["page"], 2);

  auto by_actor = get("admin", "/api/v1/audit?actor=ADM&action=user.update").json();
  EXPECT_EQ(by_actor["total"], 2);
  EXPECT_EQ(get("admin", "/api/v1/audit?actor=nobody_at_all").json()["total"], 0);

  const auto today = format_date(shanghai_date(t_->clock().now()));
  auto in_range =
      get("admin", "/api/v1/audit?action=user.update&from=" + today + "&to=" + today).json();
  EXPECT_EQ(in_range["total"], 2);
  auto before = get("admin", "/api/v1/audit?action=user.update&to=2000-01-01").json();
  EXPECT_EQ(before["total"], 0);
  EXPECT_EQ(get("admin", "/api/v1/audit?from=2024-02-30").status, 400);
}

TEST_P(CoreApiAuditTest, OneRecordShowsBeforeAndAfterToWhoMaySeeTheObject) {
  rename("fgw_tb", "张填报");
  const auto id = std::to_string(user_id("fgw_tb"));
  auto list =
      get("admin", "/api/v1/audit?object_type=user&object_id=" + id + "&action=user.update");
  const auto seq = std::to_string(list.json()["records"][0]["seq"].get<std::int64_t>());
  auto rec = get("admin", "/api/v1/audit/records/" + seq);
  ASSERT_EQ(rec.status, 200) << rec.body;
  auto j = rec.json();
  EXPECT_EQ(j["after"]["display_name"], "张填报");
  EXPECT_NE(j["before"]["display_name"], j["after"]["display_name"]);
  EXPECT_EQ(j["prev_hash"].get<std::string>().size(), 64u);

  // The unit's leader may read its users' records; another unit's staff may not.
  EXPECT_EQ(get("fgw_ld", "/api/v1/audit/records/" + seq).status, 200);
  EXPECT_EQ(get("scjg_zf1", "/api/v1/audit/records/" + seq).status, 403);
  EXPECT_EQ(get("fgw_ld", "/api/v1/audit?object_type=user&object_id=" + id).status, 200);
  // Searching the whole trail is the admin's.
  for (const char* who : {"fgw_ld", "ducha", "sfj_jd"})
    EXPECT_EQ(get(who, "/api/v1/audit?action=user.update").status, 403) << who;
  EXPECT_EQ(get("admin", "/api/v1/audit/records/99999999").status, 404);
}

TEST_P(CoreApiAuditTest, VerifyReportsTheChainAndCatchesAnEditedText) {
  rename("fgw_tb", "张填报");
  auto ok = get("admin", "/api/v1/audit/verify");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_TRUE(ok.json()["ok"].get<bool>());
  EXPECT_GT(ok.json()["records"].get<int>(), 10);
  for (const char* who : {"ducha", "fgw_ld", "sfj_jd", "scjg_zf1"})
    EXPECT_EQ(get(who, "/api/v1/audit/verify").status, 403) << who;

  // The stored texts are covered by their digests: editing one breaks the chain there.
  auto seq = t_->app().store().query("SELECT MAX(seq) FROM audit_log WHERE action = 'user.update'");
  ASSERT_TRUE(seq);
  const auto bad = seq->rows[0].i64(0);
  ASSERT_TRUE(t_->app().store().query("UPDATE audit_log SET after_text = $1 WHERE seq = $2",
                                      {std::string(R"({"display_name":"篡改"})"), bad}));
  auto broken = get("admin", "/api/v1/audit/verify").json();
  EXPECT_FALSE(broken["ok"].get<bool>());
  EXPECT_EQ(broken["first_bad_seq"], bad);
}

TEST_P(CoreApiAuditTest, EnforcementRecordsAreVisibleToTheHoldingUnit) {
  // An officer of another enforcement unit, to be refused.
  auto city = t_->app().org().resolve_unit("三门峡市城市管理局");
  ASSERT_TRUE(city && *city);
  Actor sys;
  ASSERT_TRUE(t_->app().org().add_user(
      {"cg_zf9", "城管执法员", **city, {Role::kEnforcementOfficer}, "Zhengtong@2024"}, sys));
  auto made = c_->request("POST", "/api/v1/enforcement/cases",
                          json{{"field", "市场监管"},
                               {"party_kind", "individual"},
                               {"party_name", "王小明"},
                               {"party_id", "411202199001011230"},
                               {"violation_code", "SC-03"},
                               {"facts", "违法事实"},
                               {"act_ended_on", "2024-02-20"}}
                              .dump(),
                          t_->bearer("scjg_zf1"));
  ASSERT_EQ(made.status, 201) << made.body;
  const auto object = "/api/v1/audit?object=case:" + std::to_string(made.json()["id"].get<int>());
  auto own = get("scjg_fz", object);
  ASSERT_EQ(own.status, 200) << own.body;
  ASSERT_FALSE(own.json()["records"].empty());
  EXPECT_EQ(own.json()["records"][0]["action"], "case.register");
  EXPECT_EQ(get("sfj_jd", object).status, 200);  // the justice bureau oversees every unit
  EXPECT_EQ(get("cg_zf9", object).status, 403);
  EXPECT_EQ(get("fgw_tb", object).status, 403);  // no enforcement role
  EXPECT_EQ(get("ducha", object).status, 403);   // across units, but not enforcement
  EXPECT_EQ(get("admin", object).status, 200);
}

INSTANTIATE_TEST_SUITE_P(Backends, CoreApiAuditTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt

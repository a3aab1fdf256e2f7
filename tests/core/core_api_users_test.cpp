// The user administration routes: the paged search, editing (name, unit, roles), disabling and
// certificates, with the refusals (a non-admin, one's own admin role, disabling oneself) and the
// audit record of each change, on both stores.
#include <gtest/gtest.h>

#include "core/audit.hpp"
#include "support/app_fixture.hpp"
#include "support/test_store.hpp"

namespace zt {
namespace {

using nlohmann::json;

class CoreApiUsersTest : public test::AppFixture<> {
 protected:
  std::int64_t user_id(const std::string& name) {
    auto u = t_->app().org().find_user(name);
    EXPECT_TRUE(u && *u) << name;
    return u && *u ? (*u)->id.value : 0;
  }
  std::int64_t unit_id(const std::string& name) {
    auto u = t_->app().org().resolve_unit(name);
    EXPECT_TRUE(u && *u) << name;
    return u && *u ? (*u)->value : 0;
  }
  test::HttpReply as(const std::string& who, const std::string& method, const std::string& target,
                     const json& body = nullptr, const std::string& password = "Zhengtong@2024") {
    return c_->request(method, target, body.is_null() ? "" : body.dump(),
                       t_->bearer(who, password));
  }
  std::string user_path(const std::string& name) {
    return "/api/v1/users/" + std::to_string(user_id(name));
  }
};

TEST_P(CoreApiUsersTest, ListIsSearchableAndPagedWithATotal) {
  auto all = as("admin", "GET", "/api/v1/users").json();
  const auto everyone = all["total"].get<std::int64_t>();
  EXPECT_EQ(std::int64_t(all["users"].size()), everyone);  // no page asked: the whole list
  ASSERT_GT(everyone, 5);

  auto page = as("admin", "GET", "/api/v1/users?page=2&per_page=3").json();
  EXPECT_EQ(page["total"], everyone);
  EXPECT_EQ(page["users"].size(), 3u);
  EXPECT_EQ(page["users"][0]["id"], all["users"][3]["id"]);

  auto by_name = as("admin", "GET", "/api/v1/users?q=FGW_").json();  // either case
  ASSERT_GE(by_name["total"].get<int>(), 2);
  for (const auto& u : by_name["users"])
    EXPECT_NE(u["username"].get<std::string>().find("fgw_"), std::string::npos);
  // A LIKE wildcard typed in the box is a character, not "anything".
  EXPECT_EQ(as("admin", "GET", "/api/v1/users?q=%25").json()["total"], 0);

  auto officers = as("admin", "GET", "/api/v1/users?role=enforcement_officer&per_page=50").json();
  ASSERT_GE(officers["total"].get<int>(), 2);
  for (const auto& u : officers["users"]) {
    bool has = false;
    for (const auto& r : u["roles"]) has = has || r["name"] == "enforcement_officer";
    EXPECT_TRUE(has) << u["username"];
  }
  const auto ndrc = unit_id("三门峡市发展和改革委员会");
  auto in_unit =
      as("admin", "GET", "/api/v1/users?unit=" + std::to_string(ndrc) + "&per_page=50").json();
  for (const auto& u : in_unit["users"]) EXPECT_EQ(u["unit_id"], ndrc);
  EXPECT_EQ(as("admin", "GET", "/api/v1/users?role=nobody").status, 400);
  EXPECT_EQ(as("admin", "GET", "/api/v1/users?per_page=1000").status, 400);

  // A unit leader sees the own unit only, and is refused another unit's list.
  auto leader = as("fgw_ld", "GET", "/api/v1/users?per_page=50").json();
  for (const auto& u : leader["users"]) EXPECT_EQ(u["unit_id"], ndrc);
  EXPECT_EQ(
      as("fgw_ld", "GET", "/api/v1/users?unit=" + std::to_string(unit_id("三门峡市司法局"))).status,
      403);
}

TEST_P(CoreApiUsersTest, AdminEditsNameUnitAndRolesAudited) {
  const auto justice = unit_id("三门峡市司法局");
  auto made = as("admin", "POST", "/api/v1/users",
                 {{"username", "new_clerk"},
                  {"display_name", "李文书"},
                  {"unit_id", unit_id("三门峡市发展和改革委员会")},
                  {"roles", {"unit_reporter"}},
                  {"password", "Clerk@2024x"}});
  ASSERT_EQ(made.status, 201) << made.body;
  const auto id = made.json()["id"].get<std::int64_t>();
  auto path = "/api/v1/users/" + std::to_string(id);
  auto edited = as("admin", "PATCH", path,
                   {{"display_name", "李文书（调任）"},
                    {"unit_id", justice},
                    {"roles", {"justice_supervisor", "unit_leader"}}});
  ASSERT_EQ(edited.status, 200) << edited.body;
  auto u = edited.json();
  EXPECT_EQ(u["display_name"], "李文书（调任）");
  EXPECT_EQ(u["unit_id"], justice);
  ASSERT_EQ(u["roles"].size(), 2u);

  // The user's next request carries the new roles (no stale cached session).
  auto me = as("new_clerk", "GET", "/api/v1/auth/me", nullptr, "Clerk@2024x").json();
  EXPECT_EQ(me["unit"]["id"], justice);

  auto h = audit_history(t_->app().store(), "user", std::to_string(id));
  ASSERT_TRUE(h);
  ASSERT_GE(h->size(), 2u);
  const auto& rec = h->at(1);
  EXPECT_EQ(rec.action, "user.update");
  ASSERT_TRUE(rec.before && rec.after);
  auto before = json::parse(*rec.before), after = json::parse(*rec.after);
  EXPECT_EQ(before["display_name"], "李文书");
  EXPECT_EQ(after["unit_id"], justice);
  EXPECT_EQ(after["roles"], json({"unit_leader", "justice_supervisor"}));

  EXPECT_EQ(as("admin", "PATCH", path, {{"roles", json::array()}}).status, 400);
  EXPECT_EQ(as("admin", "PATCH", path, {{"roles", {"emperor"}}}).status, 400);
  EXPECT_EQ(as("admin", "PATCH", path, {{"unit_id", 999999}}).status, 400);
  EXPECT_EQ(as("admin", "PATCH", "/api/v1/users/999999", {{"display_name", "某"}}).status, 404);
}

TEST_P(CoreApiUsersTest, OnlyTheAdminEditsAndNotTheirOwnAdminRole) {
  // A unit leader reads the own unit's users but changes none of them.
  const auto reporter = user_path("fgw_tb");
  for (const char* who : {"fgw_ld", "ducha", "sfj_jd", "scjg_zf1"}) {
    EXPECT_EQ(as(who, "PATCH", reporter, {{"display_name", "改名"}}).status, 403) << who;
    EXPECT_EQ(as(who, "POST", reporter + "/disable", json::object()).status, 403) << who;
  }
  const auto self = user_path("admin");
  auto drop = as("admin", "PATCH", self, {{"roles", {"office"}}});
  EXPECT_EQ(drop.status, 403) << drop.body;
  EXPECT_NE(drop.body.find("自己"), std::string::npos);
  auto off = as("admin", "POST", self + "/disable", json::object());
  EXPECT_EQ(off.status, 403) << off.body;
  // The own name may change; the role stays.
  EXPECT_EQ(as("admin", "PATCH", self, {{"display_name", "系统管理员（值班）"}}).status, 200);
  auto again = as("admin", "GET", self).json();
  EXPECT_EQ(again["roles"][0]["name"], "admin");

  // A second admin may take the first one's role away, but not the last enabled one's.
  auto second = as("admin", "POST", "/api/v1/users",
                   {{"username", "admin2"},
                    {"display_name", "副管理员"},
                    {"unit_id", again["unit_id"]},
                    {"roles", {"admin"}},
                    {"password", "Admin2@2024"}});
  ASSERT_EQ(second.status, 201);
  EXPECT_EQ(as("admin2", "PATCH", self, {{"roles", {"office"}}}, "Admin2@2024").status, 200);
  auto last =
      as("admin2", "PATCH", "/api/v1/users/" + std::to_string(second.json()["id"].get<int>()),
         {{"roles", {"office"}}}, "Admin2@2024");
  EXPECT_EQ(last.status, 403);  // own role, refused before the last-admin rule is reached
}

TEST_P(CoreApiUsersTest, DisablingEndsTheSessionsAndIsAuditedBeforeAndAfter) {
  auto officer = t_->bearer("scjg_zf2");
  ASSERT_EQ(c_->request("GET", "/api/v1/auth/me", "", officer).status, 200);
  const auto path = user_path("scjg_zf2");
  ASSERT_EQ(as("admin", "POST", path + "/disable", json::object()).status, 200);
  EXPECT_EQ(c_->request("GET", "/api/v1/auth/me", "", officer).status, 401);
  auto listed = as("admin", "GET", path).json();
  EXPECT_TRUE(listed["disabled"].get<bool>());
  ASSERT_EQ(as("admin", "POST", path + "/enable", json::object()).status, 200);
  EXPECT_EQ(c_->request("GET", "/api/v1/auth/me", "", t_->bearer("scjg_zf2")).status, 200);

  auto h = audit_history(t_->app().store(), "user", std::to_string(user_id("scjg_zf2")));
  ASSERT_TRUE(h);
  std::vector<const AuditRecord*> changes;
  for (const auto& r : *h)
    if (r.action == "user.disable" || r.action == "user.enable") changes.push_back(&r);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(json::parse(*changes[0]->before)["disabled"], false);
  EXPECT_EQ(json::parse(*changes[0]->after)["disabled"], true);
  EXPECT_EQ(json::parse(*changes[1]->before)["disabled"], true);
}

TEST_P(CoreApiUsersTest, CertificatesAreRevokedFromTodayWithTheReason) {
  const auto path = user_path("scjg_zf1");
  auto made = as("admin", "POST", path + "/certificates",
                 {{"number", "41120099990001"},
                  {"field", "市场监管"},
                  {"valid_from", "2023-01-01"},
                  {"valid_to", "2028-12-31"}});
  ASSERT_EQ(made.status, 201) << made.body;
  const auto cert = std::to_string(made.json()["id"].get<std::int64_t>());
  const auto revoke = path + "/certificates/" + cert + "/revoke";
  EXPECT_EQ(as("scjg_fz", "POST", revoke, {{"reason", "调离执法岗位"}}).status, 403);
  EXPECT_EQ(as("admin", "POST", revoke, json::object()).status, 400);
  // Another user's certificate through this user's path is not found.
  EXPECT_EQ(as("admin", "POST", user_path("scjg_zf2") + "/certificates/" + cert + "/revoke",
               {{"reason", "调离执法岗位"}})
                .status,
            404);
  auto done = as("admin", "POST", revoke, {{"reason", "调离执法岗位"}});
  ASSERT_EQ(done.status, 200) << done.body;
  const auto today = format_date(shanghai_date(t_->clock().now()));
  EXPECT_EQ(done.json()["revoked_on"], today);
  EXPECT_LT(done.json()["valid_to"].get<std::string>(), today);
  EXPECT_EQ(as("admin", "POST", revoke, {{"reason", "再次"}}).status, 409);

  auto list = as("scjg_zf1", "GET", path + "/certificates").json()["certificates"];
  bool seen = false;
  for (const auto& c : list)
    if (c["number"] == "41120099990001") {
      seen = true;
      EXPECT_FALSE(c["valid_today"].get<bool>());
      EXPECT_EQ(c["revoke_reason"], "调离执法岗位");
    }
  EXPECT_TRUE(seen);
}

INSTANTIATE_TEST_SUITE_P(Backends, CoreApiUsersTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt

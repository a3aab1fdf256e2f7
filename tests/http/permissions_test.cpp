// Table-driven: every route × every role × a target in the user's own unit or another unit.
// The expectations are written out by hand (not derived from the code under test), so a route
// whose permission is loosened by mistake fails here.
#include <set>

#include <gtest/gtest.h>

#include "support/test_store.hpp"

namespace zt {
namespace {

using nlohmann::json;
using test::HttpClient;

struct RoleUser {
  Role role;
  const char* username;
  const char* unit;
};
const RoleUser kRoleUsers[] = {
    {Role::kAdmin, "admin", "三门峡市人民政府办公室"},
    {Role::kOffice, "ducha", "三门峡市人民政府办公室"},
    {Role::kUnitReporter, "fgw_tb", "三门峡市发展和改革委员会"},
    {Role::kUnitLeader, "fgw_ld", "三门峡市发展和改革委员会"},
    {Role::kEnforcementOfficer, "scjg_zf1", "三门峡市市场监督管理局"},
    {Role::kLegalReviewer, "scjg_fz", "三门峡市市场监督管理局"},
    {Role::kJusticeSupervisor, "sfj_jd", "三门峡市司法局"},
    {Role::kDispatcher, "gj_dd", "三门峡市公共交通有限公司"},
    {Role::kPlanner, "jt_gh", "三门峡市交通运输局"},
};

enum class Scope { kOwn, kOther };

// Roles allowed at all (before unit scope), per route, as the product intends them.
std::set<Role> allowed_roles(const std::string& method, const std::string& pattern) {
  const std::set<Role> all(std::begin(kAllRoles), std::end(kAllRoles));
  const std::set<Role> admin{Role::kAdmin};
  const std::set<Role> user_readers{Role::kAdmin, Role::kOffice, Role::kUnitLeader,
                                    Role::kJusticeSupervisor};
  if (pattern.starts_with("/api/v1/enforcement/")) {
    const std::set<Role> staff{Role::kEnforcementOfficer, Role::kLegalReviewer};
    const std::set<Role> justice{Role::kJusticeSupervisor, Role::kAdmin};
    if (method == "GET")
      return {Role::kAdmin, Role::kEnforcementOfficer, Role::kLegalReviewer,
              Role::kJusticeSupervisor, Role::kUnitLeader};
    if (pattern == "/api/v1/enforcement/cases") return {Role::kEnforcementOfficer};
    if (pattern.starts_with("/api/v1/enforcement/settings/") ||
        pattern == "/api/v1/enforcement/catalogue" || pattern == "/api/v1/enforcement/benchmarks" ||
        pattern == "/api/v1/enforcement/devices")
      return {Role::kLegalReviewer};
    if (pattern.ends_with("/import"))
      return {Role::kAdmin, Role::kEnforcementOfficer, Role::kLegalReviewer};
    if (pattern == "/api/v1/enforcement/reviews/sample" || pattern.ends_with("/file-review") ||
        pattern == "/api/v1/enforcement/complaints" || pattern.ends_with("/refer") ||
        pattern.ends_with("/close"))
      return justice;
    return staff;  // acts, conflicts, publications, draws, complaint replies
  }
  if (pattern == "/api/v1/units" && method == "POST") return admin;
  if (pattern == "/api/v1/outbox") return {Role::kAdmin, Role::kOffice};
  if (pattern == "/api/v1/units/{id}/aliases" || pattern == "/api/v1/units/{id}") return admin;
  if (pattern == "/api/v1/users" && method == "GET") return user_readers;
  if (pattern == "/api/v1/users" && method == "POST") return admin;
  if (pattern.ends_with("/disable") || pattern.ends_with("/enable") || pattern.ends_with("/unlock"))
    return admin;
  if (pattern == "/api/v1/users/{id}/certificates" && method == "POST") return admin;
  if (pattern.starts_with("/api/v1/supervision/gazette/") ||
      pattern == "/api/v1/supervision/plan" || pattern.ends_with("/publish") ||
      pattern.starts_with("/api/v1/supervision/people") ||
      (pattern == "/api/v1/supervision/inspections" && method == "POST") ||
      pattern == "/api/v1/supervision/inspections/{id}/close" ||
      pattern == "/api/v1/supervision/reminders/run" ||
      pattern == "/api/v1/supervision/ledger/import")
    return {Role::kAdmin, Role::kOffice};
  if (pattern == "/api/v1/supervision/inspections/{id}/rectification" ||
      (pattern == "/api/v1/supervision/slots/{id}/attachments" && method == "POST"))
    return {Role::kUnitReporter, Role::kUnitLeader};
  if ((pattern == "/api/v1/transit/gtfs-rt" || pattern == "/api/v1/transit/avl") &&
      method == "POST")
    return {Role::kAdmin, Role::kDispatcher};
  if (pattern.starts_with("/api/v1/transit/feeds") && method == "POST")
    return {Role::kAdmin, Role::kPlanner};
  if (pattern.starts_with("/api/v1/transit/"))
    return {Role::kAdmin, Role::kDispatcher, Role::kPlanner};
  if (pattern.starts_with("/api/v1/supervision/"))
    return {Role::kAdmin, Role::kOffice, Role::kUnitReporter, Role::kUnitLeader};
  return all;  // any logged-in user; unit scope decided below
}

// Whether a role that passed allowed_roles() may act on a target in `scope`.
bool scope_allows(const std::string& method, const std::string& pattern, Role role, Scope scope) {
  bool cross_unit =
      role == Role::kAdmin || role == Role::kOffice || role == Role::kJusticeSupervisor;
  bool reads_users = role == Role::kAdmin || role == Role::kOffice || role == Role::kUnitLeader ||
                     role == Role::kJusticeSupervisor;
  if ((pattern == "/api/v1/users/{id}" || pattern == "/api/v1/users/{id}/certificates") &&
      method == "GET")
    return reads_users && (cross_unit || scope == Scope::kOwn);
  if (pattern == "/api/v1/audit") return reads_users && (cross_unit || scope == Scope::kOwn);
  if (pattern == "/api/v1/users/{id}/password")
    return role == Role::kAdmin;  // target is never self
  if (pattern == "/api/v1/users" && method == "GET") return cross_unit || scope == Scope::kOwn;
  return true;
}

class PermissionsTest : public ::testing::TestWithParam<std::string> {};

TEST_P(PermissionsTest, EveryRouteEveryRoleOwnAndOtherUnit) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  test::TestApp t(db.url());
  auto& org = t.app().org();
  Actor sys;
  // A bystander in every unit: the target of user routes, so no requester changes itself.
  std::map<std::string, std::int64_t> bystander, unit_id;
  int n = 0;
  for (const auto& ru : kRoleUsers) {
    if (bystander.count(ru.unit)) continue;
    auto unit = org.resolve_unit(ru.unit);
    ASSERT_TRUE(unit && *unit);
    unit_id[ru.unit] = (*unit)->value;
    auto u = org.add_user(
        {"bystander" + std::to_string(n++), "旁人", **unit, {Role::kUnitReporter}, "bystander-pw"},
        sys);
    ASSERT_TRUE(u) << u.error().message;
    bystander[ru.unit] = u->id.value;
  }
  HttpClient c(t.port());
  int checked = 0;
  for (const auto& ru : kRoleUsers) {
    auto auth = t.bearer(ru.username);
    // "Other" is a unit the role does not belong to.
    std::string other_unit = std::string(ru.unit) == "三门峡市公共交通有限公司"
                                 ? "三门峡市司法局"
                                 : "三门峡市公共交通有限公司";
    for (const auto& route : t.app().router().routes()) {
      if (route.permission == Permission::kPublic || route.websocket) continue;
      if (route.pattern == "/api/v1/auth/logout") continue;  // would end the session under test
      for (Scope scope : {Scope::kOwn, Scope::kOther}) {
        const std::string& unit = scope == Scope::kOwn ? std::string(ru.unit) : other_unit;
        std::string target = route.pattern;
        auto put = [&](const std::string& name, const std::string& value) {
          auto at = target.find(name);
          if (at != std::string::npos) target.replace(at, name.size(), value);
        };
        bool unit_route = target.starts_with("/api/v1/units/");
        put("{id}", std::to_string(unit_route ? unit_id[unit] : bystander[unit]));
        put("{year}", "2024");
        put("{action}", "file");
        put("{kind}", "decision");
        put("{seq}", "1");
        put("{name}", "statement_days");
        if (route.pattern == "/api/v1/audit")
          target += "?object=user:" + std::to_string(bystander[unit]);
        if (route.pattern == "/api/v1/users" && route.method == "GET")
          target += "?unit_id=" + std::to_string(unit_id[unit]);
        auto reply = c.request(route.method, target, route.method == "POST" ? "{}" : "", auth);
        bool expect_allowed = allowed_roles(route.method, route.pattern).count(ru.role) &&
                              scope_allows(route.method, route.pattern, ru.role, scope);
        SCOPED_TRACE(std::string(role_name(ru.role)) + " " + route.method + " " + target +
                     (scope == Scope::kOwn ? " (own unit)" : " (other unit)") + " -> " +
                     std::to_string(reply.status) + " " + reply.body);
        EXPECT_NE(reply.status, 401);
        if (expect_allowed)
          EXPECT_NE(reply.status, 403);
        else
          EXPECT_EQ(reply.status, 403);
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 200);
  // And nobody gets anything without logging in.
  for (const auto& route : t.app().router().routes()) {
    if (route.permission == Permission::kPublic || route.websocket) continue;
    std::string target = route.pattern;
    for (const char* p : {"{id}", "{year}", "{action}", "{kind}", "{seq}", "{name}"})
      if (auto at = target.find(p); at != std::string::npos)
        target.replace(at, std::strlen(p), "1");
    auto reply = c.request(route.method, target, route.method == "POST" ? "{}" : "");
    EXPECT_EQ(reply.status, 401) << route.method << " " << target;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, PermissionsTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt

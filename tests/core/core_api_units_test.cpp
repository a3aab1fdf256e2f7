// The unit administration routes: a child unit, an edit of every field, a rename that keeps the
// old name as an alias (so notices naming it still resolve), and the refusals, on both stores.
#include <gtest/gtest.h>

#include "core/audit.hpp"
#include "support/app_fixture.hpp"
#include "support/test_store.hpp"

namespace zt {
namespace {

using nlohmann::json;

class CoreApiUnitsTest : public test::AppFixture<> {
 protected:
  std::int64_t unit_id(const std::string& name) {
    auto u = t_->app().org().resolve_unit(name);
    EXPECT_TRUE(u && *u) << name;
    return u && *u ? (*u)->value : 0;
  }
  test::HttpReply as(const std::string& who, const std::string& method, const std::string& target,
                     const json& body) {
    return c_->request(method, target, body.dump(), t_->bearer(who));
  }
};

TEST_P(CoreApiUnitsTest, RenamingKeepsTheOldNameAsAnAliasAndIsAudited) {
  const auto ndrc = unit_id("三门峡市发展和改革委员会");
  const auto path = "/api/v1/units/" + std::to_string(ndrc);
  auto r = as("admin", "PATCH", path,
              {{"name", "三门峡市发展和改革委员会（市粮食和物资储备局）"},
               {"division_code", "411200"},
               {"credit_code", "11411200MB1959357P"}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto u = r.json();
  EXPECT_EQ(u["name"], "三门峡市发展和改革委员会（市粮食和物资储备局）");
  EXPECT_EQ(u["credit_code"], "11411200MB1959357P");
  auto aliases = u["aliases"].get<std::vector<std::string>>();
  EXPECT_NE(std::find(aliases.begin(), aliases.end(), "三门峡市发展和改革委员会"), aliases.end());
  // The short names the notices use still resolve, and so does the old full name.
  EXPECT_EQ(unit_id("三门峡市发展和改革委员会"), ndrc);
  EXPECT_EQ(unit_id("市发展改革委"), ndrc);

  auto h = audit_history(t_->app().store(), "unit", std::to_string(ndrc));
  ASSERT_TRUE(h && !h->empty());
  const auto& rec = h->back();
  EXPECT_EQ(rec.action, "unit.rename");
  ASSERT_TRUE(rec.before && rec.after);
  EXPECT_EQ(json::parse(*rec.before)["name"], "三门峡市发展和改革委员会");
  EXPECT_EQ(json::parse(*rec.after)["division_code"], "411200");

  // Editing the aliases list keeps the old name all the same.
  auto edit = as("admin", "PATCH", path, {{"aliases", {"发改委"}}});
  ASSERT_EQ(edit.status, 200) << edit.body;
  aliases = edit.json()["aliases"].get<std::vector<std::string>>();
  EXPECT_EQ(aliases, (std::vector<std::string>{"发改委"}));
  EXPECT_EQ(t_->app().org().resolve_unit("三门峡市发展和改革委员会")->value_or(UnitId{0}).value,
            0);  // the admin removed it on purpose; a rename alone never does
}

TEST_P(CoreApiUnitsTest, ChildUnitsAndTheRefusals) {
  const auto county = unit_id("三门峡市发展和改革委员会");
  auto child = as("admin", "POST", "/api/v1/units",
                  {{"name", "三门峡市价格认证中心"},
                   {"parent_id", county},
                   {"kind", "other"},
                   {"aliases", {"市价格认证中心"}}});
  ASSERT_EQ(child.status, 201) << child.body;
  const auto id = child.json()["id"].get<std::int64_t>();
  EXPECT_EQ(child.json()["parent_id"], county);
  const auto path = "/api/v1/units/" + std::to_string(id);

  // The parent cannot move below its own child.
  auto cycle = as("admin", "PATCH", "/api/v1/units/" + std::to_string(county), {{"parent_id", id}});
  EXPECT_EQ(cycle.status, 400) << cycle.body;
  EXPECT_EQ(cycle.json()["error"]["field"], "parent_id");
  EXPECT_EQ(as("admin", "PATCH", path, {{"parent_id", id}}).status, 400);
  // Another unit's name or alias is taken.
  EXPECT_EQ(as("admin", "PATCH", path, {{"name", "三门峡市司法局"}}).status, 409);
  EXPECT_EQ(as("admin", "PATCH", path, {{"name", "市司法局"}}).status, 409);
  EXPECT_EQ(as("admin", "PATCH", path, {{"aliases", {"市司法局"}}}).status, 409);
  auto bad = as("admin", "PATCH", path, {{"credit_code", "123"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "credit_code");
  EXPECT_EQ(as("admin", "PATCH", path, json::object()).status, 400);
  // Only the admin edits units.
  for (const char* who : {"ducha", "fgw_ld", "sfj_jd"})
    EXPECT_EQ(as(who, "PATCH", path, {{"name", "别的名字"}}).status, 403) << who;
  // Back to the top level.
  auto root = as("admin", "PATCH", path, {{"parent_id", nullptr}});
  ASSERT_EQ(root.status, 200) << root.body;
  EXPECT_TRUE(root.json()["parent_id"].is_null());
}

INSTANTIATE_TEST_SUITE_P(Backends, CoreApiUnitsTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt

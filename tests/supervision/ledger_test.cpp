// Importing the seed gazette into the store, on both backends, and reading tasks by scope.
#include "supervision/ledger.hpp"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "support/app_fixture.hpp"
#include "support/test_store.hpp"

namespace zt::supervision {
namespace {

std::string seed_text() {
  std::ifstream in(std::string(ZT_SOURCE_DIR) + "/data/seed/sanmenxia-gazette-2024-02.txt");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Principal principal_of(App& app, const std::string& username) {
  auto u = app.org().find_user(username);
  EXPECT_TRUE(u && *u);
  Principal p;
  p.id = (*u)->id;
  p.username = username;
  p.unit = (*u)->unit;
  p.roles = (*u)->roles;
  return p;
}

class LedgerTest : public test::AppFixture<> {
 protected:
  LedgerTest()
      : AppFixture({.serve = false, .now = shanghai_time(*parse_date("2024-03-01"), 9, 0, 0)}) {}
  void on_open() override {
    ASSERT_TRUE(load_demo(*app_));  // organisation and users, no gazette
  }
};

TEST_P(LedgerTest, ResolvesNamesThroughAliasesAndGroups) {
  auto& l = app_->ledger();
  auto fgw = l.resolve("市发展改革委");
  ASSERT_TRUE(fgw);
  ASSERT_EQ(fgw->units.size(), 1u);
  auto full = l.resolve("三门峡市发展和改革委员会");
  ASSERT_TRUE(full);
  EXPECT_EQ(full->units, fgw->units);
  auto counties = l.resolve("各县〔市、区〕政府");
  ASSERT_TRUE(counties);
  EXPECT_TRUE(counties->group);
  EXPECT_EQ(counties->units.size(), 6u);  // 湖滨 陕州 渑池 卢氏 义马 灵宝
  auto concerned = l.resolve("相关县〔市、区〕政府");
  ASSERT_TRUE(concerned);
  EXPECT_TRUE(concerned->group);
  EXPECT_TRUE(concerned->units.empty());
  auto unknown = l.resolve("市不存在局");
  ASSERT_TRUE(unknown);
  EXPECT_TRUE(unknown->units.empty());
  EXPECT_FALSE(unknown->group);
}

TEST_P(LedgerTest, ImportsTheSeedOnceAndReportsUnknownUnits) {
  auto g = parse_gazette(seed_text());
  ASSERT_TRUE(g);
  Actor office{std::nullopt, "test", std::nullopt, "req-1"};
  auto preview = app_->ledger().import(*g, "digest", {false, true}, office);
  ASSERT_TRUE(preview) << preview.error().message;
  EXPECT_EQ(preview->tasks_created, 86);
  auto none = app_->store().query("SELECT COUNT(*) FROM sv_tasks");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->rows[0].i64(0), 0);  // a preview stores nothing
  // Units the demo organisation lacks are reported by name.
  EXPECT_NE(
      std::find(preview->unresolved_units.begin(), preview->unresolved_units.end(), "市委人才办"),
      preview->unresolved_units.end());

  auto first = app_->ledger().import(*g, "digest", {true, false}, office);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->notices_created, 3);
  EXPECT_EQ(first->targets_created, 10);
  EXPECT_EQ(first->tasks_created, 86);
  EXPECT_EQ(first->ledger_created, 73);
  EXPECT_EQ(first->people_created, 5);  // 万战伟 卫祥玉 孙淑芳 秦迎军 杨红忠
  EXPECT_GE(first->commitments_created, 10);
  EXPECT_GE(first->kpis_created, 25);
  EXPECT_GT(first->units_created, 0);
  EXPECT_TRUE(first->unresolved_units.empty());

  auto again = app_->ledger().import(*g, "digest", {true, false}, office);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->notices_existing, 3);
  EXPECT_EQ(again->tasks_created + again->targets_created + again->ledger_created +
                again->commitments_created + again->kpis_created + again->units_created,
            0);
  auto tasks = app_->store().query("SELECT COUNT(*) FROM sv_tasks");
  EXPECT_EQ(tasks->rows[0].i64(0), 86);
  // Ledger lines find their tasks by wording (the appendix repeats a task's words, shortened);
  // the line and the task's own numeric target land on the same task.
  auto linked = app_->store().query("SELECT COUNT(*) FROM sv_ledger WHERE task_id IS NOT NULL");
  EXPECT_GE(linked->rows[0].i64(0), 65) << "of 73";
  auto hightech = app_->store().query(
      "SELECT l.task_id, k.task_id, t.text FROM sv_ledger l JOIN sv_tasks t ON t.id = l.task_id "
      "JOIN sv_kpis k ON k.indicator = '高新技术企业' WHERE l.no = 6");
  ASSERT_TRUE(hightech && hightech->rows.size() == 1u);
  EXPECT_EQ(hightech->rows[0].i64(0), hightech->rows[0].i64(1));
  EXPECT_NE(hightech->rows[0].str(2).find("高新技术企业"), std::string::npos);
  // Every created task is in the trail, and the trail verifies.
  auto audited = app_->store().query("SELECT COUNT(*) FROM audit_log WHERE action = 'task.create'");
  EXPECT_EQ(audited->rows[0].i64(0), 86);
  auto v = verify_audit(app_->store());
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->ok()) << v->problem;
}

TEST_P(LedgerTest, UnitsSeeOnlyTheirTasks) {
  auto g = parse_gazette(seed_text());
  ASSERT_TRUE(g);
  ASSERT_TRUE(app_->ledger().import(*g, "digest", {true, false}, {}));
  auto all = app_->ledger().tasks_for(principal_of(*app_, "ducha"));
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 86u);
  auto fgw = app_->ledger().tasks_for(principal_of(*app_, "fgw_tb"));
  ASSERT_TRUE(fgw);
  EXPECT_GT(fgw->size(), 20u);
  EXPECT_LT(fgw->size(), 86u);
  for (const auto& t : *fgw) {
    std::string units;
    for (const auto& u : t.lead_units) units += u;
    for (const auto& u : t.cooperating_units) units += u;
    EXPECT_NE(units.find("市发展改革委"), std::string::npos) << "task " << t.no << " " << units;
  }
  // A county government sees the tasks "各县〔市、区〕政府" cooperate on.
  Principal county;
  county.id = UserId{999};
  county.roles = {Role::kUnitReporter};
  county.unit = **app_->org().resolve_unit("灵宝市人民政府");
  auto lb = app_->ledger().tasks_for(county);
  ASSERT_TRUE(lb);
  bool task1 = false;
  for (const auto& t : *lb) task1 |= t.no == 1;
  EXPECT_TRUE(task1);
}

INSTANTIATE_TEST_SUITE_P(Backends, LedgerTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt::supervision

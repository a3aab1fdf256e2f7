// The task page: a task's units, slots per period, reports with revisions, figures against its
// numeric targets and history; refused to a unit the task is not theirs.
#include <set>

#include <gtest/gtest.h>

#include "pages_fixture.hpp"

namespace zt {
namespace {

using nlohmann::json;

class TaskPage : public test::SupervisionPages {
 protected:
  // The first March slot of `user`'s unit where it leads, and its task.
  json lead_slot(const std::string& user) {
    const auto list = ok("/api/v1/supervision/slots?period=2024-03", user);
    for (const auto& s : list["slots"])
      if (s["role"] == "lead") return s;
    ADD_FAILURE() << "no lead slot for " << user;
    return json::object();
  }
  std::string task_path(std::int64_t id) {
    return "/api/v1/supervision/tasks/" + std::to_string(id);
  }
};

TEST_P(TaskPage, SlotsReportsRevisionsFiguresAndHistory) {
  auto slot = lead_slot("fgw_tb");
  const auto slot_id = slot["id"].get<std::int64_t>();
  const auto task = slot["task_id"].get<std::int64_t>();
  auto targets = ok("/api/v1/supervision/slots/" + std::to_string(slot_id) + "/targets", "fgw_tb");
  ASSERT_FALSE(targets["targets"].empty());  // 生产总值 and the other 预期目标 of 发改委
  const auto kpi = targets["targets"][0]["id"].get<std::int64_t>();
  file(slot_id, "fgw_tb", 20, json::array({{{"kpi_id", kpi}, {"value", 1.5}}}));
  file(slot_id, "fgw_tb", 25, json::array({{{"kpi_id", kpi}, {"value", 7.0}}}));

  auto page = ok(task_path(task));
  EXPECT_EQ(page["task"]["id"], task);
  EXPECT_FALSE(page["task"]["text"].get<std::string>().empty());
  EXPECT_NE(page["task"]["lead_units"].dump().find("发展改革委"), std::string::npos);
  // Ten periods (March–November and the year) for each responsible unit, March first.
  std::set<std::string> periods;
  for (const auto& s : page["slots"]) periods.insert(s["period"].get<std::string>());
  EXPECT_EQ(periods.size(), 10u);
  EXPECT_EQ(page["slots"][0]["period"], "2024-03");
  // Both revisions, newest first, with their figures and filer.
  ASSERT_EQ(page["reports"].size(), 2u);
  EXPECT_EQ(page["reports"][0]["revision"], 2);
  EXPECT_EQ(page["reports"][1]["revision"], 1);
  EXPECT_EQ(page["reports"][0]["percent"], 25);
  EXPECT_EQ(page["reports"][0]["filed_by"], "李填报");
  EXPECT_EQ(page["reports"][0]["figures"][0]["value"], 7.0);
  // The target shows the latest revision's figure only, and whether it is met.
  bool found = false;
  for (const auto& t : page["targets"])
    if (t["id"] == kpi) {
      found = true;
      ASSERT_EQ(t["figures"].size(), 1u);
      EXPECT_EQ(t["figures"][0]["value"], 7.0);
      EXPECT_EQ(t["figures"][0]["period"], "2024-03");
      EXPECT_FALSE(t["met"].is_null());
    }
  EXPECT_TRUE(found);
  std::set<std::string> actions;
  for (const auto& h : page["history"]) actions.insert(h["action"].get<std::string>());
  EXPECT_TRUE(actions.contains("report.file"));
  EXPECT_TRUE(actions.contains("report.revise"));
  EXPECT_TRUE(actions.contains("task.create"));
}

TEST_P(TaskPage, RefusedToAnotherUnitAndNarrowedLikeItsSlots) {
  const auto own = lead_slot("fgw_tb")["task_id"].get<std::int64_t>();
  const auto other = lead_slot("gxj_tb")["task_id"].get<std::int64_t>();
  std::set<std::int64_t> fgw_tasks;
  const auto tasks = ok("/api/v1/supervision/tasks", "fgw_tb");
  for (const auto& t : tasks["tasks"]) fgw_tasks.insert(t["id"].get<std::int64_t>());
  ASSERT_FALSE(fgw_tasks.contains(other)) << "pick a task 发改委 does not answer for";
  EXPECT_EQ(get(task_path(own), "fgw_tb").status, 200);
  auto refused = get(task_path(other), "fgw_tb");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.json()["error"]["message"], "无权查看其他单位的重点任务");
  EXPECT_EQ(get(task_path(other), "gxj_tb").status, 200);
  EXPECT_EQ(get(task_path(999999), "ducha").status, 404);
  EXPECT_EQ(get(task_path(own), "gj_dd").status, 403);  // no supervision at all

  // Every slot of the task is on the reporter's page exactly when its own route lets them see it.
  int walked = 0;
  for (auto task : fgw_tasks) {
    if (++walked > 6) break;
    std::set<std::int64_t> shown;
    const auto mine = ok(task_path(task), "fgw_tb"), all = ok(task_path(task));
    for (const auto& s : mine["slots"]) shown.insert(s["id"].get<std::int64_t>());
    for (const auto& s : all["slots"]) {
      const auto id = s["id"].get<std::int64_t>();
      const int status = get("/api/v1/supervision/slots/" + std::to_string(id), "fgw_tb").status;
      EXPECT_EQ(shown.contains(id), status == 200) << "task " << task << " slot " << id;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, TaskPage, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt

// Runs the readable scenario files in tests/supervision/scenarios/ on both stores. Each line is
// one step; see the files for the vocabulary (at, file, expect, revisions, bulletin, behind,
// publish, lead-sees, other-refused, reimport, colour, colour-history, todo).
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "support/app_fixture.hpp"
#include "support/test_store.hpp"

namespace zt::supervision {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

class Scenario : public test::AppFixture<test::ScenarioRun> {
 protected:
  Scenario()
      : AppFixture({.serve = false, .now = shanghai_time(*parse_date("2024-03-01"), 9, 0, 0)}) {}
  void on_open() override {
    auto d =
        load_demo(*app_, std::string(ZT_SOURCE_DIR) + "/data/seed/sanmenxia-gazette-2024-02.txt");
    ASSERT_TRUE(d) << d.error().message;
  }

  // A reporter of the unit (created on first use).
  Principal reporter(const std::string& unit_name) {
    auto unit = app_->org().resolve_unit(unit_name);
    EXPECT_TRUE(unit && *unit) << unit_name;
    std::string username = "reporter-" + std::to_string((*unit)->value);
    auto u = app_->org().find_user(username);
    if (!*u) {
      auto created = app_->org().add_user(
          {username, unit_name + "填报员", **unit, {Role::kUnitReporter}, "reporter-pw"}, {});
      EXPECT_TRUE(created) << created.error().message;
      u = app_->org().find_user(username);
    }
    return test::principal_of(*app_, username);
  }

  // The slot of a unit's task in a period, seen by the office.
  std::optional<SlotView> slot(const std::string& unit, int task, const std::string& period) {
    Principal office;
    office.roles = {Role::kOffice};
    auto all = app_->reporting().slots(office, period);
    EXPECT_TRUE(all);
    auto id = app_->org().resolve_unit(unit);
    for (const auto& s : *all)
      if (s.task_no == task && *id && s.unit_id == **id) return s;
    return std::nullopt;
  }
};

TEST_P(Scenario, Runs) {
  std::ifstream in(GetParam().file);
  ASSERT_TRUE(in) << GetParam().file;
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    SCOPED_TRACE(fs::path(GetParam().file).filename().string() + ":" + std::to_string(n) + ": " +
                 line);
    auto w = words(line);
    const auto& cmd = w[0];
    if (cmd == "at") {
      auto d = parse_date(w[1]);
      ASSERT_TRUE(d);
      int h = 0, m = 0, s = 0;
      ASSERT_EQ(std::sscanf(w[2].c_str(), "%d:%d:%d", &h, &m, &s), 3);
      clock_.set(shanghai_time(*d, h, m, s));
    } else if (cmd == "file") {  // file UNIT task N period P percent X status S
      auto s = slot(w[1], std::stoi(w[3]), w[5]);
      ASSERT_TRUE(s) << "no such slot";
      auto status = parse_report_status(w[9]);
      ASSERT_TRUE(status) << "unknown status " << w[9];
      NewReport r{"本月进展：按计划推进。", std::stoi(w[7]), *status, "", "", {}};
      auto filed = app_->reporting().file(reporter(w[1]), s->id, r);
      ASSERT_TRUE(filed) << filed.error().message;
    } else if (cmd == "expect") {  // expect UNIT task N period P STATE
      auto s = slot(w[1], std::stoi(w[3]), w[5]);
      ASSERT_TRUE(s) << "no such slot";
      auto want = parse_slot_state(w[6]);
      ASSERT_TRUE(want) << "unknown state " << w[6];
      EXPECT_EQ(s->state, *want) << "got " << slot_state_label(s->state);
    } else if (cmd == "revisions") {
      auto s = slot(w[1], std::stoi(w[3]), w[5]);
      ASSERT_TRUE(s);
      EXPECT_EQ(s->revisions, std::stoi(w[6]));
    } else if (cmd == "bulletin") {  // bulletin P UNIT key=value ...
      auto b = app_->reporting().bulletin(w[1]);
      ASSERT_TRUE(b) << b.error().message;
      const BulletinUnit* row = nullptr;
      auto unit = app_->org().get_unit(**app_->org().resolve_unit(w[2]));
      for (const auto& u : b->units)
        if (u.unit == unit->name) row = &u;
      ASSERT_NE(row, nullptr) << "unit not in the bulletin";
      // The scenario files name the figures by the API's keys.
      const std::map<std::string, int> figures{{"due", row->due},
                                               {"on_time", row->on_time},
                                               {"late", row->late},
                                               {"supplemented", row->supplemented},
                                               {"missing", row->missing}};
      for (std::size_t i = 3; i < w.size(); ++i) {
        auto eq = w[i].find('=');
        auto it = figures.find(w[i].substr(0, eq));
        ASSERT_NE(it, figures.end()) << "unknown figure " << w[i];
        EXPECT_EQ(it->second, std::stoi(w[i].substr(eq + 1))) << w[i];
      }
    } else if (cmd == "behind") {  // behind P task N
      auto b = app_->reporting().bulletin(w[1]);
      ASSERT_TRUE(b);
      bool found = false;
      for (const auto& t : b->behind) found |= t.task_no == std::stoi(w[3]);
      EXPECT_TRUE(found);
    } else if (cmd == "publish") {
      auto r = app_->reporting().publish_bulletin(w[1], {});
      ASSERT_TRUE(r) << r.error().message;
      EXPECT_GT(r->flagged, 0);
    } else if (cmd == "lead-sees" || cmd == "other-refused") {  // UNIT task N period P OTHER
      auto s = slot(w[6], std::stoi(w[3]), w[5]);
      ASSERT_TRUE(s);
      auto seen = app_->reporting().slot(reporter(w[1]), s->id);
      if (cmd == "lead-sees") {
        ASSERT_TRUE(seen) << seen.error().message;
        ASSERT_TRUE(seen->latest);
      } else {
        ASSERT_FALSE(seen);
        EXPECT_EQ(seen.error().kind, ErrorKind::kForbidden);
      }
    } else if (cmd == "reimport") {
      auto count = [&] {
        auto r = app_->store().query(
            "SELECT (SELECT COUNT(*) FROM sv_slots) + (SELECT COUNT(*) FROM sv_tasks)");
        return r ? r->rows[0].i64(0) : -1;
      };
      auto before = count();
      EXPECT_GT(before, 86);
      ASSERT_TRUE(load_demo(
          *app_, std::string(ZT_SOURCE_DIR) + "/data/seed/sanmenxia-gazette-2024-02.txt"));
      EXPECT_EQ(count(), before);
    } else if (cmd == "colour" || cmd == "colour-history") {  // colour task N COLOUR...
      Principal office;
      office.roles = {Role::kOffice};
      auto board = app_->progress().evaluate(office);
      ASSERT_TRUE(board) << board.error().message;
      const TaskProgress* task = nullptr;
      for (const auto& t : *board)
        if (t.no == std::stoi(w[2])) task = &t;
      ASSERT_NE(task, nullptr);
      if (cmd == "colour") {
        EXPECT_EQ(colour_name(task->colour), w[3])
            << "expected " << task->expected << "%, reported " << task->reported << "%";
      } else {
        std::vector<std::string> got;
        for (const auto& [at, c] : task->history) got.push_back(c);
        EXPECT_EQ(got, std::vector<std::string>(w.begin() + 3, w.end()));
      }
    } else if (cmd == "todo") {  // todo UNIT DAYS COUNT
      auto items = app_->reporting().todo(reporter(w[1]), std::stoi(w[2]));
      ASSERT_TRUE(items) << items.error().message;
      EXPECT_EQ(int(items->size()), std::stoi(w[3]));
    } else {
      FAIL() << "unknown step " << cmd;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Files, Scenario,
                         ::testing::ValuesIn(test::scenario_runs(std::string(ZT_SOURCE_DIR) +
                                                                 "/tests/supervision/scenarios")),
                         [](const ::testing::TestParamInfo<test::ScenarioRun>& info) {
                           auto name =
                               fs::path(info.param.file).stem().string() + "_" + info.param.backend;
                           for (auto& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

}  // namespace
}  // namespace zt::supervision

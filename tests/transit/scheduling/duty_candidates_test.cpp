// Candidate duties: every duty the rules allow is generated (against an enumeration of all
// piece combinations), and the fewest duties for timetables counted by hand.
#include "transit/scheduling/duty_candidates.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <set>

#include "transit/scheduling/partition_solver.hpp"

namespace zt::transit::scheduling {
namespace {

const std::vector<StopPoint> kStops{{34.77, 111.19}, {34.80, 111.22}};

// One vehicle's day: n trips of an hour each way between the two stops, `stop` minutes apart.
std::vector<BlockTrip> shuttle(int n, int first_min, int stop_min) {
  std::vector<BlockTrip> v;
  for (int k = 0; k < n; ++k) {
    const int dep = (first_min + k * (60 + stop_min)) * 60;
    v.push_back({std::uint32_t(k % 2), std::uint32_t(1 - k % 2), dep, dep + 3600});
  }
  return v;
}

BlockPlan plan_of(const std::vector<std::vector<std::uint32_t>>& blocks, std::size_t trips) {
  BlockPlan p;
  p.blocks = blocks;
  p.vehicles = int(blocks.size());
  p.block_of.assign(trips, -1);
  for (std::size_t b = 0; b < blocks.size(); ++b)
    for (auto t : blocks[b]) p.block_of[t] = int(b);
  return p;
}

TEST(DutyCandidates, EightHoursWithoutBreaksNeedTwoDrivers) {
  // 8 one-hour trips 5 min apart from 06:00: the stops are no break, so no one drives more than
  // 4 in a row and no one drives all 8. Driver 1 takes trips 1-4, a break of 70 min while trip 5
  // runs, then 6-8; driver 2 trip 5.
  auto trips = shuttle(8, 360, 5);
  auto plan = plan_of({{0, 1, 2, 3, 4, 5, 6, 7}}, trips.size());
  auto c = duty_candidates(trips, kStops, plan, {});
  ASSERT_TRUE(c) << c.error().message;
  for (const auto& p : c->pieces) EXPECT_LE(p.last - p.first + 1, 4u);
  auto r = solve_partition(c->problem, {});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->columns.size(), 2u);
  EXPECT_TRUE(r->optimal);
}

TEST(DutyCandidates, AllDutiesTheRulesAllowAreGenerated) {
  std::mt19937 rng(5);
  for (int round = 0; round < 25; ++round) {
    // Two or three vehicles with 2-5 trips each, starting at random times.
    std::vector<BlockTrip> trips;
    std::vector<std::vector<std::uint32_t>> blocks;
    const int vehicles = 2 + round % 2;
    for (int b = 0; b < vehicles; ++b) {
      auto s = shuttle(2 + int(rng() % 4), 300 + int(rng() % 300), 5 + int(rng() % 40));
      blocks.emplace_back();
      for (auto& t : s) {
        blocks.back().push_back(std::uint32_t(trips.size()));
        trips.push_back(t);
      }
    }
    auto plan = plan_of(blocks, trips.size());
    DutyRules rules;
    rules.max_pieces = 3;
    auto c = duty_candidates(trips, kStops, plan, rules);
    ASSERT_TRUE(c) << c.error().message;
    // Every piece of every block, every ordered choice of up to three: those the rules allow.
    std::vector<std::vector<std::uint32_t>> pieces;
    for (const auto& b : blocks)
      for (std::size_t i = 0; i < b.size(); ++i)
        for (std::size_t j = i; j < b.size(); ++j)
          pieces.emplace_back(b.begin() + long(i), b.begin() + long(j) + 1);
    std::set<std::vector<int>> want;
    std::vector<std::size_t> pick;
    std::function<void()> go = [&] {
      if (!pick.empty()) {
        std::vector<std::vector<BlockTrip>> parts;
        std::vector<int> rows;
        for (auto p : pick) {
          parts.emplace_back();
          for (auto t : pieces[p]) {
            parts.back().push_back(trips[t]);
            rows.push_back(int(t));
          }
        }
        if (duty_obeys(parts, kStops, rules)) {
          std::sort(rows.begin(), rows.end());
          want.insert(rows);
        }
      }
      if (pick.size() == 3) return;
      for (std::size_t p = 0; p < pieces.size(); ++p) {
        pick.push_back(p);
        go();
        pick.pop_back();
      }
    };
    go();
    std::set<std::vector<int>> got;
    for (const auto& col : c->problem.columns) EXPECT_TRUE(got.insert(col.rows).second);
    ASSERT_EQ(got, want) << "round " << round;
  }
}

TEST(DutyCandidates, ATripTooLongForAnyDriverIsNamed) {
  std::vector<BlockTrip> trips{{0, 1, 6 * 3600, 10 * 3600 + 60}};
  auto c = duty_candidates(trips, kStops, plan_of({{0}}, 1), {});
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().rule, "duty_trip_too_long");
}

TEST(DutyCandidates, TooManyCandidatesAreRefused) {
  auto trips = shuttle(12, 300, 25);
  auto c = duty_candidates(trips, kStops, plan_of({{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}}, 12), {},
                           {.max_candidates = 10});
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().rule, "duty_candidates_limit");
}

}  // namespace
}  // namespace zt::transit::scheduling

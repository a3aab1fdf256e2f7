// Column generation for crew duties against the full enumeration: on random days small enough
// to list every candidate, its bound never exceeds the true optimum, its duties are a valid
// partition of duties the rules allow, and when it says optimal it is.
#include "transit/scheduling/duty_generation.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>

namespace zt::transit::scheduling {
namespace {

const std::vector<StopPoint> kStops{{34.77, 111.19}, {34.80, 111.22}};

struct Day {
  std::vector<BlockTrip> trips;
  BlockPlan plan;
};

// `vehicles` buses shuttling between two stops, each with 3-9 trips of 40-70 min from a random
// start, at random layovers.
Day random_day(std::mt19937& rng, int vehicles) {
  Day d;
  for (int b = 0; b < vehicles; ++b) {
    d.plan.blocks.emplace_back();
    int t = (300 + int(rng() % 360)) * 60;
    const int n = 3 + int(rng() % 7);
    for (int k = 0; k < n; ++k) {
      const int run = (40 + int(rng() % 31)) * 60;
      d.plan.blocks.back().push_back(std::uint32_t(d.trips.size()));
      d.trips.push_back({std::uint32_t(k % 2), std::uint32_t(1 - k % 2), t, t + run});
      t += run + (5 + int(rng() % 40)) * 60;
    }
  }
  d.plan.vehicles = vehicles;
  d.plan.block_of.assign(d.trips.size(), 0);
  for (std::size_t b = 0; b < d.plan.blocks.size(); ++b)
    for (auto i : d.plan.blocks[b]) d.plan.block_of[i] = int(b);
  return d;
}

// A duty's trips grouped by piece, for duty_obeys.
std::vector<std::vector<BlockTrip>> parts_of(const Day& d, const DutyCandidates& c,
                                             const std::vector<int>& duty) {
  std::vector<std::vector<BlockTrip>> parts;
  for (int p : duty) {
    const auto& piece = c.pieces[std::size_t(p)];
    parts.emplace_back();
    for (auto k = piece.first; k <= piece.last; ++k)
      parts.back().push_back(d.trips[d.plan.blocks[std::size_t(piece.block)][k]]);
  }
  return parts;
}

void check_against_enumeration(bool by_cost) {
  std::mt19937 rng(by_cost ? 11 : 7);
  int proven = 0;
  const int days = 12;
  for (int round = 0; round < days; ++round) {
    const auto d = random_day(rng, 3 + round % 4);
    DutyRules rules;
    const PartitionOptions o{.by_cost = by_cost, .time_limit_s = 30};
    auto all = duty_candidates(d.trips, kStops, d.plan, rules);
    ASSERT_TRUE(all) << all.error().message;
    auto best = solve_partition(all->problem, o);
    ASSERT_TRUE(best) << best.error().message;
    ASSERT_TRUE(best->optimal);

    auto g = generate_duties(d.trips, kStops, d.plan, rules, o);
    ASSERT_TRUE(g) << g.error().message;
    EXPECT_TRUE(g->converged) << "round " << round;
    EXPECT_LE(g->chosen.bound, best->objective + 1e-6) << "round " << round;
    EXPECT_GE(g->chosen.objective, best->objective - 1e-6) << "round " << round;
    if (g->chosen.optimal) {
      EXPECT_NEAR(g->chosen.objective, best->objective, 1e-6) << "round " << round;
      ++proven;
    }
    // Fewer columns than the enumeration, each a duty the rules allow, none twice, and the
    // chosen ones cover each trip once.
    const auto& gc = g->candidates;
    EXPECT_LE(gc.duties.size(), all->duties.size() + d.trips.size());
    EXPECT_EQ(std::set<std::vector<int>>(gc.duties.begin(), gc.duties.end()).size(),
              gc.duties.size());
    for (const auto& duty : gc.duties)
      EXPECT_TRUE(duty_obeys(parts_of(d, gc, duty), kStops, rules));
    std::vector<int> times(d.trips.size(), 0);
    for (int j : g->chosen.columns)
      for (int r : gc.problem.columns[std::size_t(j)].rows) ++times[std::size_t(r)];
    for (int t : times) EXPECT_EQ(t, 1);
  }
  // Price-and-branch may miss the optimum when the relaxation is fractional; not often.
  EXPECT_GE(proven, days * 3 / 4);
}

TEST(DutyGeneration, FewestDutiesAgreeWithTheFullEnumeration) { check_against_enumeration(false); }

TEST(DutyGeneration, LeastPaidTimeIsBoundedByTheFullEnumeration) {
  check_against_enumeration(true);
}

TEST(DutyGeneration, ATripNoDriverCanDriveIsNamed) {
  Day d;
  d.trips = {{0, 1, 6 * 3600, 11 * 3600}};  // five hours without a break
  d.plan.blocks = {{0}};
  d.plan.vehicles = 1;
  d.plan.block_of = {0};
  auto g = generate_duties(d.trips, kStops, d.plan, {}, {});
  ASSERT_FALSE(g);
  EXPECT_EQ(g.error().rule, "duty_trip_too_long");
}

}  // namespace
}  // namespace zt::transit::scheduling

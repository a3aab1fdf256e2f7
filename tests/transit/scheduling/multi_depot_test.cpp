// Multi-depot blocks: one depot gives the single-depot solver's fleet; on random small days the
// CBC solution costs exactly what a brute force over every chaining and depot choice finds;
// depot limits are kept and a shortfall refused.
#include "transit/scheduling/multi_depot.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <random>

namespace zt::transit::scheduling {
namespace {

// Three terminals about a kilometre apart, and two depots outside them.
const std::vector<StopPoint> kStops{{34.770, 111.190}, {34.779, 111.190}, {34.770, 111.201}};
const std::vector<Depot> kDepots{{"N", "北车场", {34.790, 111.190}, 0},
                                 {"E", "东车场", {34.770, 111.220}, 0}};

std::vector<BlockTrip> random_trips(std::mt19937& rng, int n) {
  std::vector<BlockTrip> v;
  for (int i = 0; i < n; ++i) {
    const auto a = std::uint32_t(rng() % 3), b = std::uint32_t((a + 1 + rng() % 2) % 3);
    const int dep = (360 + int(rng() % 240)) * 60;
    v.push_back({a, b, dep, dep + (20 + int(rng() % 40)) * 60});
  }
  return v;
}

// The least cost of any plan, by trying every successor for every trip and every depot for
// every chain: vehicles first, then all empty metres.
std::pair<int, std::int64_t> brute_force(const std::vector<BlockTrip>& trips,
                                         const std::vector<Depot>& depots, const BlockOptions& o) {
  const std::size_t n = trips.size();
  std::pair<int, std::int64_t> best{1 << 30, 0};
  std::vector<int> next(n, -1);
  std::vector<bool> taken(n, false);
  std::function<void(std::size_t)> choose = [&](std::size_t i) {
    if (i == n) {
      // Chains from the trips nobody precedes; each to the depot that serves it cheapest,
      // within the depots' limits (tried every way).
      std::vector<std::vector<std::size_t>> chains;
      std::int64_t between = 0;
      for (std::size_t h = 0; h < n; ++h) {
        if (taken[h]) continue;
        auto& c = chains.emplace_back();
        for (int v = int(h); v >= 0; v = next[std::size_t(v)]) {
          c.push_back(std::size_t(v));
          if (next[std::size_t(v)] >= 0)
            between += connection_metres(trips[std::size_t(v)],
                                         trips[std::size_t(next[std::size_t(v)])], kStops, o);
        }
      }
      std::vector<int> used(depots.size(), 0);
      std::function<void(std::size_t, std::int64_t)> assign = [&](std::size_t c,
                                                                  std::int64_t metres) {
        if (c == chains.size()) {
          best = std::min(best, std::pair(int(chains.size()), metres));
          return;
        }
        for (std::size_t k = 0; k < depots.size(); ++k) {
          if (depots[k].vehicles > 0 && used[k] >= depots[k].vehicles) continue;
          ++used[k];
          const auto& first = trips[chains[c].front()];
          const auto& last = trips[chains[c].back()];
          assign(c + 1, metres + deadhead_metres(depots[k].at, kStops[first.start_stop]) +
                            deadhead_metres(kStops[last.end_stop], depots[k].at));
          --used[k];
        }
      };
      assign(0, between);
      return;
    }
    next[i] = -1;
    choose(i + 1);
    for (std::size_t j = 0; j < n; ++j) {
      if (j == i || taken[j] || connection_metres(trips[i], trips[j], kStops, o) < 0) continue;
      taken[j] = true;
      next[i] = int(j);
      choose(i + 1);
      taken[j] = false;
      next[i] = -1;
    }
  };
  choose(0);
  return best;
}

TEST(MultiDepot, OneDepotNeedsTheSingleDepotFleet) {
  std::mt19937 rng(3);
  const BlockOptions o{.min_layover_s = 300, .max_deadhead_m = 1500};
  for (int round = 0; round < 5; ++round) {
    auto trips = random_trips(rng, 40);
    auto single = solve_blocks(trips, kStops, o);
    auto multi = solve_multi_depot(trips, kStops, {kDepots[0]}, o);
    ASSERT_TRUE(multi) << multi.error().message;
    EXPECT_TRUE(multi->optimal);
    EXPECT_EQ(multi->plan.vehicles, single.vehicles);
    std::vector<int> seen(trips.size(), 0);
    for (const auto& b : multi->plan.blocks)
      for (std::size_t i = 0; i < b.size(); ++i) {
        ++seen[b[i]];
        if (i > 0) {
          EXPECT_GE(connection_metres(trips[b[i - 1]], trips[b[i]], kStops, o), 0);
        }
      }
    for (int s : seen) EXPECT_EQ(s, 1);
  }
}

TEST(MultiDepot, CostsWhatABruteForceFinds) {
  std::mt19937 rng(8);
  const BlockOptions o{.min_layover_s = 300, .max_deadhead_m = 1500};
  for (int round = 0; round < 12; ++round) {
    auto trips = random_trips(rng, 4 + round % 3);
    auto depots = kDepots;
    if (round % 3 == 2) depots[0].vehicles = 1;  // the north depot holds one bus
    auto multi = solve_multi_depot(trips, kStops, depots, o);
    ASSERT_TRUE(multi) << multi.error().message;
    ASSERT_TRUE(multi->optimal);
    const auto want = brute_force(trips, depots, o);
    EXPECT_EQ(multi->plan.vehicles, want.first) << "round " << round;
    EXPECT_EQ(multi->plan.deadhead_m + multi->depot_m, want.second) << "round " << round;
    int from_north = 0;
    for (int d : multi->depot_of) from_north += d == 0;
    EXPECT_EQ(from_north, multi->per_depot[0]);
    if (depots[0].vehicles > 0) {
      EXPECT_LE(from_north, depots[0].vehicles);
    }
  }
}

TEST(MultiDepot, TooFewVehiclesAreRefused) {
  // Three trips at once need three buses; the depots hold two.
  std::vector<BlockTrip> trips{{0, 1, 21600, 23400}, {1, 2, 21600, 23400}, {2, 0, 21600, 23400}};
  auto depots = kDepots;
  depots[0].vehicles = 1;
  depots[1].vehicles = 1;
  auto r = solve_multi_depot(trips, kStops, depots, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().rule, "depot_capacity");
  depots[1].vehicles = 2;
  auto ok = solve_multi_depot(trips, kStops, depots, {});
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->plan.vehicles, 3);
  EXPECT_LE(ok->per_depot[0], 1);
}

}  // namespace
}  // namespace zt::transit::scheduling

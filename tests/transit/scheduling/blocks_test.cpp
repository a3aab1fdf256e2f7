// The block solver proved optimal against counts that do not use it: the deficit function
// (exact without deadheads), a brute force over every way to chain tiny instances, and
// timetables whose fleet is known by hand.
#include "transit/scheduling/blocks.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <random>

#include "transit/gtfs.hpp"

namespace zt::transit::scheduling {
namespace {

// Every trip in exactly one block, each block a chain the rules allow, the deadhead summed.
void expect_valid(const BlockPlan& p, const std::vector<BlockTrip>& trips,
                  const std::vector<StopPoint>& stops, const BlockOptions& o) {
  std::vector<int> seen(trips.size(), 0);
  std::int64_t metres = 0;
  ASSERT_EQ(int(p.blocks.size()), p.vehicles);
  for (std::size_t b = 0; b < p.blocks.size(); ++b) {
    ASSERT_FALSE(p.blocks[b].empty());
    for (std::size_t k = 0; k < p.blocks[b].size(); ++k) {
      const auto v = p.blocks[b][k];
      ++seen[v];
      EXPECT_EQ(p.block_of[v], int(b));
      if (k == 0) continue;
      const auto m = connection_metres(trips[p.blocks[b][k - 1]], trips[v], stops, o);
      ASSERT_GE(m, 0) << "block " << b << " joins trips that may not follow each other";
      metres += m;
    }
  }
  for (auto s : seen) EXPECT_EQ(s, 1);
  EXPECT_EQ(metres, p.deadhead_m);
}

TEST(Blocks, ShuttleNeedsTheCycleOverTheHeadway) {
  // A→B and B→A every 10 min from 06:00, 30 min each way, 10 min layover at each end: a
  // vehicle leaving A at 06:00 is ready at B for 06:40, so each end sends 06:00-06:30 before any
  // vehicle comes back: 4 + 4 = 8, which is also the most trips (with layover) at once.
  std::vector<StopPoint> stops{{34.77, 111.19}, {34.80, 111.22}};
  std::vector<BlockTrip> trips;
  for (int k = 0; k < 60; ++k) {
    const int t = 6 * 3600 + 600 * k;
    trips.push_back({0, 1, t, t + 1800});
    trips.push_back({1, 0, t, t + 1800});
  }
  BlockOptions o{.min_layover_s = 600};
  auto p = solve_blocks(trips, stops, o);
  EXPECT_EQ(p.vehicles, 8);
  EXPECT_EQ(p.deadhead_m, 0);
  expect_valid(p, trips, stops, o);
  EXPECT_EQ(deficit_fleet(trips, o), p.vehicles);
  EXPECT_EQ(max_overlap(trips, o), 8);
  // One more minute of layover misses the 06:40 and each end sends five.
  o.min_layover_s = 660;
  EXPECT_EQ(solve_blocks(trips, stops, o).vehicles, 10);
}

TEST(Blocks, ZeroDeadheadMeansTheSameStop) {
  // Trip 1 ends at stop 1; stop 2 is 30 m away, where trip 2 starts an hour later.
  std::vector<StopPoint> stops{{34.77, 111.19}, {34.78, 111.19}, {34.78027, 111.19}};
  std::vector<BlockTrip> trips{{0, 1, 6 * 3600, 7 * 3600}, {2, 0, 8 * 3600, 9 * 3600}};
  BlockOptions o;
  EXPECT_EQ(solve_blocks(trips, stops, o).vehicles, 2);
  o.max_deadhead_m = 20;
  EXPECT_EQ(solve_blocks(trips, stops, o).vehicles, 2);
  o.max_deadhead_m = 50;
  auto p = solve_blocks(trips, stops, o);
  EXPECT_EQ(p.vehicles, 1);
  EXPECT_EQ(p.deadhead_m, deadhead_metres(stops[1], stops[2]));
  EXPECT_NEAR(double(p.deadhead_m), 30, 1);
  // The empty run's time counts: at 1 km/h 30 m take 108 s, and the gap is 2 min.
  trips[1].departure = 7 * 3600 + 100;
  o.deadhead_speed_mps = 1 / 3.6;
  EXPECT_EQ(solve_blocks(trips, stops, o).vehicles, 2);
  trips[1].departure = 7 * 3600 + 120;
  EXPECT_EQ(solve_blocks(trips, stops, o).vehicles, 1);
}

TEST(Blocks, FewestVehiclesFirstThenLeastDeadhead) {
  // Two trips end at A and B at 07:00; two start at C (near A) and D (near B) at 08:00. Both
  // pairings use two vehicles; the crossed one runs empty further.
  std::vector<StopPoint> stops{
      {34.770, 111.190}, {34.770, 111.230}, {34.771, 111.190}, {34.771, 111.230}, {34.80, 111.2}};
  std::vector<BlockTrip> trips{{4, 0, 6 * 3600, 7 * 3600},
                               {4, 1, 6 * 3600, 7 * 3600},
                               {2, 4, 8 * 3600, 9 * 3600},
                               {3, 4, 8 * 3600, 9 * 3600}};
  BlockOptions o{.max_deadhead_m = 10000};
  auto p = solve_blocks(trips, stops, o);
  EXPECT_EQ(p.vehicles, 2);
  EXPECT_EQ(p.deadhead_m,
            deadhead_metres(stops[0], stops[2]) + deadhead_metres(stops[1], stops[3]));
  expect_valid(p, trips, stops, o);
}

// Random timetables over a few terminals, the way a network's routes meet at them.
std::vector<BlockTrip> random_trips(std::mt19937& rng, int n, int terminals) {
  std::uniform_int_distribution<int> stop(0, terminals - 1), start(5 * 3600, 22 * 3600),
      length(10 * 60, 90 * 60);
  std::vector<BlockTrip> trips;
  for (int i = 0; i < n; ++i) {
    BlockTrip t{std::uint32_t(stop(rng)), std::uint32_t(stop(rng)), start(rng), 0};
    t.arrival = t.departure + length(rng);
    trips.push_back(t);
  }
  return trips;
}

std::vector<StopPoint> random_stops(std::mt19937& rng, int n) {
  std::uniform_real_distribution<double> d(-0.02, 0.02);
  std::vector<StopPoint> stops;
  for (int i = 0; i < n; ++i) stops.push_back({34.77 + d(rng), 111.19 + d(rng)});
  return stops;
}

TEST(Blocks, WithoutDeadheadsTheFleetIsTheDeficitFunction) {
  std::mt19937 rng(20261201);
  for (int round = 0; round < 60; ++round) {
    const int terminals = 1 + round % 5;
    auto stops = random_stops(rng, terminals);
    auto trips = random_trips(rng, 20 + 7 * round, terminals);
    BlockOptions o{.min_layover_s = 60 * (round % 11)};
    auto p = solve_blocks(trips, stops, o);
    ASSERT_EQ(p.vehicles, deficit_fleet(trips, o)) << "round " << round;
    EXPECT_GE(p.vehicles, max_overlap(trips, o));
    EXPECT_EQ(p.deadhead_m, 0);
    expect_valid(p, trips, stops, o);
  }
}

// The best (vehicles, deadhead metres) over every chaining of the trips, by trying each trip in
// departure order as a new vehicle or after the last trip of each vehicle so far.
std::pair<int, std::int64_t> brute_force(const std::vector<BlockTrip>& trips,
                                         const std::vector<StopPoint>& stops,
                                         const BlockOptions& o) {
  std::vector<std::size_t> order(trips.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](auto a, auto b) {
    return std::pair(trips[a].departure, a) < std::pair(trips[b].departure, b);
  });
  // The rule from first principles, not from the solver's code.
  auto follows = [&](const BlockTrip& a, const BlockTrip& b) -> std::int64_t {
    std::int64_t m = 0;
    if (a.end_stop != b.start_stop) {
      if (o.max_deadhead_m <= 0) return -1;
      m = std::llround(haversine_m(stops[a.end_stop].lat, stops[a.end_stop].lon,
                                   stops[b.start_stop].lat, stops[b.start_stop].lon));
      if (double(m) > o.max_deadhead_m) return -1;
    }
    const int drive = m > 0 ? int(std::ceil(double(m) / o.deadhead_speed_mps)) : 0;
    return b.departure >= a.arrival + o.min_layover_s + drive && b.departure > a.departure ? m : -1;
  };
  std::pair<int, std::int64_t> best{std::numeric_limits<int>::max(), 0};
  std::vector<std::size_t> last;  // each vehicle's last trip
  std::function<void(std::size_t, std::int64_t)> go = [&](std::size_t k, std::int64_t metres) {
    if (k == order.size()) {
      best = std::min(best, {int(last.size()), metres});
      return;
    }
    const auto& t = trips[order[k]];
    // By index: the recursion grows `last`, which would move its elements under a reference.
    for (std::size_t i = 0; i < last.size(); ++i) {
      const auto m = follows(trips[last[i]], t);
      if (m < 0) continue;
      const auto keep = last[i];
      last[i] = order[k];
      go(k + 1, metres + m);
      last[i] = keep;
    }
    last.push_back(order[k]);
    go(k + 1, metres);
    last.pop_back();
  };
  go(0, 0);
  return best;
}

TEST(Blocks, WithDeadheadsOptimalAgainstBruteForce) {
  std::mt19937 rng(17);
  const double reach[] = {0, 800, 2000, 5000};
  for (int round = 0; round < 300; ++round) {
    auto stops = random_stops(rng, 5);
    auto trips = random_trips(rng, 3 + round % 6, 5);
    // Squeeze the day so that trips meet: all within four hours.
    for (auto& t : trips) {
      const int len = t.arrival - t.departure;
      t.departure = 6 * 3600 + (t.departure - 5 * 3600) / 5;
      t.arrival = t.departure + len / 2;
    }
    BlockOptions o{.min_layover_s = 60 * (round % 7), .max_deadhead_m = reach[round % 4]};
    auto p = solve_blocks(trips, stops, o);
    auto want = brute_force(trips, stops, o);
    ASSERT_EQ(p.vehicles, want.first) << "round " << round;
    ASSERT_EQ(p.deadhead_m, want.second) << "round " << round;
    expect_valid(p, trips, stops, o);
  }
}

TEST(Blocks, EmptyDayHasNoVehicles) {
  auto p = solve_blocks({}, {}, {});
  EXPECT_EQ(p.vehicles, 0);
  EXPECT_TRUE(p.blocks.empty());
}

}  // namespace
}  // namespace zt::transit::scheduling

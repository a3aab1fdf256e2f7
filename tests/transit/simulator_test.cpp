// The simulator: buses where the timetable (and their delay) puts them, matched to their trips,
// and the boards they make live; nothing at night.
#include "transit/simulator.hpp"
#include "transit/arrivals.hpp"

#include <cstdlib>

#include <gtest/gtest.h>

#include "transit/test_feeds.hpp"

namespace zt::transit {
namespace {

using fixtures::at;
using fixtures::line_feed;

TEST(Simulator, BusesWhereTheTimetablePutsThemAndBoardsGoLive) {
  auto n = Network::from_feed(line_feed());
  Simulator sim({.seed = 7, .gps_error_m = 8, .missed_ping_share = 0.0, .max_delay_s = 300});
  const auto now = at("2024-03-20", 8, 5);
  auto buses = sim.positions(*n, now);
  // Trips leave every 10 min and take 9 (+ their delay): one or two buses are out at a time.
  ASSERT_GE(buses.size(), 1u);
  ASSERT_LE(buses.size(), 3u);
  for (const auto& b : buses) {
    EXPECT_FALSE(implausible(b)) << b.vehicle_id;
    auto p = locate(*n, b);
    ASSERT_TRUE(p) << b.vehicle_id;
    EXPECT_LE(std::llabs(p->delay), 300 + 30);
  }
  auto board = arrivals_at(*n, "S3", now, buses);
  ASSERT_TRUE(board);
  bool live = false;
  for (const auto& a : board->arrivals) live |= a.live;
  EXPECT_TRUE(live);
  // Nothing runs at night.
  EXPECT_TRUE(sim.positions(*n, at("2024-03-20", 3, 0)).empty());
}

}  // namespace
}  // namespace zt::transit

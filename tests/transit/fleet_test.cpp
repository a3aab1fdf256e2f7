// The live fleet: boards from tracked buses, headway trips going live, and a snapshot that says
// nothing about another network.
#include "transit/fleet.hpp"
#include "transit/arrivals.hpp"

#include <vector>

#include <gtest/gtest.h>

#include "transit/test_feeds.hpp"

namespace zt::transit {
namespace {

using fixtures::at;
using fixtures::city;

TEST(LiveFleet, BoardsFromTrackedBusesAndHeadwayTripsGoLive) {
  auto f = city();
  // Route 1's first trip runs every 5 minutes 06:00-07:00 instead, not to a timetable.
  f.frequencies.push_back({0, 6 * 3600, 7 * 3600, 300, false});
  auto n = Network::from_feed(std::move(f));
  LiveFleet fleet;
  VehicleReport v;
  v.vehicle_id = "豫M-9";
  v.route_id = "R1";
  v.lat = 34.770;
  v.lon = 111.1865;  // a little past E2
  v.timestamp = at("2024-03-20", 6, 3, 30);
  std::vector<VehicleReport> fixes{v};
  fleet.observe(n, fixes);
  auto live = fleet.snapshot(v.timestamp, 600);
  ASSERT_EQ(live->trips.size(), 1u);
  auto board = arrivals_at(*n, "E4", v.timestamp, *live);
  ASSERT_TRUE(board);
  const Arrival* a = nullptr;
  for (const auto& x : board->arrivals)
    if (x.live) a = &x;
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(a->headway_based);
  EXPECT_EQ(a->stops_away, 1);  // E3 first
  // The rest of E2-E3 (120 s less the bit done), a 20 s dwell at E3 and E3-E4: about 4 min.
  EXPECT_NEAR(double(a->predicted - v.timestamp), 240, 40);
  // An older network's snapshot says nothing about a new one.
  auto other = Network::from_feed(city());
  auto b2 = arrivals_at(*other, "E4", v.timestamp, *live);
  ASSERT_TRUE(b2);
  for (const auto& x : b2->arrivals) EXPECT_FALSE(x.live);
}

}  // namespace
}  // namespace zt::transit

// Following buses: matching a fix to its trip with and without a trip id, projection that GPS
// noise cannot move backwards on a loop, stop visits near the truth, and vehicles forgotten.
#include "transit/tracker.hpp"
#include "transit/simulator.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "transit/test_feeds.hpp"

namespace zt::transit {
namespace {

using fixtures::at;
using fixtures::city;

TEST(Tracker, MatchesByPlaceAndTimeWithoutATripId) {
  auto n = Network::from_feed(city());
  Simulator sim({.seed = 5,
                 .gps_error_m = 8,
                 .missed_ping_share = 0.0,
                 .max_delay_s = 240,
                 .trip_ids = false});
  Tracker tracker(*n);
  std::vector<StopEvent> events;
  int fixes = 0, right = 0;
  for (auto t = at("2024-03-20", 8, 0); t < at("2024-03-20", 9, 0); t += 15)
    for (const auto& v : sim.positions(*n, t)) {
      ASSERT_TRUE(v.trip_id.empty());
      const auto& s = tracker.update(v, events);
      ++fixes;
      // The simulator names its bus after the trip it runs: SIM-<trip>.
      if (s.on && "SIM-" + n->feed().trips[s.on->trip.value].id == v.vehicle_id) ++right;
    }
  ASSERT_GT(fixes, 300);
  EXPECT_GT(double(right) / fixes, 0.95) << right << " of " << fixes;
  EXPECT_GT(events.size(), 30u);
}

TEST(Tracker, StopVisitsInOrderWithTimesNearTheTruth) {
  auto n = Network::from_feed(city());
  const auto& f = n->feed();
  // A bus on E12 (leaves 08:00), exactly on time, every 10 s, no noise, dwelling 20 s a stop.
  Simulator sim({.seed = 1, .gps_error_m = 0, .missed_ping_share = 0.0, .max_delay_s = 0});
  Tracker tracker(*n);
  std::vector<StopEvent> events;
  for (auto t = at("2024-03-20", 7, 59); t <= at("2024-03-20", 8, 10); t += 10)
    for (const auto& v : sim.positions(*n, t))
      if (v.trip_id == "E12") tracker.update(v, events);
  ASSERT_EQ(events.size(), 5u);
  for (std::uint32_t k = 0; k < 5; ++k) {
    EXPECT_EQ(events[k].index, k);
    EXPECT_EQ(f.trips[events[k].trip.value].id, "E12");
    const auto due = at("2024-03-20", 8, 0) + k * 120;
    if (k > 0) {
      EXPECT_NEAR(double(events[k].arrived), double(due), 25) << k;
    }
    if (k < 4) {
      EXPECT_NEAR(double(events[k].departed), double(due + (k ? 20 : 0)), 25) << k;
    }
  }
  EXPECT_EQ(events[0].arrived, 0);  // first seen at its terminal: arrival unknown
}

TEST(Tracker, LoopAndNoiseNeverSendTheBusBackwards) {
  auto n = Network::from_feed(city());
  Simulator sim({.seed = 3,
                 .gps_error_m = 15,
                 .missed_ping_share = 0.0,
                 .max_delay_s = 0});  // 15 m GPS error
  Tracker tracker(*n);
  std::vector<StopEvent> events;
  double last = -1;
  for (auto t = at("2024-03-20", 8, 0); t <= at("2024-03-20", 8, 11); t += 5)
    for (const auto& v : sim.positions(*n, t))
      if (v.trip_id == "L8") {  // leaves L1 at 08:00, back at L1 at 08:10
        const auto& s = tracker.update(v, events);
        if (!s.on) continue;
        EXPECT_GE(s.on->dist, last);
        last = s.on->dist;
      }
  // All five visits, the terminal's corner twice (first as stop 1, last as stop 5).
  std::vector<std::uint32_t> order;
  for (const auto& e : events) order.push_back(e.index);
  EXPECT_EQ(order, (std::vector<std::uint32_t>{0, 1, 2, 3, 4}));
}

TEST(Tracker, ATripIdWeDoNotKnowOrAFixFarAwayIsNotPlaced) {
  auto n = Network::from_feed(city());
  Tracker tracker(*n);
  std::vector<StopEvent> events;
  VehicleReport v;
  v.vehicle_id = "豫M-1";
  v.trip_id = "NOPE";
  v.lat = 34.770;
  v.lon = 111.186;
  v.timestamp = at("2024-03-20", 8, 3);
  EXPECT_FALSE(tracker.update(v, events).on);
  v.trip_id = "";
  v.vehicle_id = "豫M-2";
  v.lat = 34.9;  // 14 km north of any route
  EXPECT_FALSE(tracker.update(v, events).on);
  // On route 1 at 08:03 between E2 and E3: the trip that left at 08:00 fits best.
  v.vehicle_id = "豫M-3";
  v.lat = 34.770;
  v.lon = 111.189;
  const auto& s = tracker.update(v, events);
  ASSERT_TRUE(s.on);
  EXPECT_EQ(n->feed().trips[s.on->trip.value].id, "E12");
  EXPECT_FALSE(s.on->by_trip_id);
}

TEST(Tracker, VehiclesUnheardAreForgotten) {
  auto n = Network::from_feed(city());
  Tracker tracker(*n);
  std::vector<StopEvent> events;
  VehicleReport v;
  v.vehicle_id = "豫M-1";
  v.lat = 34.770;
  v.lon = 111.189;
  v.timestamp = at("2024-03-20", 8, 3);
  tracker.update(v, events);
  v.vehicle_id = "豫M-2";
  v.timestamp = at("2024-03-20", 9, 30);
  tracker.update(v, events);
  EXPECT_EQ(tracker.forget(at("2024-03-20", 8, 30)), std::vector<std::string>{"豫M-1"});
  EXPECT_EQ(tracker.vehicles().size(), 1u);
}

}  // namespace
}  // namespace zt::transit

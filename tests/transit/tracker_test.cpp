// Following buses: paths and stop distances (loops included), matching a fix to its trip with and
// without a trip id, projection that GPS noise cannot move backwards, stop visits, learned
// profiles with the Kalman blend, and replay with a learned history on congested roads.
#include "transit/tracker.hpp"
#include "transit/arrivals.hpp"
#include "transit/fleet.hpp"
#include "transit/replay.hpp"
#include "transit/simulator.hpp"

#include <cmath>
#include <string>

#include <gtest/gtest.h>

namespace zt::transit {
namespace {

std::int64_t at(const char* day, int h, int m, int s = 0) {
  return unix_seconds(shanghai_time(*parse_date(day), h, m, s));
}

// Two routes in Sanmenxia. Route 1 runs east along a street with five stops, a trip every 10 min.
// Route 2 is a loop: it leaves its terminal T, goes round a square and passes T's corner again
// (stop L5 shares the place of L1), every 15 min. Weekdays 06:00-22:00.
Feed city() {
  Feed f;
  f.agencies.push_back({"A", "三门峡公交", "http://example.cn", "Asia/Shanghai"});
  auto stop = [&](const std::string& id, const std::string& name, double lat, double lon) {
    f.stop_index[id] = std::uint32_t(f.stops.size());
    f.stops.push_back({id, "", name, "", lat, lon, 0});
  };
  for (int i = 0; i < 5; ++i)
    stop("E" + std::to_string(i + 1), "东站" + std::to_string(i + 1), 34.770, 111.180 + 0.006 * i);
  // The loop: a square of about 900 m a side north of route 1.
  stop("L1", "环线起点", 34.780, 111.180);
  stop("L2", "环线东北", 34.780, 111.190);
  stop("L3", "环线东南", 34.788, 111.190);
  stop("L4", "环线西南", 34.788, 111.180);
  f.routes.push_back({"R1", "A", "1", "东西线", "", 3, ""});
  f.routes.push_back({"R2", "A", "2", "环线", "", 3, ""});
  f.services.push_back({"WK", 0b0011111, *parse_date("2024-01-01"), *parse_date("2024-12-31")});
  // Route 2's shape goes round the square and ends back at L1's corner.
  auto& shape = f.shapes["loop"];
  const double corners[][2] = {{34.780, 111.180},
                               {34.780, 111.190},
                               {34.788, 111.190},
                               {34.788, 111.180},
                               {34.780, 111.180}};
  for (int i = 0; i < 5; ++i) shape.push_back({corners[i][0], corners[i][1], -1, i + 1});
  for (int t = 0; t < 96; ++t) {
    std::string id = "E" + std::to_string(t);
    f.trip_index[id] = std::uint32_t(f.trips.size());
    f.trips.push_back({id, "R1", "WK", "东站5", "", "", 0});
    for (int s = 0; s < 5; ++s) {
      int a = 6 * 3600 + t * 600 + s * 120;
      f.stop_times.push_back(
          {std::uint32_t(f.trips.size() - 1), std::uint32_t(s), s + 1, a, a + (s ? 20 : 0), -1});
    }
  }
  for (int t = 0; t < 64; ++t) {
    std::string id = "L" + std::to_string(t);
    f.trip_index[id] = std::uint32_t(f.trips.size());
    f.trips.push_back({id, "R2", "WK", "环线", "", "loop", 0});
    const std::uint32_t stops[] = {5, 6, 7, 8, 5};
    for (int s = 0; s < 5; ++s) {
      int a = 6 * 3600 + t * 900 + s * 150;
      f.stop_times.push_back({std::uint32_t(f.trips.size() - 1), stops[s], s + 1, a, a, -1});
    }
  }
  return f;
}

TEST(Geometry, StopsAlongPathsAndTheLoopsSecondPass) {
  auto n = Network::from_feed(city());
  const auto& g = n->geometry();
  const auto& loop = g.pattern(g.pattern_of(n->feed().trip_index.at("L0")));
  ASSERT_EQ(loop.stop_dist.size(), 5u);
  // Each stop further along than the one before; the last (same place as the first) at the end.
  for (std::size_t i = 1; i < 5; ++i) EXPECT_GT(loop.stop_dist[i], loop.stop_dist[i - 1] + 500);
  EXPECT_NEAR(loop.stop_dist[4], g.path(loop.path).length(), 5);
  EXPECT_NEAR(loop.stop_dist[0], 0, 5);
  // The terminal's corner is two passes of the loop's path.
  auto [x, y] = g.to_plane(34.780, 111.1801);
  std::vector<Pass> passes;
  g.near(x, y, 50, nullptr, passes);
  int loop_passes = 0;
  for (const auto& p : passes) loop_passes += p.path == loop.path;
  EXPECT_EQ(loop_passes, 2);
  // Every trip of route 1 shares one pattern.
  EXPECT_EQ(g.pattern_of(n->feed().trip_index.at("E0")),
            g.pattern_of(n->feed().trip_index.at("E7")));
}

TEST(Tracker, MatchesByPlaceAndTimeWithoutATripId) {
  auto n = Network::from_feed(city());
  Simulator sim({5, 8, 0.0, 240, 0.0, false});
  Tracker tracker(*n);
  std::vector<StopEvent> events;
  int fixes = 0, right = 0;
  for (auto t = at("2024-03-20", 8, 0); t < at("2024-03-20", 9, 0); t += 15)
    for (const auto& v : sim.positions(*n, t)) {
      ASSERT_TRUE(v.trip_id.empty());
      const auto& s = tracker.update(v, events);
      ++fixes;
      // The simulator names its bus after the trip it runs: SIM-<trip>.
      if (s.on && "SIM-" + n->feed().trips[s.on->trip].id == v.vehicle_id) ++right;
    }
  ASSERT_GT(fixes, 300);
  EXPECT_GT(double(right) / fixes, 0.95) << right << " of " << fixes;
  EXPECT_GT(events.size(), 30u);
}

TEST(Tracker, StopVisitsInOrderWithTimesNearTheTruth) {
  auto n = Network::from_feed(city());
  const auto& f = n->feed();
  // A bus on E12 (leaves 08:00), exactly on time, every 10 s, no noise, dwelling 20 s a stop.
  Simulator sim({1, 0, 0.0, 0, 0.0, true});
  Tracker tracker(*n);
  std::vector<StopEvent> events;
  for (auto t = at("2024-03-20", 7, 59); t <= at("2024-03-20", 8, 10); t += 10)
    for (const auto& v : sim.positions(*n, t))
      if (v.trip_id == "E12") tracker.update(v, events);
  ASSERT_EQ(events.size(), 5u);
  for (std::uint32_t k = 0; k < 5; ++k) {
    EXPECT_EQ(events[k].index, k);
    EXPECT_EQ(f.trips[events[k].trip].id, "E12");
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
  Simulator sim({3, 15, 0.0, 0, 0.0, true});  // 15 m GPS error
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
  EXPECT_EQ(n->feed().trips[s.on->trip].id, "E12");
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

TEST(Profiles, KalmanBlendFollowsTheLastBusesAndFadesToHistory) {
  Profiles p;
  // History: 120 s on the segment at 8 o'clock on weekdays.
  for (int i = 0; i < 10; ++i) p.add_segment(1, 2, DayType::kWeekday, 8, 120 + (i % 3), 0, false);
  auto h = p.segment(1, 2, DayType::kWeekday, 8, 100, 1000);
  EXPECT_EQ(h.source, Estimate::Source::kHistory);
  EXPECT_NEAR(h.seconds, 121, 1);
  // Saturday has no history: the timetable's 100 s.
  EXPECT_EQ(p.segment(1, 2, DayType::kSaturday, 8, 100, 1000).source, Estimate::Source::kSchedule);
  // Today the last two buses took 200 s: the estimate moves most of the way there.
  p.add_segment(1, 2, DayType::kWeekday, 8, 200, 1000, true);
  p.add_segment(1, 2, DayType::kWeekday, 8, 200, 1100, true);
  auto now = p.segment(1, 2, DayType::kWeekday, 8, 100, 1100);
  EXPECT_EQ(now.source, Estimate::Source::kBlend);
  EXPECT_GT(now.seconds, 180);
  EXPECT_LT(now.seconds, 200);
  // An hour and a half later that news is old: back to the history (which now holds them too).
  auto later = p.segment(1, 2, DayType::kWeekday, 8, 100, 1100 + 5400);
  EXPECT_EQ(later.source, Estimate::Source::kHistory);
  EXPECT_LT(later.seconds, 140);
  // Dwell: history when there is enough, else the timetable's.
  for (int i = 0; i < 3; ++i) p.add_dwell(2, DayType::kWeekday, 8, 30);
  EXPECT_NEAR(p.dwell(2, DayType::kWeekday, 8, 0), 30, 0.01);
  EXPECT_EQ(p.dwell(2, DayType::kWeekday, 15, 5), 5);
}

TEST(DayTypes, ChinasCalendarMakesHolidaysSundays) {
  auto cal = Calendar::official();
  ASSERT_TRUE(cal) << cal.error().message;
  EXPECT_EQ(day_type(*parse_date("2024-10-02"), &*cal), DayType::kSunday);   // 国庆 Wednesday
  EXPECT_EQ(day_type(*parse_date("2024-10-12"), &*cal), DayType::kWeekday);  // make-up Saturday
  EXPECT_EQ(day_type(*parse_date("2024-10-12"), nullptr), DayType::kSaturday);
  EXPECT_EQ(day_type(*parse_date("2024-03-20"), nullptr), DayType::kWeekday);
}

TEST(Replay, LearnedHistoryBeatsCarryingTheDelayOnCongestedRoads) {
  auto n = Network::from_feed(city());
  // Congested segments at the morning peak, the same every day; the buses carry no trip ids.
  SimulatorOptions o{9, 6, 0.02, 120, 0.8, false};
  Simulator sim(o);
  std::vector<VehicleReport> monday, tuesday;
  for (auto t = at("2024-03-18", 6, 30); t < at("2024-03-18", 10, 0); t += 20)
    for (auto& v : sim.positions(*n, t)) monday.push_back(std::move(v));
  for (auto t = at("2024-03-19", 6, 30); t < at("2024-03-19", 10, 0); t += 20)
    for (auto& v : sim.positions(*n, t)) tuesday.push_back(std::move(v));
  auto cold = replay(n, tuesday, nullptr);
  auto warm = replay(n, tuesday, nullptr, monday);
  EXPECT_GT(warm.history_observations, 80u);
  EXPECT_GT(warm.observed_arrivals, 100u);
  EXPECT_EQ(warm.predictions, cold.predictions);
  // Errors are seconds on this small network, so compare them rather than the hit rates.
  EXPECT_LT(warm.ours.mae(), cold.ours.mae());
  EXPECT_LT(warm.ours.mae(), warm.schedule_only.mae());
  EXPECT_LT(warm.ours.mae(), warm.last_vehicle.mae());
}

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

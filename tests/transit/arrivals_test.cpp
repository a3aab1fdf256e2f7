// Stop boards: the next hour of the timetable at a stop, live predictions from a bus on the trip,
// a bus that just left, headway-based service, and an expired feed shown on a typical day.
#include "transit/arrivals.hpp"
#include "transit/coverage_log.hpp"
#include "transit/replay.hpp"
#include "transit/simulator.hpp"

#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace zt::transit {
namespace {

// Route 1 with four stops, a weekday trip every 10 minutes from 06:00 to 22:00 (Asia/Shanghai).
Feed line_feed() {
  Feed f;
  f.agencies.push_back({"A", "三门峡公交", "http://example.cn", "Asia/Shanghai"});
  const char* names[] = {"火车站", "市政府", "黄河公园", "陕州公园"};
  for (int i = 0; i < 4; ++i) {
    f.stop_index["S" + std::to_string(i + 1)] = std::uint32_t(i);
    f.stops.push_back(
        {"S" + std::to_string(i + 1), "", names[i], "", 34.77 + 0.003 * i, 111.19 + 0.005 * i, 0});
  }
  f.routes.push_back({"R1", "A", "1", "火车站—陕州公园", "", 3, ""});
  f.services.push_back({"WK", 0b0011111, *parse_date("2024-01-01"), *parse_date("2024-12-31")});
  for (int t = 0; t < 97; ++t) {
    std::string id = "T" + std::to_string(t);
    f.trip_index[id] = std::uint32_t(f.trips.size());
    f.trips.push_back({id, "R1", "WK", "陕州公园", "", "", 0});
    for (int s = 0; s < 4; ++s) {
      int at = 6 * 3600 + t * 600 + s * 180;
      f.stop_times.push_back({std::uint32_t(t), std::uint32_t(s), s + 1, at, at, -1, true, false});
    }
  }
  return f;
}

const std::vector<VehicleReport> kNoBuses;

std::int64_t at(const char* day, int h, int m) {
  return unix_seconds(shanghai_time(*parse_date(day), h, m, 0));
}

TEST(Arrivals, ScheduleOnlyWithoutBuses) {
  auto n = Network::from_feed(line_feed());
  // Wednesday 2024-03-20 08:01 at 市政府 (3 min after each departure from 火车站).
  auto b = arrivals_at(*n, "S2", at("2024-03-20", 8, 1), kNoBuses);
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(b->stop_name, "市政府");
  EXPECT_FALSE(b->stale_timetable);
  ASSERT_FALSE(b->arrivals.empty());
  EXPECT_EQ(b->arrivals[0].scheduled, at("2024-03-20", 8, 3));
  EXPECT_FALSE(b->arrivals[0].live);
  EXPECT_EQ(b->arrivals.size(), 6u);  // 08:03 … 08:53 within the hour
  auto sunday = arrivals_at(*n, "S2", at("2024-03-24", 8, 1), kNoBuses);
  EXPECT_TRUE(sunday->arrivals.empty());
  EXPECT_FALSE(arrivals_at(*n, "S9", at("2024-03-20", 8, 1), kNoBuses));
  // The last stop of a trip is nobody's boarding point.
  EXPECT_TRUE(arrivals_at(*n, "S4", at("2024-03-20", 8, 1), kNoBuses)->arrivals.empty());
}

TEST(Arrivals, LiveBusCarriesItsDelayAndJustLeftIsShown) {
  auto n = Network::from_feed(line_feed());
  // Trip T12 leaves 火车站 at 08:00; at 08:05 its bus is at 市政府, due there 08:03: 2 min late.
  VehicleReport bus;
  bus.vehicle_id = "豫M-1208";
  bus.trip_id = "T12";
  bus.lat = 34.773;
  bus.lon = 111.195;
  bus.timestamp = at("2024-03-20", 8, 5);
  auto p = locate(*n, bus);
  ASSERT_TRUE(p);
  EXPECT_NEAR(double(p->delay), 120, 1);
  auto b = arrivals_at(*n, "S3", at("2024-03-20", 8, 5), {bus});
  ASSERT_TRUE(b);
  const Arrival* live = nullptr;
  for (const auto& a : b->arrivals)
    if (a.trip_id == "T12") live = &a;
  ASSERT_NE(live, nullptr);
  EXPECT_TRUE(live->live);
  EXPECT_EQ(live->predicted, at("2024-03-20", 8, 8));  // due 08:06, 2 min late
  EXPECT_EQ(live->stops_away, 1);  // it is at 市政府, one stop before 黄河公园
  // At 市政府 itself the bus is leaving: shown first, as just left.
  bus.lat = 34.7745;
  bus.lon = 111.1975;  // halfway to 黄河公园
  bus.timestamp = at("2024-03-20", 8, 6);
  auto left = arrivals_at(*n, "S2", at("2024-03-20", 8, 6), {bus});
  ASSERT_TRUE(left);
  ASSERT_FALSE(left->arrivals.empty());
  EXPECT_TRUE(left->arrivals[0].departed);
  EXPECT_EQ(left->arrivals[0].to_json(at("2024-03-20", 8, 6))["status"], "已离站");
  // A bus far from its trip gives no prediction rather than a wrong one.
  bus.lat = 35.5;
  EXPECT_FALSE(locate(*n, bus));
}

TEST(Arrivals, HeadwayServiceAndExpiredFeed) {
  auto f = line_feed();
  f.frequencies.push_back({0, 6 * 3600, 7 * 3600, 300, false});  // T0 every 5 min, 06:00-07:00
  auto n = Network::from_feed(std::move(f));
  auto b = arrivals_at(*n, "S1", at("2024-03-20", 6, 1), kNoBuses, 60, 50);
  ASSERT_TRUE(b);
  int headway = 0;
  for (const auto& a : b->arrivals) headway += a.headway_based;
  EXPECT_GE(headway, 10);
  // 2026: past the feed's end; Wednesdays show the feed's last Wednesday.
  auto late = arrivals_at(*n, "S2", at("2026-11-25", 8, 1), kNoBuses);
  ASSERT_TRUE(late);
  EXPECT_TRUE(late->stale_timetable);
  EXPECT_EQ(late->timetable_date, "2024-12-25");
  EXPECT_FALSE(late->arrivals.empty());
  // A Saturday in 2026, no weekend service: the feed's last service day stands in.
  auto saturday = arrivals_at(*n, "S2", at("2026-11-28", 8, 1), kNoBuses);
  EXPECT_EQ(saturday->timetable_date, "2024-12-31");
  EXPECT_FALSE(saturday->arrivals.empty());
}

TEST(Arrivals, PortoAlegreBusiestStopOnAWeekdayMorning) {
  auto feed = load_feed(std::string(ZT_DATA_DIR) + "/gtfs/porto-alegre-eptc-2019.zip");
  ASSERT_TRUE(feed) << feed.error().message;
  auto n = Network::from_feed(std::move(*feed));
  // Monday 2019-07-15, 12:00 in Porto Alegre (UTC-3); the sample feed runs 11:20-17:50.
  const std::int64_t now = 1563202800;
  EXPECT_EQ(format_date(n->local_date(now)), "2019-07-15");
  auto b = arrivals_at(*n, "5562", now, kNoBuses);
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(b->arrivals.size(), 12u);
  EXPECT_FALSE(b->stale_timetable);
}

TEST(Simulator, BusesWhereTheTimetablePutsThemAndBoardsGoLive) {
  auto n = Network::from_feed(line_feed());
  Simulator sim({7, 8, 0.0, 300});
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

TEST(Arrivals, TripUpdatesCarryTheDelayAheadAndRoundTrip) {
  auto n = Network::from_feed(line_feed());
  VehicleReport bus;
  bus.vehicle_id = "豫M-1208";
  bus.trip_id = "T12";
  bus.lat = 34.773;
  bus.lon = 111.195;
  bus.timestamp = at("2024-03-20", 8, 5);
  auto updates = trip_updates(*n, {bus});
  ASSERT_EQ(updates.size(), 1u);
  EXPECT_EQ(updates[0].start_date, "20240320");
  ASSERT_EQ(updates[0].stops.size(), 3u);  // 市政府 (where it is), 黄河公园, 陕州公园
  EXPECT_EQ(updates[0].stops[1].stop_id, "S3");
  EXPECT_EQ(*updates[0].stops[1].arrival_time, at("2024-03-20", 8, 8));
  EXPECT_EQ(*updates[0].stops[1].arrival_delay, 120);
  auto back = decode_feed(
      encode_trip_updates(updates, Instant{std::chrono::seconds{bus.timestamp}}), "ours");
  ASSERT_TRUE(back) << back.error().message;
  ASSERT_EQ(back->trip_updates.size(), 1u);
  EXPECT_EQ(back->trip_updates[0].stops.size(), 3u);
  EXPECT_EQ(*back->trip_updates[0].stops[2].arrival_time, at("2024-03-20", 8, 11));
}

TEST(Arrivals, TripUpdatesAreOnePerRunHoweverManyBusesClaimIt) {
  auto n = Network::from_feed(line_feed());
  std::vector<VehicleReport> buses;
  for (int i = 0; i < 100; ++i) {
    VehicleReport bus;
    bus.vehicle_id = "BOGUS-" + std::to_string(i);
    bus.trip_id = "T12";
    const bool ahead = i == 7;  // one of them further along, towards 黄河公园
    bus.lat = ahead ? 34.7742 : 34.773;
    bus.lon = ahead ? 111.197 : 111.195;
    bus.timestamp = at("2024-03-20", 8, 5);
    buses.push_back(bus);
  }
  auto updates = trip_updates(*n, buses);
  ASSERT_EQ(updates.size(), 1u);
  EXPECT_EQ(updates[0].vehicle_id, "BOGUS-7");
}

TEST(Arrivals, TripUpdatesNameTheRunOfAFrequencyBasedTrip) {
  auto f = line_feed();
  f.frequencies.push_back({0, 6 * 3600, 7 * 3600, 300, false});  // T0 every 5 min, 06:00-07:00
  auto n = Network::from_feed(std::move(f));
  // 06:08: one bus at 市政府 (the 06:05 run), one at 黄河公园 (the 06:00 run), both on T0.
  VehicleReport a, b;
  a.vehicle_id = "A";
  b.vehicle_id = "B";
  a.trip_id = b.trip_id = "T0";
  a.lat = 34.773;
  a.lon = 111.195;
  b.lat = 34.776;
  b.lon = 111.20;
  a.timestamp = b.timestamp = at("2024-03-20", 6, 8);
  auto updates = trip_updates(*n, {a, b});
  ASSERT_EQ(updates.size(), 2u);
  std::set<std::string> runs;
  for (const auto& u : updates) {
    EXPECT_EQ(u.trip_id, "T0");
    runs.insert(u.vehicle_id + " " + u.start_time);
  }
  EXPECT_EQ(runs, (std::set<std::string>{"A 06:05:00", "B 06:00:00"}));
  // Each run is its own entity, and the start time survives the round trip.
  auto bytes = encode_trip_updates(updates, Instant{std::chrono::seconds{a.timestamp}});
  auto back = decode_feed(bytes, "ours");
  ASSERT_TRUE(back) << back.error().message;
  ASSERT_EQ(back->trip_updates.size(), 2u);
  EXPECT_NE(back->trip_updates[0].start_time, back->trip_updates[1].start_time);
  auto js = trip_updates_json(updates, Instant{std::chrono::seconds{a.timestamp}});
  EXPECT_NE(js["entity"][0]["id"], js["entity"][1]["id"]);
  EXPECT_EQ(format_gtfs_time(90600), "25:10:00");
}

TEST(Replay, BeatsTheTimetableOnSimulatedGroundTruth) {
  auto n = Network::from_feed(line_feed());
  Simulator sim({11, 5, 0.0, 420});
  std::vector<VehicleReport> fixes;
  for (auto t = at("2024-03-20", 7, 0); t < at("2024-03-20", 9, 0); t += 20)
    for (auto& v : sim.positions(*n, t)) fixes.push_back(std::move(v));
  ASSERT_GT(fixes.size(), 200u);
  std::ostringstream csv;
  auto r = replay(n, fixes, &csv);
  EXPECT_GT(r.observed_arrivals, 20u);
  EXPECT_GT(r.predictions, 100u);
  EXPECT_TRUE(csv.str().starts_with("issued_at,trip_id,stop_id,stop_sequence,predicted_arrival\n"));
  // Delays grow along each trip: carrying the current delay forward beats the timetable.
  EXPECT_GT(r.ours.score(), r.schedule_only.score());
  EXPECT_GT(r.ours.score(), 0.6);
  // The last-vehicle baseline scores the same predictions (falling back to the timetable where no
  // earlier bus ran the segment); the simulator's buses share one delay profile, so it beats the
  // timetable here too.
  for (std::size_t i = 0; i < r.ours.buckets.size(); ++i)
    EXPECT_EQ(r.last_vehicle.buckets[i].n, r.ours.buckets[i].n);
  EXPECT_GT(r.last_vehicle.score(), r.schedule_only.score());
  EXPECT_TRUE(r.to_json().contains("last_vehicle"));
}

TEST(Coverage, LogSumsStopMinutesOverTheLastHour) {
  CoverageLog log;
  const std::int64_t t0 = 1710900000;  // a minute boundary
  log.record(t0, {10, 5});
  log.record(t0 + 30, {10, 8});  // same minute: the later sample wins
  log.record(t0 + 60, {20, 20});
  log.record(t0 - 3600, {100, 0});  // more than an hour before t0 + 60
  auto w = log.window(t0 + 60);
  EXPECT_EQ(w.samples, 2);
  EXPECT_EQ(w.sum.stops_served, 30);
  EXPECT_EQ(w.sum.stops_predicted, 28);
  EXPECT_EQ(log.window(t0 + 10 * 3600).samples, 0);
}

TEST(Coverage, ShareOfServedStopsWithALivePrediction) {
  auto n = Network::from_feed(line_feed());
  const auto now = at("2024-03-20", 8, 5);
  auto none = forecast_coverage(*n, kNoBuses, now);
  EXPECT_EQ(none.stops_served, 3);  // the last stop is nobody's boarding point
  EXPECT_EQ(none.stops_predicted, 0);
  Simulator sim({7, 8, 0.0, 300});
  // One fix per bus is one update: not yet a live prediction by Cal-ITP's definition.
  EXPECT_EQ(forecast_coverage(*n, sim.positions(*n, now), now).stops_predicted, 0);
  auto fixes = sim.positions(*n, now - 20);
  for (auto& v : sim.positions(*n, now)) fixes.push_back(std::move(v));
  auto all = forecast_coverage(*n, fixes, now);
  // The buses out predict the stops ahead of them; 火车站's next departures have no bus yet.
  EXPECT_GE(all.stops_predicted, 1);
  EXPECT_LT(all.stops_predicted, all.stops_served);
  // Two updates, but the earlier more than a minute ago: not available.
  fixes = sim.positions(*n, now - 90);
  for (auto& v : sim.positions(*n, now)) fixes.push_back(std::move(v));
  EXPECT_EQ(forecast_coverage(*n, fixes, now).stops_predicted, 0);
  EXPECT_EQ(forecast_coverage(*n, kNoBuses, at("2024-03-20", 3, 0)).share(), 1.0);  // nothing due
}

TEST(Arrivals, NearestStops) {
  auto n = Network::from_feed(line_feed());
  auto near = nearest_stops(*n, 34.7731, 111.1951, 2);
  ASSERT_EQ(near.size(), 2u);
  EXPECT_EQ(near[0].first->name, "市政府");
  EXPECT_LT(near[0].second, 20);
}

}  // namespace
}  // namespace zt::transit

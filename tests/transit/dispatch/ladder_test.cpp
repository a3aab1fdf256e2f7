// The route ladder and the terminal departure board on a hand-built street: route 9 runs six
// stops a kilometre apart, out (direction 0) and back (direction 1), a trip every 5 minutes each
// way, each bus's out and back trips on one block, plus one short turn over the first four stops.
#include "transit/dispatch/ladder.hpp"
#include "transit/dispatch/terminal_board.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "transit/arrivals.hpp"
#include "transit/test_feeds.hpp"

namespace zt::transit::dispatch {
namespace {

using fixtures::at;

constexpr double kLat = 34.77, kLon0 = 111.18, kStep = 0.011;  // about 1 km between stops

Feed street(bool direction_ids = true, bool blocks = true) {
  Feed f;
  f.agencies.push_back({"A", "三门峡公交", "http://example.cn", "Asia/Shanghai"});
  for (int i = 0; i < 6; ++i) {
    f.stop_index["S" + std::to_string(i)] = std::uint32_t(i);
    f.stops.push_back({"S" + std::to_string(i), "", "第" + std::to_string(i) + "站", "", kLat,
                       kLon0 + kStep * i, 0});
  }
  f.routes.push_back({"R9", "A", "9", "东西线", "", 3, ""});
  f.services.push_back({"WK", 0b0011111, *parse_date("2024-01-01"), *parse_date("2024-12-31")});
  auto trip = [&](const std::string& id, int direction, const std::string& block, int start,
                  std::vector<std::uint32_t> stops) {
    const auto t = std::uint32_t(f.trips.size());
    f.trip_index[id] = t;
    f.trips.push_back(
        {id, "R9", "WK", "", blocks ? block : "", "", direction_ids ? direction : -1});
    for (std::size_t s = 0; s < stops.size(); ++s) {
      const int a = start + int(s) * 120;
      f.stop_times.push_back({t, stops[s], int(s) + 1, a, a, -1});
    }
  };
  for (int k = 0; k < 40; ++k) {
    trip("D0-" + std::to_string(k), 0, "B" + std::to_string(k), 6 * 3600 + k * 300,
         {0, 1, 2, 3, 4, 5});
    trip("D1-" + std::to_string(k), 1, "B" + std::to_string(k), 6 * 3600 + 12 * 60 + k * 300,
         {5, 4, 3, 2, 1, 0});
  }
  trip("ST", 0, "", 6 * 3600 + 58 * 60, {0, 1, 2, 3});  // a short turn to S3
  return f;
}

const std::int64_t kNow = at("2024-03-20", 7, 0);  // a Wednesday

// A bus on `trip` at `x` stops along the street from S0.
VehicleReport bus(const std::string& id, const std::string& trip, double x) {
  VehicleReport v;
  v.vehicle_id = id;
  v.label = "豫M" + id;
  v.trip_id = trip;
  v.route_id = "R9";
  v.lat = kLat;
  v.lon = kLon0 + kStep * x;
  v.timestamp = kNow;
  return v;
}

std::vector<VehicleReport> fleet() {
  return {bus("V1", "D0-11", 2.5), bus("V2", "D0-12", 2.2), bus("V3", "D0-10", 4.6),
          bus("V4", "ST", 1.5), bus("V5", "D1-9", 3.5)};
}

const LadderVehicle& find(const LadderDirection& d, const std::string& id) {
  for (const auto& v : d.vehicles)
    if (v.p->vehicle.vehicle_id == id) return v;
  ADD_FAILURE() << id << " is not on the ladder";
  return d.vehicles.front();
}

TEST(Ladder, EachDirectionIsOneLineOfItsStopsWithTheShortTurnPlacedOnIt) {
  for (bool ids : {true, false}) {
    auto n = Network::from_feed(street(ids));
    auto lines = Lines::build(*n);
    const auto& mine = lines->of_route("R9");
    ASSERT_EQ(mine.size(), 2u) << (ids ? "with" : "without") << " direction ids";
    const Line& out = lines->line(mine[0]);
    const Line& back = lines->line(mine[1]);
    EXPECT_EQ(out.direction, 0);
    EXPECT_EQ(back.direction, 1);
    ASSERT_EQ(out.stops.size(), 6u);
    EXPECT_EQ(n->stop(out.stops.front()).id, "S0");
    EXPECT_EQ(n->stop(back.stops.front()).id, "S5");
    EXPECT_EQ(out.trips, 41u);  // the short turn is one of them
    EXPECT_NEAR(out.dist[1], 1006, 10);
    EXPECT_NEAR(out.length(), 5 * out.dist[1], 5);
    EXPECT_TRUE(lines->of_route("R404").empty());
  }
}

TEST(Ladder, BusesInOrderByDistanceWithHeadwaysToTheirLeaders) {
  auto n = Network::from_feed(street());
  auto lines = Lines::build(*n);
  auto live = track_once(*n, fleet());
  ASSERT_EQ(live->trips.size(), 5u);
  auto l = ladder(*n, *lines, *live, "R9");
  ASSERT_EQ(l.directions.size(), 2u);
  const auto& out = l.directions[0];
  const auto& step = lines->line(out.line).dist[1];
  ASSERT_EQ(out.vehicles.size(), 4u);
  // Furthest along first; the short turn among them where it is on the street.
  std::vector<std::string> order;
  for (const auto& v : out.vehicles) order.push_back(v.p->vehicle.vehicle_id);
  EXPECT_EQ(order, (std::vector<std::string>{"V3", "V1", "V2", "V4"}));
  EXPECT_NEAR(find(out, "V3").dist, 4.6 * step, 15);
  EXPECT_NEAR(find(out, "V1").dist, 2.5 * step, 15);
  EXPECT_NEAR(find(out, "V4").dist, 1.5 * step, 15);
  EXPECT_EQ(find(out, "V1").next_stop, 3u);
  EXPECT_EQ(find(out, "V4").next_stop, 2u);

  // The first bus has no leader.
  EXPECT_EQ(find(out, "V3").leader, "");
  EXPECT_FALSE(find(out, "V3").headway);
  // V1 reaches S5 at +300 s, V3 at +48 s; five minutes apart in the timetable.
  const auto& v1 = find(out, "V1");
  EXPECT_EQ(v1.leader, "V3");
  ASSERT_TRUE(v1.headway && v1.scheduled);
  EXPECT_NEAR(double(*v1.headway), 252, 15);
  EXPECT_EQ(*v1.scheduled, 300);
  EXPECT_EQ(v1.spacing, HeadwayState::kNormal);
  // V2, five minutes behind V1 in the timetable, is 36 s behind it at S3: bunched (and early).
  const auto& v2 = find(out, "V2");
  EXPECT_EQ(v2.leader, "V1");
  ASSERT_TRUE(v2.headway);
  EXPECT_NEAR(double(*v2.headway), 36, 15);
  EXPECT_EQ(*v2.scheduled, 300);
  EXPECT_EQ(v2.spacing, HeadwayState::kBunched);
  EXPECT_EQ(v2.schedule, ScheduleState::kEarly);
  // The short turn leaves before V2 in the timetable: a headway, but none scheduled.
  const auto& v4 = find(out, "V4");
  EXPECT_EQ(v4.leader, "V2");
  ASSERT_TRUE(v4.headway);
  EXPECT_NEAR(double(*v4.headway), 84, 15);
  EXPECT_FALSE(v4.scheduled);
  EXPECT_EQ(v4.spacing, HeadwayState::kUnknown);
  EXPECT_TRUE(out.headway_based);  // every 5 minutes

  const auto& back = l.directions[1];
  ASSERT_EQ(back.vehicles.size(), 1u);
  EXPECT_EQ(back.vehicles[0].p->vehicle.vehicle_id, "V5");
  EXPECT_NEAR(back.vehicles[0].dist, 1.5 * step, 15);  // from S5, westwards

  // All routes at once, and nothing from a snapshot of another network.
  EXPECT_EQ(ladder(*n, *lines, *live, "").directions.size(), 2u);
  EXPECT_TRUE(ladder(*n, *lines, *live, "R404").directions.empty());
  auto other = Network::from_feed(street());
  auto none = ladder(*other, *Lines::build(*other), *live, "R9");
  ASSERT_EQ(none.directions.size(), 2u);
  EXPECT_TRUE(none.directions[0].vehicles.empty());
}

TEST(Ladder, ScheduleAndHeadwayBands) {
  LadderOptions o;
  EXPECT_EQ(schedule_state(0, o), ScheduleState::kOnTime);
  EXPECT_EQ(schedule_state(121, o), ScheduleState::kLate);
  EXPECT_EQ(schedule_state(301, o), ScheduleState::kVeryLate);
  EXPECT_EQ(schedule_state(-121, o), ScheduleState::kEarly);
  EXPECT_EQ(headway_state(150, 300, o), HeadwayState::kBunched);  // 50 % is bunched
  EXPECT_EQ(headway_state(151, 300, o), HeadwayState::kNormal);
  EXPECT_EQ(headway_state(450, 300, o), HeadwayState::kGapped);   // 150 % is a gap
  EXPECT_EQ(headway_state(-20, 300, o), HeadwayState::kBunched);  // overtaking
  EXPECT_EQ(headway_state(300, std::nullopt, o), HeadwayState::kUnknown);
  EXPECT_EQ(schedule_code(ScheduleState::kVeryLate), "very_late");
  EXPECT_EQ(headway_code(HeadwayState::kGapped), "gapped");
}

TEST(TerminalBoard, NextDeparturesWithTheBusOfTheBlockOrTheBusComingBack) {
  for (bool blocks : {true, false}) {
    auto n = Network::from_feed(street(true, blocks));
    auto live = track_once(*n, fleet());
    auto board = terminal_board(*n, *live, "S5", kNow, 1800, 8);
    ASSERT_TRUE(board);
    // D1-9 (06:57) has gone with V5 on it; D1-10 at 07:02 up to D1-15 at 07:27 are to come.
    ASSERT_EQ(board->departures.size(), 7u);
    std::vector<std::string> trips, buses;
    for (const auto& d : board->departures) {
      trips.push_back(n->trip(d.trip).id);
      buses.push_back(d.vehicle ? d.vehicle->vehicle.vehicle_id : "");
    }
    EXPECT_EQ(trips, (std::vector<std::string>{"D1-9", "D1-10", "D1-11", "D1-12", "D1-13", "D1-14",
                                               "D1-15"}));
    // The bus running each one's out trip, by block or by order of coming back to S5.
    EXPECT_EQ(buses, (std::vector<std::string>{"V5", "V3", "V1", "V2", "", "", ""}));
    EXPECT_EQ(board->departures[0].how, Assigned::kOnTrip);
    EXPECT_TRUE(board->departures[0].departed);
    const auto& first = board->departures[1];
    EXPECT_EQ(first.how, blocks ? Assigned::kBlock : Assigned::kReturning);
    EXPECT_EQ(first.planned, at("2024-03-20", 7, 2));
    ASSERT_TRUE(first.ready);
    EXPECT_NEAR(double(*first.ready - kNow), 48, 15);
  }
  auto n = Network::from_feed(street());
  auto live = track_once(*n, fleet());
  // The terminal a bus waits at for its own trip: on the trip already.
  std::vector<VehicleReport> waiting{bus("V6", "D0-13", 0)};
  waiting[0].timestamp = at("2024-03-20", 7, 4);
  auto at_terminal = track_once(*n, waiting);  // the board points into it
  auto board = terminal_board(*n, *at_terminal, "S0", at("2024-03-20", 7, 4), 600);
  ASSERT_TRUE(board);
  const Departure* own = nullptr;
  for (const auto& d : board->departures)
    if (n->trip(d.trip).id == "D0-13") own = &d;
  ASSERT_NE(own, nullptr);
  EXPECT_EQ(own->how, Assigned::kOnTrip);
  EXPECT_EQ(own->vehicle->vehicle.vehicle_id, "V6");
  EXPECT_FALSE(own->departed);
  EXPECT_FALSE(terminal_board(*n, *live, "S99", kNow));

  auto ts = terminals(*n);
  ASSERT_EQ(ts.size(), 2u);  // S0 and S5
  EXPECT_EQ(n->stop(ts[0].stop).id, "S0");
  EXPECT_EQ(ts[0].trips, 41u);
  EXPECT_EQ(ts[0].routes, (std::vector<std::uint32_t>{0}));
}

}  // namespace
}  // namespace zt::transit::dispatch

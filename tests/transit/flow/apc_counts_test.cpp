// Counter files (transit/flow/apc_counts.hpp): TIDES passenger_events and stop_visits read row by
// row, every bad row named by line and column, oversized files refused; counts laid on the visit
// their vehicle made at that time and stop, so the simulated day's counters, written out as a
// file and read back, expand the taps exactly as the simulator's own counts do. And the per-visit
// loads a day yields (its TIDES export) add up along each trip.
#include "transit/flow/apc_counts.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include <gtest/gtest.h>

#include "transit/flow/chaining.hpp"
#include "transit/flow/flow_city.hpp"
#include "transit/flow/riders_sim.hpp"

namespace zt::transit::flow {
namespace {

const char* kHeader =
    "passenger_event_id,service_date,event_timestamp,trip_stop_sequence,event_type,vehicle_id,"
    "stop_id,event_count\n";

TEST(ApcCounts, ReadsBoardingsAndAlightingsAndSkipsOtherEvents) {
  auto e = read_passenger_events(
      std::string(kHeader) +
      "1,2024-05-06,2024-05-06T07:00:10+08:00,1,Door opened,BUS1,R1D0S0,\n"
      "2,2024-05-06,2024-05-06T07:00:12+08:00,1,Passenger boarded,BUS1,R1D0S0,\n"
      "3,2024-05-06,2024-05-06 07:00:15,1,Passenger boarded,BUS1,R1D0S0,3\n"
      "4,2024-05-06,2024-05-06T07:01:30+08:00,2,Passenger alighted,BUS1,,2\n");
  ASSERT_TRUE(e) << e.error().message;
  ASSERT_EQ(e->size(), 3u);
  EXPECT_EQ((*e)[0].on, 1);  // event_count defaults to 1
  EXPECT_EQ((*e)[1].on, 3);
  EXPECT_EQ((*e)[1].at, (*e)[0].at + 3);  // a time without an offset is Beijing time
  EXPECT_EQ((*e)[1].line, 4);
  EXPECT_EQ((*e)[2].off, 2);
  EXPECT_EQ((*e)[2].stop_id, "");
}

TEST(ApcCounts, EveryBadRowIsNamedAndNothingIsRead) {
  auto e = read_passenger_events(
      std::string(kHeader) +
      "1,2024-05-06,2024-05-06T07:00:12+08:00,1,Passenger boarded,BUS1,S0,1\n"
      "2,2024-05-06,07:00,1,Passenger boarded,BUS1,S0,1\n"
      "3,2024-05-06,2024-05-06T07:00:12+08:00,1,Passenger teleported,BUS1,S0,1\n"
      "4,2024-05-06,2024-05-06T07:00:12+08:00,1,Passenger alighted,,S0,-2\n"
      "5,2024-05-06,2024-05-06T07:00:12+08:00,1,Passenger alighted,BUS1,S0,99999\n");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().kind, ErrorKind::kInvalidInput);
  ASSERT_EQ(e.error().fields.size(), 5u);
  EXPECT_EQ(e.error().fields[0].field, "第3行 event_timestamp");
  EXPECT_EQ(e.error().fields[1].field, "第4行 event_type");
  EXPECT_EQ(e.error().fields[2].field, "第5行 vehicle_id");
  EXPECT_EQ(e.error().fields[3].field, "第5行 event_count");
  EXPECT_EQ(e.error().fields[4].field, "第6行 event_count");
  EXPECT_NE(e.error().message.find("5 行有误"), std::string::npos) << e.error().message;

  auto missing = read_passenger_events("vehicle_id,event_type\nBUS1,Passenger boarded\n");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().field, "event_timestamp");
  CountReadOptions small;
  small.limits.max_bytes = 64;
  auto big = read_passenger_events(std::string(kHeader) + std::string(100, 'x'), small);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().kind, ErrorKind::kTooLarge);
  small = {};
  small.limits.max_rows = 1;
  big =
      read_stop_visit_counts("vehicle_id,actual_departure_time,boarding_1\nA,x,1\nB,y,2\n", small);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().kind, ErrorKind::kTooLarge);
}

TEST(ApcCounts, ReadsStopVisitsOfBothDoors) {
  auto e = read_stop_visit_counts(
      "service_date,trip_id_performed,trip_stop_sequence,vehicle_id,stop_id,actual_arrival_time,"
      "actual_departure_time,boarding_1,alighting_1,boarding_2,alighting_2\n"
      "2024-05-06,T,1,BUS1,S0,,2024-05-06T07:00:20+08:00,4,0,1,\n"
      "2024-05-06,T,2,BUS1,S1,2024-05-06T07:01:30+08:00,,0,2,,3\n"
      "2024-05-06,T,3,BUS1,S2,,,0,0,0,0\n"
      "2024-05-06,T,4,BUS1,S3,,2024-05-06T07:04:00+08:00,x,0,0,0\n");
  ASSERT_FALSE(e);
  ASSERT_EQ(e.error().fields.size(), 2u);
  EXPECT_EQ(e.error().fields[0].field, "第4行 actual_departure_time");
  EXPECT_EQ(e.error().fields[1].field, "第5行 boarding_1");
  e = read_stop_visit_counts(
      "vehicle_id,stop_id,actual_arrival_time,actual_departure_time,boarding_1,alighting_1,"
      "boarding_2,alighting_2\n"
      "BUS1,S0,,2024-05-06T07:00:20+08:00,4,0,1,\n"
      "BUS1,S1,2024-05-06T07:01:30+08:00,,0,2,,3\n");
  ASSERT_TRUE(e) << e.error().message;
  ASSERT_EQ(e->size(), 2u);
  EXPECT_EQ((*e)[0].on, 5);
  EXPECT_EQ((*e)[1].off, 5);
  EXPECT_GT((*e)[1].at, (*e)[0].at);  // the arrival when no departure is given
  auto no_counts = read_stop_visit_counts("vehicle_id,actual_departure_time\nA,x\n");
  ASSERT_FALSE(no_counts);
  EXPECT_EQ(no_counts.error().field, "boarding_1");
}

struct Day {
  std::shared_ptr<const Network> n = Network::from_feed(testing::flow_city());
  SimulatedDay sim;
  Day() {
    RidersOptions o;
    o.riders = 600;
    sim = simulate_riders(*n, *parse_date("2024-05-06"),
                          *TokenHasher::make("0123456789abcdef-test-secret"), o);
  }
};

// The simulator's counts as a counter's file would give them: one event per rider, at the stop,
// a few seconds before the bus leaves.
std::vector<CountEvent> as_events(const Day& d) {
  std::map<std::tuple<std::string, std::uint32_t, std::uint32_t>, const StopEvent*> visit;
  for (const auto& v : d.sim.visits) visit[{v.vehicle_id, v.trip.value, v.index}] = &v;
  std::vector<CountEvent> out;
  for (const auto& c : d.sim.apc) {
    const StopEvent* v = visit.at({c.vehicle_id, c.trip.value, c.index});
    const std::string stop =
        d.n->stop(Network::stop_of(d.n->feed().stop_times[d.n->trip_span(c.trip).first + c.index]))
            .id;
    for (int i = 0; i < c.on; ++i) out.push_back({0, c.vehicle_id, stop, v->departed - 5, 1, 0});
    if (c.off) out.push_back({0, c.vehicle_id, "", v->arrived + 2, 0, c.off});
  }
  return out;
}

TEST(ApcCounts, CountsLandOnTheVisitTheirBusMade) {
  Day d;
  ASSERT_FALSE(d.sim.apc.empty());
  VisitIndex visits(*d.n, d.sim.visits);
  auto events = as_events(d);
  const CountEvent any = *std::find_if(events.begin(), events.end(),
                                       [](const CountEvent& e) { return !e.stop_id.empty(); });
  // A bus runs one trip of one route here: a stop of the other route is one it never calls at.
  const std::string elsewhere = any.stop_id.starts_with("R1") ? "R2D0S3" : "R1D0S3";
  events.push_back({0, "NOBUS", "", any.at, 1, 0});                    // no such bus that day
  events.push_back({0, any.vehicle_id, "", any.at - 6 * 3600, 1, 0});  // long before its trip
  events.push_back({0, any.vehicle_id, elsewhere, any.at, 1, 0});      // a stop it was not at
  events.push_back({0, any.vehicle_id, "NOSTOP", any.at, 1, 0});       // a stop the feed lacks
  auto m = match_counts(visits, events);
  EXPECT_EQ(m.events, events.size());
  EXPECT_EQ(m.matched, events.size() - 4);
  EXPECT_EQ(m.no_visits_of_vehicle, 1u);
  EXPECT_EQ(m.no_visit_near_time, 3u);
  std::map<std::tuple<std::string, std::uint32_t, std::uint32_t>, std::pair<int, int>> want, got;
  for (const auto& c : d.sim.apc)
    if (c.on || c.off) want[{c.vehicle_id, c.trip.value, c.index}] = {c.on, c.off};
  for (const auto& c : m.counts) got[{c.vehicle_id, c.trip.value, c.index}] = {c.on, c.off};
  EXPECT_EQ(got, want);

  // Read back from a file, the counts expand the taps as the simulator's own do.
  auto inf = infer(visits, d.sim.taps);
  auto from_sim = flow_outputs(visits, d.sim.taps, inf, d.sim.apc);
  auto from_file = flow_outputs(visits, d.sim.taps, inf, m.counts);
  EXPECT_GT(from_sim.trips_with_counter, 0u);
  EXPECT_DOUBLE_EQ(from_file.apc_boardings, from_sim.apc_boardings);
  EXPECT_GT(from_file.counted_taps, 0u);
  EXPECT_LE(double(from_file.counted_taps), from_file.apc_boardings);
  // Trips whose counter saw nobody are not in the file: the same riders, fewer counted trips.
  EXPECT_LE(from_file.trips_with_counter, from_sim.trips_with_counter);
  const auto as_is = counts_on_visits(d.sim.apc);
  EXPECT_EQ(as_is.matched, d.sim.apc.size());
  EXPECT_EQ(as_is.boarded, m.boarded);
}

TEST(FlowLoads, VisitLoadsAddUpAlongEachTrip) {
  Day d;
  VisitIndex visits(*d.n, d.sim.visits);
  auto inf = infer(visits, d.sim.taps);
  auto out = flow_outputs(visits, d.sim.taps, inf, d.sim.apc);
  ASSERT_FALSE(out.visit_loads.empty());
  double aboard = 0, on = 0;
  const VisitLoad* prev = nullptr;
  for (const auto& v : out.visit_loads) {
    if (!prev || prev->trip_id != v.trip_id || prev->vehicle_id != v.vehicle_id) {
      if (prev) EXPECT_NEAR(prev->load, 0, 1e-6) << prev->trip_id;  // all off by the last stop
      aboard = 0;
    } else {
      EXPECT_GT(v.stop_sequence, prev->stop_sequence);
      EXPECT_GE(v.arrived, prev->departed);
    }
    aboard = std::max(0.0, aboard + v.on - v.off);
    EXPECT_NEAR(v.load, aboard, 1e-6);
    on += v.on;
    prev = &v;
  }
  double by_stop = 0;
  for (const auto& [_, f] : out.by_stop) by_stop += f.off;  // alightings resolved = legs' riders
  EXPECT_NEAR(on, by_stop, 1e-6 * by_stop);
}

}  // namespace
}  // namespace zt::transit::flow

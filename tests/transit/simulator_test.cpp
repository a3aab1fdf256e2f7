// The simulator: buses where the timetable (and their delay) puts them, matched to their trips,
// and the boards they make live; nothing at night; dwells that grow with the headway in front
// (bunching) and drivers who follow holds.
#include "transit/simulator.hpp"
#include "transit/arrivals.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <gtest/gtest.h>

#include "transit/dispatch/advice.hpp"
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
  // Each bus has a fleet number for a label, not its internal id.
  for (const auto& b : buses) {
    EXPECT_EQ(b.label.size(), 4u) << b.vehicle_id;
    EXPECT_EQ(b.label.find("SIM"), std::string::npos);
  }
  // Nothing runs at night.
  EXPECT_TRUE(sim.positions(*n, at("2024-03-20", 3, 0)).empty());
}

// A frequent line: 20 stops 2 min apart (20 s dwell), a trip every 6 min from 07:00 to 09:00.
Feed frequent_line() {
  Feed f;
  f.agencies.push_back({"A", "三门峡公交", "http://example.cn", "Asia/Shanghai"});
  for (int i = 0; i < 20; ++i) {
    f.stop_index["S" + std::to_string(i)] = std::uint32_t(i);
    f.stops.push_back(
        {"S" + std::to_string(i), "", "站" + std::to_string(i), "", 34.77, 111.19 + 0.006 * i, 0});
  }
  f.routes.push_back({"R1", "A", "1", "火车站—陕州公园", "", 3, ""});
  f.services.push_back({"WK", 0b0011111, *parse_date("2024-01-01"), *parse_date("2024-12-31")});
  for (int t = 0; t < 21; ++t) {
    std::string id = "T" + std::to_string(t);
    f.trip_index[id] = std::uint32_t(f.trips.size());
    f.trips.push_back({id, "R1", "WK", "陕州公园", "", "", 0});
    for (int s = 0; s < 20; ++s) {
      int at = 7 * 3600 + t * 360 + s * 140;
      f.stop_times.push_back(
          {std::uint32_t(t), std::uint32_t(s), s + 1, at, at + 20, -1, true, false});
    }
  }
  return f;
}

// Headways at the last stop ÷ the planned 6 min: their coefficient of variation and the least.
std::pair<double, double> last_stop_headways(const std::vector<SimTripTimes>& times) {
  std::vector<double> r;
  for (std::size_t i = 1; i < times.size(); ++i)
    r.push_back((times[i].arr.back() - times[i - 1].arr.back()) / 360.0);
  double mean = 0, var = 0;
  for (double x : r) mean += x / double(r.size());
  for (double x : r) var += (x - mean) * (x - mean) / double(r.size());
  return {std::sqrt(var) / mean, *std::min_element(r.begin(), r.end())};
}

TEST(Simulator, DwellsGrowWithTheHeadwayAheadSoBusesBunchUnlessDriversFollowHolds) {
  auto n = Network::from_feed(frequent_line());
  const Date day = *parse_date("2024-03-20");
  SimulatorOptions o{.seed = 7, .gps_error_m = 0, .missed_ping_share = 0, .max_delay_s = 0};
  o.dwell_per_headway = 0.06;
  Simulator sim(o);
  // The perturbation: T5's driver is held up 150 s at the second stop.
  const std::vector<SimHold> late{{"T5", "S1", 150, 0, 0}};
  Simulator still({.seed = 7, .gps_error_m = 0, .missed_ping_share = 0, .max_delay_s = 0});
  const auto [cv_plain, least_plain] = last_stop_headways(still.day_times(*n, day, late));
  const auto [cv_free, least_free] = last_stop_headways(sim.day_times(*n, day, late));
  // Without the passengers' effect the delay just passes on; with it the bus behind catches up.
  EXPECT_GT(least_plain, 0.5);
  EXPECT_LE(least_free, 0.5) << "bunched";
  EXPECT_GT(cv_free, cv_plain);

  // Drivers who follow Bartholdi–Eisenstein holds at the control points S5, S10 and S15, each
  // computed on the times as they then stand (the follower's as predicted).
  auto holds = late;
  for (const char* control : {"S5", "S10", "S15"}) {
    const std::size_t c = std::size_t(std::atoi(control + 1));
    for (std::size_t i = 1; i < 21; ++i) {
      const auto times = sim.day_times(*n, day, holds);
      ASSERT_EQ(times.size(), 21u);
      const auto ahead = std::int64_t(times[i].arr[c] - times[i - 1].dep[c]);
      const auto behind = i + 1 < times.size() ? std::int64_t(times[i + 1].arr[c] - times[i].arr[c])
                                               : std::int64_t(360);
      if (const auto h = dispatch::equalising_hold(ahead, behind); h > 0)
        holds.push_back({n->trip(times[i].trip).id, control, h, 0, 0});
    }
  }
  const auto followed = sim.day_times(*n, day, holds);
  const auto [cv_held, least_held] = last_stop_headways(followed);
  EXPECT_LT(cv_held, cv_free * 0.7) << cv_held << " vs " << cv_free;
  EXPECT_GT(least_held, least_free);
  // The same holds, the same day: deterministic.
  EXPECT_EQ(sim.day_times(*n, day, holds)[7].dep, followed[7].dep);

  // A held bus stands at its stop in the live fixes, and a hold given after it left is ignored.
  const auto t5 = sim.day_times(*n, day, late)[5];
  const auto during = std::int64_t(t5.arr[1] + 100);
  bool standing = false;
  for (const auto& b : sim.positions(*n, during, late))
    standing |= b.trip_id == "T5" && b.status == 1;
  EXPECT_TRUE(standing);
  const std::vector<SimHold> too_late{{"T5", "S1", 150, 0, std::int64_t(t5.dep[1]) + 500}};
  EXPECT_EQ(sim.day_times(*n, day, too_late)[5].dep[1], sim.day_times(*n, day)[5].dep[1]);
}

// The day cache knows a network by its address and version: a network imported later (a new
// version) is simulated from its own timetable even when allocated where the old one was.
TEST(Simulator, ANewFeedVersionIsNotServedTheOldOnesCachedDay) {
  Simulator shared({.seed = 7, .gps_error_m = 8, .missed_ping_share = 0.0, .max_delay_s = 0});
  const auto now = at("2024-03-20", 8, 5);
  auto first = Network::from_feed(line_feed(), 1);
  const void* where = first.get();
  ASSERT_FALSE(shared.positions(*first, now).empty());
  first.reset();
  auto later = line_feed();
  for (auto& st : later.stop_times) st.arrival += 300, st.departure += 300;  // five minutes on
  std::shared_ptr<const Network> second;
  // Allocators usually give the freed block back at once (not under ASan's quarantine).
  for (int tries = 0; tries < 20 && second.get() != where; ++tries)
    second = Network::from_feed(later, 2);
  Simulator fresh({.seed = 7, .gps_error_m = 8, .missed_ping_share = 0.0, .max_delay_s = 0});
  auto got = shared.positions(*second, now);
  auto want = fresh.positions(*second, now);
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].trip_id, want[i].trip_id);
    EXPECT_DOUBLE_EQ(got[i].lat, want[i].lat);
  }
}

// A driver reads the dispatcher's instruction off the terminal: a hold or a departure time at a
// stop of its trip still ahead; a free text, a stop behind or unknown, or an unknown trip is not
// acted on.
TEST(Simulator, DriversFollowTheHoldsAndDeparturesTheirTerminalShows) {
  auto n = Network::from_feed(line_feed());
  VehicleReport bus;
  bus.vehicle_id = "SIM-T12";
  bus.trip_id = "T12";
  bus.stop_sequence = 2;  // next: 市政府 (sequence 2)
  const auto now = at("2024-03-20", 8, 5);
  auto hold = follow_instruction(*n, bus, "【调度】请在黄河公园滞站90秒后发车", now);
  ASSERT_TRUE(hold);
  EXPECT_EQ(hold->trip_id, "T12");
  EXPECT_EQ(hold->stop_id, "S3");
  EXPECT_EQ(hold->hold_s, 90);
  EXPECT_EQ(hold->given_at, now);
  auto depart = follow_instruction(*n, bus, "【调度】请于08:12自市政府发车", now);
  ASSERT_TRUE(depart);
  EXPECT_EQ(depart->stop_id, "S2");
  EXPECT_EQ(depart->not_before, at("2024-03-20", 8, 12));
  EXPECT_FALSE(follow_instruction(*n, bus, "【调度】请在火车站滞站90秒后发车", now));  // passed
  EXPECT_FALSE(follow_instruction(*n, bus, "【调度】请在人民广场滞站90秒后发车", now));
  EXPECT_FALSE(follow_instruction(*n, bus, "前方拥堵，请绕行", now));
  bus.trip_id = "NOPE";
  EXPECT_FALSE(follow_instruction(*n, bus, "【调度】请在黄河公园滞站90秒后发车", now));
}

// One bus, one place: when a block's next trip is due while its previous one still runs, the bus
// is reported once, on the trip it is finishing.
TEST(Simulator, ABlocksBusIsInOnePlaceWhenItsTripsOverlap) {
  auto f = line_feed();
  f.trips[0].block_id = f.trips[1].block_id = "X";
  const auto [b, e] = std::pair(std::size_t(4), std::size_t(8));  // T1's four stop times
  for (std::size_t k = b; k < e; ++k)
    f.stop_times[k].arrival -= 300, f.stop_times[k].departure -= 300;
  auto n = Network::from_feed(std::move(f));
  Simulator sim({.seed = 7, .gps_error_m = 8, .missed_ping_share = 0.0, .max_delay_s = 0});
  int on_x = 0;
  for (const auto& r : sim.positions(*n, at("2024-03-20", 6, 7)))
    if (r.vehicle_id == "SIM-X") {
      ++on_x;
      EXPECT_EQ(r.trip_id, "T0");
    }
  EXPECT_EQ(on_x, 1);
}

}  // namespace
}  // namespace zt::transit

// A passenger-flow day in the store, on both backends: a simulated day of the flow city inferred,
// saved, replaced and read back (figures, loads with their max-load point, OD, trip loads),
// audited; and not one card token, hashed or raw, anywhere in the flow tables.
#include "transit/flow/flow_store.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "support/test_store.hpp"
#include "transit/flow/count_store.hpp"
#include "transit/flow/flow_api.hpp"
#include "transit/flow/flow_city.hpp"
#include "transit/flow/riders_sim.hpp"
#include "transit/positions.hpp"

namespace zt::transit::flow {
namespace {

class FlowStoreTest : public ::testing::TestWithParam<std::string> {};

TEST_P(FlowStoreTest, ADayOfAggregatesWithoutTokens) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  ManualClock clock(Instant{std::chrono::seconds{1715040000}});
  auto app = test::open_app(db.url(), clock);
  ASSERT_TRUE(app);
  auto n = Network::from_feed(testing::flow_city());
  const auto day = *parse_date("2024-05-06");
  auto hasher = *TokenHasher::make("0123456789abcdef-test-secret");
  RidersOptions ro;
  ro.riders = 300;
  auto sim = simulate_riders(*n, day, hasher, ro);
  Actor planner{1, "jt_gh", std::nullopt, "req-1"};
  auto d = infer_and_save(app->store(), *n, day, "simulated", sim.taps, sim.visits, sim.apc,
                          clock.now(), planner);
  ASSERT_TRUE(d) << d.error().message;
  // Again: replaced, not doubled.
  d = infer_and_save(app->store(), *n, day, "simulated", sim.taps, sim.visits, sim.apc, clock.now(),
                     planner);
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->taps, int(sim.taps.size()));
  EXPECT_GT(d->inference_rate, 0.6);
  EXPECT_GT(d->noncash_share, 0.8);
  EXPECT_LT(d->noncash_share, 1.0);

  auto back = find_flow_day(app->store(), day);
  ASSERT_TRUE(back && *back);
  EXPECT_EQ((*back)->taps, d->taps);
  EXPECT_EQ((*back)->with_destination, d->with_destination);
  EXPECT_DOUBLE_EQ((*back)->inference_rate, d->inference_rate);
  EXPECT_EQ((*back)->created_by, "jt_gh");
  EXPECT_TRUE((*back)->unresolved.contains("cash"));
  ASSERT_EQ(flow_days(app->store(), day, day)->size(), 1u);

  auto hours = load_stop_hours(app->store(), day);
  ASSERT_TRUE(hours);
  double on = 0;
  for (const auto& h : *hours) on += h.on;
  EXPECT_GT(on, double(d->boarded) * 0.99);  // expanded to the counters: at least the taps
  auto segs = load_segments(app->store(), day, "1", 0, 7, 8);
  ASSERT_TRUE(segs);
  ASSERT_FALSE(segs->empty());
  int maxima = 0;
  for (const auto& s : *segs) {
    EXPECT_EQ(s.route_id, "1");
    EXPECT_EQ(s.direction, 0);
    EXPECT_GE(s.hour, 7);
    EXPECT_LE(s.hour, 8);
    maxima += s.max_load;
  }
  EXPECT_GE(maxima, 1);
  EXPECT_LE(maxima, 2);  // one per hour
  auto od = load_od(app->store(), day, 5);
  ASSERT_TRUE(od);
  ASSERT_EQ(od->size(), 5u);
  EXPECT_GE((*od)[0].riders, (*od)[4].riders);
  auto trips = load_trip_loads(app->store(), day);
  ASSERT_TRUE(trips);
  ASSERT_FALSE(trips->empty());
  EXPECT_FALSE(trips->front().max_from.empty());
  auto trail = audit_history(app->store(), "transit_flow_day", "2024-05-06");
  ASSERT_TRUE(trail);
  EXPECT_EQ(trail->size(), 2u);

  // Every text cell of every flow table and of the audit trail, against every card's hash (and
  // its first half) and the simulator's raw tokens.
  std::string stored;
  for (const char* q :
       {"SELECT service_date, source, unresolved, created_by FROM tr_flow_days",
        "SELECT stop_id, route_id FROM tr_flow_stop_hours",
        "SELECT route_id, from_stop_id, to_stop_id FROM tr_flow_segment_loads",
        "SELECT from_stop_id, to_stop_id FROM tr_flow_od",
        "SELECT trip_id, vehicle_id, route_id, max_from_stop_id, max_to_stop_id FROM "
        "tr_flow_trip_loads",
        "SELECT trip_id, vehicle_id, stop_id FROM tr_flow_visit_loads",
        "SELECT summary, before_text, after_text FROM audit_log"}) {
    auto rows = app->store().query(q);
    ASSERT_TRUE(rows) << q << ": " << rows.error().message;
    for (const auto& r : rows->rows)
      for (std::size_t c = 0; c < r.size(); ++c) stored += r.str(c) + "\n";
  }
  ASSERT_GT(stored.size(), 1000u);
  std::size_t cards = 0;
  for (const auto& t : sim.taps) {
    if (t.rider.empty()) continue;
    ++cards;
    EXPECT_EQ(stored.find(t.rider.substr(0, 16)), std::string::npos) << t.rider;
  }
  EXPECT_GT(cards, 100u);
  EXPECT_EQ(stored.find("card-"), std::string::npos);
}

TEST_P(FlowStoreTest, ADaysCountsAreReplacedWholeAndReadBackOnTheirVisits) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  ManualClock clock(Instant{std::chrono::seconds{1715040000}});
  auto app = test::open_app(db.url(), clock);
  ASSERT_TRUE(app);
  auto n = Network::from_feed(testing::flow_city());
  const auto day = *parse_date("2024-05-06");
  RidersOptions ro;
  ro.riders = 200;
  auto sim = simulate_riders(*n, day, *TokenHasher::make("0123456789abcdef-test-secret"), ro);
  ASSERT_FALSE(sim.apc.empty());
  Actor planner{1, "jt_gh", std::nullopt, "req-1"};
  auto none = find_count_day(app->store(), day);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  std::vector<ApcCount> half(sim.apc.begin(), sim.apc.begin() + std::ptrdiff_t(sim.apc.size() / 2));
  ASSERT_TRUE(save_counts(app->store(), *n, day, "stop_visits", counts_on_visits(half), clock.now(),
                          planner));
  auto saved = save_counts(app->store(), *n, day, "passenger_events", counts_on_visits(sim.apc),
                           clock.now(), planner);
  ASSERT_TRUE(saved) << saved.error().message;
  auto back = find_count_day(app->store(), day);
  ASSERT_TRUE(back && *back);
  EXPECT_EQ((*back)->source, "passenger_events");
  EXPECT_EQ((*back)->matched, sim.apc.size());
  EXPECT_EQ((*back)->boarded, saved->boarded);
  EXPECT_EQ((*back)->created_by, "jt_gh");
  auto counts = load_counts(app->store(), *n, day);
  ASSERT_TRUE(counts) << counts.error().message;
  EXPECT_EQ(counts->size(), sim.apc.size());  // replaced, not added to the first half
  std::int64_t on = 0;
  for (const auto& c : *counts) on += c.on;
  EXPECT_EQ(on, saved->boarded);
  // On a feed without those trips nothing is laid anywhere.
  Feed other = testing::flow_city();
  for (auto& t : other.trips) t.id = "X" + t.id;
  other.trip_index.clear();
  for (std::uint32_t i = 0; i < other.trips.size(); ++i) other.trip_index[other.trips[i].id] = i;
  auto n2 = Network::from_feed(std::move(other));
  EXPECT_TRUE(load_counts(app->store(), *n2, day)->empty());
  auto trail = audit_history(app->store(), "transit_flow_counts", "2024-05-06");
  ASSERT_TRUE(trail);
  EXPECT_EQ(trail->size(), 2u);
}

// Live reports (JSON AVL, JT/T 808 item 0xE1) carry riders on and off: they count a bus the
// day's counter file does not, laid on the visit it was making, and never a bus the file counts.
TEST_P(FlowStoreTest, LiveReportsCountTheBusesTheFileDoesNot) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  ManualClock clock(Instant{std::chrono::seconds{1715040000}});
  auto app = test::open_app(db.url(), clock);
  ASSERT_TRUE(app);
  auto n = Network::from_feed(testing::flow_city());
  const auto day = *parse_date("2024-05-06");
  RidersOptions ro;
  ro.riders = 200;
  auto sim = simulate_riders(*n, day, *TokenHasher::make("0123456789abcdef-test-secret"), ro);
  ASSERT_GT(sim.visits.size(), 10u);
  const StopEvent& filed = sim.visits[0];  // its bus is the file's
  Actor planner{1, "jt_gh", std::nullopt, "req-1"};
  std::vector<ApcCount> file{{filed.vehicle_id, filed.trip, filed.index, 3, 0}};
  ASSERT_TRUE(save_counts(app->store(), *n, day, "stop_visits", counts_on_visits(file), clock.now(),
                          planner));
  // A live bus: another vehicle's visit; the filed bus's live report is ignored.
  const auto other = std::find_if(sim.visits.begin(), sim.visits.end(), [&](const StopEvent& v) {
    return v.vehicle_id != filed.vehicle_id;
  });
  ASSERT_NE(other, sim.visits.end());
  auto fix = [](const StopEvent& v, int on, int off) {
    VehicleReport r;
    r.vehicle_id = v.vehicle_id;
    r.lat = 34.77, r.lon = 111.19;
    r.timestamp = v.arrived + 1;
    r.boarded = on, r.alighted = off;
    return r;
  };
  std::vector<VehicleReport> fixes{fix(*other, 5, 1), fix(filed, 9, 0)};
  VehicleReport uncounted = fix(*other, -1, -1);
  uncounted.timestamp -= 30;
  fixes.push_back(uncounted);
  ASSERT_TRUE(app->store().transact([&](Tx& tx) -> Status {
    auto s = insert_fixes(tx, fixes, 1715040000);
    if (!s) return fail(s.error());
    return {};
  }));
  auto live = load_live_counts(app->store(), *n, day);
  ASSERT_TRUE(live) << live.error().message;
  EXPECT_EQ(live->size(), 2u);  // the report without counts is none
  CountMatch m;
  auto counts = day_counts(app->store(), *n, day, sim.visits, &m);
  ASSERT_TRUE(counts) << counts.error().message;
  ASSERT_EQ(counts->size(), 2u);
  EXPECT_EQ((*counts)[0].vehicle_id, filed.vehicle_id);
  EXPECT_EQ((*counts)[0].on, 3);  // the file's, not the live 9
  EXPECT_EQ((*counts)[1].vehicle_id, other->vehicle_id);
  EXPECT_EQ((*counts)[1].trip, other->trip);
  EXPECT_EQ((*counts)[1].index, other->index);
  EXPECT_EQ((*counts)[1].on, 5);
  EXPECT_EQ((*counts)[1].off, 1);
  EXPECT_EQ(m.matched, 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, FlowStoreTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt::transit::flow

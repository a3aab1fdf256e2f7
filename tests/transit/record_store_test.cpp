// Operations records in the store, on both backends: a day saved, replaced and read back with the
// same KPIs, audited; the nightly round records a finished day from stored visits once, and not a
// day still running or one without visits.
#include "transit/kpi/record_store.hpp"

#include <gtest/gtest.h>

#include "support/test_store.hpp"
#include "transit/kpi/kpi.hpp"
#include "transit/kpi_fixtures.hpp"
#include "transit/stop_events.hpp"

namespace zt::transit::kpi {
namespace {

using fixtures::at;

class RecordStoreTest : public ::testing::TestWithParam<std::string> {};

TEST_P(RecordStoreTest, ADaySavedReadsBackWithTheSameKpis) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  ManualClock clock(Instant{std::chrono::seconds{at("2024-03-22", 9, 0)}});
  auto app = test::open_app(db.url(), clock);
  ASSERT_TRUE(app);
  auto n = Network::from_feed(fixtures::kpi_feed());
  const auto day = *parse_date(fixtures::kKpiDay);
  auto records = build_trip_records(*n, day, fixtures::kpi_visits(*n));
  ASSERT_TRUE(save_day(app->store(), day, records, "tracker", 1, clock.now(), Actor{}));
  // Saved again (a recomputation): replaced, not doubled.
  ASSERT_TRUE(save_day(app->store(), day, records, "tracker", 1, clock.now(), Actor{}));
  auto back = load_records(app->store(), day, day);
  ASSERT_TRUE(back) << back.error().message;
  ASSERT_EQ(back->size(), records.size());
  const auto a = compute_kpis(records, {}).city;
  const auto b = compute_kpis(*back, {}).city;
  for (const auto& [x, y] : {std::pair{a.planned, b.planned},
                             {a.completed, b.completed},
                             {a.cancelled, b.cancelled},
                             {a.departures_judged, b.departures_judged},
                             {a.departures_on_time, b.departures_on_time},
                             {a.arrivals_on_time, b.arrivals_on_time},
                             {a.peak_trips, b.peak_trips}})
    EXPECT_EQ(x, y);
  EXPECT_DOUBLE_EQ(*b.on_time_departure_rate(), 5.0 / 7);
  EXPECT_NEAR(*b.peak_speed_kmh(), *a.peak_speed_kmh(), 1e-9);
  EXPECT_NEAR(*b.excess_wait_s(), *a.excess_wait_s(), 1e-9);
  auto days = recorded_days(app->store(), day, day);
  ASSERT_TRUE(days);
  ASSERT_EQ(days->size(), 1u);
  EXPECT_EQ((*days)[0].trips, 11);
  EXPECT_EQ((*days)[0].source, "tracker");
  auto trail = audit_history(app->store(), "transit_ops_day", "2024-03-20");
  ASSERT_TRUE(trail);
  EXPECT_EQ(trail->size(), 2u);
  // A record of another day is refused whole.
  auto wrong = records;
  wrong[0].service_date = *parse_date("2024-03-21");
  EXPECT_FALSE(save_day(app->store(), day, wrong, "tracker", 1, clock.now(), Actor{}));
  EXPECT_EQ(load_records(app->store(), day, day)->size(), records.size());
}

TEST_P(RecordStoreTest, NightlyRoundRecordsFinishedDaysFromStoredVisitsOnce) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  ManualClock clock(Instant{std::chrono::seconds{at("2024-03-21", 5, 0)}});
  auto app = test::open_app(db.url(), clock);
  ASSERT_TRUE(app);
  auto n = Network::from_feed(fixtures::kpi_feed());
  const auto visits = fixtures::kpi_visits(*n);
  ASSERT_TRUE(app->store().transact([&](Tx& tx) { return save_stop_events(tx, *n, visits); }));
  const auto day = *parse_date(fixtures::kKpiDay);
  auto events = load_day_events(app->store(), *n, day);
  ASSERT_TRUE(events);
  EXPECT_EQ(events->size(), visits.size());
  // 05:00 the next morning: the 20th's trips may still be running (GTFS times to 30:00).
  auto none = record_closed_days(app->store(), *n, clock.now());
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_TRUE(none->empty());
  clock.set(Instant{std::chrono::seconds{at("2024-03-21", 6, 30)}});
  auto done = record_closed_days(app->store(), *n, clock.now());
  ASSERT_TRUE(done) << done.error().message;
  ASSERT_EQ(done->size(), 1u);  // the 14th-19th had no visits
  EXPECT_EQ((*done)[0], day);
  auto stored = load_records(app->store(), day, day);
  ASSERT_TRUE(stored);
  EXPECT_EQ(compute_kpis(*stored, {}).city.completed, 8);
  auto again = record_closed_days(app->store(), *n, clock.now());
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, RecordStoreTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt::transit::kpi

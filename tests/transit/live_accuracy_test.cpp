// Live prediction accuracy (src/transit/kpi/live_accuracy.cpp): published predictions sampled a
// minute apart, judged when the arrival is detected, counted per day, route and hour; memory
// bounded; the counts added to the store on both backends.
#include "transit/kpi/live_accuracy.hpp"

#include <gtest/gtest.h>

#include "support/test_store.hpp"
#include "transit/kpi/api_live.hpp"
#include "transit/kpi_fixtures.hpp"

namespace zt::transit::kpi {
namespace {

using fixtures::at;
using fixtures::kKpiDay;

// A snapshot at `now` of the bus on T1 (R1), before stop `next`, predicting `arrivals` for the
// stops from there on.
std::shared_ptr<const LiveSnapshot> snapshot(const Network& n, std::int64_t now, std::uint32_t next,
                                             std::vector<std::int64_t> arrivals,
                                             const std::string& trip = "T1") {
  TripPrediction p;
  p.vehicle.vehicle_id = "V1";
  p.vehicle.timestamp = now;
  p.on.trip = *n.find_trip(trip);
  p.on.day = *parse_date(kKpiDay);
  p.on.next = next;
  for (auto a : arrivals) p.stops.push_back({a, a});
  return LiveSnapshot::of(n, {p}, now);
}

TEST(LiveAccuracy, SamplesAMinuteApartAreJudgedByTheirHorizonWhenTheBusArrives) {
  auto n = Network::from_feed(fixtures::kpi_feed());
  LiveAccuracy live;
  // At 07:00 the bus is due at B 07:06 and C 07:12; C is 12 min away (within 15).
  live.sample(*n, *snapshot(*n, at(kKpiDay, 7, 0), 1, {at(kKpiDay, 7, 6), at(kKpiDay, 7, 12)}));
  // 07:00:30, the same minute: replaces the 07:00 sample.
  live.sample(*n, *snapshot(*n, at(kKpiDay, 7, 0, 30), 1, {at(kKpiDay, 7, 6), at(kKpiDay, 7, 12)}));
  live.sample(*n, *snapshot(*n, at(kKpiDay, 7, 4), 1, {at(kKpiDay, 7, 7), at(kKpiDay, 7, 13)}));
  EXPECT_EQ(live.waiting(), 2u);
  // Arrives at B 07:07: the 07:00:30 sample (6.5 min ahead, 60 s late: a hit in 6-10) and the
  // 07:04 one (3 min ahead, exact: a hit in 3-6).
  const auto day = *parse_date(kKpiDay);
  std::vector<StopEvent> events{fixtures::visit(*n, "V1", "T1", 1, at(kKpiDay, 7, 7), 0)};
  live.arrived(*n, events);
  EXPECT_EQ(live.waiting(), 1u);
  auto cells = live.take();
  ASSERT_EQ(cells.size(), 1u);
  const auto& a = cells.at({day, "R1", 7});
  EXPECT_EQ(a.predictions(), 2);
  EXPECT_EQ(a.buckets[1].n, 1);
  EXPECT_EQ(a.buckets[1].hits, 1);
  EXPECT_EQ(a.buckets[2].n, 1);
  EXPECT_EQ(a.buckets[2].hits, 1);
  EXPECT_DOUBLE_EQ(a.buckets[2].signed_error_sum, 60);
  EXPECT_TRUE(live.take().empty());  // taken once
  // The same arrival again (a visit read twice) judges nothing more.
  live.arrived(*n, events);
  EXPECT_TRUE(live.take().empty());
  // C at 07:20: the samples were made 19.5 and 16 min before it, past every bucket.
  live.arrived(*n, std::vector{fixtures::visit(*n, "V1", "T1", 2, at(kKpiDay, 7, 20), 0)});
  EXPECT_TRUE(live.take().empty());
  EXPECT_EQ(live.waiting(), 0u);
  EXPECT_EQ(live.recent(at(kKpiDay, 7, 30)).predictions(), 2);
}

TEST(LiveAccuracy, MemoryIsBoundedAndUnarrivedStopsExpire) {
  auto n = Network::from_feed(fixtures::kpi_feed());
  LiveAccuracy live(1);
  live.sample(*n, *snapshot(*n, at(kKpiDay, 7, 0), 1, {at(kKpiDay, 7, 6), at(kKpiDay, 7, 12)}));
  EXPECT_EQ(live.waiting(), 1u);  // the second stop is not kept
  for (int m = 1; m < 40; ++m)
    live.sample(*n, *snapshot(*n, at(kKpiDay, 7, 0) + m * 60, 1, {at(kKpiDay, 7, 6) + m * 60}));
  EXPECT_EQ(live.waiting(), 1u);
  // No arrival within the hour after its latest prediction: dropped.
  live.sample(*n, *snapshot(*n, at(kKpiDay, 9, 0), 0, {}));
  EXPECT_EQ(live.waiting(), 0u);
  // A visit without an observed arrival judges nothing; a new network version starts afresh.
  LiveAccuracy other;
  other.sample(*n, *snapshot(*n, at(kKpiDay, 7, 0), 1, {at(kKpiDay, 7, 6)}));
  other.arrived(*n, std::vector{fixtures::visit(*n, "V1", "T1", 1, 0, at(kKpiDay, 7, 6))});
  EXPECT_EQ(other.waiting(), 1u);
  auto m = Network::from_feed(fixtures::kpi_feed());
  other.sample(*m, *snapshot(*m, at(kKpiDay, 7, 1), 2, {}));
  EXPECT_EQ(other.waiting(), 0u);
  // A snapshot of another network than the one named is not sampled (its trip indices differ).
  other.sample(*m, *snapshot(*n, at(kKpiDay, 7, 2), 1, {at(kKpiDay, 7, 6)}));
  EXPECT_EQ(other.waiting(), 0u);
}

TEST(LiveAccuracy, MetricsShowTheLastDaysJudgedPredictions) {
  auto n = Network::from_feed(fixtures::kpi_feed());
  LiveKpis k;
  EXPECT_EQ(k.metrics(at(kKpiDay, 7, 10)), "");  // nothing judged yet: no gauge
  k.accuracy.sample(*n, *snapshot(*n, at(kKpiDay, 7, 4), 1, {at(kKpiDay, 7, 7)}));
  k.accuracy.arrived(*n, std::vector{fixtures::visit(*n, "V1", "T1", 1, at(kKpiDay, 7, 7), 0)});
  EXPECT_EQ(k.accuracy.take().size(), 1u);
  const auto text = k.metrics(at(kKpiDay, 7, 10));
  EXPECT_NE(text.find("zt_transit_prediction_accuracy_score 1.0000"), std::string::npos) << text;
  EXPECT_NE(text.find("zt_transit_prediction_accuracy_ratio{bucket=\"3-6\"} 1.0000"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("bucket=\"0-3\""), std::string::npos);  // no predictions there
  EXPECT_EQ(k.metrics(at("2024-03-22", 7, 10)), "");          // more than a day later
}

class LiveAccuracyStoreTest : public ::testing::TestWithParam<std::string> {};

TEST_P(LiveAccuracyStoreTest, CountsAreAddedToTheDaysRows) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  ManualClock clock(Instant{std::chrono::seconds{at("2024-03-20", 9, 0)}});
  auto app = test::open_app(db.url(), clock);
  ASSERT_TRUE(app);
  const auto day = *parse_date(kKpiDay);
  auto a = Accuracy::empty();
  a.add(*judge_prediction(0, 100, 100));
  a.add(*judge_prediction(0, 400, 300));
  AccuracyCells cells{{{day, "R1", 7}, a}, {{day, "R2", 8}, a}};
  ASSERT_TRUE(save_accuracy(app->store(), cells));
  ASSERT_TRUE(save_accuracy(app->store(), {{{day, "R1", 7}, a}}));  // a later round adds
  auto back = load_accuracy(app->store(), day, day);
  ASSERT_TRUE(back) << back.error().message;
  ASSERT_EQ(back->size(), 2u);
  const auto& r1 = back->at({day, "R1", 7});
  EXPECT_EQ(r1.predictions(), 4);
  EXPECT_EQ(r1.buckets[0].hits, 2);
  EXPECT_EQ(r1.buckets[1].n, 2);
  EXPECT_EQ(r1.buckets[1].hits, 0);  // 100 s early in 3-6: past 60
  EXPECT_DOUBLE_EQ(r1.buckets[1].signed_error_sum, -200);
  EXPECT_EQ(back->at({day, "R2", 8}).predictions(), 2);
  EXPECT_TRUE(
      load_accuracy(app->store(), day + std::chrono::days(1), day + std::chrono::days(9))->empty());
  EXPECT_TRUE(save_accuracy(app->store(), {}));
}

INSTANTIATE_TEST_SUITE_P(Backends, LiveAccuracyStoreTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt::transit::kpi

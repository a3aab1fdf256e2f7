// Forecast coverage by stop stored per day (src/transit/kpi/coverage_days.cpp), on both backends:
// each finished hour of the log is added once; the hour still running waits; the period's stops
// and days read back.
#include "transit/kpi/coverage_days.hpp"

#include <gtest/gtest.h>

#include "support/test_store.hpp"
#include "transit/kpi_fixtures.hpp"

namespace zt::transit::kpi {
namespace {

using fixtures::at;

class CoverageDaysTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CoverageDaysTest, FinishedHoursAreStoredOnceByStopAndDay) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  ManualClock clock(Instant{std::chrono::seconds{at("2024-03-20", 9, 0)}});
  auto app = test::open_app(db.url(), clock);
  ASSERT_TRUE(app);
  auto n = Network::from_feed(fixtures::kpi_feed());  // stops A B C D E
  const std::uint8_t both = kStopServed | kStopPredicted;
  CoverageLog log;
  // 07:00-07:59: A served and predicted every minute, B served without a prediction, C served
  // and predicted for the first 15 minutes only; D and E without service.
  for (int m = 0; m < 60; ++m)
    log.record_stops(at("2024-03-20", 7, m), n,
                     {both, kStopServed, std::uint8_t(m < 15 ? both : kStopServed), 0, 0});
  // 08:00-08:09, the hour still running at 08:10.
  for (int m = 0; m < 10; ++m) log.record_stops(at("2024-03-20", 8, m), n, {both, 0, 0, 0, 0});
  CoverageDays days;
  auto stored = days.flush(app->store(), log, at("2024-03-20", 8, 10));
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_EQ(*stored, 1);
  auto again = days.flush(app->store(), log, at("2024-03-20", 8, 50));
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0);  // 07:00 is not added twice; 08:00 is not over
  const auto day = *parse_date("2024-03-20");
  auto c = load_coverage(app->store(), day, day);
  ASSERT_TRUE(c) << c.error().message;
  ASSERT_EQ(c->stops.size(), 3u);
  EXPECT_EQ(c->stops.at("A").served, 60);
  EXPECT_EQ(c->stops.at("A").predicted, 60);
  EXPECT_EQ(c->stops.at("B").predicted, 0);  // never covered
  EXPECT_EQ(c->stops.at("C").predicted, 15);
  EXPECT_EQ(c->days.at(day).served, 180);
  EXPECT_EQ(c->days.at(day).predicted, 75);
  EXPECT_EQ(c->minutes_sampled.at(day), 60);
  // At 09:05 the 08:00 hour is over: added to the same day's rows.
  ASSERT_EQ(*days.flush(app->store(), log, at("2024-03-20", 9, 5)), 1);
  c = load_coverage(app->store(), day, day);
  EXPECT_EQ(c->stops.at("A").served, 70);
  EXPECT_EQ(c->minutes_sampled.at(day), 70);
  // Nothing stored for the day after.
  auto next = load_coverage(app->store(), day + std::chrono::days(1), day + std::chrono::days(1));
  ASSERT_TRUE(next);
  EXPECT_TRUE(next->stops.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, CoverageDaysTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt::transit::kpi

// Running-time analysis: percentiles worked by hand, hours from unix times, periods.
#include "transit/scheduling/running_times.hpp"

#include <gtest/gtest.h>

namespace zt::transit::scheduling {
namespace {

TEST(RunningTimes, PercentilesByHand) {
  // Sorted 30 32 34 36 40; rank (n-1)·p: p50 → 2 (34), p85 → 3.4 (36 + 0.4·4 = 37.6),
  // p95 → 3.8 (36 + 0.8·4 = 39.2); mean 172/5 = 34.4.
  std::vector<double> v{36, 30, 40, 34, 32};
  auto s = running_time_stats(v);
  EXPECT_EQ(s.count, 5);
  EXPECT_DOUBLE_EQ(s.mean, 34.4);
  EXPECT_DOUBLE_EQ(s.p50, 34);
  EXPECT_NEAR(s.p85, 37.6, 1e-9);
  EXPECT_NEAR(s.p95, 39.2, 1e-9);
  EXPECT_EQ(percentile({}, 85), 0);
  EXPECT_EQ(percentile({42}, 85), 42);
  EXPECT_EQ(percentile({10, 20}, 100), 20);
}

TEST(RunningTimes, SamplesFromRecords) {
  auto rec = [](std::int64_t start, std::int64_t end, kpi::Outcome o) {
    kpi::TripRecord r;
    r.route_id = "1";
    r.direction = 0;
    r.actual_start = start;
    r.actual_end = end;
    r.outcome = o;
    return r;
  };
  const std::int64_t day = 19800 * 86400LL;  // a UTC midnight
  std::vector<kpi::TripRecord> rs{
      rec(day - 3600, day - 3600 + 1800, kpi::Outcome::kCompleted),  // 23:00 UTC = 07:00 +8
      rec(day + 3600, day + 3600 + 2400, kpi::Outcome::kCompleted),  // 09:00 +8
      rec(day, day + 1200, kpi::Outcome::kPartial),                  // not whole: left out
      rec(day, 0, kpi::Outcome::kCompleted),                         // end unseen
      rec(day, day + 7 * 3600, kpi::Outcome::kCompleted),            // implausible
  };
  auto s = run_samples(rs, 8 * 3600);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].hour, 7);
  EXPECT_DOUBLE_EQ(s[0].minutes, 30);
  EXPECT_EQ(s[1].hour, 9);
  EXPECT_DOUBLE_EQ(s[1].minutes, 40);
}

TEST(RunningTimes, ByHourAndPeriod) {
  std::vector<RunSample> s;
  for (double m : {36.0, 30.0, 40.0}) s.push_back({"1", 0, 7, m});
  for (double m : {34.0, 32.0}) s.push_back({"1", 0, 8, m});
  s.push_back({"1", 0, 10, 25});
  s.push_back({"1", 1, 7, 50});
  auto h = by_hour(s);
  ASSERT_EQ(h.size(), 4u);
  EXPECT_EQ(h[0].hour, 7);
  EXPECT_EQ(h[0].stats.count, 3);
  EXPECT_DOUBLE_EQ(h[0].stats.p50, 36);
  EXPECT_EQ(h[3].direction, 1);

  auto p = by_period(s, default_periods(), 85);
  ASSERT_EQ(p.size(), 10u);  // five periods for each direction
  EXPECT_EQ(p[1].period.name, "早高峰");
  EXPECT_EQ(p[1].count, 5);
  EXPECT_NEAR(p[1].percentile_min, 37.6, 1e-9);  // the five 07-09 samples, as above
  EXPECT_EQ(p[1].recommended_min, 38);
  EXPECT_EQ(p[2].count, 1);
  EXPECT_EQ(p[2].recommended_min, 25);
  EXPECT_EQ(p[0].count, 0);
  EXPECT_EQ(p[0].recommended_min, 0);
  auto p50 = by_period(s, default_periods(), 50);
  EXPECT_EQ(p50[1].recommended_min, 34);
}

TEST(RunningTimes, PeriodsFromJson) {
  auto ok = periods_from_json(nlohmann::json::parse(
      R"([{"name":"早高峰","from":7,"to":9},{"name":"平峰","from":9,"to":17}])"));
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->size(), 2u);
  auto bad = [](const char* text, const char* field) {
    auto r = periods_from_json(nlohmann::json::parse(text));
    ASSERT_FALSE(r) << text;
    EXPECT_EQ(r.error().field, field) << r.error().message;
  };
  bad(R"({})", "periods");
  bad(R"([])", "periods");
  bad(R"([{"name":"a","from":9,"to":7}])", "periods[0]");
  bad(R"([{"name":"a","from":7,"to":9},{"name":"b","from":8,"to":10}])", "periods[1]");
  bad(R"([{"name":"a","from":"7","to":9}])", "periods[0]");
}

}  // namespace
}  // namespace zt::transit::scheduling

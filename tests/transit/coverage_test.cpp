// Forecast coverage: the share of served stops with a live prediction (Cal-ITP's definition),
// and the log that sums it over the last hour.
#include "transit/arrivals.hpp"
#include "transit/coverage_log.hpp"
#include "transit/simulator.hpp"

#include <gtest/gtest.h>

#include "transit/test_feeds.hpp"

namespace zt::transit {
namespace {

using fixtures::at;
using fixtures::kNoBuses;
using fixtures::line_feed;

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
  Simulator sim({.seed = 7, .gps_error_m = 8, .missed_ping_share = 0.0, .max_delay_s = 300});
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

}  // namespace
}  // namespace zt::transit

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

TEST(Coverage, PerStopMinutesByHourAndAResampledMinuteReplaced) {
  CoverageLog log;
  auto n = Network::from_feed(line_feed());
  const std::int64_t t0 = 1710900000 / 3600 * 3600;  // an hour boundary
  const std::uint8_t served = kStopServed, both = kStopServed | kStopPredicted;
  log.record_stops(t0, n, {both, served, 0, 0});
  log.record_stops(t0 + 30, n, {both, both, 0, 0});  // same minute: replaces the one before
  log.record_stops(t0 + 60, n, {served, both, 0, 0});
  log.record_stops(t0 + 3600, n, {both, 0, 0, 0});
  auto w = log.stops_window(t0 + 3600, 2);
  ASSERT_EQ(w.network, n);
  EXPECT_EQ(w.samples, 3);
  ASSERT_EQ(w.stops.size(), 4u);
  EXPECT_EQ(w.stops[0].served, 3);
  EXPECT_EQ(w.stops[0].predicted, 2);
  EXPECT_EQ(w.stops[1].served, 2);
  EXPECT_EQ(w.stops[1].predicted, 2);
  EXPECT_EQ(w.stops[2].served, 0);
  EXPECT_EQ(log.stops_window(t0 + 3600, 1).stops[0].served, 1);
  // A new network version starts afresh.
  auto other = Network::from_feed(line_feed());
  log.record_stops(t0 + 3660, other, {served, 0, 0, 0});
  auto fresh = log.stops_window(t0 + 3660);
  EXPECT_EQ(fresh.network, other);
  EXPECT_EQ(fresh.samples, 1);
  EXPECT_EQ(fresh.stops[0].predicted, 0);
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
  std::vector<std::uint8_t> per_stop;
  auto all = forecast_coverage(*n, fixes, now, 30, &per_stop);
  int served = 0, predicted = 0;
  for (auto f : per_stop) served += (f & kStopServed) != 0, predicted += (f & kStopPredicted) != 0;
  EXPECT_EQ(served, all.stops_served);  // the per-stop flags add up to the totals
  EXPECT_EQ(predicted, all.stops_predicted);
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

// The offline path (zhengtong transit kpi): simulated positions through the tracker become
// operations records and KPIs; trips planned outside the recording are left out.
#include "transit/kpi/offline.hpp"

#include <gtest/gtest.h>

#include "transit/simulator.hpp"
#include "transit/test_feeds.hpp"

namespace zt::transit::kpi {
namespace {

using fixtures::at;

TEST(OfflineKpi, SimulatedBusesOnTimeMakeCompletedPunctualTrips) {
  auto n = Network::from_feed(fixtures::city());
  Simulator sim({.seed = 7, .gps_error_m = 3, .missed_ping_share = 0.0, .max_delay_s = 0});
  std::vector<VehicleReport> fixes;
  for (auto t = at("2024-03-20", 7, 30); t <= at("2024-03-20", 8, 30); t += 10)
    for (auto& v : sim.positions(*n, t)) fixes.push_back(std::move(v));
  auto r = records_from_positions(*n, fixes);
  ASSERT_EQ(r.days.size(), 1u);
  const auto& records = r.days.begin()->second;
  // Only the trips due while positions were recorded: nothing from 06:00 or 21:00.
  for (const auto& t : records)
    EXPECT_TRUE(t.sched_end >= r.first_fix && t.sched_start <= r.last_fix) << t.trip_id_performed;
  auto rep = compute_kpis(records, {});
  EXPECT_GT(rep.city.completed, 5);
  ASSERT_TRUE(rep.city.on_time_departure_rate());
  EXPECT_GE(*rep.city.on_time_departure_rate(), 0.9);
  ASSERT_TRUE(rep.city.peak_speed_kmh());
  EXPECT_GT(*rep.city.peak_speed_kmh(), 5);
  EXPECT_LT(*rep.city.peak_speed_kmh(), 80);
  auto j = offline_report(r, {});
  EXPECT_EQ(j["service_dates"][0], "2024-03-20");
  EXPECT_EQ(j["trips_completed"], rep.city.completed);
  EXPECT_EQ(j["routes"].size(), 2u);
}

TEST(OfflineKpi, NoFixesNoDays) {
  auto n = Network::from_feed(fixtures::city());
  auto r = records_from_positions(*n, {});
  EXPECT_TRUE(r.days.empty());
  EXPECT_EQ(offline_report(r, {})["trips_planned"], 0);
}

}  // namespace
}  // namespace zt::transit::kpi

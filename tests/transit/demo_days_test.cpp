// Simulated operations days (demo_days.hpp) on a feed cut to midday, as the demo's Porto Alegre
// sample (11:00-17:00): the peaks get added runs copied from the first hours of service, so the
// peak speed has a figure, while the timetabled trips keep their own times and verdicts.
#include "transit/kpi/demo_days.hpp"

#include <gtest/gtest.h>

#include "transit/kpi/kpi.hpp"
#include "transit/kpi/trip_records.hpp"
#include "transit/kpi_fixtures.hpp"

namespace zt::transit::kpi {
namespace {

Feed midday_feed() {
  auto f = fixtures::kpi_feed();  // T1-T3 07:00-08:00 → 11:00-12:00; T5 21:30, T4 03:50 (27:50)
  for (auto& st : f.stop_times) st.arrival += 4 * 3600, st.departure += 4 * 3600;
  for (auto& q : f.frequencies) q.start += 4 * 3600, q.end += 4 * 3600;
  return f;
}

TEST(KpiDemoDays, AFeedWithoutPeakServiceGetsPeakRunsForTheSpeed) {
  auto n = Network::from_feed(midday_feed());
  const auto day = *parse_date(fixtures::kKpiDay);
  const auto visits = simulated_visits(*n, day, 7, /*cancelled=*/0);
  const auto records = build_trip_records(*n, day, visits);
  const auto city = compute_kpis(records, {}).city;
  ASSERT_TRUE(city.peak_speed_kmh()) << "no peak trips";
  EXPECT_GT(*city.peak_speed_kmh(), 0);
  // T1, T2 and T3 (the first two hours of service) copied into each peak: six added runs.
  int added = 0;
  for (const auto& r : records) {
    if (r.outcome != Outcome::kAdded) continue;
    ++added;
    EXPECT_NE(r.vehicle_id.find("-加开"), std::string::npos) << r.vehicle_id;
    const auto local = (r.actual_start + 8 * 3600) % 86400;
    const bool morning = local >= 7 * 3600 - 60 && local < 8 * 3600 + 300;
    const bool evening = local >= 17 * 3600 - 60 && local < 18 * 3600 + 300;
    EXPECT_TRUE(r.actual_start == 0 || morning || evening) << r.trip_id_performed << " " << local;
  }
  EXPECT_EQ(added, 6);
  EXPECT_GE(city.peak_trips, 4);  // those not picked up after their first stop
  EXPECT_EQ(city.added, 6);
  // The timetabled trips are judged at their own times, as before.
  for (const auto& r : records)
    if (r.trip_id_performed == "T1") {
      EXPECT_EQ((r.sched_start + 8 * 3600) % 86400, 11 * 3600);
      EXPECT_NE(r.outcome, Outcome::kAdded);
    }
}

TEST(KpiDemoDays, AFeedWithPeakServiceIsRunAsTimetabled) {
  auto n = Network::from_feed(fixtures::kpi_feed());
  const auto day = *parse_date(fixtures::kKpiDay);
  const auto records = build_trip_records(*n, day, simulated_visits(*n, day, 7, 0));
  for (const auto& r : records) EXPECT_NE(r.outcome, Outcome::kAdded) << r.trip_id_performed;
}

}  // namespace
}  // namespace zt::transit::kpi

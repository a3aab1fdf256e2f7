// The KPIs of the hand-computed day (kpi_fixtures.hpp), worked out by hand in the comments:
// departure punctuality in the timetable and the headway form, execution, terminal arrivals,
// peak speed, headway CV and excess wait; the window and peaks configurable; figures traced to
// their trips.
#include "transit/kpi/kpi.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "transit/kpi_fixtures.hpp"

namespace zt::transit::kpi {
namespace {

double km(const Network& n, const char* a, const char* b) {
  const auto& x = n.stop(*n.find_stop(a));
  const auto& y = n.stop(*n.find_stop(b));
  return haversine_m(x.lat, x.lon, y.lat, y.lon) / 1000;
}

struct Day {
  std::shared_ptr<const Network> n = Network::from_feed(fixtures::kpi_feed());
  std::vector<TripRecord> records =
      build_trip_records(*n, *parse_date(fixtures::kKpiDay), fixtures::kpi_visits(*n));
};

TEST(Kpi, TimetabledRouteByHand) {
  Day d;
  auto rep = compute_kpis(d.records, {});
  const auto& r1 = rep.routes.at("R1");
  EXPECT_EQ(r1.planned, 5);
  EXPECT_EQ(r1.observed, 4);
  EXPECT_EQ(r1.completed, 3);
  EXPECT_EQ(r1.partial, 1);
  EXPECT_EQ(r1.cancelled, 1);
  // Departures seen: T1 +90 s, T2 +240 s (late), T4 −30 s; T3 never seen leaving A.
  EXPECT_EQ(r1.departures_judged, 3);
  EXPECT_EQ(r1.departures_on_time, 2);
  EXPECT_EQ(r1.departures_late, 1);
  EXPECT_EQ(r1.departures_unobserved, 1);
  EXPECT_DOUBLE_EQ(*r1.on_time_departure_rate(), 2.0 / 3);
  EXPECT_DOUBLE_EQ(*r1.execution_rate(), 3.0 / 5);
  // Arrivals at C: T1 +60, T2 +300 (late), T3 +30, T4 +60 (after midnight).
  EXPECT_EQ(r1.arrivals_judged, 4);
  EXPECT_DOUBLE_EQ(*r1.terminal_arrival_rate(), 0.75);
  // Peak trips (leaving 07-09, completed): T1 690 s and T2 780 s over A→C each.
  EXPECT_EQ(r1.peak_trips, 2);
  EXPECT_NEAR(*r1.peak_speed_kmh(), 2 * km(*d.n, "A", "C") / (1470.0 / 3600), 0.1);
  // Its planned headways (30 min and more) are not high-frequency.
  EXPECT_FALSE(r1.headway_cv());
  EXPECT_FALSE(r1.excess_wait_s());
}

TEST(Kpi, HeadwayRouteByHand) {
  Day d;
  auto rep = compute_kpis(d.records, {});
  const auto& r2 = rep.routes.at("R2");
  EXPECT_EQ(r2.planned, 6);
  EXPECT_EQ(r2.completed, 5);
  EXPECT_EQ(r2.cancelled, 1);
  // Headways 8, 13, 9, 9 min against 10: −120 s early, +180 on time, −60 and −60 on time; the
  // first departure has no headway to judge.
  EXPECT_EQ(r2.departures_judged, 4);
  EXPECT_EQ(r2.departures_on_time, 3);
  EXPECT_EQ(r2.departures_early, 1);
  EXPECT_EQ(r2.arrivals_judged, 0);  // no timetable to arrive by
  // CV: mean 585 s, variance 355500 − 585² = 13275.
  EXPECT_NEAR(*r2.headway_cv(), std::sqrt(13275.0) / 585, 1e-9);
  // EWT: 1422000 / (2 × 2340) − 1800000 / (2 × 3000) = 303.846 − 300.
  EXPECT_NEAR(*r2.excess_wait_s(), 1422000.0 / 4680 - 300, 1e-9);
  EXPECT_EQ(r2.peak_trips, 5);
  EXPECT_NEAR(*r2.peak_speed_kmh(), km(*d.n, "D", "E") / (480.0 / 3600), 0.1);
}

TEST(Kpi, CityAndDirectionsAddUp) {
  Day d;
  auto rep = compute_kpis(d.records, {});
  EXPECT_EQ(rep.city.planned, 11);
  EXPECT_EQ(rep.city.completed, 8);
  EXPECT_DOUBLE_EQ(*rep.city.on_time_departure_rate(), 5.0 / 7);
  const double dist = 2 * km(*d.n, "A", "C") + 5 * km(*d.n, "D", "E");
  EXPECT_NEAR(*rep.city.peak_speed_kmh(), dist / (3870.0 / 3600), 0.1);
  EXPECT_EQ(rep.directions.size(), 2u);
  auto j = rep.to_json();
  EXPECT_EQ(j["trips_planned"], 11);
  EXPECT_EQ(j["routes"].size(), 2u);
  EXPECT_EQ(j["routes"][0]["route_id"], "R1");
  EXPECT_EQ(j["routes"][0]["directions"][0]["direction_id"], 0);
  EXPECT_TRUE(j["routes"][0]["headway_cv"].is_null());
}

TEST(Kpi, WindowAndPeaksAreConfigurable) {
  Day d;
  KpiOptions wide;
  wide.late_s = 300;  // T2's +240 s is now on time
  EXPECT_DOUBLE_EQ(*compute_kpis(d.records, wide).routes.at("R1").on_time_departure_rate(), 1.0);
  KpiOptions strict;
  strict.early_s = 0;  // T4 left 30 s early
  EXPECT_DOUBLE_EQ(*compute_kpis(d.records, strict).routes.at("R1").on_time_departure_rate(),
                   1.0 / 3);
  KpiOptions evening;
  evening.peaks = *parse_peaks("23:30-24:30");
  const auto report = compute_kpis(d.records, evening);  // held: r1 refers into it
  const auto& r1 = report.routes.at("R1");
  EXPECT_EQ(r1.peak_trips, 1);  // T4 alone, 23:49:30 to 00:03
  EXPECT_NEAR(*r1.peak_speed_kmh(), km(*d.n, "A", "C") / (810.0 / 3600), 0.1);
  EXPECT_FALSE(parse_peaks("7-"));
  EXPECT_FALSE(parse_peaks("09-07"));
  EXPECT_FALSE(parse_peaks(""));
  ASSERT_TRUE(parse_peaks("07:30-09,17-19"));
  EXPECT_EQ((*parse_peaks("07:30-09,17-19"))[0].from_s, 7 * 3600 + 1800);
}

TEST(Kpi, EachFigureTracesToItsTrips) {
  Day d;
  auto verdicts = judge(d.records, {});
  std::vector<std::string> late, unobserved, peak;
  for (std::size_t i = 0; i < d.records.size(); ++i) {
    if (*counts_for(d.records[i], verdicts[i], "departure_late"))
      late.push_back(d.records[i].trip_id_performed);
    if (*counts_for(d.records[i], verdicts[i], "departure_unobserved"))
      unobserved.push_back(d.records[i].trip_id_performed);
    if (*counts_for(d.records[i], verdicts[i], "peak"))
      peak.push_back(d.records[i].trip_id_performed);
  }
  EXPECT_EQ(late, std::vector<std::string>{"T2"});
  EXPECT_EQ(unobserved, std::vector<std::string>{"T3"});
  EXPECT_EQ(peak.size(), 7u);
  EXPECT_FALSE(counts_for(d.records[0], verdicts[0], "nonsense"));
}

}  // namespace
}  // namespace zt::transit::kpi

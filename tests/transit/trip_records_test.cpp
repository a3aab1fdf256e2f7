// Operations records from stop visits: each planned trip's outcome, times, stops and distance; a
// trip without an observed departure, a trip across midnight, a cancelled trip, headway slots
// filled in departure order, duplicates as added trips, and the vehicles' day.
#include "transit/kpi/trip_records.hpp"

#include <gtest/gtest.h>

#include "transit/kpi_fixtures.hpp"

namespace zt::transit::kpi {
namespace {

using fixtures::at;

const TripRecord& find(const std::vector<TripRecord>& rs, const std::string& id) {
  for (const auto& r : rs)
    if (r.trip_id_performed == id) return r;
  throw std::runtime_error("no record " + id);
}

double km(const Network& n, const char* a, const char* b) {
  const auto& x = n.stop(*n.find_stop(a));
  const auto& y = n.stop(*n.find_stop(b));
  return haversine_m(x.lat, x.lon, y.lat, y.lon) / 1000;
}

TEST(TripRecords, EachPlannedTripWithWhatHappenedToIt) {
  auto n = Network::from_feed(fixtures::kpi_feed());
  const auto day = *parse_date(fixtures::kKpiDay);
  auto rs = build_trip_records(*n, day, fixtures::kpi_visits(*n));
  ASSERT_EQ(rs.size(), 11u);  // five on R1, six headway slots on R2

  const auto& t1 = find(rs, "T1");
  EXPECT_EQ(t1.outcome, Outcome::kCompleted);
  EXPECT_EQ(t1.vehicle_id, "V1");
  EXPECT_EQ(t1.sched_start, at("2024-03-20", 7, 0));
  EXPECT_EQ(t1.actual_start, at("2024-03-20", 7, 1, 30));
  EXPECT_EQ(t1.sched_end, at("2024-03-20", 7, 12));
  EXPECT_EQ(t1.actual_end, at("2024-03-20", 7, 13));
  EXPECT_EQ(t1.service_s(), 690);
  EXPECT_EQ(t1.stops_served, 3);
  EXPECT_EQ(t1.stops_skipped(), 0);
  EXPECT_NEAR(t1.distance_m / 1000, km(*n, "A", "C"), 0.02);
  EXPECT_EQ(t1.start_stop_id, "A");
  EXPECT_EQ(t1.end_stop_id, "C");

  // Picked up at B: no departure from A, two stops of three — partial, B to C only.
  const auto& t3 = find(rs, "T3");
  EXPECT_EQ(t3.outcome, Outcome::kPartial);
  EXPECT_EQ(t3.actual_start, 0);
  EXPECT_EQ(t3.actual_end, at("2024-03-20", 8, 12, 30));
  EXPECT_EQ(t3.stops_skipped(), 1);
  EXPECT_NEAR(t3.distance_m / 1000, km(*n, "B", "C"), 0.02);

  // Across midnight: the service day it started on, its arrival the next morning.
  const auto& t4 = find(rs, "T4");
  EXPECT_EQ(t4.service_date, day);
  EXPECT_EQ(t4.outcome, Outcome::kCompleted);
  EXPECT_EQ(t4.sched_end, at("2024-03-21", 0, 2));
  EXPECT_EQ(t4.actual_end, at("2024-03-21", 0, 3));

  const auto& t5 = find(rs, "T5");
  EXPECT_EQ(t5.outcome, Outcome::kCancelled);
  EXPECT_TRUE(t5.vehicle_id.empty());
  EXPECT_EQ(t5.distance_m, 0);

  // Headway slots: each bus on the free slot nearest its departure; 07:50 never ran.
  const auto& h2 = find(rs, "H@07:10:00");
  EXPECT_EQ(h2.vehicle_id, "H2");
  EXPECT_EQ(h2.headway_s, 600);
  EXPECT_EQ(h2.actual_start, at("2024-03-20", 7, 9));
  EXPECT_EQ(find(rs, "H@07:20:00").vehicle_id, "H3");
  EXPECT_EQ(find(rs, "H@07:50:00").outcome, Outcome::kCancelled);
}

TEST(TripRecords, ABusOnATripAlreadyRunIsAnAddedTrip) {
  auto n = Network::from_feed(fixtures::kpi_feed());
  auto visits = fixtures::kpi_visits(*n);
  visits.push_back(fixtures::visit(*n, "V9", "T1", 0, 0, at("2024-03-20", 7, 2)));
  visits.push_back(
      fixtures::visit(*n, "V9", "T1", 2, at("2024-03-20", 7, 15), at("2024-03-20", 7, 15)));
  // A visit of the next service day is not this day's.
  visits.push_back(fixtures::visit(*n, "V8", "T2", 0, 0, at("2024-03-21", 7, 30), 0, "2024-03-21"));
  auto rs = build_trip_records(*n, *parse_date("2024-03-20"), visits);
  ASSERT_EQ(rs.size(), 12u);
  const auto& dup = find(rs, "T1+V9");
  EXPECT_EQ(dup.outcome, Outcome::kAdded);
  EXPECT_FALSE(dup.planned());
  EXPECT_EQ(dup.sched_start, 0);
  EXPECT_EQ(find(rs, "T1").vehicle_id, "V1");
}

TEST(TripRecords, NoVisitsMeansEveryTripCancelled) {
  auto n = Network::from_feed(fixtures::kpi_feed());
  auto rs = build_trip_records(*n, *parse_date("2024-03-20"), {});
  ASSERT_EQ(rs.size(), 11u);
  for (const auto& r : rs) EXPECT_EQ(r.outcome, Outcome::kCancelled) << r.trip_id_performed;
  // A Saturday: the weekday service does not run.
  EXPECT_TRUE(build_trip_records(*n, *parse_date("2024-03-23"), {}).empty());
}

TEST(TripRecords, VehicleDaysSumTheirTrips) {
  auto n = Network::from_feed(fixtures::kpi_feed());
  auto rs = build_trip_records(*n, *parse_date("2024-03-20"), fixtures::kpi_visits(*n));
  auto days = vehicle_days(rs);
  ASSERT_EQ(days.size(), 8u);  // H1-H5, V1-V3
  const auto& v1 = days[5];
  EXPECT_EQ(v1.vehicle_id, "V1");
  EXPECT_EQ(v1.trips, 2);
  EXPECT_NEAR(v1.service_km, 2 * km(*n, "A", "C"), 0.05);
  EXPECT_EQ(v1.first_trip, "T1");
  EXPECT_EQ(v1.last_trip, "T4");
  EXPECT_EQ(v1.last_end, at("2024-03-21", 0, 3));
}

}  // namespace
}  // namespace zt::transit::kpi

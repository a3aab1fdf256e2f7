// The TIDES CSV the operations records are written as uses the field names of the shipped
// schemas (data/tides/), so the agency's other TIDES tools read it; a recorded day's three tables
// exported, imported into a fresh store and exported again are the same bytes (both backends);
// bad rows are refused by line and field.
#include "transit/kpi/tides.hpp"

#include <gtest/gtest.h>

#include "support/test_store.hpp"
#include "transit/kpi/kpi.hpp"
#include "transit/kpi/record_store.hpp"
#include "transit/kpi_fixtures.hpp"
#include "transit/stop_events.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace zt::transit::kpi {
namespace {

std::set<std::string> schema_fields(const std::string& table) {
  std::ifstream in(std::string(ZT_DATA_DIR) + "/tides/" + table + ".schema.json");
  EXPECT_TRUE(in) << table;
  std::set<std::string> out;
  const auto doc = nlohmann::json::parse(in, nullptr, false);
  for (const auto& f : doc["fields"]) out.insert(f["name"].get<std::string>());
  return out;
}

std::vector<std::string> header(const std::string& csv) {
  std::vector<std::string> out;
  std::string first = csv.substr(0, csv.find('\n'));
  if (!first.empty() && first.back() == '\r') first.pop_back();  // CSV rows end in CRLF
  std::stringstream line(first);
  for (std::string f; std::getline(line, f, ',');) out.push_back(f);
  return out;
}

TEST(Tides, TripsPerformedHeaderIsTheSchemas) {
  const auto fields = schema_fields("trips_performed");
  ASSERT_FALSE(fields.empty());
  const auto cols = header(trips_performed_csv({}));
  ASSERT_FALSE(cols.empty());
  for (const auto& c : cols) EXPECT_TRUE(fields.count(c)) << c << " is not a TIDES field";
  EXPECT_TRUE(fields.count("trip_id_performed"));
  for (const auto& [table, csv] :
       {std::pair{"stop_visits",
                  stop_visits_csv(*Network::from_feed(fixtures::kpi_feed()), {}, {})},
        {"vehicle_locations",
         vehicle_locations_csv(*Network::from_feed(fixtures::kpi_feed()), {})}}) {
    const auto names = schema_fields(table);
    for (const auto& c : header(csv)) EXPECT_TRUE(names.count(c)) << table << "." << c;
  }
}

using fixtures::at;

// A few fixes of the day, with and without heading and speed, one after midnight UTC.
std::vector<VehicleReport> day_fixes() {
  std::vector<VehicleReport> out;
  auto fix = [&](const char* vehicle, std::int64_t t, double lat, double lon, int status) {
    VehicleReport v;
    v.vehicle_id = vehicle;
    v.timestamp = t;
    v.lat = lat;
    v.lon = lon;
    v.status = status;
    v.trip_id = "T1";
    v.stop_id = "B";
    return v;
  };
  out.push_back(fix("V1", at("2024-03-20", 7, 1), 34.770001, 111.180512, 2));
  out.push_back(fix("V1", at("2024-03-20", 7, 7), 34.77, 111.191, 1));
  out.back().bearing = 90;
  out.back().speed = 0;
  out.push_back(fix("V2", at("2024-03-20", 8, 30, 5), 34.770123, 111.2, 0));
  out.back().bearing = 271.4;
  out.back().speed = 8.35;
  return out;
}

struct Exported {
  std::string trips, visits, locations;
};

Exported export_day(Store& store, const Network& n, Date day) {
  auto records = load_records(store, day, day);
  auto events = load_day_events(store, n, day);
  auto fixes = load_day_fixes(store, n, day);
  EXPECT_TRUE(records && events && fixes);
  if (!records || !events || !fixes) return {};
  return {trips_performed_csv(*records), stop_visits_csv(n, *records, *events),
          vehicle_locations_csv(n, *fixes)};
}

class TidesRoundTripTest : public ::testing::TestWithParam<std::string> {};

TEST_P(TidesRoundTripTest, ARecordedDayExportedImportedAndExportedAgainIsTheSameBytes) {
  test::TestDb first(GetParam());
  ZT_REQUIRE_DB(first);
  ManualClock clock(Instant{std::chrono::seconds{at("2024-03-22", 9, 0)}});
  auto n = Network::from_feed(fixtures::kpi_feed());
  const auto day = *parse_date(fixtures::kKpiDay);
  Exported before;
  {
    auto app = test::open_app(first.url(), clock);
    ASSERT_TRUE(app);
    const auto visits = fixtures::kpi_visits(*n);
    const auto records = build_trip_records(*n, day, visits);
    ASSERT_TRUE(save_day(app->store(), day, records, "tracker", 1, clock.now(), Actor{}));
    ASSERT_TRUE(import_fixes_and_visits(app->store(), *n, day_fixes(), visits, clock.now(), {}));
    before = export_day(app->store(), *n, day);
  }
  ASSERT_NE(before.trips.find("H@07:50:00"), std::string::npos);  // a headway slot not run
  ASSERT_NE(before.visits.find("T4"), std::string::npos);         // a trip across midnight
  ASSERT_EQ(std::count(before.locations.begin(), before.locations.end(), '\n'), 4);

  test::TestDb second(GetParam());
  ZT_REQUIRE_DB(second);
  auto app = test::open_app(second.url(), clock);
  ASSERT_TRUE(app);
  auto trips = read_trips_performed(before.trips, "trips_performed.csv", *n);
  ASSERT_TRUE(trips) << trips.error().message;
  ASSERT_TRUE(save_day(app->store(), day, *trips, "tides", 1, clock.now(), Actor{}));
  auto visits = read_stop_visits(before.visits, "stop_visits.csv", *n, *trips);
  ASSERT_TRUE(visits) << visits.error().message;
  auto fixes = read_vehicle_locations(before.locations, "vehicle_locations.csv");
  ASSERT_TRUE(fixes) << fixes.error().message;
  ASSERT_TRUE(import_fixes_and_visits(app->store(), *n, *fixes, *visits, clock.now(), {}));
  const auto after = export_day(app->store(), *n, day);
  EXPECT_EQ(after.trips, before.trips);
  EXPECT_EQ(after.visits, before.visits);
  EXPECT_EQ(after.locations, before.locations);
  // The same KPIs from the imported records.
  EXPECT_EQ(compute_kpis(*trips, {}).city.planned,
            compute_kpis(build_trip_records(*n, day, fixtures::kpi_visits(*n)), {}).city.planned);
}

INSTANTIATE_TEST_SUITE_P(Backends, TidesRoundTripTest, ::testing::ValuesIn(test::backends()));

// Each part of the time is its digits: a sign that from_chars would take is refused.
TEST(Tides, IsoTimesWithSignedPartsAreRefused) {
  EXPECT_EQ(parse_iso_datetime("2024-03-20T07:01:30+08:00").value_or(0), 1710889290);
  for (const char* bad :
       {"2024-03-20T-1:01:30+08:00", "2024-03-20T07:-1:30+08:00", "2024-03-20T07:01:-3+08:00",
        "2024-03-20T07:01:30+-8:00", "2024-03-20T07:01:30+08:-1", "2024-03-20T07:01:30+8:00"})
    EXPECT_FALSE(parse_iso_datetime(bad)) << bad;
}

TEST(Tides, BadStopVisitsAndVehicleLocationsAreRefusedByLineAndField) {
  auto n = Network::from_feed(fixtures::kpi_feed());
  const auto day = *parse_date(fixtures::kKpiDay);
  const auto records = build_trip_records(*n, day, fixtures::kpi_visits(*n));
  const std::string visits_header =
      "service_date,trip_id_performed,scheduled_stop_sequence,vehicle_id,actual_arrival_time,"
      "actual_departure_time\n";
  const std::string good = "2024-03-20,T1,1,V1,,2024-03-20T07:01:30+08:00\n";
  struct Bad {
    std::string row, field;
  };
  for (const auto& [row, field] :
       {Bad{"2024-03-20,T9,1,V1,,2024-03-20T07:01:30+08:00", "trip_id_performed"},
        Bad{"2024-03-21,T1,1,V1,,2024-03-20T07:01:30+08:00", "trip_id_performed"},
        Bad{"2024-02-30,T1,1,V1,,2024-03-20T07:01:30+08:00", "service_date"},
        Bad{"2024-03-20,T1,x,V1,,2024-03-20T07:01:30+08:00", "scheduled_stop_sequence"},
        Bad{"2024-03-20,T1,7,V1,,2024-03-20T07:01:30+08:00", "scheduled_stop_sequence"},
        Bad{"2024-03-20,T1,2,,,2024-03-20T07:07:30+08:00", "vehicle_id"},
        Bad{"2024-03-20,T1,2,V1,,07:07:30", "actual_departure_time"},
        Bad{"2024-03-20,T1,2,V1,2024-03-20T07:08:00+08:00,2024-03-20T07:07:30+08:00",
            "actual_arrival_time"}}) {
    auto r = read_stop_visits(visits_header + good + row + "\n", "sv.csv", *n, records);
    ASSERT_FALSE(r) << row;
    EXPECT_EQ(r.error().field, field) << row;
    EXPECT_NE(r.error().message.find("sv.csv:3"), std::string::npos) << r.error().message;
  }
  EXPECT_FALSE(read_stop_visits("service_date,vehicle_id\n", "sv.csv", *n, records));

  const std::string fixes_header =
      "vehicle_id,event_timestamp,latitude,longitude,current_status,heading,speed\n";
  const std::string fix = "V1,2024-03-20T07:01:00+08:00,34.77,111.18,Stopped at,90,1.5\n";
  for (const auto& [row, field] :
       {Bad{",2024-03-20T07:01:00+08:00,34.77,111.18,,,", "vehicle_id"},
        Bad{"V1,2024-03-20 07:01,34.77,111.18,,,", "event_timestamp"},
        Bad{"V1,2024-03-20T07:01:00+08:00,95,111.18,,,", "latitude"},
        Bad{"V1,2024-03-20T07:01:00+08:00,34.77,east,,,", "longitude"},
        Bad{"V1,2024-03-20T07:01:00+08:00,34.77,111.18,Parked,,", "current_status"},
        Bad{"V1,2024-03-20T07:01:00+08:00,34.77,111.18,,400,", "heading"},
        Bad{"V1,2024-03-20T07:01:00+08:00,34.77,111.18,,,-3", "speed"}}) {
    auto r = read_vehicle_locations(fixes_header + fix + row + "\n", "vl.csv");
    ASSERT_FALSE(r) << row;
    EXPECT_EQ(r.error().field, field) << row;
    EXPECT_NE(r.error().message.find("vl.csv:3"), std::string::npos) << r.error().message;
  }
  auto ok = read_vehicle_locations(fixes_header + fix, "vl.csv");
  ASSERT_TRUE(ok) << ok.error().message;
  ASSERT_EQ(ok->size(), 1u);
  EXPECT_EQ((*ok)[0].status, 1);
  EXPECT_EQ(*(*ok)[0].bearing, 90);
}

}  // namespace
}  // namespace zt::transit::kpi

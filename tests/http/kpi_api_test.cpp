// The KPI routes over HTTP (src/transit/kpi/kpi_api.cpp), on both backends: a planner imports a
// TIDES trips_performed file for a day of the hand-computed network; the day, the month and the
// trips behind a figure read back; TIDES and Excel exports; bad rows refused by line and field;
// a day still running cannot be recorded; callers outside transit are refused.
#include <gtest/gtest.h>

#include "support/office_files.hpp"
#include "support/test_store.hpp"
#include "transit/test_feeds.hpp"

namespace zt {
namespace {

using nlohmann::json;

// kpi_fixtures.hpp's network as GTFS files: R1 A→B→C (T1 07:00, T2 07:30, T5 17:30), R2 D→E.
std::string kpi_zip() {
  return test::make_zip(
      {{"agency.txt",
        "agency_name,agency_url,agency_timezone\n三门峡公交,http://example.cn,Asia/Shanghai\n"},
       {"stops.txt",
        "stop_id,stop_name,stop_lat,stop_lon\nA,站A,34.770,111.180\nB,站B,34.770,111.191\n"
        "C,站C,34.770,111.202\nD,站D,34.800,111.180\nE,站E,34.800,111.202\n"},
       {"routes.txt", "route_id,route_short_name,route_type\nR1,1,3\nR2,2,3\n"},
       {"trips.txt",
        "route_id,service_id,trip_id,direction_id\nR1,WK,T1,0\nR1,WK,T2,0\nR1,WK,T5,0\n"
        "R2,WK,H,0\n"},
       {"stop_times.txt",
        "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
        "T1,07:00:00,07:00:00,A,1\nT1,07:06:00,07:06:00,B,2\nT1,07:12:00,07:12:00,C,3\n"
        "T2,07:30:00,07:30:00,A,1\nT2,07:36:00,07:36:00,B,2\nT2,07:42:00,07:42:00,C,3\n"
        "T5,17:30:00,17:30:00,A,1\nT5,17:36:00,17:36:00,B,2\nT5,17:42:00,17:42:00,C,3\n"
        "H,07:00:00,07:00:00,D,1\nH,07:08:00,07:08:00,E,2\n"},
       {"frequencies.txt",
        "trip_id,start_time,end_time,headway_secs,exact_times\n"
        "H,07:00:00,08:00:00,600,0\n"},
       {"calendar.txt",
        "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
        "WK,1,1,1,1,1,0,0,20240101,20241231\n"}});
}

const char* kTrips =
    "service_date,trip_id_performed,vehicle_id,trip_id_scheduled,schedule_trip_start,"
    "schedule_trip_end,actual_trip_start,actual_trip_end,schedule_relationship\n"
    "2024-03-20,T1,V1,T1,2024-03-20T07:00:00+08:00,2024-03-20T07:12:00+08:00,"
    "2024-03-20T07:01:30+08:00,2024-03-20T07:13:00+08:00,Scheduled\n"
    "2024-03-20,T2,V2,T2,2024-03-20T07:30:00+08:00,2024-03-20T07:42:00+08:00,"
    "2024-03-19T23:34:00Z,2024-03-20T07:47:00+08:00,Scheduled\n"
    "2024-03-20,T5,,T5,2024-03-20T17:30:00+08:00,2024-03-20T17:42:00+08:00,,,Canceled\n";

class KpiApiTest : public ::testing::TestWithParam<std::string> {};

TEST_P(KpiApiTest, ImportedDayReadsBackTracedToItsTrips) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  test::TestApp t(db.url());
  t.clock().set(Instant{std::chrono::seconds{transit::fixtures::at("2024-03-22", 9, 0)}});
  test::HttpClient c(t.port());
  auto planner = t.bearer("jt_gh");
  ASSERT_EQ(c.request("POST", "/api/v1/transit/feeds?name=kpi.zip", kpi_zip(), planner).status,
            201);
  auto imported = c.request("POST", "/api/v1/transit/kpi/tides/trips_performed", kTrips, planner);
  ASSERT_EQ(imported.status, 201) << imported.body;
  EXPECT_EQ(imported.json()["days"][0]["trips"], 3);

  auto dispatcher = t.bearer("gj_dd");
  auto day = c.request("GET", "/api/v1/transit/kpi/days/2024-03-20", "", dispatcher);
  ASSERT_EQ(day.status, 200) << day.body;
  auto j = day.json();
  EXPECT_FALSE(j["provisional"].get<bool>());
  EXPECT_EQ(j["source"], "tides");
  // T1 +90 s on time, T2 +240 s late, T5 cancelled.
  EXPECT_EQ(j["trips_planned"], 3);
  EXPECT_EQ(j["trips_completed"], 2);
  EXPECT_DOUBLE_EQ(j["on_time_departure_rate"].get<double>(), 0.5);
  EXPECT_NEAR(j["execution_rate"].get<double>(), 2.0 / 3, 1e-9);
  // A.→C. is 2 × 1,005 m; 690 s and 780 s of revenue time.
  EXPECT_NEAR(j["peak_speed_kmh"].get<double>(), 2 * 2.0104 / (1470.0 / 3600), 0.2);
  EXPECT_EQ(j["routes"][0]["route_id"], "R1");
  // A wider window counts T2 on time.
  auto wide = c.request("GET", "/api/v1/transit/kpi/days/2024-03-20?late=300", "", dispatcher);
  EXPECT_DOUBLE_EQ(wide.json()["on_time_departure_rate"].get<double>(), 1.0);

  auto late = c.request("GET", "/api/v1/transit/kpi/trips?date=2024-03-20&figure=departure_late",
                        "", dispatcher);
  ASSERT_EQ(late.status, 200) << late.body;
  ASSERT_EQ(late.json()["trips"].size(), 1u);
  EXPECT_EQ(late.json()["trips"][0]["trip_id_performed"], "T2");
  EXPECT_EQ(late.json()["trips"][0]["verdict"]["deviation_s"], 240);
  EXPECT_EQ(
      c.request("GET", "/api/v1/transit/kpi/trips?date=2024-03-20&figure=x", "", dispatcher).status,
      400);

  auto days =
      c.request("GET", "/api/v1/transit/kpi/days?from=2024-03-01&to=2024-03-31", "", dispatcher);
  ASSERT_EQ(days.status, 200);
  ASSERT_EQ(days.json()["days"].size(), 1u);
  EXPECT_EQ(days.json()["days"][0]["service_date"], "2024-03-20");
  auto month = c.request("GET", "/api/v1/transit/kpi/months/2024-03", "", dispatcher);
  ASSERT_EQ(month.status, 200);
  EXPECT_EQ(month.json()["trips_planned"], 3);
  EXPECT_EQ(month.json()["days"].size(), 1u);
  auto vehicles = c.request("GET", "/api/v1/transit/kpi/days/2024-03-20/vehicles", "", dispatcher);
  EXPECT_EQ(vehicles.json()["vehicles"].size(), 2u);

  auto csv = c.request("GET", "/api/v1/transit/kpi/tides/trips_performed.csv?date=2024-03-20", "",
                       dispatcher);
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.rfind("service_date,trip_id_performed,vehicle_id,trip_id_scheduled", 0), 0u);
  EXPECT_NE(csv.body.find("2024-03-20,T2,V2,T2,R1,Bus,0"), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find("Canceled"), std::string::npos);
  auto xlsx = c.request("GET", "/api/v1/transit/kpi/months/2024-03/xlsx", "", dispatcher);
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.rfind("PK", 0), 0u);

  // Audited, and readers outside transit are refused.
  EXPECT_EQ(c.request("GET", "/api/v1/transit/kpi/days", "", t.bearer("ducha")).status, 403);
  EXPECT_EQ(
      c.request("POST", "/api/v1/transit/kpi/tides/trips_performed", kTrips, dispatcher).status,
      403);
  auto trail = audit_history(t.app().store(), "transit_ops_day", "2024-03-20");
  ASSERT_TRUE(trail);
  EXPECT_EQ(trail->size(), 1u);
  EXPECT_EQ(trail->front().actor, "jt_gh");
}

TEST_P(KpiApiTest, BadRowsAreRefusedByLineAndField) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  test::TestApp t(db.url());
  t.clock().set(Instant{std::chrono::seconds{transit::fixtures::at("2024-03-20", 12, 0)}});
  test::HttpClient c(t.port());
  auto planner = t.bearer("jt_gh");
  ASSERT_EQ(c.request("POST", "/api/v1/transit/feeds?name=kpi.zip", kpi_zip(), planner).status,
            201);
  const std::string header =
      "service_date,trip_id_performed,vehicle_id,trip_id_scheduled,schedule_trip_start,"
      "actual_trip_start\n";
  struct Bad {
    std::string row, field;
  };
  for (const auto& [row, field] :
       {Bad{"2024-03-20,T1,V1,T1,2024-03-20T07:00:00+08:00,07:01\n", "actual_trip_start"},
        Bad{"20240320,T1,V1,T1,,\n", "service_date"},
        Bad{"2024-03-20,T1,V1,NOPE,,\n", "trip_id_scheduled"},
        Bad{"2024-03-20,T1,,T1,2024-03-20T07:00:00+08:00,\n", "vehicle_id"}}) {
    const std::string good = "2024-03-20,T2,V2,T2,2024-03-20T07:30:00+08:00,\n";
    auto r = c.request("POST", "/api/v1/transit/kpi/tides/trips_performed", header + good + row,
                       planner);
    ASSERT_EQ(r.status, 400) << row << r.body;
    EXPECT_EQ(r.json()["error"]["field"], field) << r.body;
    EXPECT_NE(r.json()["error"]["message"].get<std::string>().find("trips_performed.csv:3"),
              std::string::npos)
        << r.body;
  }
  // Nothing was stored by the refused files.
  auto days = c.request("GET", "/api/v1/transit/kpi/days", "", planner);
  EXPECT_TRUE(days.json()["days"].empty());
  // Today is not over: it cannot be recorded yet; yesterday can (no visits: all cancelled).
  auto open = c.request("POST", "/api/v1/transit/kpi/days/2024-03-20/record", "", planner);
  EXPECT_EQ(open.status, 422) << open.body;
  auto done = c.request("POST", "/api/v1/transit/kpi/days/2024-03-19/record", "", planner);
  ASSERT_EQ(done.status, 201) << done.body;
  EXPECT_EQ(done.json()["trips_cancelled"], 9);
  EXPECT_NE(c.request("GET", "/metrics").body.find("zt_transit_kpi_execution_ratio"),
            std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, KpiApiTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt

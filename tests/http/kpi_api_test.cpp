// The KPI routes over HTTP (src/transit/kpi/kpi_api.cpp), on both backends: a planner imports a
// TIDES trips_performed file for a day of the hand-computed network; the day, the month and the
// trips behind a figure read back; TIDES and Excel exports; bad rows refused by line and field;
// a day still running cannot be recorded; callers outside transit are refused. The year and the
// company (agency) as dimensions; stop visits and fixes imported as TIDES; live prediction
// accuracy and stored forecast coverage by stop (kpi/api_live.cpp).
#include <gtest/gtest.h>

#include "support/office_files.hpp"
#include "support/test_store.hpp"
#include "transit/kpi/coverage_days.hpp"
#include "transit/kpi/live_accuracy.hpp"
#include "transit/kpi_fixtures.hpp"
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

TEST_P(KpiApiTest, YearAndCompanyAndTidesVisitsAndLocations) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  test::TestApp t(db.url());
  t.clock().set(Instant{std::chrono::seconds{transit::fixtures::at("2024-03-22", 9, 0)}});
  test::HttpClient c(t.port());
  auto planner = t.bearer("jt_gh");
  auto dispatcher = t.bearer("gj_dd");
  ASSERT_EQ(c.request("POST", "/api/v1/transit/feeds?name=kpi.zip", kpi_zip(), planner).status,
            201);
  ASSERT_EQ(c.request("POST", "/api/v1/transit/kpi/tides/trips_performed", kTrips, planner).status,
            201);
  auto year = c.request("GET", "/api/v1/transit/kpi/years/2024", "", dispatcher);
  ASSERT_EQ(year.status, 200) << year.body;
  auto y = year.json();
  EXPECT_EQ(y["year"], "2024");
  EXPECT_EQ(y["trips_planned"], 3);
  EXPECT_EQ(y["days_recorded"], 1);
  ASSERT_EQ(y["months"].size(), 1u);
  EXPECT_EQ(y["months"][0]["month"], "2024-03");
  EXPECT_DOUBLE_EQ(y["months"][0]["on_time_departure_rate"].get<double>(), 0.5);
  // The feed's only agency is the company of both routes.
  ASSERT_EQ(y["agencies"].size(), 1u);
  EXPECT_EQ(y["agencies"][0]["name"], "三门峡公交");
  EXPECT_EQ(y["agencies"][0]["trips_planned"], 3);
  auto day = c.request("GET", "/api/v1/transit/kpi/days/2024-03-20", "", dispatcher).json();
  EXPECT_EQ(day["agencies"][0]["trips_completed"], 2);
  auto month = c.request("GET", "/api/v1/transit/kpi/months/2024-03", "", dispatcher).json();
  EXPECT_EQ(month["agencies"].size(), 1u);
  EXPECT_EQ(
      c.request("GET", "/api/v1/transit/kpi/years/2023", "", dispatcher).json()["days_recorded"],
      0);
  for (const char* bad :
       {"/api/v1/transit/kpi/years/24", "/api/v1/transit/kpi/years/20x4",
        "/api/v1/transit/kpi/months/2024-13", "/api/v1/transit/kpi/days/2024-02-30",
        "/api/v1/transit/kpi/trips?from=2024-03-21&to=2024-03-20",
        "/api/v1/transit/kpi/trips?from=2023-01-01&to=2024-03-20",
        "/api/v1/transit/kpi/years/2024?early=-1"})
    EXPECT_EQ(c.request("GET", bad, "", dispatcher).status, 400) << bad;
  for (const char* xlsx :
       {"/api/v1/transit/kpi/years/2024/xlsx", "/api/v1/transit/kpi/months/2024-03/xlsx"}) {
    auto x = c.request("GET", xlsx, "", dispatcher);
    ASSERT_EQ(x.status, 200) << xlsx;
    EXPECT_EQ(x.body.rfind("PK", 0), 0u);
    EXPECT_NE(x.body.find("xl/worksheets/sheet3.xml"), std::string::npos);  // route, company, time
  }

  // Stop visits and fixes as TIDES: imported for the recorded day, exported again.
  const std::string visits =
      "service_date,trip_id_performed,scheduled_stop_sequence,vehicle_id,actual_arrival_time,"
      "actual_departure_time\n"
      "2024-03-20,T1,1,V1,,2024-03-20T07:01:30+08:00\n"
      "2024-03-20,T1,2,V1,2024-03-20T07:07:00+08:00,2024-03-20T07:07:30+08:00\n";
  EXPECT_EQ(c.request("POST", "/api/v1/transit/kpi/tides/stop_visits", visits, planner).status,
            400);  // ?date= names the day
  EXPECT_EQ(
      c.request("POST", "/api/v1/transit/kpi/tides/stop_visits?date=2024-03-20", visits, dispatcher)
          .status,
      403);
  auto bad = c.request("POST", "/api/v1/transit/kpi/tides/stop_visits?date=2024-03-20",
                       visits + "2024-03-20,T1,9,V1,,2024-03-20T07:13:00+08:00\n", planner);
  ASSERT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "scheduled_stop_sequence");
  EXPECT_NE(bad.body.find("stop_visits.csv:4"), std::string::npos) << bad.body;
  auto in =
      c.request("POST", "/api/v1/transit/kpi/tides/stop_visits?date=2024-03-20", visits, planner);
  ASSERT_EQ(in.status, 201) << in.body;
  EXPECT_EQ(in.json()["visits"], 2);
  auto sv =
      c.request("GET", "/api/v1/transit/kpi/tides/stop_visits.csv?date=2024-03-20", "", dispatcher);
  EXPECT_NE(sv.body.find("2024-03-20,T1,2,2,V1,30,B"), std::string::npos) << sv.body;
  const std::string fixes =
      "vehicle_id,event_timestamp,latitude,longitude,current_status,heading,speed\n"
      "V1,2024-03-20T07:01:00+08:00,34.77,111.18,Stopped at,90,1.5\n";
  auto bad_fix = c.request("POST", "/api/v1/transit/kpi/tides/vehicle_locations",
                           fixes + "V1,2024-03-20T07:02:00+08:00,99,111.18,,,\n", planner);
  ASSERT_EQ(bad_fix.status, 400);
  EXPECT_EQ(bad_fix.json()["error"]["field"], "latitude");
  ASSERT_EQ(c.request("POST", "/api/v1/transit/kpi/tides/vehicle_locations", fixes, planner).status,
            201);
  auto vl = c.request("GET", "/api/v1/transit/kpi/tides/vehicle_locations.csv?date=2024-03-20", "",
                      dispatcher);
  EXPECT_NE(vl.body.find("V1-"), std::string::npos) << vl.body;
  EXPECT_NE(vl.body.find("Stopped at,34.770000,111.180000,90,1.5"), std::string::npos) << vl.body;
  auto trail = audit_history(t.app().store(), "transit_tides", "");
  ASSERT_TRUE(trail);
  EXPECT_EQ(trail->size(), 2u);
}

TEST_P(KpiApiTest, LiveAccuracyAndForecastCoverageByStopReadBack) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  test::TestApp t(db.url());
  using transit::fixtures::at;
  t.clock().set(Instant{std::chrono::seconds{at("2024-03-21", 9, 0)}});
  test::HttpClient c(t.port());
  auto planner = t.bearer("jt_gh");
  auto dispatcher = t.bearer("gj_dd");
  ASSERT_EQ(c.request("POST", "/api/v1/transit/feeds?name=kpi.zip", kpi_zip(), planner).status,
            201);
  // The module's minute round runs with the feed loaded (nothing to judge yet).
  auto jobs = t.app().run_jobs(true);
  ASSERT_TRUE(jobs) << jobs.error().message;
  EXPECT_EQ((*jobs)["accuracy_judged"], 0) << jobs->dump();
  // Counts as the minute round stores them: R1 at 07:00 and 08:00, R2 at 07:00.
  const auto day = *parse_date("2024-03-20");
  using transit::judge_prediction;
  auto hit = transit::Accuracy::empty(), miss = transit::Accuracy::empty();
  hit.add(*judge_prediction(0, 100, 100));
  hit.add(*judge_prediction(0, 400, 420));
  miss.add(*judge_prediction(0, 400, 200));
  ASSERT_TRUE(transit::kpi::save_accuracy(
      t.app().store(), {{{day, "R1", 7}, hit}, {{day, "R1", 8}, miss}, {{day, "R2", 7}, hit}}));
  auto acc = c.request("GET", "/api/v1/transit/kpi/accuracy?date=2024-03-20", "", dispatcher);
  ASSERT_EQ(acc.status, 200) << acc.body;
  auto a = acc.json();
  EXPECT_EQ(a["predictions"], 5);
  // 0-3: 2 of 2; 3-6: 0 of 1; 6-10: 2 of 2.
  EXPECT_NEAR(a["score"].get<double>(), 2.0 / 3, 1e-9);
  ASSERT_EQ(a["hours"].size(), 2u);
  EXPECT_EQ(a["hours"][0]["hour"], 7);
  EXPECT_EQ(a["hours"][0]["predictions"], 4);
  EXPECT_EQ(a["hours"][1]["score"], 0.0);
  ASSERT_EQ(a["routes"].size(), 2u);
  EXPECT_EQ(a["routes"][0]["name"], "1路");
  EXPECT_EQ(a["routes"][0]["predictions"], 3);
  EXPECT_EQ(a["windows"][0]["late_s"], 90);
  auto r2 = c.request("GET", "/api/v1/transit/kpi/accuracy?from=2024-03-01&to=2024-03-31&route=R2",
                      "", dispatcher);
  EXPECT_EQ(r2.json()["predictions"], 2);
  EXPECT_EQ(r2.json()["days"][0]["service_date"], "2024-03-20");
  for (const char* bad : {"/api/v1/transit/kpi/accuracy?date=2024-02-30",
                          "/api/v1/transit/kpi/accuracy?from=2024-03-21&to=2024-03-20",
                          "/api/v1/transit/kpi/forecast-coverage/days?limit=0",
                          "/api/v1/transit/kpi/forecast-coverage/days?to=x"})
    EXPECT_EQ(c.request("GET", bad, "", dispatcher).status, 400) << bad;
  for (const char* path :
       {"/api/v1/transit/kpi/accuracy", "/api/v1/transit/kpi/forecast-coverage/days"})
    EXPECT_EQ(c.request("GET", path, "", t.bearer("ducha")).status, 403) << path;

  // Forecast coverage by stop: an hour of minutes, stored as the minute round stores it.
  auto n = transit::Network::from_feed(transit::fixtures::kpi_feed());
  const std::uint8_t both = transit::kStopServed | transit::kStopPredicted;
  transit::CoverageLog log;
  for (int m = 0; m < 60; ++m)
    log.record_stops(at("2024-03-20", 7, m), n,
                     {both, transit::kStopServed, std::uint8_t(m < 30 ? both : 1), 0, 0});
  transit::kpi::CoverageDays days;
  ASSERT_TRUE(days.flush(t.app().store(), log, at("2024-03-20", 9, 0)));
  auto cov = c.request("GET", "/api/v1/transit/kpi/forecast-coverage/days?date=2024-03-20", "",
                       dispatcher);
  ASSERT_EQ(cov.status, 200) << cov.body;
  auto j = cov.json();
  EXPECT_NEAR(j["share"].get<double>(), 90.0 / 180, 1e-9);
  EXPECT_EQ(j["minutes_sampled"], 60);
  EXPECT_EQ(j["stops_with_service"], 3);
  EXPECT_EQ(j["stops_never_covered"], 1);
  ASSERT_EQ(j["stops"].size(), 3u);
  EXPECT_EQ(j["stops"][0]["stop_id"], "B");  // worst first
  EXPECT_EQ(j["stops"][0]["name"], "站B");
  EXPECT_DOUBLE_EQ(j["stops"][0]["lat"].get<double>(), 34.770);
  EXPECT_EQ(j["stops"][1]["stop_id"], "C");
  EXPECT_EQ(j["never_covered"][0]["stop_id"], "B");
  EXPECT_EQ(j["days"][0]["service_date"], "2024-03-20");
  auto empty = c.request("GET", "/api/v1/transit/kpi/forecast-coverage/days?date=2024-03-19", "",
                         dispatcher);
  EXPECT_EQ(empty.json()["stops"].size(), 0u);
  EXPECT_EQ(empty.json()["share"], 1.0);
}

INSTANTIATE_TEST_SUITE_P(Backends, KpiApiTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt

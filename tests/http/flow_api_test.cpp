// The passenger-flow routes over HTTP (src/transit/flow/flow_api.cpp), on both backends: a
// planner uploads a day of clearing-export taps for the hand-computed network whose stop visits
// are stored; a bad row is refused (422) by line and column; the day, its summary, the loads the
// scheduling work reads and the Excel export come back; no token in any answer; a dispatcher is
// refused.
#include <gtest/gtest.h>

#include "support/office_files.hpp"
#include "support/test_store.hpp"

namespace zt {
namespace {

// R1 A→B→C (T1 07:00, T2 07:30), as kpi_api_test.cpp's network.
std::string flow_zip() {
  return test::make_zip(
      {{"agency.txt",
        "agency_name,agency_url,agency_timezone\n三门峡公交,http://example.cn,Asia/Shanghai\n"},
       {"stops.txt",
        "stop_id,stop_code,stop_name,stop_lat,stop_lon\nA,1001,站A,34.770,111.180\n"
        "B,1002,站B,34.770,111.191\nC,,站C,34.770,111.202\n"},
       {"routes.txt", "route_id,route_short_name,route_type\nR1,1,3\n"},
       {"trips.txt", "route_id,service_id,trip_id,direction_id\nR1,WK,T1,0\nR1,WK,T2,0\n"},
       {"stop_times.txt",
        "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
        "T1,07:00:00,07:00:00,A,1\nT1,07:06:00,07:06:00,B,2\nT1,07:12:00,07:12:00,C,3\n"
        "T2,07:30:00,07:30:00,A,1\nT2,07:36:00,07:36:00,B,2\nT2,07:42:00,07:42:00,C,3\n"},
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
    "2024-03-20T07:34:00+08:00,2024-03-20T07:47:00+08:00,Scheduled\n";

const char* kVisits =
    "service_date,trip_id_performed,scheduled_stop_sequence,vehicle_id,actual_arrival_time,"
    "actual_departure_time\n"
    "2024-03-20,T1,1,V1,,2024-03-20T07:01:30+08:00\n"
    "2024-03-20,T1,2,V1,2024-03-20T07:07:00+08:00,2024-03-20T07:07:30+08:00\n"
    "2024-03-20,T1,3,V1,2024-03-20T07:13:00+08:00,2024-03-20T07:13:00+08:00\n"
    "2024-03-20,T2,1,V2,,2024-03-20T07:34:00+08:00\n"
    "2024-03-20,T2,2,V2,2024-03-20T07:40:00+08:00,2024-03-20T07:40:20+08:00\n"
    "2024-03-20,T2,3,V2,2024-03-20T07:47:00+08:00,2024-03-20T07:47:00+08:00\n";

// Two cards ride T1 from A and board T2 at B (so they left T1 at B); one rider pays cash.
const std::string kTaps =
    "交易时间,车辆编号,线路,卡号,支付方式\n"
    "2024-03-20 07:01:00,V1,R1,3101000012345678,交通一卡通\n"
    "2024-03-20 07:01:20,V1,R1,6222020000000001,银联\n"
    "2024-03-20 07:07:15,V1,R1,,现金\n"
    "2024-03-20 07:40:05,V2,R1,3101000012345678,交通一卡通\n"
    "2024-03-20 07:40:10,V2,R1,6222020000000001,银联\n";

class FlowApiTest : public ::testing::TestWithParam<std::string> {};

TEST_P(FlowApiTest, APlannerUploadsADayAndReadsItsLoads) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  test::TestApp t(db.url(), true,
                  [](Config& c) { c.flow_token_secret = "flow-api-test-secret-0123456789"; });
  t.clock().set(Instant{std::chrono::seconds{1711094400}});  // 2024-03-22
  test::HttpClient c(t.port());
  auto planner = t.bearer("jt_gh");
  ASSERT_EQ(c.request("POST", "/api/v1/transit/feeds?name=flow.zip", flow_zip(), planner).status,
            201);
  ASSERT_EQ(c.request("POST", "/api/v1/transit/kpi/tides/trips_performed", kTrips, planner).status,
            201);
  auto v =
      c.request("POST", "/api/v1/transit/kpi/tides/stop_visits?date=2024-03-20", kVisits, planner);
  ASSERT_EQ(v.status, 201) << v.body;

  const std::string url = "/api/v1/transit/flow/days/2024-03-20";
  auto dispatcher = t.bearer("gj_dd");
  EXPECT_EQ(c.request("POST", url, kTaps, dispatcher).status, 403);
  EXPECT_EQ(c.request("GET", "/api/v1/transit/flow/days", "", dispatcher).status, 403);
  EXPECT_EQ(c.request("GET", "/api/v1/transit/flow/loads?date=2024-03-20", "", dispatcher).status,
            403);
  // One bad row: the whole file refused, the row named by line and column.
  auto bad = c.request("POST", url, kTaps + "2024-13-40 07:00:00,V1,R1,1234,交通一卡通\n", planner);
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(bad.json()["error"]["fields"][0]["field"], "第7行 交易时间") << bad.body;
  EXPECT_EQ(c.request("GET", url, "", planner).status, 404);
  EXPECT_EQ(c.request("POST", url + "?format=csv", kTaps, planner).status, 400);

  auto up = c.request("POST", url, kTaps, planner);
  ASSERT_EQ(up.status, 201) << up.body;
  auto d = up.json();
  EXPECT_EQ(d["taps"], 5);
  EXPECT_EQ(d["boarded"], 4);  // a cash rider's tap is not followed
  EXPECT_EQ(d["with_destination"], 2);
  EXPECT_DOUBLE_EQ(d["inference_rate"].get<double>(), 0.4);
  EXPECT_DOUBLE_EQ(d["noncash_share"].get<double>(), 0.8);
  EXPECT_EQ(d["not_inferred"]["cash"], 1);
  EXPECT_EQ(d["created_by"], "jt_gh");

  auto list = c.request("GET", "/api/v1/transit/flow/days", "", planner);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.json()["days"].size(), 1u);
  auto sum = c.request("GET", url, "", planner);
  ASSERT_EQ(sum.status, 200) << sum.body;
  auto s = sum.json();
  EXPECT_DOUBLE_EQ(s["by_hour"][7]["boardings"].get<double>(), 4);
  EXPECT_EQ(s["top_stops"][0]["stop_name"], "站B");  // 2 off, 2 on
  EXPECT_EQ(s["top_od"][0]["from_stop_name"], "站A");
  EXPECT_EQ(s["top_od"][0]["to_stop_name"], "站B");
  EXPECT_EQ(s["top_od"][0]["from_stop_code"], "1001");  // the public number, for same-name stops
  EXPECT_EQ(s["top_od"][0]["to_stop_code"], "1002");
  EXPECT_DOUBLE_EQ(s["top_od"][0]["riders"].get<double>(), 2);
  EXPECT_EQ(s["routes"][0]["route_name"], "1路");

  auto loads = c.request("GET", "/api/v1/transit/flow/loads?date=2024-03-20&route=R1&period=07-09",
                         "", planner);
  ASSERT_EQ(loads.status, 200) << loads.body;
  auto l = loads.json()["routes"][0];
  EXPECT_EQ(l["direction"], 0);
  ASSERT_EQ(l["segments"].size(), 2u);
  EXPECT_EQ(l["max_load"]["from_stop_name"], "站A");
  EXPECT_TRUE(l["segments"][0]["max_load"].get<bool>());
  EXPECT_GE(l["segments"][0]["riders"].get<double>(), 2);
  EXPECT_EQ(
      c.request("GET", "/api/v1/transit/flow/loads?date=2024-03-20&period=9-7", "", planner).status,
      400);
  auto x = c.request("GET", url + "/xlsx", "", planner);
  ASSERT_EQ(x.status, 200);
  EXPECT_EQ(x.body.rfind("PK", 0), 0u);
  for (const auto* body : {&up.body, &sum.body, &loads.body})
    for (const char* token : {"3101000012345678", "6222020000000001"})
      EXPECT_EQ(body->find(token), std::string::npos);
  auto trail =
      c.request("GET", "/api/v1/audit?object_type=transit_flow_day", "", t.bearer("admin"));
  EXPECT_NE(trail.body.find("transit.flow_day.save"), std::string::npos) << trail.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, FlowApiTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt

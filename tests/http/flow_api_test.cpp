// The passenger-flow routes over HTTP (src/transit/flow/flow_api.cpp), on both backends: a
// planner uploads a day of clearing-export taps for the hand-computed network whose stop visits
// are stored, after the day's counter file (TIDES passenger_events); a bad row is refused (422)
// by line and column; the day, its summary, the loads the scheduling work reads, riders by stop
// and zone, the Excel and TIDES exports come back; no token in any answer; a dispatcher is
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

// The counter on V1 saw four riders board at A (two cards, two who paid no fare the system saw)
// and one at B; a door event is skipped; the last row names a bus that made no visit.
const std::string kEvents =
    "passenger_event_id,service_date,event_timestamp,trip_stop_sequence,event_type,vehicle_id,"
    "stop_id,event_count\n"
    "e1,2024-03-20,2024-03-20T07:01:00+08:00,1,Passenger boarded,V1,A,3\n"
    "e2,2024-03-20,2024-03-20T07:01:20+08:00,1,Passenger boarded,V1,A,\n"
    "e3,2024-03-20,2024-03-20T07:07:00+08:00,2,Door opened,V1,B,\n"
    "e4,2024-03-20,2024-03-20T07:07:10+08:00,2,Passenger alighted,V1,B,2\n"
    "e5,2024-03-20,2024-03-20T07:07:15+08:00,2,Passenger boarded,V1,B,1\n"
    "e6,2024-03-20,2024-03-20T07:13:00+08:00,3,Passenger alighted,V1,C,3\n"
    "e7,2024-03-20,2024-03-20T07:13:00+08:00,3,Passenger alighted,V9,C,1\n";

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
  // The counter's file first: bad rows refused by line and column, then the day's counts.
  auto bad_counts = c.request("POST", url + "/counts",
                              kEvents + "e8,2024-03-20,07:20,3,Passenger flew,,C,-1\n", planner);
  ASSERT_EQ(bad_counts.status, 422) << bad_counts.body;
  {
    auto fields = bad_counts.json()["error"]["fields"];
    ASSERT_EQ(fields.size(), 1u) << bad_counts.body;  // an unknown event type is the row's fault
    EXPECT_EQ(fields[0]["field"], "第9行 event_type");
  }
  auto bad_counts2 =
      c.request("POST", url + "/counts",
                kEvents + "e8,2024-03-20,07:20,3,Passenger boarded,,C,-1\n", planner);
  ASSERT_EQ(bad_counts2.status, 422) << bad_counts2.body;
  EXPECT_EQ(bad_counts2.json()["error"]["fields"].size(), 3u) << bad_counts2.body;
  EXPECT_EQ(c.request("POST", url + "/counts?format=apc", kEvents, planner).status, 400);
  EXPECT_EQ(c.request("POST", url + "/counts", kEvents, dispatcher).status, 403);
  EXPECT_EQ(
      c.request("POST", "/api/v1/transit/flow/days/2024-03-19/counts", kEvents, planner).status,
      409);  // no stop visits stored that day
  auto counts = c.request("POST", url + "/counts", kEvents, planner);
  ASSERT_EQ(counts.status, 201) << counts.body;
  {
    auto k = counts.json();
    EXPECT_EQ(k["events"], 6);  // the door event is not a count
    EXPECT_EQ(k["matched"], 5);
    EXPECT_EQ(k["not_matched"]["no_visits_of_vehicle"], 1);
    EXPECT_EQ(k["boarded"], 5);
    EXPECT_EQ(k["alighted"], 5);
    EXPECT_EQ(k["vehicles"], 1);
    EXPECT_FALSE(k["flow_day_exists"].get<bool>());
  }
  auto got = c.request("GET", url + "/counts", "", planner);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.json()["boarded"], 5);
  EXPECT_EQ(got.json()["source"], "passenger_events");
  EXPECT_EQ(
      c.request("GET", "/api/v1/transit/flow/days/2024-03-19/counts", "", planner).json()["events"],
      0);

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
  // V1's trip had a counter: five riders, of whom the two cards were matched (the cash row is
  // no rider the card system follows); V2's trip had none.
  EXPECT_EQ(d["trips_with_counter"], 1);
  EXPECT_DOUBLE_EQ(d["apc_boardings"].get<double>(), 5);
  EXPECT_DOUBLE_EQ(d["tap_share"].get<double>(), 2.0 / 5);
  EXPECT_DOUBLE_EQ(d["noncash_share"].get<double>(), 2.0 / 5);
  EXPECT_EQ(d["not_inferred"]["cash"], 1);
  EXPECT_EQ(d["created_by"], "jt_gh");

  auto list = c.request("GET", "/api/v1/transit/flow/days", "", planner);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.json()["days"].size(), 1u);
  auto sum = c.request("GET", url, "", planner);
  ASSERT_EQ(sum.status, 200) << sum.body;
  auto s = sum.json();
  EXPECT_DOUBLE_EQ(s["by_hour"][7]["boardings"].get<double>(), 5 + 2);  // V1 counted, V2 tapped
  EXPECT_EQ(s["top_stops"][0]["stop_name"], "站B");                     // 2 off, 2 on
  EXPECT_EQ(s["top_od"][0]["from_stop_name"], "站A");
  EXPECT_EQ(s["top_od"][0]["to_stop_name"], "站B");
  EXPECT_EQ(s["top_od"][0]["from_stop_code"], "1001");  // the public number, for same-name stops
  EXPECT_EQ(s["top_od"][0]["to_stop_code"], "1002");
  EXPECT_GE(s["top_od"][0]["riders"].get<double>(), 2);
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
  EXPECT_DOUBLE_EQ(l["segments"][0]["from_lat"].get<double>(), 34.770);  // where the band goes
  EXPECT_DOUBLE_EQ(l["segments"][1]["to_lon"].get<double>(), 111.202);

  // By place: every stop with riders, zones of a grid, the TIDES export.
  auto stops = c.request("GET", url + "/stops", "", planner);
  ASSERT_EQ(stops.status, 200) << stops.body;
  const auto stop_list = stops.json()["stops"];
  ASSERT_EQ(stop_list.size(), 2u) << stops.body;  // A and B: the riders who stayed on are unknown
  EXPECT_EQ(stop_list[0]["stop_name"], "站A");
  EXPECT_DOUBLE_EQ(stop_list[0]["lon"].get<double>(), 111.180);
  auto zones = c.request("GET", url + "/zones?cell_m=500", "", planner);
  ASSERT_EQ(zones.status, 200) << zones.body;
  const auto z = zones.json();
  EXPECT_EQ(z["cell_m"], 500);
  ASSERT_GE(z["zones"].size(), 2u) << zones.body;  // A and B are 1 km apart
  ASSERT_GE(z["od"].size(), 1u);
  EXPECT_EQ(z["od"][0]["from_name"], "站A一带");
  EXPECT_EQ(z["od"][0]["to_name"], "站B一带");
  EXPECT_EQ(c.request("GET", url + "/zones?cell_m=50", "", planner).status, 400);
  EXPECT_EQ(c.request("GET", "/api/v1/transit/flow/days/2024-03-19/zones", "", planner).status,
            404);
  auto tides = c.request("GET", url + "/tides/stop_visits.csv", "", planner);
  ASSERT_EQ(tides.status, 200) << tides.body;
  EXPECT_EQ(tides.body.rfind("service_date,trip_id_performed,trip_stop_sequence,", 0), 0u)
      << tides.body;
  EXPECT_NE(tides.body.find("2024-03-20,T1-V1,1,1,V1,A,"), std::string::npos) << tides.body;

  auto x = c.request("GET", url + "/xlsx", "", planner);
  ASSERT_EQ(x.status, 200);
  EXPECT_EQ(x.body.rfind("PK", 0), 0u);
  for (const auto* body : {&up.body, &sum.body, &loads.body, &tides.body, &stops.body})
    for (const char* token : {"3101000012345678", "6222020000000001"})
      EXPECT_EQ(body->find(token), std::string::npos);
  auto trail =
      c.request("GET", "/api/v1/audit?object_type=transit_flow_day", "", t.bearer("admin"));
  EXPECT_NE(trail.body.find("transit.flow_day.save"), std::string::npos) << trail.body;
  auto count_trail =
      c.request("GET", "/api/v1/audit?object_type=transit_flow_counts", "", t.bearer("admin"));
  EXPECT_NE(count_trail.body.find("transit.flow_counts.save"), std::string::npos)
      << count_trail.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, FlowApiTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt

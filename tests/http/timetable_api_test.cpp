// The timetable routes (src/transit/scheduling/timetable_api.cpp) on both backends: running-time
// analysis over the records, a timetable proposal from an uploaded demand table, bad input
// refused by name, callers other than planners and admins refused.
#include <gtest/gtest.h>

#include "support/office_files.hpp"
#include "support/test_store.hpp"

namespace zt {
namespace {

// Two segments of 4 and 6 km; 07:00-09:00 400 riders an hour at the heaviest, 100 after.
const char* kDemand =
    "route_id,direction,hour,segment,load,length_km\n"
    "R1,0,7,0,400,4\nR1,0,7,1,200,6\nR1,0,8,0,300,4\nR1,0,8,1,100,6\n"
    "R1,0,9,0,100,4\nR1,0,9,1,50,6\n";

class TimetableApiTest : public ::testing::TestWithParam<std::string> {};

TEST_P(TimetableApiTest, PlannerGetsAProposal) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  test::TestApp t(db.url());
  test::HttpClient c(t.port());
  auto planner = t.bearer("jt_gh");

  auto rt = c.request("GET", "/api/v1/transit/scheduling/running-times?route=R1", "", planner);
  ASSERT_EQ(rt.status, 200) << rt.body;
  EXPECT_EQ(rt.json()["samples"], 0);
  EXPECT_EQ(rt.json()["percentile"], 85);

  nlohmann::json body{{"route_id", "R1"},
                      {"direction", 0},
                      {"first", "07:00"},
                      {"last", "10:00"},
                      {"capacity", 50},
                      {"design_load", 0.8},
                      {"f_min", 3},
                      {"method", 2},
                      {"periods",
                       {{{"name", "早高峰"}, {"from", 7}, {"to", 9}, {"running_min", 40}},
                        {{"name", "平峰"}, {"from", 9}, {"to", 17}}}},
                      {"default_running_min", 30},
                      {"demand_csv", kDemand}};
  const std::string url = "/api/v1/transit/scheduling/timetable";
  auto r = c.request("POST", url, body.dump(), planner);
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = r.json();
  // Method 2, d0·c = 40: 400 → 10 an hour (6 min) in the peak; 100 → 2.5, F_min 3 (20 min).
  ASSERT_EQ(j["periods"].size(), 2u);
  EXPECT_EQ(j["periods"][0]["headway_min"], 6);
  EXPECT_EQ(j["periods"][0]["running_source"], "given");
  EXPECT_EQ(j["periods"][1]["headway_min"], 20);
  EXPECT_EQ(j["periods"][1]["running_source"], "default");
  EXPECT_EQ(j["route_km"], 10.0);
  // 07:00 … 08:54 every 6 min (20), 09:00, 09:20, 09:40, 10:00.
  ASSERT_EQ(j["trips"].size(), 24u);
  EXPECT_EQ(j["trips"][0]["arrival"], "07:40");
  EXPECT_EQ(j["trips"][20]["departure"], "09:00");
  EXPECT_EQ(j["trips"][20]["arrival"], "09:30");
  EXPECT_EQ(j["trips"][23]["departure"], "10:00");
  EXPECT_TRUE(j["stops"].empty());  // no feed: no stops to draw

  // With the route in the feed, the 运行图's stops: the longest trip's, by distance, the
  // untimed middle stop at its place by distance between the timed ones.
  const std::string trips = "route_id,service_id,trip_id,direction_id\nR1,WK,T1,0\nR1,WK,T2,1\n";
  const std::string st =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
      "T1,07:00:00,07:00:00,A,1\nT1,,,M,2\nT1,07:40:00,07:40:00,B,3\n"
      "T2,08:00:00,08:00:00,B,1\nT2,08:40:00,08:40:00,A,2\n";
  const auto zip = test::make_zip(
      {{"agency.txt",
        "agency_name,agency_url,agency_timezone\n三门峡公交,http://example.cn,Asia/Shanghai\n"},
       {"stops.txt",
        "stop_id,stop_name,stop_lat,stop_lon\nA,火车站,34.770,111.180\nM,大十字,34.780,111.180\n"
        "B,陕州公园,34.800,111.180\n"},
       {"routes.txt", "route_id,route_short_name,route_type\nR1,1,3\n"},
       {"trips.txt", trips},
       {"stop_times.txt", st},
       {"calendar.txt",
        "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
        "WK,1,1,1,1,1,1,1,20200101,20351231\n"}});
  ASSERT_EQ(c.request("POST", "/api/v1/transit/feeds?name=r1.zip", zip, planner).status, 201);
  auto drawn = c.request("POST", url, body.dump(), planner);
  ASSERT_EQ(drawn.status, 200) << drawn.body;
  const auto answer = drawn.json();
  const auto& stops = answer["stops"];
  ASSERT_EQ(stops.size(), 3u) << drawn.body;
  EXPECT_EQ(stops[0]["name"], "火车站");
  EXPECT_EQ(stops[0]["km"], 0.0);
  EXPECT_EQ(stops[0]["share"], 0.0);
  EXPECT_NEAR(stops[1]["km"].get<double>(), 1.112, 0.01);
  EXPECT_NEAR(stops[1]["share"].get<double>(), 1.0 / 3, 0.001);
  EXPECT_NEAR(stops[2]["km"].get<double>(), 3.336, 0.01);
  EXPECT_EQ(stops[2]["share"], 1.0);
  ASSERT_EQ(j["gtfs_frequencies"].size(), 2u);
  EXPECT_EQ(j["gtfs_frequencies"][0][3], "360");

  body["mode"] = "even_load";
  auto el = c.request("POST", url, body.dump(), planner);
  ASSERT_EQ(el.status, 200) << el.body;
  EXPECT_FALSE(el.json().contains("gtfs_frequencies"));

  auto bad = [&](nlohmann::json b, const char* field) {
    auto x = c.request("POST", url, b.dump(), planner);
    EXPECT_EQ(x.status, 400) << b.dump();
    EXPECT_EQ(x.json()["error"]["field"], field) << x.body;
  };
  auto with = [&](const char* key, nlohmann::json v) {
    auto b = body;
    b[key] = std::move(v);
    return b;
  };
  bad(with("first", "7:00"), "first");
  bad(with("capacity", 0), "capacity");
  bad(with("method", 5), "method");
  bad(with("periods", nlohmann::json::array()), "periods");
  bad(with("demand_csv", "route_id,direction,hour,segment,load\nR1,0,30,0,1\n"), "demand");
  bad(with("route_id", "R9"), "demand");
  auto no_run = body;
  no_run.erase("default_running_min");
  bad(no_run, "periods[1].running_min");
  EXPECT_EQ(c.request("POST", url, "[", planner).status, 400);

  EXPECT_EQ(c.request("POST", url, body.dump(), t.bearer("gj_dd")).status, 403);
  EXPECT_EQ(c.request("POST", url, body.dump()).status, 401);
  EXPECT_EQ(
      c.request("GET", "/api/v1/transit/scheduling/running-times", "", t.bearer("ducha")).status,
      403);
}

INSTANTIATE_TEST_SUITE_P(Backends, TimetableApiTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt

// GET /api/v1/transit/scheduling/blocks (src/transit/scheduling/scheduling_api.cpp), on both
// backends: a planner's optimal blocks over the imported feed; bad parameters refused by name;
// callers other than planners and admins refused; the blocks published as a new feed version,
// which the dispatchers then see as the day's 路牌.
#include <gtest/gtest.h>

#include <set>

#include "core/zip_reader.hpp"
#include "support/office_files.hpp"
#include "support/test_store.hpp"
#include "transit/test_feeds.hpp"

namespace zt {
namespace {

// A shuttle 火车站 A – 陕州公园 B, 30 min each way, every 10 min 06:00-07:50 from both ends.
std::string shuttle_zip() {
  std::string trips = "route_id,service_id,trip_id,direction_id\n";
  std::string st = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n";
  for (int k = 0; k < 12; ++k)
    for (int dir = 0; dir < 2; ++dir) {
      const std::string id = std::string(dir ? "B" : "A") + std::to_string(k);
      const int dep = 6 * 3600 + 600 * k;
      trips += "R1,WK," + id + "," + std::to_string(dir) + "\n";
      st += id + "," + transit::format_gtfs_time(dep) + "," + transit::format_gtfs_time(dep) + "," +
            (dir ? "B" : "A") + ",1\n";
      st += id + "," + transit::format_gtfs_time(dep + 1800) + "," +
            transit::format_gtfs_time(dep + 1800) + "," + (dir ? "A" : "B") + ",2\n";
    }
  return test::make_zip(
      {{"agency.txt",
        "agency_name,agency_url,agency_timezone\n三门峡公交,http://example.cn,Asia/Shanghai\n"},
       {"stops.txt",
        "stop_id,stop_name,stop_lat,stop_lon\nA,火车站,34.770,111.180\nB,陕州公园,34.790,111."
        "202\n"},
       {"routes.txt", "route_id,route_short_name,route_type\nR1,1,3\n"},
       {"trips.txt", trips},
       {"stop_times.txt", st},
       {"calendar.txt",
        "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
        "WK,1,1,1,1,1,0,0,20240101,20241231\n"}});
}

class SchedulingApiTest : public ::testing::TestWithParam<std::string> {};

TEST_P(SchedulingApiTest, PlannerGetsTheOptimalBlocks) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  test::TestApp t(db.url());
  test::HttpClient c(t.port());
  auto planner = t.bearer("jt_gh");
  const std::string url = "/api/v1/transit/scheduling/blocks?date=2024-03-04";
  EXPECT_EQ(c.request("GET", url, "", planner).status, 404);  // no feed yet
  ASSERT_EQ(
      c.request("POST", "/api/v1/transit/feeds?name=shuttle.zip", shuttle_zip(), planner).status,
      201);

  // 10 min layover: ready at the other end for the departure 40 min after its own, so each end
  // sends 06:00-06:30 before a bus comes back: 8 buses.
  auto r = c.request("GET", url + "&min_layover=10", "", planner);
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = r.json();
  EXPECT_EQ(j["vehicles"], 8);
  EXPECT_EQ(j["trips"], 24);
  EXPECT_EQ(j["lower_bound"], 8);
  EXPECT_EQ(j["deadhead_km"], 0.0);
  ASSERT_EQ(j["blocks"].size(), 8u);
  EXPECT_EQ(j["blocks"][0]["block_id"], "B001");
  std::set<std::string> trips;
  for (const auto& b : j["blocks"])
    for (const auto& trip : b["trips"]) trips.insert(trip["trip_id"].get<std::string>());
  EXPECT_EQ(trips.size(), 24u);
  // One minute more and each end sends five.
  EXPECT_EQ(c.request("GET", url + "&min_layover=11", "", planner).json()["vehicles"], 10);

  // Bad parameters are named; a day without service says so.
  auto bad = [&](const std::string& q, const char* field) {
    auto b = c.request("GET", "/api/v1/transit/scheduling/blocks?" + q, "", planner);
    EXPECT_EQ(b.status, 400) << q;
    EXPECT_EQ(b.json()["error"]["field"], field) << b.body;
  };
  bad("", "date");
  bad("date=2024-02-30", "date");
  bad("date=2024-03-04&max_deadhead=5000", "max_deadhead");
  bad("date=2024-03-04&min_layover=-1", "min_layover");
  bad("date=2024-03-04&deadhead_speed=x", "deadhead_speed");
  bad("date=2024-03-09", "date");  // a Saturday: no trips

  // Only planners and admins: dispatchers, offices and strangers are refused.
  EXPECT_EQ(c.request("GET", url, "", t.bearer("gj_dd")).status, 403);
  EXPECT_EQ(c.request("GET", url, "", t.bearer("ducha")).status, 403);
  EXPECT_EQ(c.request("GET", url).status, 401);
  EXPECT_EQ(c.request("GET", url, "", t.bearer("admin")).status, 200);
}

TEST_P(SchedulingApiTest, PublishedBlocksBecomeTheFeedsAndTheDispatchersBlocks) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  test::TestApp t(db.url());
  test::HttpClient c(t.port());
  auto planner = t.bearer("jt_gh");
  const std::string url =
      "/api/v1/transit/scheduling/blocks/publish?date=2024-03-04&min_layover=10";
  EXPECT_EQ(c.request("POST", url, "", planner).status, 404);  // no feed yet
  ASSERT_EQ(
      c.request("POST", "/api/v1/transit/feeds?name=shuttle.zip", shuttle_zip(), planner).status,
      201);
  EXPECT_EQ(c.request("POST", url, "", t.bearer("gj_dd")).status, 403);
  auto bad =
      c.request("POST", "/api/v1/transit/scheduling/blocks/publish?date=2024-03-09", "", planner);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "date");

  auto p = c.request("POST", url, "", planner);
  ASSERT_EQ(p.status, 201) << p.body;
  const auto j = p.json();
  EXPECT_EQ(j["vehicles"], 8);
  EXPECT_EQ(j["trips"], 24);
  EXPECT_EQ(j["feed"]["name"], "shuttle.zip · 路牌 2024-03-04");
  EXPECT_EQ(j["feed"]["active"], true);
  auto feeds = c.request("GET", "/api/v1/transit/feeds", "", planner);
  ASSERT_EQ(feeds.status, 200);
  EXPECT_EQ(feeds.json()["feeds"].size(), 2u) << feeds.body;
  // The dispatchers' day now has the eight blocks to put buses on.
  auto day = c.request("GET", "/api/v1/transit/dispatch/assignments?date=2024-03-04", "",
                       t.bearer("gj_dd"));
  ASSERT_EQ(day.status, 200) << day.body;
  EXPECT_EQ(day.json()["blocks"].size(), 8u);
  EXPECT_EQ(day.json()["blocks"][0]["block_id"], "B001");

  // A timetable proposal published over it: the twelve A→B trips become the proposal's two.
  const std::string tt = "/api/v1/transit/scheduling/timetable/publish";
  nlohmann::json plan{{"route_id", "R1"},
                      {"direction", 0},
                      {"date", "2024-03-04"},
                      {"trips",
                       {{{"departure_s", 7 * 3600}, {"arrival_s", 7 * 3600 + 2400}},
                        {{"departure_s", 8 * 3600}, {"arrival_s", 8 * 3600 + 2400}}}}};
  EXPECT_EQ(c.request("POST", tt, plan.dump(), t.bearer("gj_dd")).status, 403);
  auto undated = plan;
  undated.erase("date");
  auto u = c.request("POST", tt, undated.dump(), planner);
  EXPECT_EQ(u.status, 400);
  EXPECT_EQ(u.json()["error"]["field"], "date");
  auto late = plan;
  late["trips"][1]["arrival_s"] = 7 * 3600;
  EXPECT_EQ(c.request("POST", tt, late.dump(), planner).status, 400);
  auto pub = c.request("POST", tt, plan.dump(), planner);
  ASSERT_EQ(pub.status, 201) << pub.body;
  EXPECT_EQ(pub.json()["removed"], 12);
  EXPECT_EQ(pub.json()["added"], 2);
  EXPECT_EQ(pub.json()["feed"]["name"], "shuttle.zip · 行车计划 1路 上行 2024-03-04");
  auto net = c.request("GET", "/api/v1/transit/feeds", "", planner);
  EXPECT_EQ(net.json()["feeds"].size(), 3u);
}

// GET …/scheduling/duties (duties_api.cpp): the shuttle's driver duties cover every trip once
// under the rules; one piece per duty is one driver per bus; bad rules and unknown routes are
// named; the workbook and the ODS zip carry the same duties; dispatchers are refused.
TEST_P(SchedulingApiTest, PlannerGetsTheDutiesAndTheirSheets) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  test::TestApp t(db.url());
  test::HttpClient c(t.port());
  auto planner = t.bearer("jt_gh");
  const std::string base = "/api/v1/transit/scheduling/duties";
  const std::string q = "?date=2024-03-04&min_layover=10&routes=R1";
  EXPECT_EQ(c.request("GET", base + q, "", planner).status, 404);  // no feed yet
  ASSERT_EQ(
      c.request("POST", "/api/v1/transit/feeds?name=shuttle.zip", shuttle_zip(), planner).status,
      201);

  auto r = c.request("GET", base + q, "", planner);
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = r.json();
  const auto& sum = j["summary"];
  EXPECT_EQ(sum["vehicles"], 8);
  EXPECT_EQ(sum["trips"], 24);
  EXPECT_EQ(sum["optimal"], true);
  EXPECT_EQ(sum["method"], "enumeration");
  ASSERT_EQ(j["duties"].size(), sum["duties"].get<std::size_t>());
  EXPECT_LE(sum["duties"].get<int>(), 8);
  EXPECT_EQ(j["routes"], nlohmann::json::array({"R1"}));
  std::multiset<std::string> covered;
  for (const auto& d : j["duties"]) {
    EXPECT_LE(d["spread_min"].get<int>(), 720);
    EXPECT_LE(d["driving_min"].get<int>(), 540);
    EXPECT_GE(d["pieces"].size(), 1u);
    for (const auto& p : d["pieces"])
      for (const auto& trip : p["trips"]) {
        covered.insert(trip["trip_id"].get<std::string>());
        EXPECT_EQ(trip["route_short_name"], "1");
      }
  }
  EXPECT_EQ(covered.size(), 24u);
  EXPECT_EQ(std::set<std::string>(covered.begin(), covered.end()).size(), 24u);
  EXPECT_EQ(j["duties"][0]["duty_id"], "D001");

  // Without reliefs each driver keeps one bus all day: as many duties as buses.
  auto one = c.request("GET", base + q + "&max_pieces=1", "", planner).json();
  EXPECT_EQ(one["summary"]["duties"], 8);
  EXPECT_EQ(one["rules"]["max_pieces"], 1);

  auto bad = [&](const std::string& query, const char* field) {
    auto b = c.request("GET", base + "?date=2024-03-04&" + query, "", planner);
    EXPECT_EQ(b.status, 400) << query;
    EXPECT_EQ(b.json()["error"]["field"], field) << b.body;
  };
  bad("routes=NOPE", "routes");
  bad("routes=R1,", "routes");
  bad("max_pieces=9", "max_pieces");
  bad("max_spread=30", "max_spread");
  bad("allow_split=2", "allow_split");
  bad("objective=fastest", "objective");
  // Half-hour trips under a half-hour driving limit: a duty is one trip, or two around a break.
  auto tight =
      c.request("GET", base + q + "&max_continuous_driving=30&max_driving=60", "", planner);
  ASSERT_EQ(tight.status, 200) << tight.body;
  const auto tight_json = tight.json();  // iterated below: a temporary would be gone
  for (const auto& d : tight_json["duties"]) EXPECT_LE(d["driving_min"].get<int>(), 60);
  EXPECT_GE(tight_json["summary"]["duties"].get<int>(), 12);

  // The 排班表 and the ODS files hold the same duties.
  auto xlsx = c.request("GET", base + ".xlsx" + q, "", planner);
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  auto zip = c.request("GET", base + "/ods.zip" + q, "", planner);
  ASSERT_EQ(zip.status, 200);
  auto archive = ZipReader::open_bytes(zip.body, "ods.zip");
  ASSERT_TRUE(archive) << archive.error().message;
  auto events = archive->read("run_events.txt");
  ASSERT_TRUE(events);
  EXPECT_EQ(events->substr(0, events->find('\n')),
            "service_id,run_id,event_sequence,piece_id,block_id,job_type,event_type,trip_id,"
            "start_location,start_time,start_mid_trip,end_location,end_time,end_mid_trip");
  std::size_t operator_rows = 0, reports = 0;
  for (std::size_t at = 0; (at = events->find(",Operator,Operator,", at)) != std::string::npos;
       ++at)
    ++operator_rows;
  for (std::size_t at = 0; (at = events->find(",Report Time,", at)) != std::string::npos; ++at)
    ++reports;
  EXPECT_EQ(operator_rows, 24u);
  EXPECT_EQ(reports, sum["duties"].get<std::size_t>());
  EXPECT_TRUE(archive->read("runs_pieces.txt"));
  EXPECT_TRUE(archive->read("deadheads.txt"));

  EXPECT_EQ(c.request("GET", base + q, "", t.bearer("gj_dd")).status, 403);
  EXPECT_EQ(c.request("GET", base + ".xlsx" + q, "", t.bearer("ducha")).status, 403);
  EXPECT_EQ(c.request("GET", base + q).status, 401);
}

INSTANTIATE_TEST_SUITE_P(Backends, SchedulingApiTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt

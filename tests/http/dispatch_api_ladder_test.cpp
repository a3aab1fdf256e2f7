// The dispatcher's console over HTTP on Google's sample feed with one tracked bus: ladders, a
// bus's panel, terminals and their departure plan, the live fleet and the map's tiles; every
// parameter checked, and the console refused to everyone but dispatchers and admins; the day's
// buses and drivers on the feed's blocks, and who may arrange them.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "core/config.hpp"
#include "support/test_store.hpp"

namespace zt {
namespace {

using nlohmann::json;

class DispatchConsoleApiTest : public ::testing::TestWithParam<std::string> {};

std::string sample_feed() {
  std::ifstream in(std::string(ZT_DATA_DIR) + "/gtfs/google-sample-feed-1.zip", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Monday 2008-06-02 06:03 in Los Angeles: DTA-7 a quarter of the way from Stagecoach on CITY1.
constexpr std::int64_t kNow = 1212411780;

// `planner`: logged in before the test clock goes back to 2008 (a later login is throttled).
void track_a_bus(test::TestApp& t, test::HttpClient& c,
                 const std::map<std::string, std::string>& planner,
                 const std::map<std::string, std::string>& dispatcher) {
  ASSERT_EQ(
      c.request("POST", "/api/v1/transit/feeds?name=sample.zip", sample_feed(), planner).status,
      201);
  t.clock().set(Instant{std::chrono::seconds{kNow}});
  json fix = json::array({{{"vehicle", "DTA-7"},
                           {"trip", "CITY1"},
                           {"lat", 36.915498},
                           {"lon", -116.754126},
                           {"time", kNow - 30}}});
  ASSERT_EQ(c.request("POST", "/api/v1/transit/avl", fix.dump(), dispatcher).status, 200);
}

TEST_P(DispatchConsoleApiTest, LadderPanelBoardAndFleetOfATrackedBus) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  test::TestApp t(db.url());
  test::HttpClient c(t.port());
  auto dispatcher = t.bearer("gj_dd");
  track_a_bus(t, c, t.bearer("jt_gh"), dispatcher);

  auto ladder = c.request("GET", "/api/v1/transit/dispatch/ladder?route=CITY", "", dispatcher);
  ASSERT_EQ(ladder.status, 200) << ladder.body;
  const json l = ladder.json();
  EXPECT_EQ(l["route"]["short_name"], "40");
  ASSERT_EQ(l["directions"].size(), 2u);  // CITY1 out, CITY2 back
  const json out = l["directions"][0];
  EXPECT_EQ(out["stops"][0]["name"], "Stagecoach Hotel & Casino (Demo)");
  EXPECT_EQ(out["stops"][0]["dist_m"], 0.0);
  for (std::size_t i = 1; i < out["stops"].size(); ++i)
    EXPECT_GT(out["stops"][i]["dist_m"].get<double>(), out["stops"][i - 1]["dist_m"].get<double>());
  ASSERT_EQ(out["vehicles"].size(), 1u) << out.dump();
  const json bus = out["vehicles"][0];
  EXPECT_EQ(bus["vehicle_id"], "DTA-7");
  EXPECT_EQ(bus["next_stop"], 1);
  EXPECT_GT(bus["dist_m"].get<double>(), 0);
  EXPECT_LT(bus["dist_m"].get<double>(), out["stops"][1]["dist_m"].get<double>());
  EXPECT_EQ(bus["schedule_state"], "on_time");
  EXPECT_TRUE(bus["headway_s"].is_null());  // alone on the line
  EXPECT_EQ(bus["trip_start"], "06:00");
  EXPECT_EQ(bus["headsign"], "E Main St / S Irving St (Demo)");  // no headsign: the last stop

  auto panel = c.request("GET", "/api/v1/transit/dispatch/vehicles/DTA-7", "", dispatcher);
  ASSERT_EQ(panel.status, 200) << panel.body;
  const json p = panel.json();
  EXPECT_EQ(p["on_trip"], true);
  EXPECT_EQ(p["route"]["short_name"], "40");
  ASSERT_FALSE(p["next_stops"].empty());
  EXPECT_EQ(p["next_stops"][0]["name"], "North Ave / N A Ave (Demo)");
  EXPECT_GE(p["next_stops"][0]["predicted"].get<std::int64_t>(), kNow - 30);
  EXPECT_TRUE(p["driver"].is_null());
  EXPECT_EQ(c.request("GET", "/api/v1/transit/dispatch/vehicles/NOBODY", "", dispatcher).status,
            404);

  auto terminals = c.request("GET", "/api/v1/transit/dispatch/terminals", "", dispatcher);
  ASSERT_EQ(terminals.status, 200) << terminals.body;
  bool stagecoach = false;
  const json listed = terminals.json();
  for (const auto& s : listed["terminals"]) stagecoach |= s["stop_id"] == "STAGECOACH";
  EXPECT_TRUE(stagecoach) << terminals.body;
  auto board =
      c.request("GET", "/api/v1/transit/dispatch/board?stop=STAGECOACH&window=60", "", dispatcher);
  ASSERT_EQ(board.status, 200) << board.body;
  const json b = board.json();
  ASSERT_FALSE(b["departures"].empty());
  // CITY1 at 06:00 has gone with DTA-7 on it; the rest are planned, earliest first.
  EXPECT_EQ(b["departures"][0]["trip_id"], "CITY1");
  EXPECT_EQ(b["departures"][0]["departed"], true);
  EXPECT_EQ(b["departures"][0]["vehicle"]["vehicle_id"], "DTA-7");
  EXPECT_EQ(b["departures"][0]["assigned"], "on_trip");
  EXPECT_EQ(b["departures"][0]["planned_hm"], "06:00");
  for (std::size_t i = 1; i < b["departures"].size(); ++i)
    EXPECT_GE(b["departures"][i]["planned"], b["departures"][i - 1]["planned"]);
  EXPECT_TRUE(b["departures"][0]["advised"].is_null());

  auto fleet = c.request("GET", "/api/v1/transit/dispatch/fleet", "", dispatcher);
  ASSERT_EQ(fleet.status, 200) << fleet.body;
  EXPECT_EQ(fleet.json()["type"], "fleet");
  ASSERT_EQ(fleet.json()["vehicles"].size(), 1u);
  EXPECT_EQ(fleet.json()["vehicles"][0]["route_id"], "CITY");
}

TEST_P(DispatchConsoleApiTest, ParametersAreCheckedAndOnlyDispatchersAndAdminsGetIn) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  test::TestApp t(db.url());
  test::HttpClient c(t.port());
  const auto office = t.bearer("ducha"), planner_token = t.bearer("jt_gh");
  const auto admin = t.bearer("admin"), dispatcher = t.bearer("gj_dd");
  track_a_bus(t, c, planner_token, dispatcher);
  auto status = [&](const std::string& path, const std::map<std::string, std::string>& who) {
    return c.request("GET", path, "", who).status;
  };
  auto ladder = c.request("GET", "/api/v1/transit/dispatch/ladder", "", dispatcher);
  EXPECT_EQ(ladder.status, 400);
  EXPECT_EQ(ladder.json()["error"]["field"], "route");
  EXPECT_EQ(status("/api/v1/transit/dispatch/ladder?route=NOPE", dispatcher), 404);
  EXPECT_EQ(status("/api/v1/transit/dispatch/board", dispatcher), 400);
  EXPECT_EQ(status("/api/v1/transit/dispatch/board?stop=NOPE", dispatcher), 404);
  auto window =
      c.request("GET", "/api/v1/transit/dispatch/board?stop=STAGECOACH&window=5", "", dispatcher);
  EXPECT_EQ(window.status, 400);
  EXPECT_EQ(window.json()["error"]["field"], "window");

  const std::vector<std::string> routes = {
      "/api/v1/transit/dispatch/ladder?route=CITY", "/api/v1/transit/dispatch/vehicles/DTA-7",
      "/api/v1/transit/dispatch/terminals", "/api/v1/transit/dispatch/board?stop=STAGECOACH",
      "/api/v1/transit/dispatch/fleet"};
  for (const auto& path : routes) {
    EXPECT_EQ(status(path, {}), 401) << path;
    EXPECT_EQ(status(path, office), 403) << path;              // outside 智能公交
    auto planner = c.request("GET", path, "", planner_token);  // 智能公交, not dispatch
    EXPECT_EQ(planner.status, 403) << path;
    EXPECT_EQ(planner.json()["error"]["message"], "只有公交调度员或管理员可以使用调度台") << path;
    EXPECT_EQ(status(path, admin), 200) << path;
    EXPECT_EQ(status(path, dispatcher), 200) << path;
  }
  // The map's tiles: none by default, for every transit role.
  auto tiles = c.request("GET", "/api/v1/transit/map-config", "", planner_token);
  ASSERT_EQ(tiles.status, 200);
  EXPECT_EQ(tiles.json()["tile_url"], "");
  EXPECT_EQ(status("/api/v1/transit/map-config", office), 403);
}

TEST_P(DispatchConsoleApiTest, TheMapTilesComeFromConfiguration) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  const std::string vec =
      "https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&"
      "LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&"
      "TILECOL={x}&tk=KEY";
  test::TestApp t(db.url(), true, [&](Config& c) {
    c.map.tile_url = vec;
    c.map.subdomains = "01234567";
    c.map.attribution = "天地图";
  });
  test::HttpClient c(t.port());
  auto tiles = c.request("GET", "/api/v1/transit/map-config", "", t.bearer("gj_dd"));
  ASSERT_EQ(tiles.status, 200);
  EXPECT_EQ(tiles.json()["tile_url"], vec);
  EXPECT_EQ(tiles.json()["subdomains"], "01234567");
  EXPECT_EQ(tiles.json()["max_zoom"], 18);
}

// 车辆排班 on the sample feed's two blocks: the dispatcher puts the tracked bus and its driver on
// block 1, the bus's panel names the driver, a bus on two blocks and bad input are refused, and
// neither a planner nor another unit's dispatcher may change the plan.
TEST_P(DispatchConsoleApiTest, TheDaysBusesAndDriversOnBlocks) {
  // The bus company as the operating unit ([dispatch] unit_id); its id, from the seeded org.
  std::int64_t company = 0;
  {
    test::TestDb probe(GetParam());
    ZT_REQUIRE_DB(probe);
    test::TestApp t(probe.url());
    auto u = t.app().org().resolve_unit("三门峡市公共交通有限公司");
    ASSERT_TRUE(u && *u);
    company = (*u)->value;
  }
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  test::TestApp t(db.url(), true, [company](Config& c) { c.dispatch_unit = company; });
  test::HttpClient c(t.port());
  auto dispatcher = t.bearer("gj_dd");
  auto planner = t.bearer("jt_gh");
  auto city = t.app().org().resolve_unit("三门峡市交通运输局");
  ASSERT_TRUE(city && *city);
  ASSERT_TRUE(t.app().org().add_user(
      {"qt_dd", "别家调度", UnitId{(*city)->value}, {Role::kDispatcher}, "Zhengtong@2024"},
      Actor{}));
  auto other = t.bearer("qt_dd");
  auto office = t.bearer("fgw_tb");
  track_a_bus(t, c, planner, dispatcher);
  const std::string base = "/api/v1/transit/dispatch/assignments";

  auto day = c.request("GET", base + "?date=2008-06-02", "", dispatcher);
  ASSERT_EQ(day.status, 200) << day.body;
  json d = day.json();
  ASSERT_EQ(d["blocks"].size(), 2u);
  EXPECT_EQ(d["blocks"][0]["block_id"], "1");
  EXPECT_EQ(d["blocks"][0]["trips"], 2);  // AB1 and BFC1
  EXPECT_TRUE(d["blocks"][0]["assignment"].is_null());
  EXPECT_EQ(d["assigned"], 0);
  bool choosable = false;
  for (const auto& v : d["vehicles"]) choosable |= v["vehicle_id"] == "DTA-7";
  EXPECT_TRUE(choosable) << day.body;

  const std::string body = R"({"vehicle_id":"DTA-7","driver_name":"张建国","driver_no":"GJ-0012"})";
  auto put = c.request("PUT", base + "/2008-06-02/1", body, dispatcher);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json()["updated_by"], "gj_dd");
  EXPECT_EQ(c.request("GET", base + "?date=2008-06-02", "", planner).json()["assigned"], 1);
  auto panel = c.request("GET", "/api/v1/transit/dispatch/vehicles/DTA-7", "", dispatcher);
  ASSERT_EQ(panel.status, 200);
  EXPECT_EQ(panel.json()["driver"]["name"], "张建国");
  EXPECT_EQ(panel.json()["driver"]["no"], "GJ-0012");
  EXPECT_EQ(panel.json()["assigned_block"], "1");

  // Refused: the same bus on block 2, an unknown block, bad fields, and who may not arrange.
  EXPECT_EQ(c.request("PUT", base + "/2008-06-02/2", body, dispatcher).status, 409);
  EXPECT_EQ(c.request("PUT", base + "/2008-06-02/9", body, dispatcher).status, 404);
  auto bad_no = c.request("PUT", base + "/2008-06-02/2",
                          R"({"vehicle_id":"X1","driver_no":"12 3"})", dispatcher);
  EXPECT_EQ(bad_no.status, 400);
  EXPECT_EQ(bad_no.json()["error"]["field"], "driver_no");
  EXPECT_EQ(c.request("PUT", base + "/2008-06-02/2", R"({"driver_name":"李"})", dispatcher)
                .json()["error"]["field"],
            "vehicle_id");
  EXPECT_EQ(c.request("PUT", base + "/2008-02-30/2", body, dispatcher).json()["error"]["field"],
            "date");
  EXPECT_EQ(c.request("PUT", base + "/2008-06-02/2", "[1]", dispatcher).status, 400);
  EXPECT_EQ(c.request("GET", base + "?date=2008-13-01", "", dispatcher).status, 400);
  EXPECT_EQ(c.request("PUT", base + "/2008-06-02/2", body, planner).status, 403);
  EXPECT_EQ(c.request("PUT", base + "/2008-06-02/1", body, other).status, 403);
  EXPECT_EQ(c.request("PUT", base + "/2008-06-02/2", R"({"vehicle_id":"X1"})", other).status, 403);
  EXPECT_EQ(c.request("DELETE", base + "/2008-06-02/1", "", other).status, 403);
  EXPECT_EQ(c.request("GET", base + "?date=2008-06-02", "", dispatcher)
                .json()["blocks"][0]["assignment"]["unit_id"],
            company);
  EXPECT_EQ(c.request("GET", base + "?date=2008-06-02", "", office).status, 403);

  auto removed = c.request("DELETE", base + "/2008-06-02/1", "", dispatcher);
  ASSERT_EQ(removed.status, 200);
  EXPECT_EQ(removed.json()["removed"], true);
  EXPECT_EQ(c.request("DELETE", base + "/2008-06-02/1", "", dispatcher).json()["removed"], false);
  EXPECT_TRUE(c.request("GET", "/api/v1/transit/dispatch/vehicles/DTA-7", "", dispatcher)
                  .json()["driver"]
                  .is_null());
}

INSTANTIATE_TEST_SUITE_P(Backends, DispatchConsoleApiTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt

// GTFS feeds over HTTP: a planner validates and imports, a dispatcher reads, others are refused.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <boost/asio.hpp>
#include <boost/beast.hpp>

#include "core/config.hpp"
#include "core/http_server.hpp"
#include "support/office_files.hpp"
#include "support/test_store.hpp"
#include "transit/realtime.hpp"

namespace zt {
namespace {

using nlohmann::json;

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class TransitApiTest : public ::testing::TestWithParam<std::string> {};

// Google's sample feed imported by the transport bureau's planner; the response status.
int import_sample(test::TestApp& t, test::HttpClient& c) {
  auto zip = read(std::string(ZT_DATA_DIR) + "/gtfs/google-sample-feed-1.zip");
  return c.request("POST", "/api/v1/transit/feeds?name=sample.zip", zip, t.bearer("jt_gh")).status;
}

// A synthetic network big enough that importing it takes a while: `trips` trips of 40 stops.
std::string large_feed(int trips) {
  std::string stops = "stop_id,stop_name,stop_lat,stop_lon\n";
  for (int s = 0; s < 400; ++s)
    stops += "S" + std::to_string(s) + ",站" + std::to_string(s) + "," +
             std::to_string(34.77 + s * 1e-4) + "," + std::to_string(111.2 + s * 1e-4) + "\n";
  std::string trip_rows = "route_id,service_id,trip_id\n";
  std::string times = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n";
  for (int t = 0; t < trips; ++t) {
    const auto id = "T" + std::to_string(t);
    trip_rows += "R" + std::to_string(t % 20) + ",WD," + id + "\n";
    for (int k = 0; k < 40; ++k) {
      const int at = 5 * 3600 + (t % 200) * 300 + k * 90;
      char hms[16];
      std::snprintf(hms, sizeof hms, "%02d:%02d:%02d", at / 3600, at / 60 % 60, at % 60);
      times += id + "," + hms + "," + hms + ",S" + std::to_string((t + k) % 400) + "," +
               std::to_string(k + 1) + "\n";
    }
  }
  std::string routes = "route_id,route_short_name,route_type\n";
  for (int r = 0; r < 20; ++r)
    routes += "R" + std::to_string(r) + "," + std::to_string(r + 1) + ",3\n";
  return test::make_zip(
      {{"agency.txt",
        "agency_name,agency_url,agency_timezone\n三门峡公交,http://example.cn,Asia/Shanghai\n"},
       {"stops.txt", stops},
       {"routes.txt", routes},
       {"trips.txt", trip_rows},
       {"stop_times.txt", times},
       {"calendar.txt",
        "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
        "WD,1,1,1,1,1,0,0,20240101,20241231\n"}});
}

// Imports run on the worker pool and SQLite answers lone reads beside the writer, so /healthz
// (a read and, at most once a second, a write probe that does not queue behind the import) is
// answered while a large feed is imported. Before, it waited for the whole import.
TEST_P(TransitApiTest, HealthzAnswersWhileALargeFeedImports) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  test::TestApp t(db.url());
  const auto zip = large_feed(6000);
  auto planner = t.bearer("jt_gh");
  std::atomic<bool> done{false};
  auto importer = std::async(std::launch::async, [&] {
    test::HttpClient c(t.port());
    auto r = c.request("POST", "/api/v1/transit/feeds?name=large.zip", zip, planner);
    done = true;
    return r;
  });
  test::HttpClient h(t.port());
  std::vector<double> ms;
  while (!done) {
    const auto t0 = std::chrono::steady_clock::now();
    auto r = h.request("GET", "/healthz");
    ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    EXPECT_EQ(r.status, 200) << r.body;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  auto imported = importer.get();
  ASSERT_EQ(imported.status, 201) << imported.body.substr(0, 500);
  ASSERT_GE(ms.size(), 5u) << "the import was too quick to overlap the health checks";
  const double slowest = *std::max_element(ms.begin(), ms.end());
  std::printf("healthz during a %zu-byte import: %zu checks, slowest %.1f ms\n", zip.size(),
              ms.size(), slowest);
  // The figure itself is measured in bench/; here only "not stuck behind the import".
  EXPECT_LT(slowest, 500.0);
}

TEST_P(TransitApiTest, BoardsArePushedOverWebSocket) {
  namespace asio = boost::asio;
  namespace beast = boost::beast;
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  test::TestApp t(db.url());
  test::HttpClient c(t.port());
  ASSERT_EQ(import_sample(t, c), 201);
  auto open = [&](const std::string& target, beast::websocket::stream<beast::tcp_stream>& ws,
                  beast::websocket::response_type& res) {
    beast::get_lowest_layer(ws).connect(
        asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), t.port()));
    beast::error_code ec;
    ws.handshake(res, "127.0.0.1", target, ec);
    return ec;
  };
  asio::io_context ioc;
  {
    beast::websocket::stream<beast::tcp_stream> ws(ioc);
    beast::websocket::response_type res;
    EXPECT_TRUE(open("/api/v1/transit/stops/NO_SUCH_STOP/arrivals/ws", ws, res));
    EXPECT_EQ(res.result_int(), 404u);
  }
  // Anonymous, like a board on the street; the pusher sends the board once it is subscribed.
  beast::websocket::stream<beast::tcp_stream> ws(ioc);
  beast::websocket::response_type res;
  ASSERT_FALSE(open("/api/v1/transit/stops/BEATTY_AIRPORT/arrivals/ws", ws, res));
  t.app().start_board_pusher();
  beast::flat_buffer buf;
  beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(20));
  ws.read(buf);
  auto board = json::parse(beast::buffers_to_string(buf.data()));
  EXPECT_EQ(board["stop_id"], "BEATTY_AIRPORT");
  EXPECT_EQ(board, c.request("GET", "/api/v1/transit/stops/BEATTY_AIRPORT/arrivals").json());
  ws.close(beast::websocket::close_code::normal);
}

TEST_P(TransitApiTest, PlannerImportsDispatcherReads) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  test::TestApp t(db.url());
  test::HttpClient c(t.port());
  auto zip = read(std::string(ZT_DATA_DIR) + "/gtfs/google-sample-feed-1.zip");
  ASSERT_FALSE(zip.empty());
  auto planner = t.bearer("jt_gh");

  auto checked = c.request("POST", "/api/v1/transit/feeds/validate", zip, planner);
  ASSERT_EQ(checked.status, 200) << checked.body;
  EXPECT_EQ(checked.json()["summary"]["rows"]["frequencies.txt"], 11);
  EXPECT_EQ(c.request("POST", "/api/v1/transit/feeds", zip, t.bearer("gj_dd")).status, 403);
  EXPECT_EQ(c.request("POST", "/api/v1/transit/feeds", zip, t.bearer("ducha")).status, 403);

  auto imported = c.request("POST", "/api/v1/transit/feeds?name=sample.zip", zip, planner);
  ASSERT_EQ(imported.status, 201) << imported.body;
  EXPECT_EQ(imported.json()["active"], true);
  auto listed = c.request("GET", "/api/v1/transit/feeds", "", t.bearer("gj_dd"));
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.json()["feeds"][0]["name"], "sample.zip");

  // A feed with errors is refused with its issues; the active version stays.
  auto broken = test::make_zip(
      {{"agency.txt", "agency_name,agency_url,agency_timezone\nA,http://a,Asia/Shanghai\n"},
       {"routes.txt", "route_id,route_short_name,route_type\nR1,1,3\n"}});
  auto refused = c.request("POST", "/api/v1/transit/feeds", broken, planner);
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_GT(refused.json()["issues"].size(), 0u);
  EXPECT_EQ(c.request("GET", "/api/v1/transit/feeds", "", planner).json()["feeds"].size(), 1u);
  EXPECT_EQ(c.request("POST", "/api/v1/transit/feeds", "not a zip", planner).status, 400);

  // Forecast coverage is sampled each minute by the background round (reading it samples
  // nothing) and exported as a gauge over the last hour.
  EXPECT_EQ(c.request("GET", "/metrics").body.find("zt_transit_forecast_coverage_ratio"),
            std::string::npos);
  auto cov = c.request("GET", "/api/v1/transit/coverage", "", t.bearer("gj_dd"));
  ASSERT_EQ(cov.status, 200) << cov.body;
  EXPECT_EQ(cov.json()["last_hour"]["minutes_sampled"], 0);
  ASSERT_TRUE(t.app().run_jobs(false));
  cov = c.request("GET", "/api/v1/transit/coverage", "", t.bearer("gj_dd"));
  EXPECT_EQ(cov.json()["last_hour"]["minutes_sampled"], 1);
  auto metrics = c.request("GET", "/metrics").body;
  EXPECT_NE(metrics.find("# TYPE zt_transit_forecast_coverage_ratio gauge"), std::string::npos)
      << metrics;
}

// A line along a street with one corner, drawn with far more points than the map needs, and
// stops whose names differ only in case.
std::string shaped_feed() {
  std::string shape = "shape_id,shape_pt_lat,shape_pt_lon,shape_pt_sequence\n";
  int seq = 0;
  for (int i = 0; i <= 100; ++i)  // 34.7700 → 34.7800 due north, a point every 11 m
    shape += "SH1," + std::to_string(34.77 + i * 1e-4) + ",111.2," + std::to_string(++seq) + "\n";
  for (int i = 1; i <= 100; ++i)  // then due east
    shape += "SH1,34.78," + std::to_string(111.2 + i * 1e-4) + "," + std::to_string(++seq) + "\n";
  return test::make_zip(
      {{"agency.txt",
        "agency_name,agency_url,agency_timezone\n三门峡公交,http://example.cn,Asia/Shanghai\n"},
       {"stops.txt",
        "stop_id,stop_name,stop_lat,stop_lon,location_type\n"
        "S1,火车站,34.77,111.2,0\nS2,Bahnhof Nord,34.78,111.2,0\nS3,bahnhof Ost,34.78,111.21,0\n"
        "ST,火车站综合枢纽,34.7701,111.2001,1\n"},
       {"routes.txt",
        "route_id,route_short_name,route_long_name,route_type,route_color,route_text_color\n"
        "R1,1,火车站—陕州公园,3,C1272D,FFFFFF\n"},
       {"trips.txt", "route_id,service_id,trip_id,shape_id\nR1,WD,T1,SH1\n"},
       {"stop_times.txt",
        "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
        "T1,08:00:00,08:00:00,S1,1\nT1,08:05:00,08:05:00,S2,2\nT1,08:10:00,08:10:00,S3,3\n"},
       {"calendar.txt",
        "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
        "WD,1,1,1,1,1,0,0,20240101,20241231\n"}});
}

// The map's base layer and the phones' stop search, without logging in: empty before a feed,
// shapes simplified and rounded, stations left out, search by any case with pages and a total,
// every query parameter checked, and a new version served as soon as it is imported.
TEST_P(TransitApiTest, NetworkAndStopSearchForTheMapAndPhones) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  test::TestApp t(db.url());
  test::HttpClient c(t.port());

  auto empty = c.request("GET", "/api/v1/transit/network");
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_EQ(empty.json()["routes"], json::array());
  EXPECT_EQ(empty.json()["stops"], json::array());
  EXPECT_TRUE(empty.json()["bounds"].is_null());
  auto none = c.request("GET", "/api/v1/transit/stops/search?q=站");
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_EQ(none.json()["total"], 0);
  EXPECT_EQ(none.json()["stops"], json::array());

  ASSERT_EQ(
      c.request("POST", "/api/v1/transit/feeds?name=shaped.zip", shaped_feed(), t.bearer("jt_gh"))
          .status,
      201);
  auto net = c.request("GET", "/api/v1/transit/network");
  ASSERT_EQ(net.status, 200) << net.body;
  const json n = net.json();
  ASSERT_EQ(n["routes"].size(), 1u);
  const json r = n["routes"][0];
  EXPECT_EQ(r["route_id"], "R1");
  EXPECT_EQ(r["short_name"], "1");
  EXPECT_EQ(r["long_name"], "火车站—陕州公园");
  EXPECT_EQ(r["color"], "C1272D");
  EXPECT_EQ(r["text_color"], "FFFFFF");
  EXPECT_EQ(r["type"], 3);
  // 201 points on two straight legs: the start, the corner and the end are all the map needs.
  ASSERT_EQ(r["shapes"].size(), 1u);
  const json line = r["shapes"][0];
  ASSERT_EQ(line.size(), 3u) << line.dump();
  EXPECT_NEAR(line[1][0].get<double>(), 34.78, 1e-5);
  EXPECT_NEAR(line[1][1].get<double>(), 111.2, 1e-5);
  EXPECT_NEAR(line[2][1].get<double>(), 111.21, 1e-5);
  for (const auto& p : line)
    for (const auto& v : p) {
      const double d = v.get<double>();
      EXPECT_NEAR(d * 1e5, std::round(d * 1e5), 1e-6) << d;  // five decimals
    }
  // Boarding stops only; the station has no board.
  ASSERT_EQ(n["stops"].size(), 3u);
  for (const auto& s : n["stops"]) EXPECT_NE(s["stop_id"], "ST");
  EXPECT_EQ(n["counts"]["stops"], 3);
  EXPECT_EQ(n["counts"]["trips"], 1);
  EXPECT_NEAR(n["bounds"][1][0].get<double>(), 34.78, 1e-5);

  auto found = c.request("GET", "/api/v1/transit/stops/search?q=BAHNHOF");
  ASSERT_EQ(found.status, 200) << found.body;
  ASSERT_EQ(found.json()["total"], 2);
  EXPECT_EQ(found.json()["stops"][0]["name"], "Bahnhof Nord");  // sorted by name
  EXPECT_EQ(found.json()["stops"][1]["name"], "bahnhof Ost");
  EXPECT_EQ(found.json()["stops"][0]["routes"], json::array({"1"}));
  auto chinese = c.request("GET", "/api/v1/transit/stops/search?q=%E7%81%AB%E8%BD%A6");  // 火车
  ASSERT_EQ(chinese.status, 200);
  ASSERT_EQ(chinese.json()["total"], 1);
  EXPECT_EQ(chinese.json()["stops"][0]["stop_id"], "S1");
  auto page = c.request("GET", "/api/v1/transit/stops/search?limit=1&offset=1");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.json()["total"], 3);
  ASSERT_EQ(page.json()["stops"].size(), 1u);
  EXPECT_EQ(page.json()["stops"][0]["name"], "bahnhof Ost");
  EXPECT_EQ(c.request("GET", "/api/v1/transit/stops/search?offset=3").json()["stops"].size(), 0u);

  for (const auto& [query, field] :
       std::vector<std::pair<std::string, std::string>>{{"limit=0", "limit"},
                                                        {"limit=101", "limit"},
                                                        {"limit=abc", "limit"},
                                                        {"offset=-1", "offset"},
                                                        {"offset=1.5", "offset"},
                                                        {"q=" + std::string(101, 'a'), "q"}}) {
    auto bad = c.request("GET", "/api/v1/transit/stops/search?" + query);
    EXPECT_EQ(bad.status, 400) << query << ": " << bad.body;
    EXPECT_EQ(bad.json()["error"]["field"], field) << query;
  }

  // A new version is drawn at once: the cached view follows the network holder.
  ASSERT_EQ(import_sample(t, c), 201);
  auto next = c.request("GET", "/api/v1/transit/network").json();
  EXPECT_EQ(next["routes"].size(), 5u);
  EXPECT_NE(next["version"], n["version"]);
  // The sample has no shapes: its routes are drawn through their stops.
  for (const auto& route : next["routes"]) EXPECT_GE(route["shapes"].size(), 1u) << route.dump();
  EXPECT_EQ(c.request("GET", "/api/v1/transit/stops/search?q=BAHNHOF").json()["total"], 0);
}

TEST_P(TransitApiTest, UploadsInflatingPastTheirLimitAnswer413NamingIt) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  test::TestApp t(db.url(), true, [](Config& c) { c.server.inflate_limit = 4u << 20; });
  test::HttpClient c(t.port());
  std::string stop_times = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n";
  while (stop_times.size() < (8u << 20)) stop_times += "T1,06:00:00,06:00:00,S1,1\n";
  auto zip = test::make_zip({{"stop_times.txt", stop_times}});
  auto r = c.request("POST", "/api/v1/transit/feeds/validate", zip, t.bearer("jt_gh"));
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_NE(r.body.find("4194304"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("server.inflate_limit"), std::string::npos) << r.body;
  // The sample feed still fits, and the server serves on.
  auto sample = read(std::string(ZT_DATA_DIR) + "/gtfs/google-sample-feed-1.zip");
  EXPECT_EQ(c.request("POST", "/api/v1/transit/feeds/validate", sample, t.bearer("jt_gh")).status,
            200);

  // A ledger workbook whose one shared string fills 20,000 cells (80 MB) is refused the same way.
  std::string row = "<row>";
  for (int i = 0; i < 100; ++i) row += "<c t=\"s\"><v>0</v></c>";
  row += "</row>";
  std::string rows;
  for (int i = 0; i < 200; ++i) rows += row;
  auto xlsx = test::make_raw_xlsx(rows, "<si><t>" + std::string(4096, 'x') + "</t></si>");
  auto ledger =
      c.request("POST", "/api/v1/supervision/ledger/import?dry_run=1", xlsx, t.bearer("ducha"));
  EXPECT_EQ(ledger.status, 413) << ledger.body;
  EXPECT_NE(ledger.body.find("server.inflate_ratio"), std::string::npos) << ledger.body;
}

TEST_P(TransitApiTest, LivePositionsInAndGtfsRealtimeOut) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  test::TestApp t(db.url());
  test::HttpClient c(t.port());
  auto dispatcher = t.bearer("gj_dd");
  // Beijing time of the test clock: fixes "now" are live.
  const std::int64_t now = unix_seconds(t.clock().now());
  json fixes = json::array({{{"vehicle", "1208"},
                             {"lat", 34.7700},
                             {"lon", 111.1900},
                             {"time", now - 60},
                             {"speed", 30},
                             {"route", "1"}},
                            {{"vehicle", "1208"},
                             {"lat", 34.7710},
                             {"lon", 111.1920},
                             {"time", now - 30},
                             {"speed", 32},
                             {"route", "1"}},
                            {{"vehicle", "1209"}, {"lat", 234.0}, {"lon", 111.19}, {"time", now}}});
  EXPECT_EQ(c.request("POST", "/api/v1/transit/avl", fixes.dump(), t.bearer("jt_gh")).status, 403);
  auto in = c.request("POST", "/api/v1/transit/avl", fixes.dump(), dispatcher);
  ASSERT_EQ(in.status, 200) << in.body;
  EXPECT_EQ(in.json()["accepted"], 2);
  EXPECT_EQ(in.json()["rejected"], 1);
  EXPECT_NE(in.json()["reasons"][0]["reason"].get<std::string>().find("经纬度"), std::string::npos);

  auto live = c.request("GET", "/api/v1/transit/vehicles", "", t.bearer("jt_gh"));
  ASSERT_EQ(live.status, 200);
  ASSERT_EQ(live.json()["vehicles"].size(), 1u);
  EXPECT_NEAR(live.json()["vehicles"][0]["lat"].get<double>(), 34.771, 1e-9);
  auto track = c.request("GET", "/api/v1/transit/vehicles/1208/trajectory", "", dispatcher);
  ASSERT_EQ(track.status, 200) << track.body;
  EXPECT_EQ(track.json()["features"][0]["geometry"]["type"], "LineString");
  EXPECT_EQ(
      c.request("GET", "/api/v1/transit/vehicles/1208/trajectory?from=x", "", dispatcher).status,
      400);

  // The public feed, with no login, as protobuf and as JSON.
  auto pb = c.request("GET", "/gtfs-rt/vehicle-positions");
  ASSERT_EQ(pb.status, 200);
  EXPECT_GT(pb.body.size(), 20u);
  auto js = c.request("GET", "/gtfs-rt/vehicle-positions?format=json");
  EXPECT_EQ(js.json()["entity"][0]["vehicle"]["vehicle"]["id"], "1208");

  auto tu = c.request("GET", "/gtfs-rt/trip-updates?format=json");
  ASSERT_EQ(tu.status, 200);
  EXPECT_TRUE(tu.json()["entity"].is_array());  // no feed here: no trips to update
  EXPECT_EQ(c.request("GET", "/gtfs-rt/trip-updates").status, 200);

  // GTFS-Realtime in: garbage is refused by name, a real capture is counted.
  EXPECT_EQ(c.request("POST", "/api/v1/transit/gtfs-rt", "garbage", dispatcher).status, 400);
  auto kcm = read(std::string(ZT_DATA_DIR) + "/gtfs-rt/king-county-metro-1.pbf");
  // Captured in 2021: two and more years behind the clock, every fix is stale.
  auto rt = c.request("POST", "/api/v1/transit/gtfs-rt", kcm, dispatcher);
  ASSERT_EQ(rt.status, 200) << rt.body;
  EXPECT_EQ(rt.json()["accepted"], 0);
  EXPECT_GT(rt.json()["refused"]["stale"].get<int>(), 400);
  auto decoded = transit::decode_feed(kcm, "kcm");
  ASSERT_TRUE(decoded);
  t.clock().set(Instant{std::chrono::seconds{decoded->timestamp + 60}});
  rt = c.request("POST", "/api/v1/transit/gtfs-rt", kcm, dispatcher);
  ASSERT_EQ(rt.status, 200) << rt.body;
  EXPECT_GT(rt.json()["accepted"].get<int>(), 400);
}

json fix(const std::string& vehicle, std::int64_t time, const std::string& trip = "CITY1") {
  // A quarter of the way from Stagecoach to North Ave / N A Ave on Google's sample feed.
  return {{"vehicle", vehicle},
          {"trip", trip},
          {"lat", 36.915498},
          {"lon", -116.754126},
          {"time", time}};
}

TEST_P(TransitApiTest, ImplausibleLiveDataIsRefusedCountedAndBoundsThePublicFeeds) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  test::TestApp t(db.url());
  test::HttpClient c(t.port());
  ASSERT_EQ(import_sample(t, c), 201);
  const std::int64_t now = 1212411780;  // Monday 2008-06-02 06:03 in Los Angeles; CITY1 runs
  t.clock().set(Instant{std::chrono::seconds{now}});
  auto dispatcher = t.bearer("gj_dd");
  auto avl = [&](const json& body) {
    return c.request("POST", "/api/v1/transit/avl", body.dump(), dispatcher);
  };

  // Partly refused: the good fix is taken, the rest counted by reason.
  auto in = avl(json::array({fix("DTA-7", now - 30), fix("AHEAD", now + 50LL * 365 * 86400),
                             fix("OLD", now - 2 * 86400), fix(std::string("N\0L", 3), now),
                             fix(std::string(10240, 'x'), now),
                             fix("LONGTRIP", now, std::string(100, 't'))}));
  ASSERT_EQ(in.status, 200) << in.body;
  EXPECT_EQ(in.json()["accepted"], 1);
  EXPECT_EQ(in.json()["rejected"], 5);
  EXPECT_EQ(in.json()["refused"]["future"], 1);
  EXPECT_EQ(in.json()["refused"]["stale"], 1);
  EXPECT_EQ(in.json()["refused"]["id"], 3);
  EXPECT_LT(in.body.size(), 4096u);  // the 10 kB id is not echoed back

  // GTFS-Realtime: an id that is not UTF-8 would make every later JSON answer fail.
  transit::VehicleReport bad;
  bad.vehicle_id = "\xff\xfe";
  bad.lat = 36.9;
  bad.lon = -116.7;
  bad.timestamp = now;
  auto future = bad;
  future.vehicle_id = "FUTURE";
  future.timestamp = now + 3600;
  auto pb = transit::encode_vehicle_positions({bad, future}, t.clock().now());
  auto rt = c.request("POST", "/api/v1/transit/gtfs-rt", pb, dispatcher);
  ASSERT_EQ(rt.status, 200) << rt.body;
  EXPECT_EQ(rt.json()["refused"]["id"], 1);
  EXPECT_EQ(rt.json()["refused"]["future"], 1);
  auto live = c.request("GET", "/api/v1/transit/vehicles", "", dispatcher);
  ASSERT_EQ(live.status, 200) << live.body;
  ASSERT_EQ(live.json()["vehicles"].size(), 1u);
  EXPECT_EQ(live.json()["vehicles"][0]["vehicle_id"], "DTA-7");

  // Two hundred invented buses on the one run CITY1 06:00: one trip update, not two hundred.
  json crowd = json::array();
  for (int i = 0; i < 200; ++i) crowd.push_back(fix("BOGUS-" + std::to_string(i), now - 20));
  ASSERT_EQ(avl(crowd).json()["accepted"], 200);
  auto tu = c.request("GET", "/gtfs-rt/trip-updates?format=json");
  ASSERT_EQ(tu.status, 200);
  ASSERT_EQ(tu.json()["entity"].size(), 1u) << tu.body.substr(0, 500);
  EXPECT_EQ(tu.json()["entity"][0]["trip_update"]["trip"]["trip_id"], "CITY1");

  // Over the per-request cap (10,000 by default): refused whole, naming the cap.
  json flood = json::array();
  for (int i = 0; i < 10001; ++i) flood.push_back(fix("F" + std::to_string(i), now));
  auto over = avl(flood);
  EXPECT_EQ(over.status, 413) << over.body.substr(0, 300);
  EXPECT_NE(over.body.find("max_entities"), std::string::npos);
  EXPECT_NE(over.body.find("10000"), std::string::npos);
  EXPECT_EQ(c.request("GET", "/api/v1/transit/vehicles", "", dispatcher).json()["vehicles"].size(),
            201u);

  auto metrics = c.request("GET", "/metrics").body;
  EXPECT_NE(metrics.find("# TYPE zt_transit_refused_total counter"), std::string::npos);
  EXPECT_NE(metrics.find("zt_transit_refused_total{reason=\"future\"} 2\n"), std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("zt_transit_refused_total{reason=\"stale\"} 1\n"), std::string::npos);
  EXPECT_NE(metrics.find("zt_transit_refused_total{reason=\"id\"} 4\n"), std::string::npos);
  EXPECT_NE(metrics.find("zt_transit_refused_total{reason=\"entity_cap\"} 10001\n"),
            std::string::npos);
  EXPECT_NE(metrics.find("zt_transit_refused_total{reason=\"fleet_cap\"} 0\n"), std::string::npos);
  EXPECT_NE(metrics.find("zt_transit_live_vehicles 201\n"), std::string::npos);
}

TEST(TransitConfig, LiveDataLimitsAreReadAndChecked) {
  const auto dir = std::filesystem::temp_directory_path() / "zt-transit-config";
  std::filesystem::create_directories(dir);
  const auto path = (dir / "zt.toml").string();
  std::ofstream(path) << "[transit]\nfix_max_age_seconds = 3600\nfix_max_ahead_seconds = 0\n"
                         "max_id_bytes = 32\nmax_entities = 500\nmax_vehicles = 200\n";
  auto c = load_config(path);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->transit_fix_max_age, 3600);
  EXPECT_EQ(c->transit_fix_max_ahead, 0);
  EXPECT_EQ(c->transit_max_id_bytes, 32);
  EXPECT_EQ(c->transit_max_entities, 500);
  EXPECT_EQ(c->transit_max_vehicles, 200);
  std::ofstream(path) << "[transit]\nmax_vehicles = 0\n";
  auto bad = load_config(path);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "transit.max_vehicles");
  std::filesystem::remove_all(dir);
}

TEST_P(TransitApiTest, TrackedBusShowsItsTripDelayAndNextStopAndBoardsAreCachedPerSecond) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  test::TestApp t(db.url());
  test::HttpClient c(t.port());
  ASSERT_EQ(import_sample(t, c), 201);
  // Monday 2008-06-02 06:03 in Los Angeles (13:03 UTC). Trip CITY1 runs every 30 minutes from
  // 06:00: Stagecoach 06:00, North Ave / N A Ave 06:05, North Ave / D Ave N 06:12, ... A bus a
  // quarter of the way to the second stop at 06:02:30, about a minute and a quarter late.
  const std::int64_t now = 1212411780;
  t.clock().set(Instant{std::chrono::seconds{now}});
  auto post = [&](double lat, double lon, std::int64_t time) {
    json fix = json::array(
        {{{"vehicle", "DTA-7"}, {"trip", "CITY1"}, {"lat", lat}, {"lon", lon}, {"time", time}}});
    return c.request("POST", "/api/v1/transit/avl", fix.dump(), t.bearer("gj_dd")).status;
  };
  ASSERT_EQ(post(36.915498, -116.754126, now - 30), 200);
  auto live = c.request("GET", "/api/v1/transit/vehicles", "", t.bearer("gj_dd"));
  ASSERT_EQ(live.status, 200);
  ASSERT_EQ(live.json()["vehicles"].size(), 1u);
  const json v = live.json()["vehicles"][0];
  EXPECT_EQ(v["matched_trip_id"], "CITY1");
  EXPECT_EQ(v["matched_route_id"], "CITY");
  EXPECT_EQ(v["matched_by"], "trip_id");
  EXPECT_EQ(v["next_stop"], "North Ave / N A Ave (Demo)");
  EXPECT_NEAR(v["delay_s"].get<double>(), 75, 45);

  const std::string board = "/api/v1/transit/stops/NADAV/arrivals";
  auto first = c.request("GET", board);
  ASSERT_EQ(first.status, 200);
  bool live_run = false;
  const json arrivals = first.json()["arrivals"];
  for (const auto& a : arrivals) live_run |= a["trip_id"] == "CITY1" && a["live"] == true;
  EXPECT_TRUE(live_run) << first.body;
  // Three quarters of the way at 06:03: the board changes, but not within the second it was drawn.
  ASSERT_EQ(post(36.915129, -116.759023, now), 200);
  EXPECT_EQ(c.request("GET", board).body, first.body);
  t.clock().advance(std::chrono::seconds(1));
  EXPECT_NE(c.request("GET", board).body, first.body);
}

TEST_P(TransitApiTest, PollsAConfiguredRealtimeFeed) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  // The source: a server that hands out a real capture (and a broken one on another path).
  http::Router source;
  auto kcm = read(std::string(ZT_DATA_DIR) + "/gtfs-rt/king-county-metro-2.pbf");
  source.add("GET", "/vehicle-positions.pb", Permission::kPublic, "capture",
             [&kcm](http::Request&) -> Result<http::Response> {
               return http::Response::text(kcm, "application/x-protobuf");
             });
  source.add("GET", "/broken.pb", Permission::kPublic, "garbage",
             [](http::Request&) -> Result<http::Response> {
               return http::Response::text("not protobuf", "application/x-protobuf");
             });
  http::ServerConfig sc;
  sc.address = "127.0.0.1";
  sc.port = 0;
  sc.threads = 1;
  http::Server server(sc, source, nullptr, [] { return std::string(); });
  auto port = server.start();
  ASSERT_TRUE(port);
  server.run_in_background();

  ManualClock clock(Instant{std::chrono::seconds{1630600000}});
  for (const char* path : {"/vehicle-positions.pb", "/broken.pb", "/missing.pb"}) {
    Config config;
    config.db_url = db.url();
    config.gtfs_rt_url = "http://127.0.0.1:" + std::to_string(*port) + path;
    auto app = App::open(config, &clock);
    ASSERT_TRUE(app) << app.error().message;
    auto r = (*app)->poll_realtime();
    if (std::string(path) == "/vehicle-positions.pb") {
      ASSERT_TRUE(r) << r.error().message;
      EXPECT_GT((*r)["accepted"].get<int>(), 400);
    } else {
      ASSERT_FALSE(r) << path;
      EXPECT_NE(r.error().message.find(path), std::string::npos) << r.error().message;
    }
  }
  server.stop();
}

INSTANTIATE_TEST_SUITE_P(Backends, TransitApiTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt

// The coverage routes over HTTP (transit/kpi/api_coverage.cpp): the built-up area uploaded by a
// planner, malformed GeoJSON refused naming the fault, 500 m coverage of Google's sample feed
// computed by hand (one stop alone in a 2 km square: π/16 of it), forecast coverage by stop.
#include <cmath>
#include <fstream>
#include <numbers>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/test_store.hpp"

namespace zt {
namespace {

using nlohmann::json;

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A square of `side` metres centred on (lat, lon), as a GeoJSON Feature.
std::string square_feature(double lat, double lon, double side) {
  const double phi = lat * std::numbers::pi / 180;
  const double dlat = side / 2 / (111132.92 - 559.82 * std::cos(2 * phi));
  const double dlon = side / 2 / (111412.84 * std::cos(phi) - 93.5 * std::cos(3 * phi));
  return fmt::format(
      R"({{"type":"Feature","properties":{{}},"geometry":{{"type":"Polygon","coordinates":[[[{0},{1}],[{2},{1}],[{2},{3}],[{0},{3}],[{0},{1}]]]}}}})",
      lon - dlon, lat - dlat, lon + dlon, lat + dlat);
}

class TransitCoverageApiTest : public ::testing::TestWithParam<std::string> {};

TEST_P(TransitCoverageApiTest, AreaUploadAndCoverageOfTheSampleFeed) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  test::TestApp t(db.url());
  test::HttpClient c(t.port());
  auto planner = t.bearer("jt_gh");
  auto none = c.request("GET", "/api/v1/transit/kpi/stop-coverage", "", planner);
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_TRUE(none.json()["area"].is_null());
  EXPECT_EQ(c.request("GET", "/api/v1/transit/kpi/stop-coverage/area", "", planner).status, 404);

  auto point = c.request("POST", "/api/v1/transit/kpi/stop-coverage/area",
                         R"({"type":"Point","coordinates":[1,2]})", planner);
  EXPECT_EQ(point.status, 400);
  EXPECT_EQ(point.json()["error"]["field"], "geojson");
  EXPECT_NE(point.json()["error"]["message"].get<std::string>().find("只接受 Polygon"),
            std::string::npos);
  auto open =
      c.request("POST", "/api/v1/transit/kpi/stop-coverage/area",
                R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,2]]]})", planner);
  EXPECT_EQ(open.status, 400);
  EXPECT_NE(open.body.find("环未闭合"), std::string::npos) << open.body;
  // Past the route's 4 MiB: refused from the header, before any of the body is read.
  auto big = c.raw(
      "POST /api/v1/transit/kpi/stop-coverage/area HTTP/1.1\r\nHost: x\r\n"
      "Authorization: " +
      planner.at("Authorization") + "\r\nContent-Length: 5242880\r\n\r\n");
  EXPECT_EQ(big.status, 413) << big.body;
  const auto beatty = square_feature(36.868446, -116.784582, 2000);  // BEATTY_AIRPORT
  EXPECT_EQ(
      c.request("POST", "/api/v1/transit/kpi/stop-coverage/area", beatty, t.bearer("gj_dd")).status,
      403);  // a dispatcher reads the figure but does not set the area

  auto zip = read(std::string(ZT_DATA_DIR) + "/gtfs/google-sample-feed-1.zip");
  ASSERT_EQ(c.request("POST", "/api/v1/transit/feeds?name=sample.zip", zip, planner).status, 201);
  auto up = c.request("POST", "/api/v1/transit/kpi/stop-coverage/area?name=%E6%9C%BA%E5%9C%BA",
                      beatty, planner);
  ASSERT_EQ(up.status, 201) << up.body;
  EXPECT_EQ(up.json()["name"], "机场");
  EXPECT_NEAR(up.json()["area_m2"].get<double>(), 4e6, 4e4);
  auto cov = c.request("GET", "/api/v1/transit/kpi/stop-coverage", "", t.bearer("gj_dd"));
  ASSERT_EQ(cov.status, 200) << cov.body;
  auto j = cov.json();
  const double want = std::numbers::pi * 500 * 500 / 4e6;  // the airport stop alone
  EXPECT_NEAR(j["ratio"].get<double>(), want, want * 0.01);
  EXPECT_NEAR(j["covered_m2"].get<double>(), want * 4e6, want * 4e4);
  EXPECT_EQ(j["stops_near"], 1);
  EXPECT_EQ(j["uncovered"]["type"], "Polygon");
  EXPECT_EQ(j["uncovered"]["coordinates"].size(), 2u);  // the square and the stop's hole

  // PUT replaces it: the newest version is the current one.
  auto put = c.request("PUT", "/api/v1/transit/kpi/stop-coverage/area",
                       square_feature(36.868446, -116.784582, 1000), planner);
  ASSERT_EQ(put.status, 201) << put.body;
  auto small = c.request("GET", "/api/v1/transit/kpi/stop-coverage", "", planner).json();
  EXPECT_NEAR(small["ratio"].get<double>(), std::numbers::pi * 0.25, 0.01);
  auto area = c.request("GET", "/api/v1/transit/kpi/stop-coverage/area", "", planner);
  ASSERT_EQ(area.status, 200);
  EXPECT_EQ(area.json()["type"], "Feature");
  auto audit = t.app().store().query(
      "SELECT COUNT(*) FROM audit_log WHERE action = 'transit.built_up_area.upload'");
  ASSERT_TRUE(audit);
  EXPECT_EQ(audit->rows[0].i64(0), 2);
}

TEST_P(TransitCoverageApiTest, ForecastCoverageByStop) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  test::TestApp t(db.url());
  test::HttpClient c(t.port());
  auto planner = t.bearer("jt_gh");
  auto zip = read(std::string(ZT_DATA_DIR) + "/gtfs/google-sample-feed-1.zip");
  ASSERT_EQ(c.request("POST", "/api/v1/transit/feeds?name=sample.zip", zip, planner).status, 201);
  auto before = c.request("GET", "/api/v1/transit/kpi/forecast-coverage", "", planner);
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_EQ(before.json()["minutes_sampled"], 0);
  EXPECT_EQ(c.request("GET", "/api/v1/transit/kpi/forecast-coverage?hours=25", "", planner).status,
            400);
  // The sample feed runs on 2007-2010 service dates: a weekday morning there, no buses live.
  t.clock().set(shanghai_time(*parse_date("2008-06-02"), 0, 0, 0) + std::chrono::hours(15 + 8));
  auto round = t.app().run_jobs(true);
  ASSERT_TRUE(round) << round.error().message;
  auto after = c.request("GET", "/api/v1/transit/kpi/forecast-coverage?hours=1", "", planner);
  ASSERT_EQ(after.status, 200);
  auto j = after.json();
  EXPECT_EQ(j["minutes_sampled"], 1);
  ASSERT_GT(j["stops_with_service"].get<int>(), 0) << j.dump();
  // No bus is live: every stop with service due is never covered.
  EXPECT_EQ(j["stops_never_covered"], j["stops_with_service"]);
  EXPECT_EQ(j["share"], 0.0);
  EXPECT_EQ(j["never_covered"][0]["minutes_predicted"], 0);
  EXPECT_FALSE(j["never_covered"][0]["name"].get<std::string>().empty());
}

INSTANTIATE_TEST_SUITE_P(Stores, TransitCoverageApiTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt

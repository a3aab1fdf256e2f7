// The register routes over HTTP (transit/register/api_register.cpp): a planner imports the
// vehicle register (a bad row is a 400 naming row and column), reads the fleet targets, records
// accidents and reads the responsibility death rate; a dispatcher reads but does not write.
#include <gtest/gtest.h>

#include "support/test_store.hpp"

namespace zt {
namespace {

const std::string kHeader =
    "车牌号,车型,能源类型,车长（米）,地板类型,车载视频监控,客流调查仪,驾驶区防护隔离,投入运营日期,"
    "所属场站\n";

class TransitRegisterApiTest : public ::testing::TestWithParam<std::string> {};

TEST_P(TransitRegisterApiTest, RegisterTargetsAndAccidents) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  test::TestApp t(db.url());
  test::HttpClient c(t.port());
  auto planner = t.bearer("jt_gh");
  auto dispatcher = t.bearer("gj_dd");
  const std::string good = kHeader +
                           "豫M·D1001,宇通ZK6105BEVG,纯电动,10.5,低地板,是,是,是,2024-03-01,东区\n"
                           "豫M·D1002,宇通ZK6105BEVG,纯电动,10.5,普通,是,否,是,2024-04-01,东区\n"
                           "豫M·81003,金龙XMQ6106,柴油,10.5,普通,是,是,否,2016-05-01,西区\n";
  EXPECT_EQ(c.request("POST", "/api/v1/transit/fleet/vehicles/import", good, dispatcher).status,
            403);
  auto bad =
      c.request("POST", "/api/v1/transit/fleet/vehicles/import?name=x.csv",
                kHeader + "豫M·D1001,宇通,纯电动,10.5,低地板,是,是,是,2024-13-01,东区\n", planner);
  ASSERT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.json()["error"]["field"], "投入运营日期");
  EXPECT_EQ(bad.json()["errors"][0]["row"], 2);
  EXPECT_EQ(bad.json()["errors"][0]["column"], "投入运营日期");
  auto ok = c.request("POST", "/api/v1/transit/fleet/vehicles/import?name=x.csv", good, planner);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json()["inserted"], 3);
  auto list = c.request("GET", "/api/v1/transit/fleet/vehicles", "", dispatcher);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.json()["vehicles"].size(), 3u);
  EXPECT_EQ(list.json()["vehicles"][0]["energy_label"], "柴油");  // 豫M·8… sorts first

  auto targets = c.request("GET", "/api/v1/transit/fleet/targets?since=2024-01-01&population=3900",
                           "", dispatcher);
  ASSERT_EQ(targets.status, 200) << targets.body;
  std::map<std::string, nlohmann::json> by;
  const auto figures = targets.json()["figures"];
  for (const auto& f : figures) by[f["key"].get<std::string>()] = f;
  EXPECT_EQ(by["new_energy_share_of_new"]["value"], 1.0);
  EXPECT_EQ(by["new_energy_share_of_new"]["met"], true);
  // Of the two buses of 2024: one low-floor, one with a passenger counter.
  EXPECT_EQ(by["low_floor_share"]["value"], 0.5);
  EXPECT_EQ(by["low_floor_share"]["met"], true);
  EXPECT_EQ(by["passenger_counter_share"]["value"], 0.5);
  EXPECT_EQ(by["video_share"]["value"], 1.0);
  EXPECT_NEAR(by["driver_partition_share"]["value"].get<double>(), 2.0 / 3, 1e-9);
  EXPECT_NEAR(by["units_per_10k"]["value"].get<double>(), 10.0, 1e-9);  // 3 × 1.3 标台
  EXPECT_EQ(by["central_city_fleet"]["value"], 3);
  EXPECT_EQ(c.request("GET", "/api/v1/transit/fleet/targets?population=-1", "", planner).status,
            400);

  const std::string accident =
      R"({"date":"2024-05-06","plate":"豫M·D1001","route":"11路","responsibility":"main","deaths":1,"injuries":2})";
  EXPECT_EQ(c.request("POST", "/api/v1/transit/accidents", accident, dispatcher).status, 403);
  auto wrong = c.request("POST", "/api/v1/transit/accidents",
                         R"({"date":"2024-05-06","plate":"豫M","responsibility":"some",
                             "deaths":0,"injuries":0})",
                         planner);
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(wrong.json()["error"]["field"], "responsibility");
  ASSERT_EQ(c.request("POST", "/api/v1/transit/accidents", accident, planner).status, 201);
  auto rate = c.request(
      "GET", "/api/v1/transit/accidents?from=2024-01-01&to=2024-12-31&vehicle_km=25000000", "",
      dispatcher);
  ASSERT_EQ(rate.status, 200) << rate.body;
  auto r = rate.json()["rate"];
  EXPECT_EQ(r["responsible_deaths"], 1);
  EXPECT_NEAR(r["rate_per_million_km"].get<double>(), 0.04, 1e-12);
  EXPECT_EQ(r["vehicle_km_source"], "input");
  EXPECT_EQ(rate.json()["accidents"][0]["responsibility_label"], "主要责任");
  auto without =
      c.request("GET", "/api/v1/transit/accidents?from=2024-01-01&to=2024-12-31", "", planner);
  EXPECT_TRUE(without.json()["rate"]["rate_per_million_km"].is_null());
  EXPECT_EQ(c.request("GET", "/api/v1/transit/accidents?from=2024-05-01&to=2024-01-01", "", planner)
                .status,
            400);
}

INSTANTIATE_TEST_SUITE_P(Stores, TransitRegisterApiTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt

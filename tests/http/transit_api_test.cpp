// GTFS feeds over HTTP: a planner validates and imports, a dispatcher reads, others are refused.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "support/office_files.hpp"
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

class TransitApiTest : public ::testing::TestWithParam<std::string> {};

TEST_P(TransitApiTest, PlannerImportsDispatcherReads) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  test::TestApp t(db.url());
  test::HttpClient c(t.port());
  auto zip = read(std::string(ZT_SHARED_DIR) + "/data/gtfs/google-sample-feed-1.zip");
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
}

INSTANTIATE_TEST_SUITE_P(Backends, TransitApiTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt

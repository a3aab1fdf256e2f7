// The dashboard's numeric targets with their automatic figures: a month of transit records fills
// 发车正点率 on the dashboard, marked as the system's with its query and trend, and in the
// month's bulletin; a unit's report of the same or a later period stands over the automatic
// figure, and a later month's automatic figure over an older report.
#include <gtest/gtest.h>

#include "pages_fixture.hpp"
#include "supervision/system_figures.hpp"
#include "transit/kpi/record_store.hpp"
#include "transit/kpi_fixtures.hpp"

namespace zt {
namespace {

using nlohmann::json;

class DashboardFigures : public test::SupervisionPages {
 protected:
  json target(const json& dashboard, const std::string& indicator) {
    for (const auto& t : dashboard["targets"])
      if (t["indicator"] == indicator) return t;
    ADD_FAILURE() << "no target " << indicator;
    return json::object();
  }
  json target(const json& dashboard, std::int64_t id) {
    for (const auto& t : dashboard["targets"])
      if (t["id"] == id) return t;
    ADD_FAILURE() << "no target " << id;
    return json::object();
  }
  json bulletin_target(const std::string& period, std::int64_t kpi) {
    auto b = ok("/api/v1/supervision/bulletins/" + period);
    for (const auto& t : b["targets"])
      if (t["kpi_id"] == kpi) return t;
    return json::object();
  }
};

TEST_P(DashboardFigures, TransitRecordsFillTheOnTimeTargetMarkedAsTheSystems) {
  auto n = transit::Network::from_feed(transit::fixtures::kpi_feed());
  const auto day = *parse_date(transit::fixtures::kKpiDay);
  auto records = transit::kpi::build_trip_records(*n, day, transit::fixtures::kpi_visits(*n));
  ASSERT_TRUE(transit::kpi::save_day(t_->app().store(), day, records, "tracker", 1,
                                     t_->clock().now(), Actor{}));
  // Before the feed the target has no figure.
  EXPECT_TRUE(
      target(ok("/api/v1/supervision/dashboard?year=2024"), "发车正点率")["latest"].is_null());
  auto fed = t_->app().feed_ledger(false);
  ASSERT_TRUE(fed) << fed.error().message;

  auto t = target(ok("/api/v1/supervision/dashboard?year=2024"), "发车正点率");
  ASSERT_TRUE(t["latest"].is_object()) << t.dump();
  EXPECT_EQ(t["latest"]["source"], "system");
  EXPECT_EQ(t["latest"]["unit"], "系统自动采集");
  EXPECT_EQ(t["latest"]["period"], "2024-03");
  EXPECT_EQ(t["latest"]["value"], 71.43);
  EXPECT_EQ(t["latest"]["count"], 7);
  EXPECT_NE(t["latest"]["query"].get<std::string>().find("tr_trips_performed"), std::string::npos);
  EXPECT_EQ(t["met"], false);  // 71.43 % against 不低于90%
  ASSERT_EQ(t["trend"].size(), 1u);
  EXPECT_EQ(t["trend"][0]["period"], "2024-03");
  EXPECT_EQ(t["trend"][0]["source"], "system");

  // The month's bulletin carries it too, with its source.
  auto b = bulletin_target("2024-03", t["id"].get<std::int64_t>());
  ASSERT_FALSE(b.empty());
  EXPECT_EQ(b["source"], "system");
  EXPECT_EQ(b["value"], 71.43);
  EXPECT_EQ(b["met"], false);
  auto page = get("/api/v1/supervision/bulletins/2024-03/print");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("量化目标月度数值"), std::string::npos);
  EXPECT_NE(page.body.find("系统自动采集"), std::string::npos);
}

TEST_P(DashboardFigures, AUnitsReportOfTheSameOrALaterPeriodWins) {
  // 市发展改革委's March slot and a numeric target it reports on.
  json slot;
  const auto slots = ok("/api/v1/supervision/slots?period=2024-03", "fgw_tb");
  for (const auto& s : slots["slots"])
    if (s["role"] == "lead") slot = s;
  ASSERT_FALSE(slot.is_null());
  const auto slot_id = slot["id"].get<std::int64_t>();
  auto targets = ok("/api/v1/supervision/slots/" + std::to_string(slot_id) + "/targets", "fgw_tb");
  ASSERT_FALSE(targets["targets"].empty());
  const auto kpi = targets["targets"][0]["id"].get<std::int64_t>();
  auto& store = t_->app().store();
  ASSERT_TRUE(supervision::record_system_figure(
      store, {kpi, "2024-03", "test.metric", 5.0, 10, "测试口径", t_->clock().now()}));
  auto t = target(ok("/api/v1/supervision/dashboard?year=2024"), kpi);
  EXPECT_EQ(t["latest"]["source"], "system");
  EXPECT_EQ(t["latest"]["value"], 5.0);

  // The unit reports March later: its figure stands.
  at("2024-03-22");
  file(slot_id, "fgw_tb", 30, json::array({{{"kpi_id", kpi}, {"value", 7.0}}}));
  t = target(ok("/api/v1/supervision/dashboard?year=2024"), kpi);
  EXPECT_EQ(t["latest"]["source"], "unit");
  EXPECT_EQ(t["latest"]["value"], 7.0);
  EXPECT_EQ(t["trend"].size(), 1u);  // the automatic figures stay in the trend
  auto b = bulletin_target("2024-03", kpi);
  EXPECT_EQ(b["source"], "unit");
  EXPECT_EQ(b["value"], 7.0);
  // The task page shows both, and judges by the unit's.
  auto page =
      ok("/api/v1/supervision/tasks/" + std::to_string(slot["task_id"].get<std::int64_t>()));
  bool seen = false;
  for (const auto& k : page["targets"])
    if (k["id"] == kpi) {
      seen = true;
      EXPECT_EQ(k["met_source"], "unit");
      ASSERT_EQ(k["system_figures"].size(), 1u);
      EXPECT_EQ(k["system_figures"][0]["query"], "测试口径");
    }
  EXPECT_TRUE(seen);

  // April's automatic figure is newer than the March report.
  ASSERT_TRUE(supervision::record_system_figure(
      store, {kpi, "2024-04", "test.metric", 6.0, 12, "测试口径", t_->clock().now()}));
  t = target(ok("/api/v1/supervision/dashboard?year=2024"), kpi);
  EXPECT_EQ(t["latest"]["source"], "system");
  EXPECT_EQ(t["latest"]["period"], "2024-04");
  EXPECT_EQ(t["trend"].size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Backends, DashboardFigures, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt

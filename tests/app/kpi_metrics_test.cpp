// The mapping of the plan's numeric targets to module metrics: the six targets of notices 2 and 3
// of the seed gazette that the modules can measure find their metric, and nothing else does
// (研发覆盖率, 双重预防体系建设覆盖率 and the like stay with the units' reports).
#include "app/kpi_metrics.hpp"

#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "enforcement/metrics_provider.hpp"
#include "supervision/gazette.hpp"
#include "transit/kpi/metrics_provider.hpp"

namespace zt {
namespace {

std::string seed_text() {
  std::ifstream in(std::string(ZT_SOURCE_DIR) + "/data/seed/sanmenxia-gazette-2024-02.txt");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(KpiMetrics, TheSevenMeasurableTargetsOfTheSeedGazetteFindTheirMetric) {
  auto g = supervision::parse_gazette(seed_text());
  ASSERT_TRUE(g) << g.error().message;
  std::map<std::string, std::string> mapped;  // indicator → metric
  for (const auto& k : g->kpi_targets)
    if (auto m = metric_for_indicator(k.indicator)) {
      EXPECT_FALSE(mapped.contains(k.indicator)) << k.indicator;
      mapped[k.indicator] = std::string(*m);
      EXPECT_EQ(k.unit, k.indicator.find("时速") != std::string::npos ? "公里/小时" : "%")
          << k.indicator;
    }
  const std::map<std::string, std::string> want{
      {"发车正点率", std::string(transit::kpi::kOnTimeDepartureRate)},
      {"早晚高峰时段城市公共汽电车平均运营时速", std::string(transit::kpi::kPeakSpeed)},
      {"中心城区公共交通站点500米覆盖率", std::string(transit::kpi::kStopCoverage)},
      {"来车信息实时预报覆盖率", std::string(transit::kpi::kForecastCoverage)},
      {"非现金支付比例", std::string(transit::kpi::kNoncashShare)},
      {"重大执法决定法制审核率", std::string(enforcement::kLegalReviewRate)},
  };
  for (const auto& [indicator, metric] : want) {
    ASSERT_TRUE(mapped.contains(indicator)) << indicator;
    EXPECT_EQ(mapped[indicator], metric) << indicator;
  }
  // 公示率: the indicator is worded as the notice words it (…执法行为信息依法公示率).
  int publication = 0;
  for (const auto& [indicator, metric] : mapped)
    if (metric == enforcement::kPublicationRate) {
      ++publication;
      EXPECT_NE(indicator.find("公示率"), std::string::npos);
    }
  EXPECT_EQ(publication, 1);
  EXPECT_EQ(mapped.size(), 7u);
}

TEST(KpiMetrics, NarrowerRulesFirstAndSpacesIgnored) {
  EXPECT_EQ(metric_for_indicator("来车信息实时预报覆盖率"), transit::kpi::kForecastCoverage);
  EXPECT_EQ(metric_for_indicator("中心城区公共交通站点 500 米覆盖率"), transit::kpi::kStopCoverage);
  EXPECT_EQ(metric_for_indicator("城市公共交通企业双重预防体系建设覆盖率"), std::nullopt);
  EXPECT_EQ(metric_for_indicator("规模以上企业研发覆盖率"), std::nullopt);
  EXPECT_EQ(metric_for_indicator("500米"), std::nullopt);
  EXPECT_EQ(metric_for_indicator(""), std::nullopt);
  // Every rule names a metric some module offers.
  for (const auto& r : kpi_metric_rules()) EXPECT_NE(r.metric.find('.'), std::string_view::npos);
}

}  // namespace
}  // namespace zt

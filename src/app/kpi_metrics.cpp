#include "app/kpi_metrics.hpp"

#include <algorithm>
#include <string>

#include "enforcement/metrics_provider.hpp"
#include "transit/kpi/metrics_provider.hpp"

namespace zt {
namespace {

// 三政办〔2024〕2号 (行政执法) and 〔2024〕3号 (公交都市): the targets the modules can measure.
constexpr KpiMetricRule kRules[] = {
    {{"预报覆盖率", ""}, transit::kpi::kForecastCoverage},
    {{"500米", "覆盖率"}, transit::kpi::kStopCoverage},
    {{"正点率", ""}, transit::kpi::kOnTimeDepartureRate},
    {{"时速", ""}, transit::kpi::kPeakSpeed},
    {{"非现金支付比例", ""}, transit::kpi::kNoncashShare},
    {{"公示率", ""}, enforcement::kPublicationRate},
    {{"法制审核率", ""}, enforcement::kLegalReviewRate},
};

}  // namespace

std::span<const KpiMetricRule> kpi_metric_rules() { return kRules; }

std::optional<std::string_view> metric_for_indicator(std::string_view indicator) {
  std::string text(indicator);
  std::erase(text, ' ');
  for (const auto& r : kRules)
    if (std::all_of(r.words.begin(), r.words.end(),
                    [&](std::string_view w) { return text.find(w) != std::string::npos; }))
      return r.metric;
  return std::nullopt;
}

}  // namespace zt

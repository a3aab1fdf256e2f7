// Which module figure (core/metrics_provider.hpp) answers for which numeric target of the plan:
// a small table matched against the target's indicator text as the ledger parsed it from the
// gazette (sv_kpis.indicator), e.g. "发车正点率" → transit.on_time_departure_rate. The first rule
// whose words all occur in the indicator wins, so the narrower rules come first (预报覆盖率
// before the 500 m coverage). Pure.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string_view>

namespace zt {

struct KpiMetricRule {
  std::array<std::string_view, 2> words;  // all must occur ("" matches anything)
  std::string_view metric;                // the provider's key
};

// The table (kpi_metrics.cpp).
std::span<const KpiMetricRule> kpi_metric_rules();

// The metric key for an indicator, ASCII spaces ignored ("500 米覆盖率" as "500米覆盖率");
// nullopt when no rule matches.
std::optional<std::string_view> metric_for_indicator(std::string_view indicator);

}  // namespace zt

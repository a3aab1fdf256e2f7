// The enforcement module's figures for the plan's numeric targets (core/metrics_provider.hpp),
// by month, across every unit, on the justice bureau's statistics' definitions (oversight.hpp):
// 行政执法信息公示率 — of the publication records due in the month (due by today, or
// published), those published by their due date; 重大执法决定法制审核率 — of the major decisions
// made in the month, those with the legal review passed on or before the decision day.
#pragma once

#include "core/clock.hpp"
#include "core/metrics_provider.hpp"
#include "core/store.hpp"

namespace zt::enforcement {

inline constexpr std::string_view kPublicationRate = "enforcement.publication_rate";
inline constexpr std::string_view kLegalReviewRate = "enforcement.legal_review_rate";

// Thread-safety: as the store; holds no state of its own.
class EnforcementMetrics final : public MetricProvider {
 public:
  EnforcementMetrics(Store& store, const Clock& clock) : store_(store), clock_(clock) {}
  std::vector<MetricInfo> metrics() const override;
  Result<std::optional<MetricValue>> compute(std::string_view key,
                                             const MetricPeriod& period) override;

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace zt::enforcement

// The transit module's figures for the plan's numeric targets (core/metrics_provider.hpp):
// 发车正点率 and 早晚高峰平均运营时速 of a month from the stored operations records (never raw
// positions), 来车信息实时预报覆盖率 of any month from the stop-minutes stored per day, and 500 m
// stop coverage as it stands now (the current month only: the built-up area and the network have
// no history to rebuild a past month from).
#pragma once

#include <mutex>
#include <optional>
#include <vector>

#include "core/metrics_provider.hpp"
#include "transit/api.hpp"
#include "transit/kpi/kpi.hpp"
#include "transit/kpi/record_store.hpp"

namespace zt::transit::kpi {

inline constexpr std::string_view kOnTimeDepartureRate = "transit.on_time_departure_rate";
inline constexpr std::string_view kPeakSpeed = "transit.peak_speed_kmh";
inline constexpr std::string_view kStopCoverage = "transit.stop_coverage_500m";
inline constexpr std::string_view kForecastCoverage = "transit.forecast_coverage";
// 非现金支付比例 of the month's passenger-flow days (transit/flow/flow_store.hpp).
inline constexpr std::string_view kNoncashShare = "transit.noncash_share";

// The city figures of a month's records, and what they were computed from.
struct MonthFigures {
  Date first, last;
  std::vector<RecordedDay> days;  // the recorded days they cover
  std::size_t records = 0;
  KpiOptions options;
  Figures city;
};

// Thread-safety: the services it reads (store, network holder, coverage log) are thread-safe,
// and its one piece of state — the last month's figures, so 正点率 and 时速 of a month read its
// records once — is behind a mutex; calls may run on any threads at once. `s` must outlive it.
class TransitMetrics final : public MetricProvider {
 public:
  explicit TransitMetrics(const Services& s) : s_(s) {}
  std::vector<MetricInfo> metrics() const override;
  Result<std::optional<MetricValue>> compute(std::string_view key,
                                             const MetricPeriod& period) override;

 private:
  // The month's figures, from the cache while its recorded days are the same.
  Result<MonthFigures> month(const MetricPeriod& p);
  const Services& s_;
  std::mutex mu_;
  std::optional<MonthFigures> last_;
};

}  // namespace zt::transit::kpi

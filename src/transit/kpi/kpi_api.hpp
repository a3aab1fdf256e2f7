// The KPI routes (/api/v1/transit/kpi/...), the nightly recording of finished service days and
// the /metrics gauges of the latest recorded day; added by transit::TransitModule.
#pragma once

#include <mutex>
#include <optional>
#include <string>

#include "core/http.hpp"
#include "transit/api.hpp"
#include "transit/kpi/kpi.hpp"

namespace zt::transit::kpi {

// The latest recorded day's city figures for /metrics. Thread-safe.
class KpiGauges {
 public:
  void set(Date day, const Figures& f);
  // Prometheus text; "" until a day is recorded.
  std::string metrics() const;
  bool empty() const;

 private:
  mutable std::mutex mu_;
  std::optional<std::pair<Date, Figures>> last_;
};

void register_kpi_routes(http::Router& router, const Services& s, KpiGauges& gauges);
// The nightly round (run from the module's run_jobs): records the finished service days not yet
// recorded and refreshes the gauges. Out: the days recorded.
Status run_kpi_jobs(const Services& s, KpiGauges& gauges, nlohmann::json& out);

}  // namespace zt::transit::kpi

// The live KPIs kept by the minute job and stored per day (transit migration 8): prediction
// accuracy judged against detected arrivals (live_accuracy.hpp) and forecast coverage by stop
// (coverage_days.hpp), with their routes (/api/v1/transit/kpi/accuracy,
// /api/v1/transit/kpi/forecast-coverage/days) and /metrics gauges.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "core/http.hpp"
#include "transit/api.hpp"
#include "transit/kpi/coverage_days.hpp"
#include "transit/kpi/live_accuracy.hpp"

namespace zt::transit::kpi {

// Held by the transit module. Thread-safe.
class LiveKpis {
 public:
  // One round: the stop visits stored since the last round judge the waiting predictions, the
  // published predictions now are sampled, the judged counts and the finished hours of forecast
  // coverage are added to the store. Out: "accuracy_judged", "coverage_hours_stored".
  Status run(const Services& sv, nlohmann::json& out);
  // Prometheus text: the score and each bucket's hit rate of the last 24 h ("" before any).
  std::string metrics(std::int64_t now) const;

  LiveAccuracy accuracy;
  CoverageDays coverage;

 private:
  std::mutex mu_;
  std::int64_t events_since_ = 0;
};

void register_live_kpi_routes(http::Router& router, const Services& sv);

}  // namespace zt::transit::kpi

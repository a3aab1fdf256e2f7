// Forecast coverage by stop, persisted per local day (tr_forecast_coverage, transit migration 8):
// each finished hour of the coverage log's per-stop minutes is added to its day's rows once, so
// a day, a month or a year is a sum of stored rows. An hour still running, and the minutes
// before a restart that were not flushed, are not stored.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "core/calendar.hpp"
#include "core/store.hpp"
#include "transit/coverage_log.hpp"

namespace zt::transit::kpi {

// Remembers the last hour flushed. Thread-safe.
class CoverageDays {
 public:
  // Adds the log's finished hours after the last flushed, up to the one before `now`'s; returns
  // how many hours it stored.
  Result<int> flush(Store& store, const CoverageLog& log, std::int64_t now);

 private:
  std::mutex mu_;
  std::int64_t flushed_hour_ = -1;
};

struct StopCoverageMinutes {
  int served = 0, predicted = 0;  // minutes with service due; of them, with a live prediction
};
struct StoredCoverage {
  std::map<std::string, StopCoverageMinutes> stops;  // by stop_id, summed over the days
  std::map<Date, StopCoverageMinutes> days;          // the city's stop-minutes per day
  std::map<Date, int> minutes_sampled;
};
// The stored coverage of the local days in [from, to].
Result<StoredCoverage> load_coverage(Store& store, Date from, Date to);

}  // namespace zt::transit::kpi

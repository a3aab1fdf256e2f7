// Forecast coverage over time, after Cal-ITP's availability metric: each minute, the stops with
// service scheduled in the next 30 minutes and those of them with a live prediction; the share of
// such stop-minutes over the last hour is what /metrics exports. A prediction counts only when its
// vehicle sent two updates in the last minute, the latest within 30 seconds.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>

#include "transit/arrivals.hpp"

namespace zt::transit {

inline constexpr int kFreshSeconds = 30;

class CoverageLog {
 public:
  // Records the coverage seen in the minute containing `now` (a later sample of the minute wins).
  void record(std::int64_t now, Coverage c);
  // Summed stop-minutes of the `minutes` minutes up to `now`; `samples` is how many minutes had
  // one.
  struct Window {
    Coverage sum;
    int samples = 0;
  };
  Window window(std::int64_t now, int minutes = 60) const;

 private:
  mutable std::mutex mu_;
  std::map<std::int64_t, Coverage> by_minute_;  // the last day
};

}  // namespace zt::transit

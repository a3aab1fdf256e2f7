// Forecast coverage over time, after Cal-ITP's availability metric: each minute, the stops with
// service scheduled in the next 30 minutes and those of them with a live prediction; the share of
// such stop-minutes over the last hour is what /metrics exports. A prediction counts only when its
// vehicle sent two updates in the last minute, the latest within 30 seconds.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

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

  // The per-stop breakdown: `flags` (forecast_coverage's per_stop, by stop index of `network`)
  // for the minute containing `now`, kept by the hour for a day. A new network version starts
  // the breakdown afresh; a later sample of the same minute replaces the earlier one.
  void record_stops(std::int64_t now, std::shared_ptr<const Network> network,
                    const std::vector<std::uint8_t>& flags);
  struct StopMinutes {
    int served = 0, predicted = 0;  // minutes with service due; of them, with a prediction
  };
  struct StopWindow {
    std::shared_ptr<const Network> network;  // null before any sample
    std::vector<StopMinutes> stops;          // by stop index of `network`
    int samples = 0;                         // minutes sampled
  };
  // Sums over the `hours` whole hours up to the one containing `now` (at most 24).
  StopWindow stops_window(std::int64_t now, int hours = 24) const;
  // The one unix hour `hour` (samples 0 when it has none or is older than a day).
  StopWindow stops_hour(std::int64_t hour) const;

 private:
  mutable std::mutex mu_;
  std::map<std::int64_t, Coverage> by_minute_;  // the last day
  std::shared_ptr<const Network> network_;
  struct Hour {
    std::vector<StopMinutes> stops;
    int samples = 0;
  };
  std::map<std::int64_t, Hour> by_hour_;  // the last day, of network_
  std::int64_t last_minute_ = -1;
  std::vector<std::uint8_t> last_flags_;  // what the last minute added, for its replacement
};

}  // namespace zt::transit

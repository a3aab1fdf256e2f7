#include "transit/coverage_log.hpp"

namespace zt::transit {

void CoverageLog::record(std::int64_t now, Coverage c) {
  std::lock_guard lock(mu_);
  const auto minute = now / 60;
  by_minute_[minute] = c;
  by_minute_.erase(by_minute_.begin(), by_minute_.lower_bound(minute - 24 * 60));
}

CoverageLog::Window CoverageLog::window(std::int64_t now, int minutes) const {
  std::lock_guard lock(mu_);
  Window w;
  const auto last = now / 60;
  for (auto it = by_minute_.lower_bound(last - minutes + 1);
       it != by_minute_.end() && it->first <= last; ++it) {
    w.sum.stops_served += it->second.stops_served;
    w.sum.stops_predicted += it->second.stops_predicted;
    ++w.samples;
  }
  return w;
}

}  // namespace zt::transit

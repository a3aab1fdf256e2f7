#include "transit/coverage_log.hpp"

#include <algorithm>

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

namespace {

void add(std::vector<CoverageLog::StopMinutes>& to, const std::vector<std::uint8_t>& flags,
         int sign) {
  for (std::size_t i = 0; i < flags.size() && i < to.size(); ++i) {
    if (flags[i] & kStopServed) to[i].served += sign;
    if ((flags[i] & kStopServed) && (flags[i] & kStopPredicted)) to[i].predicted += sign;
  }
}

}  // namespace

void CoverageLog::record_stops(std::int64_t now, std::shared_ptr<const Network> network,
                               const std::vector<std::uint8_t>& flags) {
  std::lock_guard lock(mu_);
  const auto minute = now / 60, hour = now / 3600;
  if (network != network_) {
    network_ = std::move(network);
    by_hour_.clear();
    last_minute_ = -1;
  }
  auto& h = by_hour_[hour];
  h.stops.resize(flags.size());
  if (minute == last_minute_)
    add(h.stops, last_flags_, -1);
  else
    ++h.samples;
  add(h.stops, flags, +1);
  last_minute_ = minute;
  last_flags_ = flags;
  by_hour_.erase(by_hour_.begin(), by_hour_.lower_bound(hour - 23));
}

CoverageLog::StopWindow CoverageLog::stops_window(std::int64_t now, int hours) const {
  std::lock_guard lock(mu_);
  StopWindow w;
  w.network = network_;
  const auto last = now / 3600;
  for (auto it = by_hour_.lower_bound(last - std::min(hours, 24) + 1);
       it != by_hour_.end() && it->first <= last; ++it) {
    w.stops.resize(std::max(w.stops.size(), it->second.stops.size()));
    for (std::size_t i = 0; i < it->second.stops.size(); ++i) {
      w.stops[i].served += it->second.stops[i].served;
      w.stops[i].predicted += it->second.stops[i].predicted;
    }
    w.samples += it->second.samples;
  }
  return w;
}

CoverageLog::StopWindow CoverageLog::stops_hour(std::int64_t hour) const {
  std::lock_guard lock(mu_);
  StopWindow w;
  w.network = network_;
  if (auto it = by_hour_.find(hour); it != by_hour_.end()) {
    w.stops = it->second.stops;
    w.samples = it->second.samples;
  }
  return w;
}

}  // namespace zt::transit

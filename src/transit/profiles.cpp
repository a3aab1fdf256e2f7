#include "transit/profiles.hpp"

#include <algorithm>
#include <cmath>

namespace zt::transit {

DayType day_type(Date d, const Calendar* calendar) {
  const unsigned wd = std::chrono::weekday(std::chrono::sys_days(d)).iso_encoding();  // Mon 1
  if (calendar && calendar->covers(int(std::chrono::year_month_day(d).year()))) {
    if (calendar->is_working_day(d)) return DayType::kWeekday;
    return wd == 6 ? DayType::kSaturday : DayType::kSunday;
  }
  return wd <= 5 ? DayType::kWeekday : wd == 6 ? DayType::kSaturday : DayType::kSunday;
}

void Profiles::add_segment(std::uint32_t from, std::uint32_t to, DayType type, int hour,
                           double seconds, std::int64_t observed_at, bool live) {
  if (seconds <= 0 || seconds > 3 * 3600 || hour < 0 || hour > 23) return;
  const auto k = key(from, to);
  segment_hist_[slot(k, type, hour)].add(seconds);
  ++observations_;
  if (!live) return;
  // The Kalman step: predict the filter forward to now (its deviation from the history decays,
  // its uncertainty grows back toward the history's), then correct it with the observation.
  const Stat* h = history(k, type, hour);
  const double prior = h ? h->mean : seconds;
  const double prior_var = h ? std::max(h->variance(), 25.0) : std::pow(0.3 * seconds, 2) + 100;
  auto [it, fresh] = live_.try_emplace(k, Filter{prior, prior_var, observed_at});
  Filter& f = it->second;
  const double decay =
      std::exp2(-double(std::max<std::int64_t>(0, observed_at - f.at)) / kHalfLife);
  const double x = prior + (f.x - prior) * decay;
  const double p = prior_var + (f.p - prior_var) * decay * decay;
  // One bus's time says much but not all about the next one's: its own noise is a quarter of the
  // segment's spread between buses.
  const double r = std::max(prior_var / 4, 9.0);
  const double gain = p / (p + r);
  f.x = x + gain * (seconds - x);
  f.p = (1 - gain) * p;
  f.at = observed_at;
  (void)fresh;
}

void Profiles::merge(const Profiles& history) {
  for (const auto& [k, s] : history.segment_hist_) segment_hist_[k].merge(s);
  for (const auto& [k, s] : history.dwell_hist_) dwell_hist_[k].merge(s);
  for (int t = 0; t < 3; ++t)
    for (int h = 0; h < 24; ++h) network_dwell_[t][h].merge(history.network_dwell_[t][h]);
  observations_ += history.observations_;
}

void Profiles::add_dwell(std::uint32_t stop, DayType type, int hour, double seconds) {
  if (seconds < 0 || seconds > 1800 || hour < 0 || hour > 23) return;
  dwell_hist_[slot(key(stop, stop), type, hour)].add(seconds);
  network_dwell_[int(type)][hour].add(seconds);
}

const Stat* Profiles::history(std::uint64_t k, DayType type, int hour) const {
  // The hour itself, else its neighbours (a new timetable hour borrows from the next one).
  for (int dh : {0, -1, 1}) {
    const int h = hour + dh;
    if (h < 0 || h > 23) continue;
    if (auto it = segment_hist_.find(slot(k, type, h));
        it != segment_hist_.end() && it->second.n >= kMinSamples)
      return &it->second;
  }
  return nullptr;
}

Estimate Profiles::segment(std::uint32_t from, std::uint32_t to, DayType type, int hour,
                           double scheduled, std::int64_t now) const {
  const auto k = key(from, to);
  Estimate e{scheduled, std::pow(0.3 * scheduled, 2) + 100, Estimate::Source::kSchedule};
  if (const Stat* h = history(k, type, hour))
    e = {h->mean, std::max(h->variance(), 25.0), Estimate::Source::kHistory};
  auto it = live_.find(k);
  if (it == live_.end()) return e;
  const auto& f = it->second;
  const double age = double(std::max<std::int64_t>(0, now - f.at));
  if (age > 4 * kHalfLife) return e;  // old news
  const double decay = std::exp2(-age / kHalfLife);
  return {e.seconds + (f.x - e.seconds) * decay, e.variance + (f.p - e.variance) * decay * decay,
          Estimate::Source::kBlend};
}

double Profiles::dwell(std::uint32_t stop, DayType type, int hour, double scheduled) const {
  const auto k = key(stop, stop);
  // The hour and its neighbours, for the stop and for the network.
  Stat own, all;
  for (int dh : {-1, 0, 1}) {
    const int h = hour + dh;
    if (h < 0 || h > 23) continue;
    if (auto it = dwell_hist_.find(slot(k, type, h)); it != dwell_hist_.end())
      own.merge(it->second);
    all.merge(network_dwell_[int(type)][h]);
  }
  const double prior = all.n >= kMinNetworkDwells ? all.mean : scheduled;
  return (own.mean * own.n + prior * kDwellPrior) / (own.n + kDwellPrior);
}

}  // namespace zt::transit

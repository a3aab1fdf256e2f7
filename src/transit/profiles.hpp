// What the buses have actually done, for predicting what they will do: running times of each
// stop-to-stop segment and dwell times at each stop, by day type and hour of day, learned from
// observed stop events; and per segment a Kalman filter over the latest observations (the last
// vehicles through), which decays back to the historical profile as its news gets old.
#pragma once

#include <cstdint>
#include <unordered_map>

#include "core/calendar.hpp"

namespace zt::transit {

enum class DayType : std::uint8_t { kWeekday = 0, kSaturday = 1, kSunday = 2 };
// With China's calendar a statutory holiday runs like a Sunday and a make-up working day like a
// weekday; without one (a feed from elsewhere) the weekday decides.
DayType day_type(Date d, const Calendar* calendar);
// The local hour (0-23) of an instant, given local time minus UTC in seconds.
inline int local_hour(std::int64_t unix, std::int64_t utc_offset) {
  return int((((unix + utc_offset) % 86400 + 86400) % 86400) / 3600);
}

// Running mean and variance (Welford).
struct Stat {
  std::uint32_t n = 0;
  double mean = 0, m2 = 0;
  void add(double x) {
    ++n;
    const double d = x - mean;
    mean += d / n;
    m2 += d * (x - mean);
  }
  double variance() const { return n > 1 ? m2 / (n - 1) : 0; }
  // Adds another sample's statistics (Chan et al.'s pairwise combination).
  void merge(const Stat& o) {
    if (o.n == 0) return;
    const double total = double(n) + double(o.n), d = o.mean - mean;
    mean += d * double(o.n) / total;
    m2 += o.m2 + d * d * double(n) * double(o.n) / total;
    n += o.n;
  }
};

struct Estimate {
  double seconds = 0;
  double variance = 0;
  enum class Source : std::uint8_t { kSchedule, kHistory, kBlend } source = Source::kSchedule;
};

class Profiles {
 public:
  // A history needs this many observations in its (day type, hour) before it is trusted.
  static constexpr std::uint32_t kMinSamples = 3;
  static constexpr double kDwellPrior = 3;
  static constexpr std::uint32_t kMinNetworkDwells = 20;

  // A bus ran from stop `from` to stop `to` (feed stop indices) in `seconds`, leaving at local
  // hour `hour` of a day of `type`; `observed_at` (unix seconds) feeds the live filter.
  void add_segment(std::uint32_t from, std::uint32_t to, DayType type, int hour, double seconds,
                   std::int64_t observed_at, bool live);
  void add_dwell(std::uint32_t stop, DayType type, int hour, double seconds);

  // Running time from `from` to `to` at local `hour`, as of `now`: the live filter's state when it
  // has fresh news, blended toward the history; the history alone; else `scheduled`.
  Estimate segment(std::uint32_t from, std::uint32_t to, DayType type, int hour, double scheduled,
                   std::int64_t now) const;
  // Dwell at `stop`: its own mean at that hour shrunk toward the prior by kDwellPrior
  // pseudo-visits; the prior is the mean dwell of every stop at that hour once kMinNetworkDwells
  // are known (a first day learns that within minutes; a timetable's 0 s dwell would make every
  // bus early), else `scheduled`.
  double dwell(std::uint32_t stop, DayType type, int hour, double scheduled) const;

  // Adds `history`'s segment and dwell statistics (learned apart, e.g. off the ingest path); the
  // live filters stay this profile's own.
  void merge(const Profiles& history);

  std::size_t segments() const { return segment_hist_.size(); }
  std::size_t observations() const { return observations_; }

 private:
  // The live filter's memory: after this many seconds without news half its deviation from the
  // history is forgotten.
  static constexpr double kHalfLife = 2400;
  struct Filter {
    double x = 0, p = 0;  // running time and its variance
    std::int64_t at = 0;  // when last updated
  };
  static std::uint64_t key(std::uint32_t a, std::uint32_t b) {
    return (std::uint64_t(a) << 32) | b;
  }
  static std::uint64_t slot(std::uint64_t k, DayType type, int hour) {
    return k * 72 + std::uint64_t(type) * 24 + std::uint64_t(hour);
  }
  const Stat* history(std::uint64_t k, DayType type, int hour) const;
  std::unordered_map<std::uint64_t, Stat> segment_hist_, dwell_hist_;
  Stat network_dwell_[3][24];  // every stop's dwells by day type and hour
  std::unordered_map<std::uint64_t, Filter> live_;
  std::size_t observations_ = 0;
};

}  // namespace zt::transit

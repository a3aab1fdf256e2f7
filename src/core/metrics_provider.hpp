// Figures a module can compute for a period (a month), by a stable key: what the app maps the
// plan's numeric targets (supervision's sv_kpis) to, so their monthly figures fill themselves.
// A module implements MetricProvider over its own data and exposes it through
// Module::metric_providers(); the app, which alone sees every module, reads the figures and hands
// them to supervision as plain values. No module sees another.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/error.hpp"

namespace zt {

// Which way a figure improves.
enum class Better { kHigher, kLower };

// What a provider can compute.
struct MetricInfo {
  std::string key;    // stable, "<module>.<name>": "transit.on_time_departure_rate"
  std::string label;  // Chinese, as the plan words it: "发车正点率"
  std::string unit;   // the unit of MetricValue::value: "%", "公里/小时"
  Better better = Better::kHigher;
};

// The days a figure covers, both ends included (a calendar month). `current`: the period holds
// today, so the figure is to date, and figures that are a snapshot of the present (a coverage of
// the active network) may answer; they answer "no data" for a past period they cannot rebuild.
struct MetricPeriod {
  Date first, last;
  bool current = false;
};

// The month `year`-`month` (1-12); `current` as given.
inline MetricPeriod month_period(int year, unsigned month, bool current = false) {
  const auto first = std::chrono::sys_days{std::chrono::year{year} / std::chrono::month{month} / 1};
  return {first, last_day_of_month(year, month), current};
}

// A computed figure: its value in MetricInfo::unit, how many things were counted for it (trips
// judged, records due, cases…: its denominator) and how it was obtained, in words a reader can
// check (source table or sample, filter, definition).
struct MetricValue {
  double value = 0;
  std::int64_t count = 0;
  std::string query;
};

// Thread-safety: implementations state theirs; the ones the modules expose may be called from
// any thread at once (the app calls them from its job round while requests are served).
class MetricProvider {
 public:
  virtual ~MetricProvider() = default;
  // The figures this provider computes; the same list on every call.
  virtual std::vector<MetricInfo> metrics() const = 0;
  // The figure `key` (one of metrics()) for `period`; nullopt when there is nothing to count
  // (no data is a value, not an error). An unknown key is an invalid-input error; a store
  // failure is an error.
  virtual Result<std::optional<MetricValue>> compute(std::string_view key,
                                                     const MetricPeriod& period) = 0;
};

}  // namespace zt

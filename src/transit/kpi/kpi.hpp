// The punctuality and speed KPIs of the city's plan (三政办〔2024〕3号), computed from operations
// records (trip_records.hpp): 发车正点率 (timetable or headway form), 班次执行率, terminal-arrival
// punctuality, 早晚高峰平均运营时速, and for high-frequency routes headway regularity (CV) and
// excess wait time. Per route, route and direction, and city; every figure is a count of trips
// that judge() classified, so the trips behind a figure are those with that verdict. Definitions
// and sources: docs/kpi.md. Pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "transit/kpi/trip_records.hpp"

namespace zt::transit::kpi {

struct Peak {
  int from_s = 0, to_s = 0;  // local time of day, [from, to)
};

struct KpiOptions {
  int early_s = 60, late_s = 180;  // the on-time window: no more than this early or late
  std::vector<Peak> peaks{{7 * 3600, 9 * 3600}, {17 * 3600, 19 * 3600}};
  std::int64_t utc_offset_s = 8 * 3600;  // the agency's local time (China: no daylight saving)
  // A route and direction whose median planned headway is at most this is high-frequency
  // (London's 5 buses an hour): judged by headway regularity and excess wait time too.
  int high_frequency_headway_s = 12 * 60;
  nlohmann::json to_json() const;
};

// "07-09,17-19" or "07:30-09:00,17-19:30" (hours up to 30 for after midnight).
Result<std::vector<Peak>> parse_peaks(std::string_view text);

enum class Punctuality { kNotJudged, kOnTime, kEarly, kLate };
std::string_view punctuality_code(Punctuality p);  // "not_judged", "on_time", "early", "late"

// How one record counts.
struct TripVerdict {
  Punctuality departure = Punctuality::kNotJudged;
  Punctuality arrival = Punctuality::kNotJudged;
  bool headway_form = false;                // judged by its headway (frequencies, exact_times=0)
  std::optional<std::int64_t> deviation_s;  // actual − planned departure, or actual − planned
                                            // headway in the headway form
  std::optional<std::int64_t> headway_s;    // since the previous departure of its route,
                                            // direction and first stop that day
  bool peak = false;                        // counts for the peak speed
  nlohmann::json to_json() const;
};

// One verdict per record, in the same order.
std::vector<TripVerdict> judge(std::span<const TripRecord> records, const KpiOptions& o);

// The figures of a set of records. Rates are absent (null in JSON) when nothing was judged.
struct Figures {
  int planned = 0, observed = 0, completed = 0, partial = 0, cancelled = 0, added = 0;
  int departures_judged = 0, departures_on_time = 0, departures_early = 0, departures_late = 0;
  int departures_unobserved = 0;  // planned and seen, but not leaving the first stop
  int arrivals_judged = 0, arrivals_on_time = 0;
  double service_km = 0;
  int peak_trips = 0;
  double peak_distance_m = 0, peak_seconds = 0;
  // High-frequency routes: first-stop headways (actual and planned) of its route-direction days.
  int headways = 0, planned_headways = 0;
  double headway_sum = 0, headway_sq = 0, planned_sum = 0, planned_sq = 0;

  std::optional<double> on_time_departure_rate() const;
  std::optional<double> execution_rate() const;  // completed ÷ planned
  std::optional<double> terminal_arrival_rate() const;
  std::optional<double> peak_speed_kmh() const;
  std::optional<double> headway_cv() const;
  std::optional<double> excess_wait_s() const;  // actual − planned average wait
  void add(const Figures& o);
  nlohmann::json to_json() const;
};

struct KpiReport {
  Figures city;
  std::map<std::string, Figures> routes;                      // by route_id
  std::map<std::pair<std::string, int>, Figures> directions;  // by route_id, direction
  std::map<std::string, Figures> agencies;  // by agency_id (company); filled by add_agencies
  // {…city figures, "routes": [{route_id, …figures, "directions": [{direction_id, …}]}],
  //  "agencies": [{agency_id, …figures}]}
  nlohmann::json to_json() const;
};

KpiReport compute_kpis(std::span<const TripRecord> records, const KpiOptions& o);
// Sums the report's routes by company: `agency_of` maps route_id to agency_id (a route it does
// not name counts under "").
void add_agencies(KpiReport& rep, const std::map<std::string, std::string>& agency_of);

// Whether a record counts for a figure: "planned", "observed", "completed", "partial",
// "cancelled", "added", "departure_on_time", "departure_early", "departure_late",
// "departure_judged", "departure_unobserved", "arrival_on_time", "arrival_judged", "peak".
// Fails on an unknown figure.
Result<bool> counts_for(const TripRecord& r, const TripVerdict& v, std::string_view figure);

}  // namespace zt::transit::kpi

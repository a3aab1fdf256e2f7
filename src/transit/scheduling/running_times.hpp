// Running-time analysis (运行时间分析): the end-to-end running times of the trips performed (first
// stop departure to last stop arrival, from the operations records) by route, direction and hour
// of day, with their percentiles, and the scheduled running time recommended for each of the
// planner's periods (by default the 85th percentile, rounded up to a whole minute as timetables
// state it). Pure functions over plain rows, plus one store query.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/calendar.hpp"
#include "core/store.hpp"
#include "transit/kpi/trip_records.hpp"

namespace zt::transit::scheduling {

// One trip's observed running time.
struct RunSample {
  std::string route_id;
  int direction = -1;
  int hour = 0;  // local hour of day (0-23) of the departure from the first stop
  double minutes = 0;
};

// A planner's period (时段): the hours [from_hour, to_hour) of the day, 0 <= from < to <= 24.
struct PlanPeriod {
  std::string name;
  int from_hour = 0, to_hour = 24;
  bool contains(int hour) const { return hour >= from_hour && hour < to_hour; }
};

// 平峰 00-07, 早高峰 07-09, 平峰 09-17, 晚高峰 17-19, 平峰 19-24.
std::vector<PlanPeriod> default_periods();
// Checks that periods are in order, within 0-24, non-empty and do not overlap (gaps allowed).
Status check_periods(std::span<const PlanPeriod> periods);
// Periods as JSON [{"name":"早高峰","from":7,"to":9}, ...]; errors name the element at fault.
Result<std::vector<PlanPeriod>> periods_from_json(const nlohmann::json& j);

struct RunningTimeStats {
  int count = 0;
  double mean = 0, p50 = 0, p85 = 0, p95 = 0;  // minutes
};

// Percentile `p` (0-100) of `values` by linear interpolation between closest ranks (the
// (n-1)·p/100 rank, as numpy's default); 0 when empty. `values` need not be sorted.
double percentile(std::vector<double> values, double p);
RunningTimeStats running_time_stats(std::span<const double> minutes);

struct HourRunningTime {
  std::string route_id;
  int direction = -1;
  int hour = 0;
  RunningTimeStats stats;
};

struct PeriodRunningTime {
  std::string route_id;
  int direction = -1;
  PlanPeriod period;
  int count = 0;
  double percentile_min = 0;  // the chosen percentile of the period's samples
  int recommended_min = 0;    // rounded up; 0 when the period has no sample
};

// Samples of the completed records with both ends observed; `utc_offset_s` turns the unix
// departure into the local hour (the network's offset: +8 h in China). Records whose running
// time is not positive or above 6 h (a unit left on overnight) are left out.
std::vector<RunSample> run_samples(std::span<const kpi::TripRecord> records,
                                   std::int64_t utc_offset_s);
// By route, direction and hour, sorted so.
std::vector<HourRunningTime> by_hour(std::span<const RunSample> samples);
// For each route and direction in `samples`, one row per period, in the periods' order.
std::vector<PeriodRunningTime> by_period(std::span<const RunSample> samples,
                                         std::span<const PlanPeriod> periods, double pct = 85);

// The samples of route `route_id` (every route when empty) over the service days [from, to].
Result<std::vector<RunSample>> load_run_samples(Store& store, Date from, Date to,
                                                const std::string& route_id,
                                                std::int64_t utc_offset_s);

nlohmann::json to_json(const HourRunningTime& h);
nlohmann::json to_json(const PeriodRunningTime& p);

}  // namespace zt::transit::scheduling

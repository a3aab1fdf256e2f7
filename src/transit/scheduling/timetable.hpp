// Timetables (行车计划) from frequencies: the departures from the first stop between the first and
// the last departure of the day (首末班), either at even headways per period or so that every
// vehicle carries the same load at the max-load point (even load), with each trip's arrival from
// the period's scheduled running time; and the GTFS frequencies rows of an even-headway plan.
//
// Both are read off a cumulative departure curve (Ceder, Public Transit Planning and Operation,
// ch. 4): the curve rises at the planned rate (vehicles per hour), piecewise constant, and a
// departure falls wherever it crosses a whole number. At a change of period the headway moves
// from the old to the new one in the trip that straddles the boundary instead of jumping, which
// is the smooth transition Ceder asks for. Times are seconds after midnight, rounded to a minute.
#pragma once

#include <array>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "transit/scheduling/frequencies.hpp"
#include "transit/scheduling/running_times.hpp"

namespace zt::transit::scheduling {

struct PeriodPlan {
  PlanPeriod period;
  int headway_min = 0;  // even headway; > 0
  int running_min = 0;  // scheduled running time; > 0
};

struct TimetableTrip {
  int seq = 0;         // 1-based, in departure order
  int departure = 0;   // seconds after midnight
  int arrival = 0;     // departure + the running time of the departure's period
  int headway_s = 0;   // since the previous departure; 0 for the first
  std::string period;  // the departure's period
};

// The plans' periods must cover [first, last] (first < last, both within the day); checks it.
Status check_plan(std::span<const PeriodPlan> plans, int first, int last);
// Departures at each period's headway, the first at `first` and the last at `last`.
Result<std::vector<TimetableTrip>> even_headway(std::span<const PeriodPlan> plans, int first,
                                                int last);
// Departures at the rate max(P_j / (d0·c), F_min) of each hour j (P_j the hour's max load), so
// that each bus meets the design load at the max-load point; arrivals from `plans`.
Result<std::vector<TimetableTrip>> even_load(std::span<const PeriodPlan> plans,
                                             const std::array<HourFrequency, 24>& hours,
                                             const FrequencyParams& q, int first, int last);

// GTFS frequencies rows (trip_id, start_time, end_time, headway_secs, exact_times=0) for
// `trip_id` over [first, last], one per period.
std::vector<std::array<std::string, 5>> gtfs_frequencies(std::span<const PeriodPlan> plans,
                                                         const std::string& trip_id, int first,
                                                         int last);

std::string hhmm(int seconds);  // "07:05"
nlohmann::json to_json(const TimetableTrip& t);

}  // namespace zt::transit::scheduling

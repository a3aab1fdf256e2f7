// Frequency setting (发车频率) for one route and direction from passenger loads, by Ceder's four
// methods (A. Ceder, Public Transit Planning and Operation, ch. 4):
//   1 max-load point over the day: F_j = max(P_j(s*) / (d0·c), F_min), s* the segment with the
//     day's heaviest total load, P_j(s*) its load in hour j;
//   2 max-load point of the hour:  F_j = max(max_s P_j(s) / (d0·c), F_min);
//   3 load profile:                F_j = max(A_j / (d0·c·L), F_min), A_j = Σ_s P_j(s)·l_s the
//     hour's passenger-km and L = Σ_s l_s the route length;
//   4 load profile, capped:        F_j = max(A_j / (d0·c·L), max_s P_j(s) / c, F_min), so that
//     no bus is over capacity at the hour's max-load point.
// d0 is the design load factor (0-1 of capacity), c the vehicle capacity, F_min the policy
// frequency (vehicles per hour). Loads come from the passenger-flow work or from a demand table
// the planner uploads (parse_demand_csv).
#pragma once

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "transit/scheduling/running_times.hpp"

namespace zt::transit::scheduling {

// One row of a demand table: riders per hour on segment `segment` (0 from the first stop) of a
// route and direction in local hour `hour`.
struct DemandRow {
  std::string route_id;
  int direction = 0;
  int hour = 0;
  int segment = 0;
  double load = 0;
  double length_km = 0;  // the segment's length; 0 when the table does not give it
};

// A route and direction's hourly load profile.
struct LoadProfile {
  std::vector<double> length_km;               // per segment; sums to L
  std::array<std::vector<double>, 24> load{};  // [hour][segment], riders per hour
  double route_km() const;
};

struct FrequencyParams {
  double capacity = 80;       // c, riders per vehicle (seated + standing)
  double design_load = 0.85;  // d0, share of c
  double f_min = 3;           // vehicles per hour (20 min headway)
  int method = 2;             // 1-4 as above
};
Status check_params(const FrequencyParams& p);

struct HourFrequency {
  int hour = 0;
  double daily_point_load = 0;  // P_j(s*), method 1
  double max_load = 0;          // max_s P_j(s), methods 2 and 4
  double pkm = 0;               // A_j
  std::array<double, 4> f{};    // methods 1-4, vehicles per hour
};

struct PeriodFrequency {
  PlanPeriod period;
  double frequency = 0;  // the highest of its hours' by the chosen method
  int headway_min = 0;   // whole minutes, rounded down so that the frequency is met
};

// Parses a demand table: a header naming route_id, direction, hour, segment, load and
// optionally length_km, then a row per route, direction, hour and segment. Every faulty row is
// reported (error.fields, "第 N 行: ..."), up to 20; at most 100 000 rows.
Result<std::vector<DemandRow>> parse_demand_csv(std::string text);
// The profile of one route and direction. Segment lengths from the rows when given (they must
// agree for a segment); else `route_km` spread evenly; an error when neither is known.
Result<LoadProfile> load_profile(std::span<const DemandRow> rows, const std::string& route_id,
                                 int direction, double route_km = 0);

std::array<HourFrequency, 24> hourly_frequencies(const LoadProfile& p, const FrequencyParams& q);
// Per period, the highest hourly frequency by q.method among its hours, and the headway.
std::vector<PeriodFrequency> period_frequencies(const std::array<HourFrequency, 24>& hours,
                                                std::span<const PlanPeriod> periods,
                                                const FrequencyParams& q);

nlohmann::json to_json(const HourFrequency& h);

}  // namespace zt::transit::scheduling

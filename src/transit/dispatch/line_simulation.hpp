// A day of one bus line simulated the way bunching happens in streets, to measure what the
// control advice does (bench/dispatch): passengers arrive at each stop at a rate that peaks in
// the rush hours, so a bus's dwell grows with the time since the bus before it (the headway);
// running times vary by hour (traffic) and by chance; terminal departures are a little off the
// plan. A late bus picks up more, falls further behind, and the one behind catches it up. At
// control points a bus may be held, by the rule under test, and its driver complies with a
// given probability. Deterministic for a seed. Not thread-safe per call; calls are independent.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "transit/dispatch/settings.hpp"
#include "transit/gtfs.hpp"

namespace zt::transit::dispatch {

struct LineStop {
  std::string id, name;
  bool control = false;  // a control point (holding allowed)
  double demand = 1;     // relative rate of passengers arriving
};
struct LineTrip {
  std::string id;
  std::vector<double> planned;  // planned time at each stop, seconds after local midnight
};
// Not "Line": ladder.hpp has a Line in this namespace, and two types of one name break the
// one-definition rule.
struct SimLine {
  std::string route_id, name;
  int direction = 0;
  std::vector<LineStop> stops;
  std::vector<LineTrip> trips;  // in order of their first departure
};

struct LineOptions {
  std::uint64_t seed = 2024;
  double board_s = 3.0;             // seconds per boarding passenger
  double door_s = 8;                // seconds a stop with anyone boarding costs on top
  double passengers_per_min = 0.8;  // arrivals per stop per minute off-peak (× demand)
  double peak_demand = 1.8;         // × at the peaks (07:30 and 17:30)
  double peak_traffic = 0.35;       // running times up to this share longer at the peaks
  double run_noise = 0.10;          // log-normal sigma of a segment's running time
  double dispatch_noise_s = 40;     // terminal departures' standard deviation off the plan
  double compliance = 0.9;          // chance a driver holds as advised
};

enum class Control {
  kNone,
  kSchedule,    // hold until the timetable's time at control points
  kHeadway,     // Bartholdi–Eisenstein: the mean of the headways ahead and behind, now
  kPrediction,  // dispatch::advise on the predicted arrivals (the product's rule)
};
std::string_view control_label(Control c);

struct LineResult {
  double headway_cv = 0;     // CV of actual ÷ scheduled headways, mean over stops
  double bunched_share = 0;  // headways ≤ the bunched ratio of their scheduled one
  double excess_wait_s = 0;  // actual minus scheduled average wait (London EWT), demand-weighted
  double scheduled_wait_s = 0;
  double running_time_s = 0;  // mean first-stop departure to last-stop arrival
  std::int64_t holds = 0;     // holds carried out
  double hold_s = 0;          // their total seconds
  std::int64_t headways = 0;  // headways measured
  std::int64_t trips = 0;
};

LineResult simulate_line(const SimLine& line, Control control, const LineOptions& options,
                         const Settings& settings);

// A synthetic high-frequency line: `stops` stops `run_s` apart (off-peak), a trip every
// `headway_s` from 06:00 to 22:00 planned on the hour's mean traffic and demand, with control
// points at a quarter, half and three quarters of the line.
SimLine synthetic_line(int stops, double run_s, double headway_s, const LineOptions& options);

// The lines of a feed: per route and direction the stop pattern with the most trips of the
// busiest service, with those trips; lines with fewer than `min_trips` are left out.
std::vector<SimLine> feed_lines(const Feed& feed, std::size_t min_trips);

}  // namespace zt::transit::dispatch

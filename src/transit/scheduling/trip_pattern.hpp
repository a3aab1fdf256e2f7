// The stop pattern a route's timetable is drawn and published with: the longest trip of the
// route in one direction on the service that runs on a day (past the feed's range: the latest
// day like it), its stops with their distance along the route and their share of its running
// time. publish_timetable copies it, stretched to each new trip's running time; the 运行图 draws
// each trip through the same stops. Pure over the network.
#pragma once

#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/error.hpp"
#include "transit/network.hpp"

namespace zt::transit::scheduling {

struct PatternStop {
  std::uint32_t stop = 0;  // into the feed's stops
  double km = 0;           // from the first stop, along the stops (straight lines between them)
  double share = 0;  // of the running time when the bus is here, 0 at the first, 1 at the last
};

struct TripPattern {
  TripIdx trip{0};
  std::vector<StopTime> stop_times;  // the template's
  int first = 0, last = 0;           // its first departure and last arrival (GTFS seconds)
  std::vector<PatternStop> stops;
};

// Fails (400) when the route's trips have no direction_id (field "direction"), or none runs in
// `direction` on the day (field "route_id"); (409) when the template lacks its end times.
Result<TripPattern> trip_pattern(const Network& n, const std::string& route_id, int direction,
                                 Date date);

}  // namespace zt::transit::scheduling

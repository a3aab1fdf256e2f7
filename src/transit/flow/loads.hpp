// What planners read from a day of inferred taps: boardings and alightings by stop, route and
// hour, segment loads and the max-load point per route, direction and hour, stop-to-stop OD and
// the non-cash share. Taps are a sample of riders: on a trip whose bus has a counter each tap
// stands for (APC boardings / taps matched) riders, and each tap given a destination for
// (that trip's riders / taps given one), so the totals are the counters'. Elsewhere a tap is one.
#pragma once

#include <array>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "transit/flow/chaining.hpp"

namespace zt::transit::flow {

// Boardings and alightings counted at one stop visit (TIDES passenger_events summed).
struct ApcCount {
  std::string vehicle_id;
  TripIdx trip;
  std::uint32_t index = 0;  // offset of the stop in the trip's stop times
  int on = 0, off = 0;
};

struct OnOff {
  double on = 0, off = 0;
};

struct SegmentLoad {
  std::string route_id;
  int direction = -1;
  int hour = 0;  // local hour of the trip's first matched boarding
  std::string from_stop, to_stop;
  double load = 0;  // riders on board between the two stops, summed over the hour's trips
};

// One trip's riders and its heaviest segment (a trip run by a vehicle).
struct TripLoad {
  std::string trip_id, vehicle_id, route_id;
  int direction = -1;
  int hour = 0;          // local hour of its first matched boarding
  int taps = 0;          // taps matched to it
  bool counted = false;  // its bus has a counter: `riders` are the counter's
  double riders = 0;
  double max_load = 0;
  std::string max_from, max_to;  // the max-load segment's stops ("" when no leg resolved)
};

// Riders on and off at one stop visit of a trip with taps, and on board as it left (what TIDES
// stop_visits carries as boarding_1, alighting_1 and departure_load).
struct VisitLoad {
  std::string vehicle_id, trip_id, stop_id;
  int stop_sequence = 0;  // GTFS stop_sequence
  std::int64_t arrived = 0, departed = 0;
  double on = 0, off = 0, load = 0;
};

struct FlowOutputs {
  std::map<std::string, OnOff> by_stop, by_route;  // by stop_id, route_id
  std::array<OnOff, 24> by_hour{};                 // local hour of the tap
  std::vector<SegmentLoad> segments;               // by route, direction, hour, then along
  std::vector<SegmentLoad> max_load;               // the heaviest segment of each
  std::map<std::pair<std::string, std::string>, double> od;  // stop_id to stop_id
  // Boardings (hour of the tap) and alightings (hour seen alighting) by stop, route and hour.
  std::map<std::tuple<std::string, std::string, int>, OnOff> by_stop_route_hour;
  std::vector<TripLoad> trip_loads;    // by route, direction, hour, trip
  std::vector<VisitLoad> visit_loads;  // from each trip's first boarding on, by trip, along it
  std::size_t trips_with_counter = 0;
  double apc_boardings = 0;      // on those trips
  std::size_t counted_taps = 0;  // taps matched to those trips
  double noncash_share = 0;      // taps not cash / riders (the counters' where there are counters)
};

FlowOutputs flow_outputs(const VisitIndex& visits, const std::vector<Tap>& taps,
                         const Inference& inference, const std::vector<ApcCount>& apc);

}  // namespace zt::transit::flow

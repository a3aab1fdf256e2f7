// Following each vehicle along its trip. A fix is matched to a trip (by its trip id when it has
// one; otherwise by where and when it is — the paths near it, the trips of its route and block
// running then — choosing the trip whose timetable it fits best), projected onto the trip's path
// (searching only just behind and ahead of where the bus was, so a loop's second pass or GPS
// noise cannot throw it around), and its stop visits are detected: arrival when it comes within
// 30 m of a stop along the path, departure when it leaves that radius, and the instant it crossed
// the stop's own place on the path (interpolated between the fixes either side), which is what
// predictions are judged against.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "transit/network.hpp"
#include "transit/realtime.hpp"

namespace zt::transit {

// A completed stop visit. `arrived` is 0 when the bus was first seen already at the stop (the
// first stop of a trip, or a bus picked up mid-visit): its dwell is unknown.
struct StopEvent {
  std::string vehicle_id;
  TripIdx trip;
  Date day;
  int shift = 0;            // a frequency-based trip's start minus its template's
  std::uint32_t index = 0;  // offset of the stop in the trip's stop times
  std::int64_t arrived = 0, departed = 0;
  // When it passed the stop's place on the path; 0 when it was first seen past it. At the last
  // stop, its arrival (a bus parks short of the path's end).
  std::int64_t crossed = 0;
};

// A vehicle placed on a trip.
struct OnTrip {
  TripIdx trip;
  std::uint32_t pattern = 0;  // Geometry's
  Date day;
  int shift = 0;
  double dist = 0;                      // metres along the pattern's path
  std::uint32_t next = 0;               // offset of the first stop not yet left
  std::optional<std::int64_t> arrived;  // at stop `next` since (0: already there when first seen)
  std::int64_t crossed = 0;             // when it passed stop `next`'s place (0: not seen)
  std::int64_t delay = 0;               // seconds behind the timetable (negative: ahead)
  bool by_trip_id = false;              // the feed named the trip
};

struct VehicleState {
  VehicleReport last;
  std::int64_t previous = 0;  // the time of the fix before `last`; 0 when none
  std::optional<OnTrip> on;
  int off_path = 0;                                  // fixes in a row too far from the trip's path
  std::optional<std::pair<TripIdx, Date>> finished;  // the trip it last completed
};

class Tracker {
 public:
  static constexpr double kStopRadius = 30;    // metres along the path
  static constexpr double kMatchRadius = 150;  // farthest a fix may be from its path

  explicit Tracker(const Network& n) : n_(n) {}

  // Advances the vehicle with a fix (older fixes than its latest are ignored) and appends the stop
  // visits it completed to `events`. Returns the vehicle's state.
  const VehicleState& update(const VehicleReport& v, std::vector<StopEvent>& events);
  const std::unordered_map<std::string, VehicleState>& vehicles() const { return vehicles_; }
  // Drops vehicles last heard before `before` (unix seconds); returns their ids.
  std::vector<std::string> forget(std::int64_t before);

  // Unix seconds of a stop time of an assigned trip.
  std::int64_t scheduled_arrival(const OnTrip& on, std::uint32_t offset) const;
  std::int64_t scheduled_departure(const OnTrip& on, std::uint32_t offset) const;
  std::int64_t day_base(Date day) const;  // unix seconds of GTFS time 0 on `day`

 private:
  struct Candidate {
    OnTrip on;
    double cost = 1e18;
  };
  std::optional<OnTrip> match(const VehicleReport& v, const VehicleState& s) const;
  // Seconds after the day's base at which the trip's timetable is at `dist` along its path.
  double scheduled_at(TripIdx trip, std::uint32_t pattern, double dist) const;
  void place(OnTrip& on, std::int64_t t) const;  // next stop and delay from a fresh match
  void advance(VehicleState& s, const VehicleReport& v, double dist,
               std::vector<StopEvent>& events) const;
  bool runs(TripIdx trip, Date day) const;

  const Network& n_;
  std::unordered_map<std::string, VehicleState> vehicles_;
  // Per service day (days since the epoch); forget() drops days two behind what it keeps.
  mutable std::unordered_map<std::int64_t, std::int64_t> day_base_;
  mutable std::unordered_map<std::int64_t, std::unordered_map<std::string, bool>> runs_;
};

}  // namespace zt::transit

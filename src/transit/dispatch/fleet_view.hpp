// What dispatch sees of each tracked bus, in plain values (tests build them by hand), and the
// headways between consecutive buses of a route and direction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "transit/dispatch/assignments.hpp"
#include "transit/predictor.hpp"

namespace zt::transit::dispatch {

struct StopAhead {
  std::string stop_id, stop_name;
  std::int64_t predicted = 0;  // unix seconds of the predicted arrival
  std::int64_t scheduled = 0;  // unix seconds of the timetable's arrival; 0 unknown
  bool control = false;        // a control point (timepoint inside the trip)
  double dist = 0;             // metres along the trip's path
  double lat = 0, lon = 0;
};

struct BusState {
  std::string vehicle_id, label;
  std::string route_id, route_name, trip_id, block_id;
  std::string assigned_block;  // its block of the day's assignment, else the one it began on
  std::string driver_name;     // from the day's assignment ("" unknown)
  int direction = -1;
  double lat = 0, lon = 0;
  std::int64_t fix_at = 0;  // unix seconds of its latest fix
  std::optional<double> speed_mps;
  bool on_trip = false;
  bool frequency_based = false;  // a headway route (frequencies.txt, exact_times=0)
  std::uint32_t next = 0;        // offset in the trip of the first stop not yet left
  bool at_stop = false;          // standing at stop `next`
  double dist = 0;               // metres along the trip's path
  std::int64_t delay_s = 0;      // behind the timetable (negative: ahead)
  std::optional<double> off_path_m;
  std::int64_t stopped_for_s = 0;  // standing still (within 20 m) for this long
  // Departure from the first stop against the plan (positive late), when it is about to leave
  // or has just left; nullopt otherwise.
  std::optional<std::int64_t> terminal_deviation_s;
  std::int64_t planned_departure = 0;  // the trip's planned first-stop departure (unix)
  std::vector<StopAhead> ahead;        // stops next … last
};

// A bus as dispatchers and drivers name it: its label (plate or fleet number, else the id its
// feed gives it), else "未登记车辆".
std::string bus_name(const BusState& b);

// A pair of consecutive buses: `follower` runs behind `leader` on the same route and direction.
// Measured at the leader's next stop: the follower's predicted arrival there minus the leader's.
struct Headway {
  std::size_t leader = 0, follower = 0;  // indices into the buses
  std::string stop_id, stop_name;
  std::int64_t headway_s = 0, scheduled_s = 0;
  double ratio() const { return scheduled_s > 0 ? double(headway_s) / double(scheduled_s) : 1; }
};

// Consecutive pairs among the buses on trips, per route and direction. The leader of a bus is
// the nearest bus ahead: the one whose next stop the bus will reach, with the smallest headway.
std::vector<Headway> headways(const std::vector<BusState>& buses);

// The buses of a live snapshot, placed by the tracker, with their predictions. `memory` keeps,
// between rounds, where each bus stood still and the block it began the day on; `assigned` (the
// day's assignments, may be null) names each bus's block and driver. Not thread-safe.
struct FleetMemory {
  struct Still {
    double x = 0, y = 0;
    std::int64_t since = 0;
  };
  std::unordered_map<std::string, Still> still;
  std::unordered_map<std::string, std::pair<std::int64_t, std::string>> first_block;  // day, block
};
std::vector<BusState> bus_states(const Network& n, const LiveSnapshot& live, std::int64_t now,
                                 FleetMemory& memory,
                                 const AssignmentsByVehicle* assigned = nullptr);

}  // namespace zt::transit::dispatch

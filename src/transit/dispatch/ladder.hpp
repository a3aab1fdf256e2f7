// The route ladder (线路模拟图) of the dispatcher's console: each direction of a route as one
// straight line of its stops, and the live buses placed on it by distance along the path, each
// with its delay and its headway to the bus ahead (the leader) against the timetable's.
//
// A direction is the route's trips with one direction_id (or, without one, the trips whose stops
// follow the same order); its line is the stop pattern most of them run. A bus on another pattern
// (a short turn, a variant) is placed between the line's stops it shares, by the share of the way
// it has come between them. Headway is measured where the leader goes next: the follower's
// predicted arrival there minus the leader's, against the same difference in the timetable.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "transit/network.hpp"
#include "transit/predictor.hpp"

namespace zt::transit::dispatch {

// How a bus is doing, as the ladder and the map colour it.
enum class ScheduleState { kOnTime, kLate, kVeryLate, kEarly };
enum class HeadwayState { kUnknown, kNormal, kBunched, kGapped };
std::string_view schedule_code(ScheduleState s);  // "on_time", "late", "very_late", "early"
std::string_view headway_code(HeadwayState s);    // "unknown", "normal", "bunched", "gapped"

struct LadderOptions {
  std::int64_t late_s = 120, very_late_s = 300, early_s = 120;  // schedule deviation bands
  double bunched = 0.5, gapped = 1.5;  // headway over the scheduled headway
  // A direction whose buses run this often or more is controlled by headway, not by timetable.
  std::int64_t headway_route_s = 720;
};

// One direction's line: its stops (indices into the feed) at metres along its pattern's path.
struct Line {
  std::string route_id;
  int direction = 0;           // the trips' direction_id, or an ordinal when they have none
  std::uint32_t pattern = 0;   // Geometry's, the line's own
  std::vector<StopIdx> stops;  // in order
  std::vector<double> dist;    // metres along, per stop
  std::size_t trips = 0;       // trips in this direction
  double length() const { return dist.empty() ? 0 : dist.back(); }
};

// Every route's lines of one network, and where each pattern's stops fall on its line. Built once
// per network; immutable afterwards (share it across threads).
class Lines {
 public:
  static std::shared_ptr<const Lines> build(const Network& n);

  // The lines of a route, in direction order; empty for an unknown route.
  const std::vector<std::size_t>& of_route(std::string_view route_id) const;
  const Line& line(std::size_t i) const { return lines_[i]; }
  std::size_t size() const { return lines_.size(); }
  // Where a bus of route `route_id` `dist` metres along pattern `pattern` is on its line: the
  // line's index and the metres along it; nullopt for a pattern on no line of the route.
  std::optional<std::pair<std::size_t, double>> place(std::string_view route_id,
                                                      std::uint32_t pattern, double dist) const;

 private:
  struct OnLine {
    std::size_t line = 0;
    std::vector<double> at;  // per stop of the pattern: metres along the line, or NaN
  };
  std::vector<Line> lines_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_route_;
  // (route index << 32 | Geometry pattern) → its place: routes may share a pattern.
  std::unordered_map<std::uint64_t, OnLine> patterns_;
  std::unordered_map<std::string, std::uint32_t> route_index_;
  const Network* network_ = nullptr;
};

struct LadderVehicle {
  const TripPrediction* p = nullptr;  // into the snapshot the ladder was computed from
  std::size_t line = 0;
  double dist = 0;                        // metres along the line
  std::uint32_t next_stop = 0;            // index into the line's stops of the next one ahead
  std::optional<std::int64_t> headway;    // seconds behind its leader
  std::optional<std::int64_t> scheduled;  // the timetable's headway to the same trip
  std::string leader;                     // the leader's vehicle id, "" for the first bus
  ScheduleState schedule = ScheduleState::kOnTime;
  HeadwayState spacing = HeadwayState::kUnknown;
};

struct LadderDirection {
  std::size_t line = 0;
  bool headway_based = false;           // frequent enough to be controlled by headway
  std::vector<LadderVehicle> vehicles;  // furthest along first
};

struct Ladder {
  std::vector<LadderDirection> directions;  // the route's lines, in order
};

// The ladder of one route (every route when `route_id` is empty: directions of all of them) from
// the snapshot `live` of network `n`, whose lines are `lines`. `live` must outlive the result.
Ladder ladder(const Network& n, const Lines& lines, const LiveSnapshot& live,
              std::string_view route_id, const LadderOptions& o = {});

// The bands of a delay and of a headway against its scheduled one.
ScheduleState schedule_state(std::int64_t delay, const LadderOptions& o);
HeadwayState headway_state(std::optional<std::int64_t> headway,
                           std::optional<std::int64_t> scheduled, const LadderOptions& o);

}  // namespace zt::transit::dispatch

// Operations records (路单 / 行车记录): each trip the plan asked for on a service day, with the
// stop visits the tracker found laid on it — who ran it, when it left its first stop and reached
// its last, the stops served, revenue distance and time, and an outcome — plus each vehicle's day
// (行车日志). Built once a service day is over and stored (record_store.hpp), so a month's figures
// read records, not raw positions. Pure functions of the network and the visits.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "transit/network.hpp"
#include "transit/tracker.hpp"

namespace zt::transit::kpi {

// completed: the last stop (or the one before it: a terminal arrival is often missed, the bus
// starting its next trip at once or its unit switched off) reached with at least
// kCompletedShare of the stops served; partial:
// seen on the trip but not so; cancelled: planned, never seen; added: seen with no planned trip
// left for it (a duplicate, or a trip the plan does not have that day). TIDES'
// schedule_relationship maps Scheduled to the first two, Canceled and Added to the others.
enum class Outcome { kCompleted, kPartial, kCancelled, kAdded };
inline constexpr double kCompletedShare = 0.8;
std::string_view outcome_code(Outcome o);  // "completed", "partial", "cancelled", "added"
std::optional<Outcome> parse_outcome(std::string_view code);

struct TripRecord {
  Date service_date;
  std::string trip_id_performed;  // unique within the day (TIDES): the trip id, "@HH:MM:SS" of a
                                  // frequency slot, "+vehicle" of a duplicate
  std::string trip_id;            // the scheduled GTFS trip; "" when none is known
  std::string vehicle_id;         // "" when cancelled
  std::string route_id, block_id, start_stop_id, end_stop_id;
  int direction = -1;                             // GTFS direction_id; -1 not given
  std::int64_t sched_start = 0, sched_end = 0;    // unix seconds; 0 when not planned
  std::int64_t actual_start = 0, actual_end = 0;  // departure from the first stop, arrival at
                                                  // the last; 0 when not observed
  std::int64_t last_visit_at = 0;  // arrival (else departure) at the farthest stop reached
  int stops_planned = 0, stops_served = 0;
  double distance_m = 0;  // along the path from the first to the last stop served
  int headway_s = 0;      // the planned headway of a headway-based (frequencies, exact_times=0)
                          // trip; 0 for a timetabled one
  Outcome outcome = Outcome::kCancelled;
  int seen_shift = 0;  // the tracker's shift of the visits laid on it (which of its stop visits
                       // are this record's: vehicle, trip and shift)

  bool planned() const { return outcome != Outcome::kAdded; }
  bool observed() const { return outcome != Outcome::kCancelled; }
  // Revenue time: first-stop departure to the arrival at the farthest stop reached (the last
  // stop when completed), seconds; 0 unless the departure was observed.
  std::int64_t service_s() const {
    return actual_start && last_visit_at > actual_start ? last_visit_at - actual_start : 0;
  }
  int stops_skipped() const { return observed() ? stops_planned - stops_served : 0; }
  nlohmann::json to_json() const;
};

// One vehicle's service day (行车日志): the trips it ran (completed or partial).
struct VehicleDay {
  std::string vehicle_id;
  Date service_date;
  int trips = 0;
  double service_km = 0;
  std::string first_trip, last_trip;  // trip_id_performed
  std::int64_t first_start = 0, last_end = 0;
  nlohmann::json to_json() const;
};

// The records of service day `day`: every trip instance planned that day (each slot of a
// frequency-based trip one instance) and the visits of `events` of that service day laid on them.
// Events of other days are ignored. Sorted by route, direction and planned (else actual) start.
std::vector<TripRecord> build_trip_records(const Network& n, Date day,
                                           std::span<const StopEvent> events);
// Per vehicle, in vehicle id order.
std::vector<VehicleDay> vehicle_days(std::span<const TripRecord> records);

}  // namespace zt::transit::kpi

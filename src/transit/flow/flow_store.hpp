// A day of passenger flow in the store (transit migrations 11, 13): the day's figures and its
// aggregates — boardings and alightings by stop, route and hour, segment loads by route,
// direction and hour with the max-load point, stop-to-stop OD, trip and stop-visit loads. Only
// aggregates: no card or account token, hashed or raw, is ever written. A day's save replaces it
// whole, audited.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/audit.hpp"
#include "core/calendar.hpp"
#include "core/clock.hpp"
#include "core/store.hpp"
#include "transit/flow/loads.hpp"

namespace zt::transit::flow {

// The figures of one inferred day (tr_flow_days).
struct FlowDay {
  Date day;
  std::string source;     // "clearing", "tides" or "simulated"
  int taps = 0;           // taps read
  int taps_rejected = 0;  // matched to no stop visit of their vehicle (no boarding stop)
  int boarded = 0, with_destination = 0, journeys = 0, transfers = 0;
  double inference_rate = 0;                             // with_destination / taps
  nlohmann::json unresolved = nlohmann::json::object();  // taps not inferred, by reason
  double noncash_share = 0;
  int stop_visits = 0;  // the stop visits the taps were matched against
  // Trips whose bus had a counter, the riders it counted on them and the taps matched to them:
  // tap_share (counted_taps / apc_boardings) is the share of counted riders the taps saw.
  int trips_with_counter = 0;
  double apc_boardings = 0;
  int counted_taps = 0;
  double tap_share() const {
    return apc_boardings > 0 ? std::min(1.0, counted_taps / apc_boardings) : 0.0;
  }
  std::string created_by;
  std::int64_t created_at = 0;
  nlohmann::json to_json() const;
};

// The day's figures from an inference (created_by/at filled by save_flow_day).
FlowDay flow_day(Date day, std::string source, const Inference& inference,
                 const FlowOutputs& outputs, std::size_t stop_visits);

// Replaces `day.day`'s flow rows with these, audited as `actor` in the same transaction.
Status save_flow_day(Store& store, FlowDay day, const FlowOutputs& outputs, Instant now,
                     const Actor& actor);
// Days stored in [from, to], newest first.
Result<std::vector<FlowDay>> flow_days(Store& store, Date from, Date to);
Result<std::optional<FlowDay>> find_flow_day(Store& store, Date day);

struct StopHourRow {
  std::string stop_id, route_id;
  int hour = 0;
  double on = 0, off = 0;
};
struct SegmentRow {
  std::string route_id;
  int direction = -1, hour = 0, seq = 0;
  std::string from_stop, to_stop;
  double riders = 0;
  bool max_load = false;
};
struct OdRow {
  std::string from_stop, to_stop;
  double riders = 0;
};

Result<std::vector<StopHourRow>> load_stop_hours(Store& store, Date day);
// Segments of `day` (of `route` and `direction` when given; direction -2: any), hours in
// [from_hour, to_hour], by route, direction, hour, seq.
Result<std::vector<SegmentRow>> load_segments(Store& store, Date day, const std::string& route,
                                              int direction, int from_hour = 0, int to_hour = 23);
// The `limit` heaviest OD pairs (all when 0).
Result<std::vector<OdRow>> load_od(Store& store, Date day, int limit);
Result<std::vector<TripLoad>> load_trip_loads(Store& store, Date day);
// Riders per stop visit, by trip, vehicle, time and stop sequence.
Result<std::vector<VisitLoad>> load_visit_loads(Store& store, Date day);

}  // namespace zt::transit::flow

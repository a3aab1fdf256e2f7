// GTFS-Realtime in and out: FeedMessages decoded into plain reports (each bad entity rejected
// with its reason, never the whole feed for one bad bus), and vehicle positions encoded back for
// third-party apps. The JSON AVL form Chinese bus terminals send maps to the same report.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/error.hpp"

namespace zt::transit {

struct VehicleReport {
  std::string vehicle_id, label;
  std::string trip_id, route_id, start_date, stop_id;
  int direction = -1;
  double lat = 0, lon = 0;
  std::optional<double> bearing, speed;  // degrees; metres per second
  std::int64_t timestamp = 0;            // unix seconds of the fix
  int stop_sequence = -1;
  int status = 2;      // 0 incoming at, 1 stopped at, 2 in transit to
  int occupancy = -1;  // GTFS-RT OccupancyStatus, -1 unknown
  int passengers = -1;
  // Riders the bus's counter saw get on and off since its previous report (JSON AVL
  // "boarded"/"alighted", JT/T 808 item 0xE1); -1 when not counted.
  int boarded = -1, alighted = -1;
  nlohmann::json to_json() const;
};

struct StopTimeReport {
  int stop_sequence = -1;
  std::string stop_id;
  std::optional<std::int64_t> arrival_time, departure_time;
  std::optional<int> arrival_delay, departure_delay;
  bool skipped = false;
};

struct TripUpdateReport {
  std::string trip_id, route_id, vehicle_id, start_date;
  // "HH:MM:SS": which run of a frequency-based trip (GTFS-RT requires it there; one trip_id
  // has many runs a day).
  std::string start_time;
  std::int64_t timestamp = 0;
  bool canceled = false;
  std::vector<StopTimeReport> stops;
};

// Why a live entity was refused: a stable code for /metrics (zt_transit_refused_total{reason=})
// and the counts a sender gets back.
enum class Refused {
  kMalformed,  // not a position at all: missing fields, wrong types
  kPosition,   // latitude / longitude out of range or 0,0
  kTime,       // no fix time
  kSpeed,      // negative or faster than any bus
  kId,         // vehicle, trip, route or stop id empty, too long, not printable UTF-8
  kStale,      // fix older than the window
  kFuture,     // fix further ahead of the clock than the window allows
  kEntityCap,  // the request or feed held more entities than allowed
  kFleetCap,   // a new vehicle while as many as allowed are tracked
};
inline constexpr std::size_t kRefusedKinds = 9;
std::string_view refused_code(Refused r);  // "malformed", "position", ..., "fleet_cap"

struct Rejection {
  std::string entity;  // printable and short whatever the sender put there
  std::string reason;  // for people
  Refused code = Refused::kMalformed;
};

// What live data may be, [transit] in the configuration (docs/operations.md). The defaults suit
// a city fleet; they bound what one sender can make the server hold and publish.
struct LiveLimits {
  std::int64_t max_age = 86400;      // fix_max_age_seconds: fixes older than the clock by more
  std::int64_t max_ahead = 300;      // fix_max_ahead_seconds: fixes ahead of the clock by more
  std::size_t max_id_bytes = 64;     // max_id_bytes: vehicle, trip, route, stop ids and labels
  std::size_t max_entities = 10000;  // max_entities: per request or polled feed
  std::size_t max_vehicles = 10000;  // max_vehicles: tracked (held live) at once
};

struct RealtimeFeed {
  std::string version;
  std::int64_t timestamp = 0;
  std::vector<VehicleReport> vehicles;
  std::vector<TripUpdateReport> trip_updates;
  int alerts = 0;
  std::vector<Rejection> rejected;
};

// Decodes a FeedMessage. Fails when the bytes are not a FeedMessage at all (the error names
// `what`); an entity that is one but makes no sense (no position, latitude 200) is rejected.
Result<RealtimeFeed> decode_feed(std::string_view bytes, const std::string& what);

// A report from the JSON AVL form: {"vehicle","lat","lon","time"[,"speed" km/h,"heading",
// "route","trip","passengers","boarded","alighted"]}; `time` as unix seconds or "YYYY-MM-DD
// HH:MM:SS" (Beijing time). Fails on a malformed object; whether its values are plausible is
// implausible()'s to say.
Result<VehicleReport> avl_report(const nlohmann::json& j);

// The body of POST /api/v1/transit/avl: one AVL object or an array of them. Fails when the body
// is not JSON or neither; an element that is no usable report is rejected by its index ("#3").
struct AvlBatch {
  std::vector<VehicleReport> reports;
  std::vector<Rejection> rejected;
};
Result<AvlBatch> decode_avl(std::string_view body);

// Checks a report's fields (position, time present, speed, ids); the refusal when it cannot be
// used. Independent of the clock: see outside_window.
std::optional<Rejection> implausible(const VehicleReport& r, const LiveLimits& limits = {});
// The refusal when the fix time is outside [now - max_age, now + max_ahead].
std::optional<Rejection> outside_window(const VehicleReport& r, std::int64_t now,
                                        const LiveLimits& limits);
// An id as it may be shown back (in a refusal): at most `max` bytes of printable UTF-8, anything
// else replaced by '?', "…" when cut.
std::string shown_id(std::string_view id, std::size_t max = 32);

// A VehiclePositions FeedMessage of `vehicles`, stamped `now`.
std::string encode_vehicle_positions(const std::vector<VehicleReport>& vehicles, Instant now);
// The same as JSON, field names as in the specification (for ?format=json).
nlohmann::json vehicle_positions_json(const std::vector<VehicleReport>& vehicles, Instant now);

// A TripUpdates FeedMessage: absolute times (and delays) for each stop ahead of each live trip.
std::string encode_trip_updates(const std::vector<TripUpdateReport>& updates, Instant now);
nlohmann::json trip_updates_json(const std::vector<TripUpdateReport>& updates, Instant now);

}  // namespace zt::transit

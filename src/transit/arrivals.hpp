// Arrivals at a stop for boards and phones: every trip of today's timetable calling there in the
// next hour, predicted from the tracked bus on that trip when there is one (see predictor.hpp),
// marked schedule-only when there is not, and "just left" for a bus that has passed.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "transit/network.hpp"
#include "transit/predictor.hpp"
#include "transit/realtime.hpp"

namespace zt::transit {

struct Arrival {
  std::string route, route_id, headsign, trip_id, vehicle_id;
  std::int64_t scheduled = 0, predicted = 0;
  bool live = false, departed = false, headway_based = false;
  // Stops between the bus and this stop (0: this is its next stop): the tracked bus's when live,
  // the timetable's otherwise; -1 for a bus that has passed.
  int stops_away = -1, occupancy = -1;
  nlohmann::json to_json(std::int64_t now) const;
};

struct Board {
  std::string stop_id, stop_name;
  std::string timetable_date;    // the date whose timetable is shown
  std::string timezone;          // the agency's, for the board's clock
  bool stale_timetable = false;  // today is outside the feed's service dates
  std::vector<Arrival> arrivals;
  nlohmann::json to_json(std::int64_t now) const;
};

// Where a live vehicle is on its trip and how late it runs (one fix, tracked afresh).
struct TripProgress {
  TripIdx trip;
  Date day;                // the service day it runs on
  std::size_t next = 0;    // index into stop_times of the first stop it has not left
  std::int64_t delay = 0;  // seconds late (negative: early)
  const VehicleReport* vehicle = nullptr;
};
std::optional<TripProgress> locate(const Network& n, const VehicleReport& v);

// Predictions from `live` fixes alone, each tracked afresh with no history (tests, tools).
std::shared_ptr<const LiveSnapshot> track_once(const Network& n,
                                               const std::vector<VehicleReport>& live);

Result<Board> arrivals_at(const Network& n, const std::string& stop_id, std::int64_t now,
                          const LiveSnapshot& live, int horizon_minutes = 60,
                          std::size_t limit = 12);
Result<Board> arrivals_at(const Network& n, const std::string& stop_id, std::int64_t now,
                          const std::vector<VehicleReport>& live, int horizon_minutes = 60,
                          std::size_t limit = 12);

// Trip updates for every tracked trip run (one per run: the bus furthest along when two are on
// it): predicted arrival and departure at each stop ahead.
std::vector<TripUpdateReport> trip_updates(const Network& n, const LiveSnapshot& live);
std::vector<TripUpdateReport> trip_updates(const Network& n,
                                           const std::vector<VehicleReport>& live);

// Forecast coverage, after Cal-ITP's availability: of the stops with a scheduled arrival in the
// next `window_minutes`, the share that have a live prediction: from a bus on that trip that has
// sent at least two updates in the last minute.
struct Coverage {
  int stops_served = 0, stops_predicted = 0;
  double share() const { return stops_served ? double(stops_predicted) / stops_served : 1.0; }
};
// Per stop of the feed (by index): kStopServed when it has service in the window, kStopPredicted
// when a fresh prediction reaches it too.
inline constexpr std::uint8_t kStopServed = 1, kStopPredicted = 2;
// `per_stop`, when given, receives each stop's flags.
Coverage forecast_coverage(const Network& n, const LiveSnapshot& live, std::int64_t now,
                           int window_minutes = 30, std::vector<std::uint8_t>* per_stop = nullptr);
Coverage forecast_coverage(const Network& n, const std::vector<VehicleReport>& live,
                           std::int64_t now, int window_minutes = 30,
                           std::vector<std::uint8_t>* per_stop = nullptr);

// The stops nearest a point, closest first, with their distance in metres.
std::vector<std::pair<const Stop*, double>> nearest_stops(const Network& n, double lat, double lon,
                                                          std::size_t limit);

}  // namespace zt::transit

// Replaying recorded positions through the same tracking and prediction code as the server:
// every prediction it would have published, judged as the ETA Accuracy Benchmark judges
// (prediction_accuracy.hpp: the latest prediction on show at instants every 30 s in the 15
// minutes before each arrival, a missing one a miss), against arrivals where the bus crossed each
// stop on its path (every stop but a trip's first, whose "arrival" is a bus standing at the
// terminal), from the moment the bus that served it was first heard (a feed predicts only for
// buses it knows of; before that a rider sees the timetable, whatever the method). Beside ours,
// three baselines judged the same way: the timetable alone, the timetable plus the bus's current
// delay, and TransitClock's "last vehicle" (the previous bus's running time between the same two
// stops).
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "transit/network.hpp"
#include "transit/prediction_accuracy.hpp"
#include "transit/realtime.hpp"

namespace zt::transit {

// Fixes from a CSV of flattened VehiclePositions (header names by dotted path, unknown columns
// ignored; gzip-compressed when the name ends in .gz) or from a folder of GTFS-RT .pb snapshots.
Result<std::vector<VehicleReport>> read_positions(const std::string& path);

struct Prediction {
  std::int64_t issued_at = 0;
  std::string trip_id, stop_id;
  int stop_sequence = 0;
  std::int64_t predicted = 0, scheduled = 0;
};

struct ReplayResult {
  std::size_t fixes = 0, predictions = 0, observed_arrivals = 0;
  std::size_t judged_arrivals = 0;       // observed crossings judged (not a trip's first stop)
  std::size_t history_observations = 0;  // segment times learned before the replay
  Accuracy ours;                         // as shown to riders (shown_arrival)
  Accuracy ours_expected;  // the expected arrivals themselves, before the lead riders are shown
  Accuracy schedule_only, delay_carried, last_vehicle;
  std::map<std::string, Accuracy> ours_by_route;  // by route_id
  nlohmann::json to_json() const;
};

// Replays `fixes` in time order through the server's tracker and predictor (LiveFleet); writes
// one CSV row per prediction to `out` and one per judged arrival to `arrivals_out` when given.
// `history` (earlier fixes, e.g. the days before) is played first so the profiles start with what
// a running server would have learned.
ReplayResult replay(const std::shared_ptr<const Network>& n, std::vector<VehicleReport> fixes,
                    std::ostream* out, const std::vector<VehicleReport>& history = {},
                    std::ostream* arrivals_out = nullptr);

}  // namespace zt::transit

// Replaying recorded positions through the same tracking and prediction code as the server:
// every prediction it would have published, then accuracy by horizon bucket (Transit App's
// windows, prediction_accuracy.hpp) and mean absolute error, next to two baselines — schedule
// only, and TransitClock's "last vehicle" (the previous bus of the route's running time between the
// same two stops) — against arrivals observed in the same positions.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "transit/network.hpp"
#include "transit/prediction_accuracy.hpp"
#include "transit/realtime.hpp"

namespace zt::transit {

// Fixes from a CSV of flattened VehiclePositions (header names by dotted path, unknown columns
// ignored) or from a folder of GTFS-RT .pb snapshots.
Result<std::vector<VehicleReport>> read_positions(const std::string& path);

struct Prediction {
  std::int64_t issued_at = 0;
  std::string trip_id, stop_id;
  int stop_sequence = 0;
  std::int64_t predicted = 0, scheduled = 0;
};

struct ReplayResult {
  std::size_t fixes = 0, predictions = 0, observed_arrivals = 0;
  std::size_t history_observations = 0;  // segment times learned before the replay
  Accuracy ours, schedule_only, last_vehicle;
  nlohmann::json to_json() const;
};

// Replays `fixes` in time order through the server's tracker and predictor (LiveFleet); writes
// one CSV row per prediction to `out` when given. `history` (earlier fixes, e.g. the days before)
// is played first so the profiles start with what a running server would have learned.
ReplayResult replay(const std::shared_ptr<const Network>& n, std::vector<VehicleReport> fixes,
                    std::ostream* out, const std::vector<VehicleReport>& history = {});

}  // namespace zt::transit

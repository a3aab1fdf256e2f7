// Replaying recorded positions through the same prediction code as the server, to measure it:
// every prediction it would have published, then accuracy by horizon bucket (Transit App's
// windows) and mean absolute error, next to two baselines — schedule only, and TransitClock's
// "last vehicle" (the previous bus of the route's running time between the same two stops) —
// against arrivals observed in the same positions.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "transit/network.hpp"
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

struct Accuracy {
  struct Bucket {
    std::string name;
    int n = 0, hits = 0;
    double abs_error_sum = 0;
  };
  std::vector<Bucket> buckets;  // 0-3, 3-6, 6-10, 10-15 min
  double score() const;         // mean of the buckets' hit rates
  nlohmann::json to_json() const;
};

struct ReplayResult {
  std::size_t fixes = 0, predictions = 0, observed_arrivals = 0;
  Accuracy ours, schedule_only, last_vehicle;
  nlohmann::json to_json() const;
};

// Replays `fixes` in time order; writes one CSV row per prediction to `out` when given.
ReplayResult replay(const Network& n, std::vector<VehicleReport> fixes, std::ostream* out);

}  // namespace zt::transit

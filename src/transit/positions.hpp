// Vehicle positions: every accepted fix stored (kept for a configurable retention) and the latest
// per vehicle held in memory for the live map; trajectories read back as GeoJSON.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/store.hpp"
#include "transit/realtime.hpp"

namespace zt::transit {

struct IngestResult {
  int accepted = 0;                // stored
  int duplicate = 0;               // same vehicle and fix time as one stored before
  int rejected = 0;                // implausible or malformed
  std::vector<Rejection> reasons;  // the first few, for the sender
  nlohmann::json to_json() const;
};

class Positions {
 public:
  Positions(Store& store, const Clock& clock,
            std::chrono::hours retention = std::chrono::hours(24 * 30))
      : store_(store), clock_(clock), retention_(retention) {}

  // Stores the reports (rejecting implausible ones) and updates the live state. `rejected` are
  // the entities the decoder already refused; they are counted with the rest.
  Result<IngestResult> ingest(std::vector<VehicleReport> reports, std::vector<Rejection> rejected);
  // The latest fix of each vehicle heard from within `max_age`.
  std::vector<VehicleReport> live(std::chrono::seconds max_age) const;
  // A vehicle's fixes in [from, to] (unix seconds) as a GeoJSON FeatureCollection: the track as a
  // LineString and each fix as a Point with its time and speed.
  Result<nlohmann::json> trajectory(const std::string& vehicle, std::int64_t from, std::int64_t to);
  // Deletes fixes older than the retention; returns how many.
  Result<std::int64_t> prune();

  struct Totals {
    long accepted = 0, duplicate = 0, rejected = 0;
  };
  Totals totals() const;

 private:
  Store& store_;
  const Clock& clock_;
  std::chrono::hours retention_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, VehicleReport> latest_;
  Totals totals_;
};

}  // namespace zt::transit

// Vehicle positions: every accepted fix stored (kept for a configurable retention) and the latest
// per vehicle held in memory for the live map; trajectories read back as GeoJSON. With a fleet,
// fixes are also tracked on the active network and the stop visits they complete are stored in
// the same transaction as the fixes.
#pragma once

#include <chrono>
#include <future>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/store.hpp"
#include "transit/fleet.hpp"
#include "transit/network.hpp"
#include "transit/realtime.hpp"

namespace zt::transit {

struct IngestResult {
  int accepted = 0;                // stored
  int duplicate = 0;               // same vehicle and fix time as one stored before
  int rejected = 0;                // implausible or malformed
  int stop_events = 0;             // stop visits completed by these fixes
  std::vector<Rejection> reasons;  // the first few, for the sender
  nlohmann::json to_json() const;
};

class Positions {
 public:
  Positions(Store& store, const Clock& clock, NetworkHolder* network = nullptr,
            LiveFleet* fleet = nullptr, std::chrono::hours retention = std::chrono::hours(24 * 30))
      : store_(store), clock_(clock), network_(network), fleet_(fleet), retention_(retention) {}

  // Stores the reports (rejecting implausible ones) and updates the live state. `rejected` are
  // the entities the decoder already refused; they are counted with the rest.
  Result<IngestResult> ingest(std::vector<VehicleReport> reports, std::vector<Rejection> rejected);
  // The latest fix of each vehicle heard from within `max_age`.
  std::vector<VehicleReport> live(std::chrono::seconds max_age) const;
  // A vehicle's fixes in [from, to] (unix seconds) as a GeoJSON FeatureCollection: the track as a
  // LineString and each fix as a Point with its time and speed.
  Result<nlohmann::json> trajectory(const std::string& vehicle, std::int64_t from, std::int64_t to);
  // Deletes fixes and stop visits older than the retention; returns how many fixes.
  Result<std::int64_t> prune();

  struct Totals {
    long accepted = 0, duplicate = 0, rejected = 0;
  };
  Totals totals() const;
  // Waits until the stored visits read on a network change (or restart) have been learned; they
  // are learned in the background, tracking goes on meanwhile. Tests and tools.
  void await_history();

 private:
  Store& store_;
  const Clock& clock_;
  NetworkHolder* network_;
  LiveFleet* fleet_;
  std::chrono::hours retention_;
  std::mutex track_mu_;  // fixes go through the tracker and into the store in one order
  std::int64_t fleet_version_ = -1;
  mutable std::mutex mu_;
  std::unordered_map<std::string, VehicleReport> latest_;
  Totals totals_;
  std::future<void> history_;  // under track_mu_; last, so it is waited for first on destruction
};

}  // namespace zt::transit

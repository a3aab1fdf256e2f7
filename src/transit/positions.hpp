// Vehicle positions: every accepted fix stored (kept for a configurable retention) and the latest
// per vehicle held in memory for the live map; trajectories read back as GeoJSON. With a fleet,
// fixes are also tracked on the active network and the stop visits they complete are stored in
// the same transaction as the fixes.
#pragma once

#include <array>
#include <chrono>
#include <future>
#include <mutex>
#include <span>
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
  int accepted = 0;                          // stored
  int duplicate = 0;                         // same vehicle and fix time as one stored before
  int rejected = 0;                          // refused, for any reason
  int stop_events = 0;                       // stop visits completed by these fixes
  std::array<int, kRefusedKinds> refused{};  // by reason (Refused)
  std::vector<Rejection> reasons;            // the first few, for the sender
  // {"accepted","duplicate","rejected","stop_events","refused":{reason: n},"reasons":[...]}
  nlohmann::json to_json() const;
};

// Inserts fixes into tr_positions received at `received_at` (unix seconds), a fix already stored
// for its vehicle and time skipped; returns how many were new.
Result<std::size_t> insert_fixes(Tx& tx, std::span<const VehicleReport> fixes,
                                 std::int64_t received_at);

class Positions {
 public:
  Positions(Store& store, const Clock& clock, NetworkHolder* network = nullptr,
            LiveFleet* fleet = nullptr, std::chrono::hours retention = std::chrono::hours(24 * 30),
            LiveLimits limits = {})
      : store_(store),
        clock_(clock),
        network_(network),
        fleet_(fleet),
        retention_(retention),
        limits_(limits) {}
  // Waits for the history loader, which reads the store and writes the fleet.
  ~Positions() { await_history(); }
  Positions(const Positions&) = delete;
  Positions& operator=(const Positions&) = delete;

  // Stores the reports and updates the live state. Refused (and counted by reason): implausible
  // fields or ids, fixes outside the time window around the clock, and new vehicles once
  // `max_vehicles` are held; the rest is ingested. `rejected` are the entities the decoder
  // already refused; they are counted with the rest. More than `max_entities` reports and
  // rejections together: the whole batch is refused (413 naming the cap), nothing stored.
  Result<IngestResult> ingest(std::vector<VehicleReport> reports, std::vector<Rejection> rejected);
  // The latest fix of each vehicle heard from within `max_age`.
  std::vector<VehicleReport> live(std::chrono::seconds max_age) const;
  // A vehicle's fixes in [from, to] (unix seconds) as a GeoJSON FeatureCollection: the track as a
  // LineString and each fix as a Point with its time and speed.
  Result<nlohmann::json> trajectory(const std::string& vehicle, std::int64_t from, std::int64_t to);
  // Deletes fixes and stop visits older than the retention; returns how many fixes. Also forgets
  // the live state of vehicles unheard for longer than the time window.
  Result<std::int64_t> prune();

  struct Totals {
    long accepted = 0, duplicate = 0, rejected = 0;
    std::array<long, kRefusedKinds> refused{};  // by reason, since start
    std::size_t vehicles = 0;                   // held live now (at most max_vehicles)
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
  LiveLimits limits_;
  // Fixes go through the admission, the tracker and into the store in one order (and so two
  // batches cannot both admit the last vehicle slot).
  std::mutex track_mu_;
  std::int64_t fleet_version_ = -1;
  mutable std::mutex mu_;
  void forget_stale(std::int64_t now);  // mu_ held
  std::unordered_map<std::string, VehicleReport> latest_;
  Totals totals_;
  std::future<void> history_;  // under track_mu_; joined by the destructor
};

}  // namespace zt::transit

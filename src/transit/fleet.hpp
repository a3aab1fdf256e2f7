// The live fleet: every fix goes through the tracker (matched, projected, stop visits found),
// completed visits teach the profiles (segment running times and dwells; the live Kalman filter),
// and each tracked bus's predictions are recomputed, with those of the next trip in its block.
// Readers (boards, TripUpdates, coverage) take an immutable snapshot, rebuilt only when something
// changed. Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <span>
#include <unordered_map>
#include <vector>

#include "transit/predictor.hpp"

namespace zt::transit {

class LiveFleet {
 public:
  // `calendar` decides day types (holidays run like Sundays); null: weekdays alone.
  explicit LiveFleet(const Calendar* calendar = nullptr) : calendar_(calendar) {}

  // Follows `fixes` on network `n` (a new network version starts the tracking afresh) and
  // returns the stop visits they completed. Fixes should come in time order per vehicle.
  std::vector<StopEvent> observe(const std::shared_ptr<const Network>& n,
                                 std::span<const VehicleReport> fixes);
  // Teaches the profiles stored visits, grouped by vehicle and trip in stop order (history:
  // they do not move the live filter). `n` must be the network they were resolved against; when
  // the fleet has moved on to another network meanwhile they are dropped. Tracking is not held up
  // while they are learned.
  void learn_history(const std::shared_ptr<const Network>& n, const std::vector<StopEvent>& events);

  // Predictions of the buses heard from since `now - max_age`.
  std::shared_ptr<const LiveSnapshot> snapshot(std::int64_t now, std::int64_t max_age);

  DayType day_type(const Network& n, std::int64_t unix) const;
  std::size_t profile_observations() const;

 private:
  void reset(const std::shared_ptr<const Network>& n);  // mu_ held

  const Calendar* calendar_;
  mutable std::mutex mu_;
  std::shared_ptr<const Network> network_;
  std::unique_ptr<Tracker> tracker_;
  Profiles profiles_;
  std::unordered_map<std::string, StopEvent> last_event_;  // per vehicle
  std::unordered_map<std::string, TripPrediction> predictions_;
  std::unordered_map<std::string, TripPrediction> pending_;  // per vehicle: its block's next trip
  std::shared_ptr<const LiveSnapshot> snapshot_;
  std::int64_t snapshot_at_ = 0, snapshot_age_ = 0;
  std::int64_t pruned_at_ = 0;  // vehicles unheard for an hour are forgotten every 10 minutes
  bool dirty_ = true;
};

}  // namespace zt::transit

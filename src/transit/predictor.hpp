// Predicted arrival and departure at every stop ahead of a tracked bus: the rest of its current
// segment and each segment after it from the profiles (a Kalman blend of the last buses through
// and the history for that day type and hour, else the timetable's running time), plus each
// stop's dwell; a bus never leaves its first stop before the timetable says. Frequency-based
// trips are predicted the same way: from where the bus is, not from a timetable slot.
#pragma once

#include <map>
#include <memory>
#include <tuple>
#include <vector>

#include "transit/profiles.hpp"
#include "transit/tracker.hpp"

namespace zt::transit {

struct StopPrediction {
  std::int64_t arrival = 0, departure = 0;
};

struct TripPrediction {
  VehicleReport vehicle;
  std::int64_t previous_update = 0;  // the vehicle's fix before `vehicle` (unix s); 0 when none
  OnTrip on;
  std::int64_t base = 0;  // unix seconds of the trip's GTFS time 0 (its day, plus its shift)
  std::vector<StopPrediction> stops;  // stops on.next … last, in order
  // The trip after the bus's current one in its block, not yet started: predicted from when the
  // current one ends (`on.next` is 0 and `on.dist` 0).
  bool pending = false;
  // The prediction for the stop at `offset` in the trip, or null when the bus has passed it.
  const StopPrediction* at(std::uint32_t offset) const {
    return offset >= on.next && offset - on.next < stops.size() ? &stops[offset - on.next]
                                                                : nullptr;
  }
};

struct PredictContext {
  const Network& network;
  const Tracker& tracker;
  const Profiles& profiles;
  DayType day_type = DayType::kWeekday;
  std::int64_t utc_offset = 0;  // the network's local time minus UTC, seconds
};

TripPrediction predict(const PredictContext& c, const VehicleState& s);
// The trip `next` that the bus of `current` runs after it (its block's next trip, on the same
// service day): it leaves the first stop at its scheduled departure, or when the bus can be there
// after ending `current` (its predicted last arrival, a turnaround, and the empty run between the
// two terminals when they differ), whichever is later; the stops after from the profiles.
TripPrediction predict_next(const PredictContext& c, const TripPrediction& current, TripIdx next);

// Every live prediction at one instant, found by trip instance. Immutable once built.
struct LiveSnapshot {
  const Network* network = nullptr;  // the one its trip indices refer to
  std::int64_t at = 0;
  std::vector<TripPrediction> trips;    // one per bus, on the trip it is running
  std::vector<TripPrediction> pending;  // each bus's next trip in its block (not yet started)
  // Trip run (trip, day, shift) -> run(i): the bus on it, else a bus that will run it next.
  std::map<std::tuple<TripIdx, std::int64_t, int>, std::size_t> index;

  static std::shared_ptr<const LiveSnapshot> of(const Network& n, std::vector<TripPrediction> trips,
                                                std::int64_t at,
                                                std::vector<TripPrediction> pending = {});
  const TripPrediction& run(std::size_t i) const {
    return i < trips.size() ? trips[i] : pending[i - trips.size()];
  }
  const TripPrediction* find(TripIdx trip, Date day, int shift) const {
    auto it = index.find({trip, day.time_since_epoch().count(), shift});
    return it == index.end() ? nullptr : &run(it->second);
  }
};

}  // namespace zt::transit

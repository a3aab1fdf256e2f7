// The boarding stop of a tap: its time matched to the stop visits the tracker detected for the
// tap's vehicle (a rider taps while the bus stands at the stop, or just after it pulls away).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "transit/flow/fare_taps.hpp"
#include "transit/network.hpp"
#include "transit/tracker.hpp"

namespace zt::transit::flow {

// Metres between two stops (equirectangular; exact enough within a city).
double stop_metres(const Network& n, StopIdx a, StopIdx b);

struct Boarding {
  std::size_t visit = 0;  // into VisitIndex::visits()
  TripIdx trip;
  std::uint32_t index = 0;  // offset of the stop in the trip's stop times
};

struct BoardingOptions {
  int before_s = 60;  // a tap this long before the bus is seen at the stop still counts
  int after_s = 120;  // and this long after it left (the queue at the farebox)
};

enum class BoardingFault { kNone, kNoVisitsOfVehicle, kNoVisitNearTime };

// Visits of each vehicle in time order. Immutable after construction; safe to share.
class VisitIndex {
 public:
  VisitIndex(const Network& n, std::vector<StopEvent> visits, BoardingOptions options = {});
  const Network& network() const { return n_; }
  const std::vector<StopEvent>& visits() const { return visits_; }
  // The visit a tap was made at, or why there is none.
  std::optional<Boarding> match(const Tap& tap, BoardingFault* fault = nullptr) const;
  // The visit `vehicle` was making at `at` (within the tap window), the one at `stop` when
  // given (StopIdx{} for any), or why there is none. An index into visits().
  std::optional<std::size_t> visit_near(const std::string& vehicle, std::int64_t at,
                                        std::optional<StopIdx> stop,
                                        BoardingFault* fault = nullptr) const;
  // The visit of the same vehicle and trip at offset `index`, if it was seen.
  const StopEvent* visit_of(std::size_t boarding_visit, std::uint32_t index) const;
  StopIdx stop(TripIdx trip, std::uint32_t index) const;
  std::uint32_t trip_length(TripIdx trip) const;

 private:
  const Network& n_;
  BoardingOptions options_;
  std::vector<StopEvent> visits_;  // sorted by vehicle, then arrival
  std::unordered_map<std::string, std::pair<std::size_t, std::size_t>> by_vehicle_;
};

}  // namespace zt::transit::flow

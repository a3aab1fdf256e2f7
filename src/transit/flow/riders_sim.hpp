// A simulated day of riders with its ground truth, so every inference can be scored: the buses'
// stop visits (the timetable shifted by a delay of each trip's own that grows along it), riders
// on home-based tours (out in the morning, back in the afternoon, a share with a transfer, a share
// starting home from elsewhere or not by bus), their
// taps (cash riders leave none), the APC on/off counts of the buses that carry counters, and for
// each tap the stop the rider really boarded and left at.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "transit/flow/fare_taps.hpp"
#include "transit/flow/loads.hpp"
#include "transit/network.hpp"
#include "transit/tracker.hpp"

namespace zt::transit::flow {

// Where a tap's rider really boarded and alighted (offsets in the trip's stop times).
struct TapTruth {
  TripIdx trip;
  std::uint32_t board = 0, alight = 0;
};

struct RidersOptions {
  std::uint64_t seed = 16;
  std::size_t riders = 2000;     // tours drawn (some find no way home and ride one way)
  double cash_share = 0.1;       // riders paying cash: no tap
  double transfer_share = 0.25;  // outbound journeys with a second leg
  double apc_share = 0.6;        // share of vehicles (trips) with a counter
  int max_delay_s = 240;         // a trip ends up to this late
  double walk_m = 400;           // farthest a rider walks between legs or to the way home
  // What keeps trip chaining from being always right: riders whose way home starts from a stop
  // up to wander_m from where they got off (an errand, a meal), and riders who go home another
  // way (a taxi, a lift: their last tap of the day is their only one).
  double wander_share = 0.2;
  double wander_m = 900;
  double one_way_share = 0.05;
};

struct SimulatedDay {
  std::vector<StopEvent> visits;  // every trip's visits, by vehicle (one vehicle a trip)
  std::vector<Tap> taps;          // by time; rider is a hash of the simulated card
  std::vector<ApcCount> apc;      // visits of vehicles with a counter
  std::unordered_map<std::string, TapTruth> truth;  // by tap id
  std::size_t cash_boardings = 0;
};

// Vehicle id the simulator gives a trip's bus.
std::string sim_vehicle(const Network& n, TripIdx trip);

// Deterministic for a seed. Trips with frequencies are not simulated (their stop times only).
SimulatedDay simulate_riders(const Network& n, Date day, const TokenHasher& hasher,
                             const RidersOptions& options = {});

}  // namespace zt::transit::flow

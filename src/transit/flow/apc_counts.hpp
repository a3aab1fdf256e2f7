// Passenger counts (客流计数) read from a counter file (count_files.hpp) laid on the stop visit the
// tracker saw their vehicle make at that time, which is what expands the taps of a trip to the
// riders the counter saw (loads.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "transit/flow/boarding.hpp"
#include "transit/flow/count_files.hpp"
#include "transit/flow/loads.hpp"

namespace zt::transit::flow {

// Counts laid on stop visits, summed per visit, with what could not be laid on one.
struct CountMatch {
  std::vector<ApcCount> counts;  // one per visit counted, by vehicle and time
  std::size_t events = 0, matched = 0;
  std::size_t no_visits_of_vehicle = 0;  // the vehicle made no visit that day
  std::size_t no_visit_near_time = 0;    // none at that time (or none at the stop named)
  std::int64_t boarded = 0, alighted = 0;
  std::size_t vehicles = 0;  // vehicles with a count matched
};

// A count at time t belongs to the vehicle's visit with arrival - 60 s <= t <= departure + 120 s
// (the window of a tap, BoardingOptions), the one at the named stop when the file names one.
CountMatch match_counts(const VisitIndex& visits, const std::vector<CountEvent>& events);
// Counts already on their visits (the simulator's), as a match of every one.
CountMatch counts_on_visits(std::vector<ApcCount> counts);

}  // namespace zt::transit::flow

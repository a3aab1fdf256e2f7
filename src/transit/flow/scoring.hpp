// How right the inference is against a simulated day's truth: the inference rate (taps given a
// destination, of all taps with a token) and the accuracy (of those, the share whose alighting is
// on the right trip within one stop of the real one), and boardings matched to the right stop.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "transit/flow/chaining.hpp"
#include "transit/flow/riders_sim.hpp"

namespace zt::transit::flow {

struct Score {
  std::size_t taps = 0, boarded_right = 0, with_destination = 0, within_one_stop = 0;
  double rate() const { return taps ? double(with_destination) / double(taps) : 0; }
  double accuracy() const {
    return with_destination ? double(within_one_stop) / double(with_destination) : 0;
  }
};

// Taps without a truth entry are not scored.
Score score(const std::vector<Tap>& taps, const Inference& inference,
            const std::unordered_map<std::string, TapTruth>& truth);

}  // namespace zt::transit::flow

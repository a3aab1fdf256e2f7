#include "transit/flow/scoring.hpp"

namespace zt::transit::flow {

Score score(const std::vector<Tap>& taps, const Inference& inference,
            const std::unordered_map<std::string, TapTruth>& truth) {
  Score s;
  for (std::size_t i = 0; i < taps.size(); ++i) {
    auto it = truth.find(taps[i].id);
    if (it == truth.end() || taps[i].rider.empty()) continue;
    ++s.taps;
    const auto& r = inference.taps[i];
    const auto& t = it->second;
    if (r.board && r.board->trip == t.trip && r.board->index == t.board) ++s.boarded_right;
    if (!r.alight) continue;
    ++s.with_destination;
    const long d = long(*r.alight) - long(t.alight);
    if (r.board->trip == t.trip && d >= -1 && d <= 1) ++s.within_one_stop;
  }
  return s;
}

}  // namespace zt::transit::flow

// Where each tap's rider got off, by trip chaining: the stop of the tap's trip downstream of its
// boarding nearest to where the same card boards next (within a walk), the day's last trip
// chained to its first boarding. A next boarding soon after the alighting is a transfer: the two
// legs form one linked journey. Taps that cannot be given a destination are counted by reason,
// never guessed.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "transit/flow/boarding.hpp"

namespace zt::transit::flow {

enum class Unresolved {
  kNone,
  kCash,                 // no token to follow
  kNoVisitsOfVehicle,    // the tap's vehicle has no detected stop visits
  kNoVisitNearTime,      // none of its visits is near the tap's time
  kOnlyTapOfDay,         // the card boarded once: nothing to chain to
  kNextBoardingUnknown,  // the card's next tap has no boarding stop
  kNoStopWithinWalk,     // no stop downstream is within the walking distance of the next boarding
  kCount
};
std::string_view unresolved_name(Unresolved u);

struct ChainOptions {
  double walk_m = 800;       // farthest from the alighting stop to the next boarding
  int transfer_s = 30 * 60;  // a next boarding within this of the alighting is a transfer
  BoardingOptions boarding;
};

struct InferredTap {
  std::optional<Boarding> board;
  std::optional<std::uint32_t> alight;    // offset in the boarding trip's stop times
  std::int64_t alighted_at = 0;           // the visit's arrival, or 0 when not seen
  Unresolved reason = Unresolved::kNone;  // of the boarding when !board, else of the alighting
  bool transfer_to_next = false;          // the card's next tap continues this journey
  std::size_t journey = 0;                // linked journey number (per file)
};

struct Inference {
  std::vector<InferredTap> taps;  // parallel to the taps given
  std::array<std::size_t, std::size_t(Unresolved::kCount)> unresolved{};
  std::size_t boarded = 0, with_destination = 0, journeys = 0, transfers = 0;
};

// `taps` in any order. Deterministic; the index is only read.
Inference infer(const VisitIndex& visits, const std::vector<Tap>& taps,
                const ChainOptions& options = {});

}  // namespace zt::transit::flow

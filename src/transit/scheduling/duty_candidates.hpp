// Candidate duties from a day's blocks, for set partitioning. A relief point is the end of each
// trip: a piece of work is a run of consecutive trips of one block, and a duty is up to
// max_pieces pieces, in time order, with a break of at least min_break_min between each two
// (the driver leaves one vehicle and takes over another, at the same stop or within the relief
// walk). Every duty generated obeys the rules (duty_rules.hpp); the rows to cover are the trips.
#pragma once

#include <cstdint>
#include <vector>

#include "core/error.hpp"
#include "transit/scheduling/blocks.hpp"
#include "transit/scheduling/duty_rules.hpp"
#include "transit/scheduling/duty_search.hpp"
#include "transit/scheduling/set_partition.hpp"

namespace zt::transit::scheduling {

struct DutyCandidates {
  std::vector<Piece> pieces;
  std::vector<std::vector<int>> duties;  // each as indices into pieces, in time order
  SetPartition problem;                  // rows: trips; columns: duties (cost: spread minutes)
};

struct DutyLimits {
  std::size_t max_candidates = 300000;  // beyond this: refused; day_duties then generates columns
};

// Fails (rule violation "duty_candidates_limit") when the day has more candidates than the
// limit, or ("duty_trip_too_long") when a trip alone breaks the rules, naming it.
Result<DutyCandidates> duty_candidates(const std::vector<BlockTrip>& trips,
                                       const std::vector<StopPoint>& stops, const BlockPlan& plan,
                                       const DutyRules& rules, DutyLimits limits = {});

}  // namespace zt::transit::scheduling

// Crew duties by column generation, for days whose candidate duties are too many to list
// (duty_candidates.hpp refuses beyond its limit). The linear relaxation of the set-partitioning
// problem is solved over a growing set of duties by CLP: each round the rows' (trips') dual
// prices find, by the same walk over pieces that lists candidates (duty_search.hpp), the duties
// of negative reduced cost, and only those are added. A duty is extended only while a bound on
// what any extension could still gain (a relaxed longest path over later pieces, ignoring all
// rules but time order and breaks) leaves its reduced cost below zero, so the walk prunes early.
// When no duty prices out the relaxation is solved over all duties, and its value is a lower
// bound on the fewest duties (or least paid time); CBC then chooses among the duties generated
// (price-and-branch), optimal when it meets that bound. Safe to call from any thread: CBC is
// serialised inside solve_partition.
#pragma once

#include <vector>

#include "core/error.hpp"
#include "transit/scheduling/blocks.hpp"
#include "transit/scheduling/duty_candidates.hpp"
#include "transit/scheduling/duty_rules.hpp"
#include "transit/scheduling/partition_solver.hpp"

namespace zt::transit::scheduling {

struct GenerationOptions {
  int max_rounds = 300;
  std::size_t columns_per_round = 0;  // 0: as many as the day has trips
  double time_limit_s = 60;           // for the rounds; the final CBC solve has its own
};

struct GeneratedDuties {
  DutyCandidates candidates;  // the duties generated, as duty_candidates would list them
  PartitionResult chosen;     // bound: the relaxation over all duties, rounded up when counting
  int rounds = 0;
  bool converged = false;  // no duty priced out: the bound holds for every duty
  double lp_value = 0;     // the relaxation's value at the last round
};

// Fails as duty_candidates does (a trip alone breaking the rules), or when CBC finds no
// partition among the generated duties.
Result<GeneratedDuties> generate_duties(const std::vector<BlockTrip>& trips,
                                        const std::vector<StopPoint>& stops, const BlockPlan& plan,
                                        const DutyRules& rules, const PartitionOptions& o,
                                        GenerationOptions g = {});

}  // namespace zt::transit::scheduling

// A service day's driver duties over its optimal blocks: candidate duties (duty_candidates.hpp)
// partitioning the day's trips, the fewest (or the least paid time) chosen by CBC, written as a
// duty sheet (排班表) of rows `duty_id,piece,block_id,trip_id,start,end`.
#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

#include "transit/scheduling/day_blocks.hpp"
#include "transit/scheduling/duty_candidates.hpp"
#include "transit/scheduling/partition_solver.hpp"

namespace zt::transit::scheduling {

struct DayDuties {
  DutyCandidates candidates;
  PartitionResult chosen;  // columns index candidates.duties
};

Result<DayDuties> day_duties(const Network& n, const DayBlocks& blocks, const DutyRules& rules,
                             const PartitionOptions& o, DutyLimits limits = {});

// One row per trip of each chosen duty, duties numbered D001… by sign-on.
void write_duties_csv(const Network& n, const DayBlocks& b, const DayDuties& d, std::ostream& out);
// {"duties","vehicles","trips","pieces","candidates","paid_hours","optimal","bound","seconds"}
nlohmann::json duties_summary(const DayBlocks& b, const DayDuties& d);

}  // namespace zt::transit::scheduling

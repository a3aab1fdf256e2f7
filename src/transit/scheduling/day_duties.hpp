// A service day's driver duties over its optimal blocks: candidate duties (duty_candidates.hpp)
// partitioning the day's trips, the fewest (or the least paid time) chosen by CBC, written as a
// duty sheet (排班表) of rows `duty_id,piece,block_id,trip_id,start,end`.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "transit/scheduling/day_blocks.hpp"
#include "transit/scheduling/duty_candidates.hpp"
#include "transit/scheduling/duty_generation.hpp"
#include "transit/scheduling/partition_solver.hpp"

namespace zt::transit::scheduling {

struct DayDuties {
  DutyCandidates candidates;  // every candidate, or the columns generated
  PartitionResult chosen;     // columns index candidates.duties
  bool generated = false;     // by column generation (duty_generation.hpp)
  int rounds = 0;             // its pricing rounds
};

enum class DutyMethod {
  kAuto,       // list every candidate; generate columns when they are more than the limit
  kEnumerate,  // list every candidate, or fail with duty_candidates_limit
  kGenerate,   // column generation
};

Result<DayDuties> day_duties(const Network& n, const DayBlocks& blocks, const DutyRules& rules,
                             const PartitionOptions& o, DutyLimits limits = {},
                             DutyMethod method = DutyMethod::kAuto);

// A chosen duty as every sheet shows it (CSV, 排班表, ODS, the API): numbered D001… by its first
// departure, each piece the trips (indices into DayBlocks::trips and ::timed) of one block.
struct DutySheetPiece {
  int block = 0;
  std::vector<std::uint32_t> trips;
};
struct DutySheetRow {
  std::string id;
  int first_departure = 0, last_arrival = 0;  // GTFS seconds, without sign-on and sign-off
  int driving_s = 0;
  int longest_gap_s = 0;  // between two trips or pieces: the meal break, or a split duty's gap
  std::vector<DutySheetPiece> pieces;
};
std::vector<DutySheetRow> duty_sheet(const DayBlocks& b, const DayDuties& d);

// One row per trip of each chosen duty, duties numbered D001… by sign-on.
void write_duties_csv(const Network& n, const DayBlocks& b, const DayDuties& d, std::ostream& out);
// {"duties","vehicles","trips","pieces","candidates","paid_hours","optimal","bound","seconds",
//  "method": "enumeration" | "column_generation", "rounds"}
nlohmann::json duties_summary(const DayBlocks& b, const DayDuties& d);

}  // namespace zt::transit::scheduling

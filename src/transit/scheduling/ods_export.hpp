// Blocks and driver runs in the Cal-ITP Operational Data Standard (TODS) v1 layout, so other
// scheduling and CAD/AVL tools can read them: deadheads.txt (each empty run between two trips of
// a block) and runs_pieces.txt (each duty a run, each of its pieces from a trip to a trip). The
// trips' block_id is the block of write_blocks_csv; and run_events.txt, each driver's day as
// events (report, trips, empty runs, breaks, sign-off). Depot pull-outs are not written: the
// depot's place is not known, so a run reports and signs off at its first and last stop.
#pragma once

#include <ostream>
#include <string>

#include "core/error.hpp"
#include "transit/scheduling/day_duties.hpp"
#include "transit/scheduling/duty_rules.hpp"

namespace zt::transit::scheduling {

// deadhead_id,service_id,block_id,shape_id,to_trip_id,from_trip_id,to_deadhead_id,from_deadhead_id
void write_ods_deadheads(const Network& n, const DayBlocks& b, std::ostream& out);
// run_id,piece_id,start_type,start_trip_id,start_trip_position,end_type,end_trip_id,
// end_trip_position; start_type and end_type 1 (a trip); runs numbered as the duty sheet's.
void write_ods_runs_pieces(const Network& n, const DayBlocks& b, const DayDuties& d,
                           std::ostream& out);
// service_id,run_id,event_sequence,piece_id,block_id,job_type,event_type,trip_id,
// start_location,start_time,start_mid_trip,end_location,end_time,end_mid_trip; event_type one of
// Report Time, Operator (a revenue trip), Deadhead, Break, Sign Off; locations are stop_ids.
void write_ods_run_events(const Network& n, const DayBlocks& b, const DayDuties& d,
                          const DutyRules& rules, std::ostream& out);
// The three files zipped, for download. Fails only if the archive cannot be written.
Result<std::string> ods_archive(const Network& n, const DayBlocks& b, const DayDuties& d,
                                const DutyRules& rules);

}  // namespace zt::transit::scheduling

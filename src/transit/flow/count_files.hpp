// Counter files (客流计数) as a stranger uploads them: TIDES passenger_events (one row per
// boarding or alighting event, event_count riders each) or TIDES stop_visits (boarding_1/2 and
// alighting_1/2 per visit), every bad row refused with its line and column. Depends on core alone
// (fuzz/count_files_fuzz.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "transit/flow/csv_rows.hpp"

namespace zt::transit::flow {

// Riders counted on and off one vehicle at one moment (a stop, when the file names it).
struct CountEvent {
  int line = 0;  // in the source file
  std::string vehicle_id, stop_id;
  std::int64_t at = 0;  // unix seconds
  int on = 0, off = 0;
};

struct CountReadOptions {
  FileLimits limits;
  int utc_offset_s = 8 * 3600;  // times written without an offset
};

// Rows of event_type "Passenger boarded" / "Passenger alighted" become counts; the file's other
// TIDES events (doors, ramps, arrivals) are valid and skipped; anything else is a row error.
// Requires the columns vehicle_id, event_timestamp and event_type.
Result<std::vector<CountEvent>> read_passenger_events(std::string text,
                                                      const CountReadOptions& options = {});
// One count per row at its actual departure (else arrival) time; requires vehicle_id, one of the
// actual times and at least one of boarding_1 / alighting_1.
Result<std::vector<CountEvent>> read_stop_visit_counts(std::string text,
                                                       const CountReadOptions& options = {});

}  // namespace zt::transit::flow

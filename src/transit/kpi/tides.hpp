// Operations records as TIDES v1.0 CSV (the schemas shipped in data/tides/, field names as
// there): trips_performed and stop_visits written from the records and the tracker's visits,
// vehicle_locations from stored fixes, and trips_performed read back (another system's records)
// with every bad row refused by line and field.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "transit/kpi/tides_rows.hpp"
#include "transit/kpi/trip_records.hpp"
#include "transit/realtime.hpp"

namespace zt::transit::kpi {

std::string trips_performed_csv(std::span<const TripRecord> records);
// One row per visit, numbered along its performed trip (trip_stop_sequence from 1); visits that
// belong to no record of `records` are left out.
std::string stop_visits_csv(const Network& n, std::span<const TripRecord> records,
                            std::span<const StopEvent> events);
// `service_date` of each fix is its local date in the network's time zone.
std::string vehicle_locations_csv(const Network& n, std::span<const VehicleReport> fixes);

// Reads a trips_performed CSV (`file` names it in errors; its rows are read by tides_rows.hpp). The
// scheduled trip, when the network has it, fills route, direction, stops and revenue distance;
// outcome from schedule_relationship (Canceled, Added/Unscheduled/Duplicated) and, for scheduled
// ones, whether both actual times are given (completed) or not (partial). Fails on the first bad
// row: "file:line" and the field.
Result<std::vector<TripRecord>> read_trips_performed(std::string text, const std::string& file,
                                                     const Network& n);

// Reads a stop_visits CSV of service days whose trips performed are `records` (each row's
// trip_id_performed names one of them, whose scheduled trip must be in `n`): visits laid on their
// trip's stop by scheduled_stop_sequence, with the record's seen_shift. Fails on the first bad row:
// "file:line" and the field.
Result<std::vector<StopEvent>> read_stop_visits(std::string text, const std::string& file,
                                                const Network& n,
                                                std::span<const TripRecord> records);
// read_vehicle_locations and parse_iso_datetime: tides_rows.hpp.

}  // namespace zt::transit::kpi

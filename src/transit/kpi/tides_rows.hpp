// The rows of TIDES v1.0 CSV tables (trips_performed, stop_visits, vehicle_locations) read and
// checked field by field, before anything is looked up in a network: what a stranger's file can
// reach, so it depends on core alone (and realtime.hpp's plain VehicleReport) and has its own
// libFuzzer harness (fuzz/tides_fuzz.cpp). Every bad row is refused with "file:line" and the field.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/error.hpp"
#include "transit/realtime.hpp"

namespace zt::transit::kpi {

enum class TidesRelationship { kScheduled, kCanceled, kAdded };  // Added, Unscheduled, Duplicated

// One trips_performed row as given; empty text and 0 times where the file left them out.
struct TidesTripRow {
  int line = 0;  // in the file, for errors found later
  Date service_date;
  std::string trip_id_performed, vehicle_id, trip_id_scheduled, route_id, block_id;
  std::string start_stop_id, end_stop_id;
  int direction = -1;
  TidesRelationship relationship = TidesRelationship::kScheduled;
  std::int64_t sched_start = 0, sched_end = 0, actual_start = 0, actual_end = 0;
};
// Requires service_date, trip_id_performed (unique per service day) and vehicle_id (empty only
// for a cancelled trip) columns; fails on the first bad row.
Result<std::vector<TidesTripRow>> read_trips_performed_rows(std::string text,
                                                            const std::string& file);

struct TidesVisitRow {
  int line = 0;
  Date service_date;
  std::string trip_id_performed, vehicle_id;
  int scheduled_stop_sequence = 0;
  std::int64_t arrived = 0, departed = 0;  // arrival optional, never after the departure
};
Result<std::vector<TidesVisitRow>> read_stop_visit_rows(std::string text, const std::string& file);

// One fix per row (vehicle_id, event_timestamp, latitude and longitude required).
Result<std::vector<VehicleReport>> read_vehicle_locations(std::string text,
                                                          const std::string& file);

// ISO 8601 with seconds and an offset or Z ("2024-03-20T07:01:30+08:00") to unix seconds.
std::optional<std::int64_t> parse_iso_datetime(std::string_view s);

// "file:line：字段 NAME WHY" as a 400 naming the field.
Error tides_bad_field(const std::string& file, int line, const char* name, const std::string& why);

}  // namespace zt::transit::kpi

// The day's vehicle and driver assignments (车辆/司机排班): for a service date, which bus runs each
// block (路牌) of the timetable and who drives it. One bus per block and one block per bus a day;
// an assignment belongs to the operating unit it was made for (none when no unit is configured),
// and only that unit (or one who sees all units) changes or removes it; every change audited. The
// alarm "not on its assigned block" and the console's driver come from here; a bus with no
// assignment falls back to the block it began the day on. Thread-safety: as the Store.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/audit.hpp"
#include "core/calendar.hpp"
#include "core/store.hpp"
#include "transit/network.hpp"

namespace zt::transit::dispatch {

struct Assignment {
  Date date{};
  std::string block_id, vehicle_id, driver_name, driver_no;
  std::optional<std::int64_t> unit;  // the operating unit, fixed on creation
  std::string updated_by;
  std::int64_t updated_at = 0;
  nlohmann::json to_json() const;
};

// A block of the timetable on a date, as the assignment page lists it.
struct DayBlock {
  std::string block_id;
  std::vector<std::string> routes;  // route names (short name, else long), in order of first run
  int first_departure = 0, last_arrival = 0;  // GTFS seconds of the service day
  int trips = 0;
};
// The feed's blocks (trips' block_id) running on `date`, by first departure.
std::vector<DayBlock> blocks_on(const Network& n, Date date);

Result<std::vector<Assignment>> list_assignments(Store& store, Date date);
// vehicle id → its assignment on `date`.
using AssignmentsByVehicle = std::unordered_map<std::string, Assignment>;
Result<AssignmentsByVehicle> assignments_by_vehicle(Store& store, Date date);

// Assigns (or reassigns) `a.block_id` on `a.date`; a new assignment takes `a.unit`, a changed
// one keeps its own. A bus already on another block that day is a conflict naming the block;
// another unit's assignment is forbidden unless `all_units`. Audited as `who`.
Result<Assignment> put_assignment(Store& store, Assignment a, const Actor& who, bool all_units,
                                  Instant at);
// Removes the block's assignment: false when there was none (removing is idempotent), forbidden
// as above. Audited as `who`.
Result<bool> remove_assignment(Store& store, Date date, const std::string& block_id,
                               const Actor& who, bool all_units, Instant at);

}  // namespace zt::transit::dispatch

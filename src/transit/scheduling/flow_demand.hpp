// The demand a timetable is planned from, taken from a stored passenger-flow day (客流分析):
// per hour, the riders on each segment of the route and direction, in stop order, each segment as
// long as the straight line between its stops — the same rows a planner's demand table gives.
#pragma once

#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/store.hpp"
#include "transit/network.hpp"
#include "transit/scheduling/frequencies.hpp"

namespace zt::transit::scheduling {

// 404 when no flow day is stored for `day`; 400 (field "flow_date") when it has no segment load
// of the route and direction.
Result<std::vector<DemandRow>> flow_demand_rows(Store& store, const Network& n, Date day,
                                                const std::string& route_id, int direction);

}  // namespace zt::transit::scheduling

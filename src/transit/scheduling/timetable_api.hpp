// The timetable routes (行车计划), read-only, for the planner's page; registered with the other
// scheduling routes:
//   GET  /api/v1/transit/scheduling/running-times?route=&direction=&from=&to=&percentile=
//   POST /api/v1/transit/scheduling/timetable   (a proposal computed, not stored)
#pragma once

#include "core/http.hpp"
#include "transit/api.hpp"

namespace zt::transit::scheduling {

void register_timetable_routes(http::Router& router, const Services& s);

}  // namespace zt::transit::scheduling

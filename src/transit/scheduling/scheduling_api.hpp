// The scheduling routes (/api/v1/transit/scheduling/...), read-only over the active feed, for the
// planner's pages; added by transit::TransitModule.
#pragma once

#include "core/http.hpp"
#include "transit/api.hpp"

namespace zt::transit::scheduling {

// GET /api/v1/transit/scheduling/blocks?date=&min_layover=&max_deadhead=&deadhead_speed=
void register_scheduling_routes(http::Router& router, const Services& s);

}  // namespace zt::transit::scheduling

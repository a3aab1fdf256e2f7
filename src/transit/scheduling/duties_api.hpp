// The crew-duty routes (/api/v1/transit/scheduling/duties…): a day's driver duties (司机排班)
// over the optimal blocks of the chosen routes, as JSON for the planner's page, as the 排班表
// workbook and as the Operational Data Standard's files. Read-only; added by
// register_scheduling_routes.
#pragma once

#include "core/http.hpp"
#include "transit/api.hpp"

namespace zt::transit::scheduling {

// GET …/duties, …/duties.xlsx, …/duties/ods.zip, all with the same query.
void register_duties_routes(http::Router& router, const Services& s);

}  // namespace zt::transit::scheduling

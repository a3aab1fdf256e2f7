// What the passenger-flow route files share: the day in the path, a stored day or 404, and the
// Chinese names of stops and routes the answers carry.
#pragma once

#include <string>

#include "core/http.hpp"
#include "transit/flow/flow_store.hpp"
#include "transit/network.hpp"

namespace zt::transit::flow {

// The stop's name, its id when the feed lacks it.
std::string stop_name(const Network& n, const std::string& id);
// The stop's public number (GTFS stop_code), "" when the feed gives none.
std::string stop_code(const Network& n, const std::string& id);
std::string route_name(const Network& n, const std::string& id);
// {date} of the path (400 when it is not YYYY-MM-DD).
Result<Date> path_date(const http::Request& req);
// The flow day stored for `day` (404 when there is none).
Result<FlowDay> stored_day(Store& store, Date day);

}  // namespace zt::transit::flow

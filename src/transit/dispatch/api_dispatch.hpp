// The dispatch routes (alarms, advice, the terminal departure board, the events WebSocket),
// added by transit::TransitModule. `engine` outlives the router's use.
#pragma once

#include "core/http.hpp"
#include "transit/api.hpp"
#include "transit/dispatch/engine.hpp"

namespace zt::transit::dispatch {

void register_dispatch_routes(http::Router& router, const Services& s, Engine& engine);

}  // namespace zt::transit::dispatch

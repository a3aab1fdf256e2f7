// The dispatch routes (alarms, advice, the terminal departure board, the events WebSocket),
// added by transit::TransitModule. `engine` outlives the router's use.
#pragma once

#include <functional>
#include <optional>

#include "core/http.hpp"
#include "transit/api.hpp"
#include "transit/dispatch/engine.hpp"

namespace zt::transit::dispatch {

// Sends an accepted piece of advice to its bus's driver (a JT/T 808 text, instructions.hpp) and
// says what became of it: {"sent":true,"message":{…}} or {"sent":false,"reason":"…"}. Called
// after the decision is stored; may be called from several request threads at once.
using Instruct = std::function<nlohmann::json(const Advice&, const Actor&)>;

void register_dispatch_routes(http::Router& router, const Services& s, Engine& engine,
                              Instruct instruct);
// The day's buses and drivers on blocks (api_assignments.cpp); `unit` is the operating unit
// whose dispatchers may change them (nullopt: any dispatcher). Called by the above.
void register_assignment_routes(http::Router& router, const Services& s,
                                std::optional<std::int64_t> unit);

}  // namespace zt::transit::dispatch

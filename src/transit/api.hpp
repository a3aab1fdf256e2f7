// The transit module's HTTP routes.
#pragma once

#include "core/clock.hpp"
#include "core/http.hpp"
#include "core/store.hpp"

namespace zt::transit {

class Positions;

void register_routes(http::Router& router, Store& store, const Clock& clock, Positions& positions);

}  // namespace zt::transit

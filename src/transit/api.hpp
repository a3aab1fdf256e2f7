// The transit module's HTTP routes.
#pragma once

#include "core/clock.hpp"
#include "core/http.hpp"
#include "core/store.hpp"

namespace zt::transit {

class Positions;
class NetworkHolder;

void register_routes(http::Router& router, Store& store, const Clock& clock, Positions& positions,
                     NetworkHolder& network);

}  // namespace zt::transit

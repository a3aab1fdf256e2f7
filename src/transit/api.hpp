// The transit module's HTTP routes.
#pragma once

#include "core/clock.hpp"
#include "core/http.hpp"
#include "core/store.hpp"
#include "transit/arrivals.hpp"

namespace zt::transit {

class Positions;
class NetworkHolder;
class CoverageLog;

void register_routes(http::Router& router, Store& store, const Clock& clock, Positions& positions,
                     NetworkHolder& network, CoverageLog& coverage);
// Samples forecast coverage into the log (called every minute by the app's background round).
Result<Coverage> sample_coverage(const Clock& clock, Positions& positions, NetworkHolder& network,
                                 CoverageLog& coverage);

}  // namespace zt::transit

// The transit module's HTTP routes.
#pragma once

#include "core/clock.hpp"
#include "core/http.hpp"
#include "core/store.hpp"

#include <nlohmann/json.hpp>
#include "transit/arrivals.hpp"

namespace zt::transit {

class Positions;
class NetworkHolder;
class CoverageLog;
class LiveFleet;

// What the routes work with; all outlive the router.
struct Services {
  Store& store;
  const Clock& clock;
  Positions& positions;
  NetworkHolder& network;
  CoverageLog& coverage;
  LiveFleet& fleet;
};

void register_routes(http::Router& router, const Services& s);
// What a stop board shows now (GET …/stops/{id}/arrivals and the board WebSocket's messages).
Result<nlohmann::json> board_now(const Services& s, const std::string& stop_id);
// WebSocket topics of boards are "board:<stop_id>".
inline constexpr std::string_view kBoardTopic = "board:";

// Samples forecast coverage into the log (called every minute by the app's background round).
Result<Coverage> sample_coverage(const Services& s);

}  // namespace zt::transit

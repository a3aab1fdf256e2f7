// The transit module's HTTP routes, added by transit::TransitModule.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

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

// Boards rendered at most once per stop per second: many screens and phones asking for one stop
// cost one computation, and a board is never more than a second behind the fleet.
class BoardCache {
 public:
  std::optional<std::string> get(const std::string& stop, std::int64_t now) const;
  void put(const std::string& stop, std::int64_t now, std::string body);

 private:
  struct Entry {
    std::int64_t at = 0;
    std::string body;
  };
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

// What the routes work with; all owned by the module and outliving the router's use.
struct Services {
  Store& store;
  const Clock& clock;
  Positions& positions;
  NetworkHolder& network;
  CoverageLog& coverage;
  LiveFleet& fleet;
  BoardCache& boards;
  // The app's own clock, for what is stored (uploads, registers, audit): `clock` may be shifted
  // into a feed's service hours for a demo.
  const Clock& records_clock;
};

void register_routes(http::Router& router, const Services& s);
// GET /network (routes, shapes and stops for the map) and stop search (api_network.cpp).
void register_network_routes(http::Router& router, const Services& s);
// 500 m stop coverage and its built-up area, forecast coverage by stop (kpi/api_coverage.cpp).
void register_coverage_kpi_routes(http::Router& router, const Services& s);
// The vehicle register, fleet targets and accident register (register/api_register.cpp).
void register_fleet_routes(http::Router& router, const Services& s);
// What a stop board shows now (GET …/stops/{id}/arrivals and the board WebSocket's messages).
Result<nlohmann::json> board_now(const Services& s, const std::string& stop_id);
// WebSocket topics of boards are "board:<stop_id>".
inline constexpr std::string_view kBoardTopic = "board:";

// Forecast coverage now; sample_coverage also records it in the log (called every minute by the
// module's job round).
Result<Coverage> coverage_now(const Services& s);
Result<Coverage> sample_coverage(const Services& s);

}  // namespace zt::transit

// The terminal departure board (发车计划): the next departures from a stop per route and
// direction, with the planned time, the vehicle assigned and the advised time.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "transit/dispatch/dispatch_store.hpp"

namespace zt::transit::dispatch {

// Named apart from terminal_board.hpp's Departure: two types of one name in one namespace broke the
// one-definition rule (vector code of one used for the other; ASan caught it).
struct AdvisedDeparture {
  std::string trip_id, block_id;
  std::int64_t planned_at = 0;
  std::string vehicle_id;  // "" none known
  std::optional<std::int64_t> advised_at, advice_id;
  std::string explanation;
};
struct RouteDepartures {
  std::string route_id, route_name, headsign;
  int direction = -1;
  std::vector<AdvisedDeparture> departures;
};

// Trips starting at `stop` (their first stop) from a minute ago on, `limit` per route and
// direction. The vehicle: the one matched to the trip, else the one on the block's trip before.
// `advice`: open depart advice, matched by trip. kNotFound for an unknown stop.
Result<std::vector<RouteDepartures>> departures(const Network& n, const LiveSnapshot& live,
                                                const std::string& stop_id, std::int64_t now,
                                                std::size_t limit,
                                                const std::vector<Advice>& advice);
nlohmann::json departures_json(const Network& n, const std::string& stop_id, std::int64_t now,
                               const std::vector<RouteDepartures>& board);

}  // namespace zt::transit::dispatch

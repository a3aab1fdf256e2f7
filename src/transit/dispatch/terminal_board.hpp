// The terminal departure board (发车计划) of the dispatcher's console: for one terminal, the
// next departures of each route starting there with their planned time and the bus that will run
// each — the one already on the trip, else the bus now running the trip before it on the same
// block (路牌), else, for a route without blocks, the buses coming back to this terminal in the
// order they arrive. The advised time is the headway-control helper's; this board has none.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "transit/network.hpp"
#include "transit/predictor.hpp"

namespace zt::transit::dispatch {

enum class Assigned {
  kNone,
  kOnTrip,     // the bus is on this trip already (waiting at the terminal, or gone)
  kBlock,      // running the block's previous trip
  kReturning,  // coming back to this terminal on the route, first come first served
};
std::string_view assigned_code(Assigned a);  // "none", "on_trip", "block", "returning"

struct Departure {
  TripIdx trip;
  Date day;
  int shift = 0;                            // a frequency-based run's start minus its template's
  std::int64_t planned = 0;                 // unix seconds
  const TripPrediction* vehicle = nullptr;  // into the snapshot; null when none is known
  Assigned how = Assigned::kNone;
  std::optional<std::int64_t> ready;  // when the bus is predicted at this terminal
  bool departed = false;              // its bus has left the terminal on this trip
};

struct TerminalBoard {
  StopIdx stop;
  std::vector<Departure> departures;  // by planned time
};

// Departures from `stop_id` planned in [now - 5 min, now + `window_s`], at most `per_route` of
// each route. Not found for an unknown stop. `live` must outlive the board.
Result<TerminalBoard> terminal_board(const Network& n, const LiveSnapshot& live,
                                     std::string_view stop_id, std::int64_t now,
                                     std::int64_t window_s = 5400, std::size_t per_route = 6);

// The stops some trip starts at, each with the routes starting there (feed order).
struct Terminal {
  StopIdx stop;
  std::vector<std::uint32_t> routes;  // indices into the feed's routes
  std::size_t trips = 0;
};
std::vector<Terminal> terminals(const Network& n);

}  // namespace zt::transit::dispatch

// The dispatcher's console (调度台) over HTTP: route ladders, a bus's details, terminal departure
// boards, the map's tile configuration, and the live fleet pushed over a WebSocket.
#pragma once

#include <memory>
#include <mutex>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/config.hpp"
#include "core/http.hpp"
#include "transit/api.hpp"
#include "transit/dispatch/ladder.hpp"

namespace zt::transit::dispatch {

// WebSocket topic of the live fleet (every placed bus and every unplaced fix).
inline constexpr std::string_view kFleetTopic = "dispatch:fleet";

// What the console's routes and its pusher share: the lines of the current network, built once
// per network version. Thread-safe.
class Console {
 public:
  explicit Console(const Services& s) : s_(s) {}

  struct View {
    std::shared_ptr<const Network> network;
    std::shared_ptr<const Lines> lines;  // of `network`
    std::shared_ptr<const LiveSnapshot> live;
    std::int64_t now = 0;
  };
  Result<View> view();
  // The WebSocket's message: {"type":"fleet","generated_at","network_version","vehicles":[…]}.
  Result<nlohmann::json> fleet();
  const Services& services() const { return s_; }

 private:
  const Services& s_;
  std::mutex mu_;
  std::shared_ptr<const Network> network_;  // the one `lines_` was built from
  std::shared_ptr<const Lines> lines_;
};

// GET …/dispatch/ladder, …/dispatch/vehicles/{id}, …/dispatch/terminals, …/dispatch/board,
// …/transit/map-config and the WebSocket …/dispatch/fleet/ws. `console` and `config` outlive the
// router.
void register_console_routes(http::Router& router, Console& console, const Config& config);

}  // namespace zt::transit::dispatch

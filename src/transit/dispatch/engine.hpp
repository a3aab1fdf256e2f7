// The dispatch engine: each update round turns the live fleet into alarm conditions and
// advice, stores them (dispatch_store.hpp) and returns the changes to push. Thread-safe: rounds
// are serialised; the settings are immutable.
#pragma once

#include <mutex>

#include "transit/dispatch/dispatch_store.hpp"
#include "transit/dispatch/settings.hpp"

namespace zt::transit::dispatch {

class Engine {
 public:
  Engine(Store& store, Settings settings) : store_(store), settings_(std::move(settings)) {}
  // One round over `live` (built on `n`) at `now` (transit clock); audit stamped `at`.
  Result<std::vector<Event>> round(const Network& n, const LiveSnapshot& live, std::int64_t now,
                                   Instant at);
  const Settings& settings() const { return settings_; }
  // The WebSocket topic of the operating unit's dispatch events.
  std::string topic() const;

 private:
  Store& store_;
  const Settings settings_;
  std::mutex mu_;
  FleetMemory memory_;
};

inline constexpr std::string_view kDispatchTopic = "dispatch:";

}  // namespace zt::transit::dispatch

#include "transit/dispatch/engine.hpp"

namespace zt::transit::dispatch {

Result<std::vector<Event>> Engine::round(const Network& n, const LiveSnapshot& live,
                                         std::int64_t now, Instant at) {
  std::lock_guard lock(mu_);
  // The day's assignments; a store that cannot be read leaves the fallback (the block a bus
  // began the day on) rather than stopping the round.
  auto assigned = assignments_by_vehicle(store_, n.local_date(now));
  const auto buses = bus_states(n, live, now, memory_, assigned ? &*assigned : nullptr);
  auto alarms = sync_alarms(store_, detect(buses, settings_, now), settings_.unit(), now, at);
  if (!alarms) return fail(alarms.error());
  auto advice = sync_advice(store_, advise(buses, settings_, now), settings_.unit(), now, at);
  if (!advice) return fail(advice.error());
  alarms->insert(alarms->end(), advice->begin(), advice->end());
  return std::move(*alarms);
}

std::string Engine::topic() const {
  const auto u = settings_.unit();
  return std::string(kDispatchTopic) + (u ? std::to_string(*u) : "all");
}

}  // namespace zt::transit::dispatch

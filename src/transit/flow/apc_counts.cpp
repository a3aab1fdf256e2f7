#include "transit/flow/apc_counts.hpp"

#include <map>
#include <set>

namespace zt::transit::flow {

CountMatch match_counts(const VisitIndex& visits, const std::vector<CountEvent>& events) {
  const Network& n = visits.network();
  CountMatch m;
  m.events = events.size();
  std::map<std::size_t, std::pair<int, int>> per_visit;
  std::set<std::string> vehicles;
  for (const auto& e : events) {
    std::optional<StopIdx> stop;
    if (!e.stop_id.empty()) {
      stop = n.find_stop(e.stop_id);
      if (!stop) {  // a stop the feed does not have: no visit can be at it
        ++m.no_visit_near_time;
        continue;
      }
    }
    BoardingFault fault = BoardingFault::kNone;
    auto v = visits.visit_near(e.vehicle_id, e.at, stop, &fault);
    if (!v) {
      ++(fault == BoardingFault::kNoVisitsOfVehicle ? m.no_visits_of_vehicle
                                                    : m.no_visit_near_time);
      continue;
    }
    ++m.matched;
    auto& c = per_visit[*v];
    c.first += e.on, c.second += e.off;
    m.boarded += e.on, m.alighted += e.off;
    vehicles.insert(e.vehicle_id);
  }
  m.vehicles = vehicles.size();
  m.counts.reserve(per_visit.size());
  for (const auto& [i, c] : per_visit) {
    const auto& v = visits.visits()[i];
    m.counts.push_back({v.vehicle_id, v.trip, v.index, c.first, c.second});
  }
  return m;
}

CountMatch counts_on_visits(std::vector<ApcCount> counts) {
  CountMatch m;
  std::set<std::string> vehicles;
  for (const auto& c : counts) {
    m.boarded += c.on, m.alighted += c.off;
    vehicles.insert(c.vehicle_id);
  }
  m.events = m.matched = counts.size();
  m.vehicles = vehicles.size();
  m.counts = std::move(counts);
  return m;
}

}  // namespace zt::transit::flow

#include "transit/dispatch/fleet_view.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace zt::transit::dispatch {

std::string bus_name(const BusState& b) { return b.label.empty() ? "未登记车辆" : b.label; }

std::vector<Headway> headways(const std::vector<BusState>& buses) {
  std::map<std::pair<std::string, int>, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < buses.size(); ++i)
    if (buses[i].on_trip && !buses[i].ahead.empty())
      groups[{buses[i].route_id, buses[i].direction}].push_back(i);
  std::vector<Headway> out;
  for (const auto& [key, members] : groups) {
    for (std::size_t f : members) {
      const auto& follower = buses[f];
      std::optional<Headway> best;
      for (std::size_t l : members) {
        if (l == f) continue;
        const auto& leader = buses[l];
        const auto& stop = leader.ahead.front();
        // The follower's first call at the leader's next stop; at the same next stop the one
        // farther along leads.
        for (std::size_t k = 0; k < follower.ahead.size(); ++k) {
          const auto& mine = follower.ahead[k];
          if (mine.stop_id != stop.stop_id) continue;
          if (k == 0 && follower.dist >= leader.dist) break;
          Headway h{l, f, stop.stop_id, stop.stop_name, mine.predicted - stop.predicted, 0};
          if (mine.scheduled > 0 && stop.scheduled > 0 && mine.scheduled > stop.scheduled)
            h.scheduled_s = mine.scheduled - stop.scheduled;
          if (h.headway_s >= 0 && (!best || h.headway_s < best->headway_s)) best = h;
          break;
        }
      }
      if (best) out.push_back(*best);
    }
  }
  return out;
}

namespace {

// A stop is a control point when it is a timepoint strictly inside the trip; when every stop
// is a timepoint (many feeds mark them all), the stops at a quarter, half and three quarters.
bool control_point(const Feed& f, std::size_t b, std::size_t e, std::size_t at) {
  const std::size_t n = e - b;
  if (n < 3 || at == b || at + 1 == e) return false;
  std::size_t timepoints = 0;
  for (std::size_t i = b; i < e; ++i) timepoints += f.stop_times[i].timepoint ? 1 : 0;
  if (timepoints < n) return f.stop_times[at].timepoint;
  const std::size_t k = at - b;
  return k == n / 4 || k == n / 2 || k == 3 * n / 4;
}

}  // namespace

std::vector<BusState> bus_states(const Network& n, const LiveSnapshot& live, std::int64_t now,
                                 FleetMemory& memory, const AssignmentsByVehicle* assigned) {
  const auto& f = n.feed();
  const auto& g = n.geometry();
  std::unordered_map<std::string, std::size_t> route_index;
  for (std::size_t i = 0; i < f.routes.size(); ++i) route_index.emplace(f.routes[i].id, i);
  std::vector<BusState> out;
  for (const auto& p : live.trips) {
    BusState b;
    const auto& v = p.vehicle;
    b.vehicle_id = v.vehicle_id;
    // Without a label the vehicle id is how its operator knows it (a JSON AVL or 808 plate, a
    // feed's fleet number); the simulator labels its buses, so its internal ids never show.
    b.label = v.label.empty() ? v.vehicle_id : v.label;
    b.lat = v.lat;
    b.lon = v.lon;
    b.fix_at = v.timestamp;
    b.speed_mps = v.speed;
    const auto& trip = n.trip(p.on.trip);
    b.on_trip = true;
    b.trip_id = trip.id;
    b.route_id = trip.route_id;
    if (auto it = route_index.find(trip.route_id); it != route_index.end()) {
      const auto& r = f.routes[it->second];
      b.route_name = r.short_name.empty() ? r.long_name : r.short_name;
    }
    b.block_id = trip.block_id;
    b.direction = trip.direction;
    b.frequency_based = false;
    for (const auto* fr : n.frequencies_of(p.on.trip)) b.frequency_based |= !fr->exact_times;
    b.next = p.on.next;
    b.at_stop = p.on.arrived.has_value();
    b.dist = p.on.dist;
    b.delay_s = p.on.delay;
    const auto [begin, end] = n.trip_span(p.on.trip);
    const auto& pattern = g.pattern(p.on.pattern);
    const auto& path = g.path(pattern.path);
    auto [x, y] = g.to_plane(v.lat, v.lon);
    b.off_path_m = Geometry::project(path, x, y, p.on.dist - 200, p.on.dist + 200).offset;
    // Standing still: within 20 m of where it stopped moving.
    auto& still = memory.still[b.vehicle_id];
    if (still.since == 0 || std::hypot(x - still.x, y - still.y) > 20) still = {x, y, v.timestamp};
    b.stopped_for_s = std::max<std::int64_t>(0, v.timestamp - still.since);
    // The block it began the service day on.
    const auto day = p.on.day.time_since_epoch().count();
    auto& first = memory.first_block[b.vehicle_id];
    if (first.first != day || first.second.empty()) first = {day, trip.block_id};
    b.assigned_block = first.second;
    if (assigned)
      if (auto it = assigned->find(b.vehicle_id); it != assigned->end()) {
        b.assigned_block = it->second.block_id;
        b.driver_name = it->second.driver_name;
      }
    if (end > begin) {
      const auto& first_stop = f.stop_times[begin];
      const int dep = first_stop.departure >= 0 ? first_stop.departure : first_stop.arrival;
      b.planned_departure = p.base + dep;
      if (p.on.next == 0 && now > b.planned_departure)
        b.terminal_deviation_s = now - b.planned_departure;  // still waiting to leave
      else if (p.on.next == 1)
        b.terminal_deviation_s = p.on.delay;
    }
    for (std::size_t k = 0; k < p.stops.size() && begin + p.on.next + k < end; ++k) {
      const std::size_t at = begin + p.on.next + k;
      const auto& st = f.stop_times[at];
      const auto& stop = f.stops[st.stop];
      StopAhead a;
      a.stop_id = stop.id;
      a.stop_name = stop.name;
      a.predicted = p.stops[k].arrival;
      if (st.arrival >= 0) a.scheduled = p.base + st.arrival;
      a.control = control_point(f, begin, end, at);
      const std::size_t offset = p.on.next + k;
      a.dist = offset < pattern.stop_dist.size() ? pattern.stop_dist[offset] : 0;
      a.lat = stop.lat;
      a.lon = stop.lon;
      b.ahead.push_back(std::move(a));
    }
    out.push_back(std::move(b));
  }
  // Vehicles no longer in the snapshot are forgotten.
  if (memory.still.size() > out.size() * 2 + 64) {
    std::unordered_map<std::string, FleetMemory::Still> keep;
    for (const auto& b : out) keep[b.vehicle_id] = memory.still[b.vehicle_id];
    memory.still = std::move(keep);
  }
  return out;
}

}  // namespace zt::transit::dispatch

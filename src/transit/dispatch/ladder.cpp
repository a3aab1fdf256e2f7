#include "transit/dispatch/ladder.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace zt::transit::dispatch {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::uint64_t key(std::uint32_t route, std::uint32_t pattern) {
  return (std::uint64_t(route) << 32) | pattern;
}

std::vector<StopIdx> pattern_stops(const Network& n, std::uint32_t pattern) {
  const auto& pat = n.geometry().pattern(pattern);
  std::vector<StopIdx> out;
  if (pat.trips.empty()) return out;
  auto [b, e] = n.trip_span(TripIdx{pat.trips.front()});
  for (auto i = b; i < e; ++i) out.push_back(Network::stop_of(n.feed().stop_times[i]));
  return out;
}

// Metres along `line` of each of `stops` that the line calls at, matched in order (a stop the line
// passes twice matches its first call after the previous match); NaN for the others.
std::vector<double> match(const Line& line, const std::vector<StopIdx>& stops, std::size_t* found) {
  std::vector<double> at(stops.size(), kNaN);
  std::size_t j = 0;
  *found = 0;
  for (std::size_t i = 0; i < stops.size(); ++i)
    for (std::size_t k = j; k < line.stops.size(); ++k)
      if (line.stops[k] == stops[i]) {
        at[i] = line.dist[k];
        j = k + 1;
        ++*found;
        break;
      }
  return at;
}

}  // namespace

std::string_view schedule_code(ScheduleState s) {
  switch (s) {
    case ScheduleState::kOnTime:
      return "on_time";
    case ScheduleState::kLate:
      return "late";
    case ScheduleState::kVeryLate:
      return "very_late";
    case ScheduleState::kEarly:
      return "early";
  }
  return "on_time";
}

std::string_view headway_code(HeadwayState s) {
  switch (s) {
    case HeadwayState::kUnknown:
      return "unknown";
    case HeadwayState::kNormal:
      return "normal";
    case HeadwayState::kBunched:
      return "bunched";
    case HeadwayState::kGapped:
      return "gapped";
  }
  return "unknown";
}

ScheduleState schedule_state(std::int64_t delay, const LadderOptions& o) {
  if (delay > o.very_late_s) return ScheduleState::kVeryLate;
  if (delay > o.late_s) return ScheduleState::kLate;
  if (delay < -o.early_s) return ScheduleState::kEarly;
  return ScheduleState::kOnTime;
}

HeadwayState headway_state(std::optional<std::int64_t> headway,
                           std::optional<std::int64_t> scheduled, const LadderOptions& o) {
  if (!headway || !scheduled || *scheduled <= 0) return HeadwayState::kUnknown;
  const double ratio = double(*headway) / double(*scheduled);
  if (ratio <= o.bunched) return HeadwayState::kBunched;
  if (ratio >= o.gapped) return HeadwayState::kGapped;
  return HeadwayState::kNormal;
}

std::shared_ptr<const Lines> Lines::build(const Network& n) {
  auto out = std::make_shared<Lines>();
  out->network_ = &n;
  const auto& f = n.feed();
  const auto& g = n.geometry();
  std::unordered_map<std::string_view, std::uint32_t> route_index;
  for (std::uint32_t r = 0; r < f.routes.size(); ++r) route_index.emplace(f.routes[r].id, r);
  struct Use {
    std::size_t trips = 0;
    std::map<int, std::size_t> directions;  // direction_id → trips
  };
  std::vector<std::map<std::uint32_t, Use>> uses(f.routes.size());  // per route, per pattern
  for (std::uint32_t t = 0; t < f.trips.size(); ++t) {
    auto r = route_index.find(f.trips[t].route_id);
    auto [b, e] = n.trip_span(TripIdx{t});
    if (r == route_index.end() || e - b < 2) continue;
    auto& u = uses[r->second][g.pattern_of(t)];
    ++u.trips;
    ++u.directions[f.trips[t].direction];
  }
  for (std::uint32_t r = 0; r < f.routes.size(); ++r) {
    // The patterns most trips run first: they become the lines; the rest are placed on them.
    std::vector<std::pair<std::uint32_t, const Use*>> order;
    for (const auto& [p, u] : uses[r]) order.push_back({p, &u});
    std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
      if (a.second->trips != b.second->trips) return a.second->trips > b.second->trips;
      return g.pattern(a.first).stop_dist.size() > g.pattern(b.first).stop_dist.size();
    });
    auto& mine = out->by_route_[f.routes[r].id];
    for (const auto& [p, u] : order) {
      int direction = -1;
      std::size_t most = 0;
      for (const auto& [d, count] : u->directions)
        if (count > most) direction = d, most = count;
      const auto stops = pattern_stops(n, p);
      std::optional<std::size_t> on;
      std::vector<double> at;
      for (auto li : mine) {
        const Line& line = out->lines_[li];
        std::size_t found = 0;
        auto m = match(line, stops, &found);
        // With a direction_id the trips say which line; without, the stops' order does.
        const bool same = direction >= 0 ? line.direction == direction
                                         : found >= std::max<std::size_t>(2, stops.size() / 2);
        if (same) {
          on = li;
          at = std::move(m);
          break;
        }
      }
      if (!on) {
        Line line;
        line.route_id = f.routes[r].id;
        line.direction = direction;
        if (direction < 0) {  // the first ordinal no line of the route has
          direction = 0;
          while (std::any_of(mine.begin(), mine.end(), [&](std::size_t li) {
            return out->lines_[li].direction == direction;
          }))
            ++direction;
          line.direction = direction;
        }
        line.pattern = p;
        line.stops = stops;
        line.dist = g.pattern(p).stop_dist;
        on = out->lines_.size();
        out->lines_.push_back(std::move(line));
        mine.push_back(*on);
        at = out->lines_[*on].dist;
      }
      out->lines_[*on].trips += u->trips;
      out->patterns_[key(r, p)] = OnLine{*on, std::move(at)};
    }
    std::sort(mine.begin(), mine.end(), [&](std::size_t a, std::size_t b) {
      return out->lines_[a].direction < out->lines_[b].direction;
    });
  }
  for (std::uint32_t r = 0; r < f.routes.size(); ++r) out->route_index_[f.routes[r].id] = r;
  return out;
}

const std::vector<std::size_t>& Lines::of_route(std::string_view route_id) const {
  static const std::vector<std::size_t> kNone;
  auto it = by_route_.find(std::string(route_id));
  return it == by_route_.end() ? kNone : it->second;
}

std::optional<std::pair<std::size_t, double>> Lines::place(std::string_view route_id,
                                                           std::uint32_t pattern,
                                                           double dist) const {
  auto r = route_index_.find(std::string(route_id));
  if (r == route_index_.end()) return std::nullopt;
  auto it = patterns_.find(key(r->second, pattern));
  if (it == patterns_.end()) return std::nullopt;
  const auto& ol = it->second;
  const Line& line = lines_[ol.line];
  const double len = line.length();
  if (line.pattern == pattern) return std::pair{ol.line, std::clamp(dist, 0.0, len)};
  const auto& sd = network_->geometry().pattern(pattern).stop_dist;
  if (sd.empty()) return std::pair{ol.line, 0.0};
  // The pattern's stops just behind and just ahead of the bus that the line calls at too.
  const auto i = std::size_t(
      std::max<std::ptrdiff_t>(0, std::upper_bound(sd.begin(), sd.end(), dist) - sd.begin() - 1));
  std::optional<std::size_t> a, b;
  for (std::size_t k = i + 1; k-- > 0;)
    if (!std::isnan(ol.at[k])) {
      a = k;
      break;
    }
  for (std::size_t k = i + 1; k < sd.size(); ++k)
    if (!std::isnan(ol.at[k])) {
      b = k;
      break;
    }
  double d;
  if (a && b && sd[*b] > sd[*a]) {
    const double u = std::clamp((dist - sd[*a]) / (sd[*b] - sd[*a]), 0.0, 1.0);
    d = ol.at[*a] + u * (ol.at[*b] - ol.at[*a]);
  } else if (a) {
    d = ol.at[*a] + (dist - sd[*a]);
  } else if (b) {
    d = ol.at[*b] - (sd[*b] - dist);
  } else {  // nothing in common: the same share of the way
    d = sd.back() > 0 ? dist / sd.back() * len : 0;
  }
  return std::pair{ol.line, std::clamp(d, 0.0, len)};
}

namespace {

// The follower's headway to its leader and the timetable's, where the leader goes next (or, when
// the follower's trip does not call there, at the first of the leader's next stops it does).
void measure(const Network& n, const TripPrediction& leader, LadderVehicle& follower) {
  const auto& st = n.feed().stop_times;
  const TripPrediction& f = *follower.p;
  const auto [lb, le] = n.trip_span(leader.on.trip);
  const auto [fb, fe] = n.trip_span(f.on.trip);
  const std::uint32_t lm = std::uint32_t(le - lb), fm = std::uint32_t(fe - fb);
  for (std::uint32_t k = leader.on.next; k < lm && k < leader.on.next + 4; ++k) {
    const auto* la = leader.at(k);
    if (!la) return;
    for (std::uint32_t j = f.on.next; j < fm; ++j) {
      if (st[fb + j].stop != st[lb + k].stop) continue;
      const auto* fa = f.at(j);
      if (!fa) return;
      follower.headway = fa->arrival - la->arrival;
      const std::int64_t scheduled =
          (f.base + st[fb + j].arrival) - (leader.base + st[lb + k].arrival);
      if (scheduled > 0) follower.scheduled = scheduled;
      return;
    }
  }
}

}  // namespace

Ladder ladder(const Network& n, const Lines& lines, const LiveSnapshot& live,
              std::string_view route_id, const LadderOptions& o) {
  Ladder out;
  std::unordered_map<std::size_t, std::size_t> direction_of;  // line → index in out.directions
  auto add_line = [&](std::size_t li) {
    direction_of[li] = out.directions.size();
    out.directions.push_back({li, false, {}});
  };
  if (route_id.empty())
    for (std::size_t li = 0; li < lines.size(); ++li) add_line(li);
  else
    for (auto li : lines.of_route(route_id)) add_line(li);
  if (live.network != &n) return out;  // a snapshot of another network says nothing here
  for (const auto& p : live.trips) {
    const auto& rid = n.trip(p.on.trip).route_id;
    if (!route_id.empty() && rid != route_id) continue;
    auto placed = lines.place(rid, p.on.pattern, p.on.dist);
    if (!placed) continue;
    auto d = direction_of.find(placed->first);
    if (d == direction_of.end()) continue;
    LadderVehicle v;
    v.p = &p;
    v.line = placed->first;
    v.dist = placed->second;
    const auto& ld = lines.line(v.line).dist;
    v.next_stop = std::uint32_t(std::lower_bound(ld.begin(), ld.end(), v.dist - 0.5) - ld.begin());
    v.schedule = schedule_state(p.on.delay, o);
    out.directions[d->second].vehicles.push_back(std::move(v));
  }
  for (auto& dir : out.directions) {
    auto& vs = dir.vehicles;
    std::sort(vs.begin(), vs.end(), [](const LadderVehicle& a, const LadderVehicle& b) {
      if (a.dist != b.dist) return a.dist > b.dist;
      return a.p->vehicle.vehicle_id < b.p->vehicle.vehicle_id;
    });
    std::vector<std::int64_t> scheduled;
    for (std::size_t i = 1; i < vs.size(); ++i) {
      vs[i].leader = vs[i - 1].p->vehicle.vehicle_id;
      measure(n, *vs[i - 1].p, vs[i]);
      vs[i].spacing = headway_state(vs[i].headway, vs[i].scheduled, o);
      if (vs[i].scheduled) scheduled.push_back(*vs[i].scheduled);
    }
    if (!scheduled.empty()) {
      std::nth_element(scheduled.begin(), scheduled.begin() + std::ptrdiff_t(scheduled.size() / 2),
                       scheduled.end());
      dir.headway_based = scheduled[scheduled.size() / 2] <= o.headway_route_s;
    }
  }
  return out;
}

}  // namespace zt::transit::dispatch

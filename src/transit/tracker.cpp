#include "transit/tracker.hpp"

#include <algorithm>
#include <cmath>

namespace zt::transit {
namespace {

// When between two fixes the bus crossed `target` metres along its path, by linear interpolation.
std::int64_t crossing(double d0, std::int64_t t0, double d1, std::int64_t t1, double target) {
  if (d1 <= d0) return t1;
  const double u = std::clamp((target - d0) / (d1 - d0), 0.0, 1.0);
  return t0 + std::llround(u * double(t1 - t0));
}

}  // namespace

std::int64_t Tracker::day_base(Date day) const {
  const auto k = day.time_since_epoch().count();
  auto it = day_base_.find(k);
  if (it == day_base_.end()) it = day_base_.emplace(k, n_.at(day, 0)).first;
  return it->second;
}

bool Tracker::runs(TripIdx trip, Date day) const {
  const auto& service = n_.trip(trip).service_id;
  auto& on_day = runs_[day.time_since_epoch().count()];
  auto it = on_day.find(service);
  if (it == on_day.end())
    it = on_day.emplace(service, n_.runs(service, n_.timetable_day(day))).first;
  return it->second;
}

std::int64_t Tracker::scheduled_arrival(const OnTrip& on, std::uint32_t offset) const {
  return day_base(on.day) + on.shift +
         n_.feed().stop_times[n_.trip_span(on.trip).first + offset].arrival;
}

std::int64_t Tracker::scheduled_departure(const OnTrip& on, std::uint32_t offset) const {
  return day_base(on.day) + on.shift +
         n_.feed().stop_times[n_.trip_span(on.trip).first + offset].departure;
}

double Tracker::scheduled_at(TripIdx trip, std::uint32_t pattern, double dist) const {
  const auto& sd = n_.geometry().pattern(pattern).stop_dist;
  const auto& st = n_.feed().stop_times;
  const std::size_t b = n_.trip_span(trip).first;
  auto it = std::upper_bound(sd.begin(), sd.end(), dist);
  if (it == sd.begin()) return st[b].departure;
  if (it == sd.end()) return st[b + sd.size() - 1].arrival;
  const std::size_t k = std::size_t(it - sd.begin()) - 1;  // sd[k] <= dist < sd[k + 1]
  const double span = sd[k + 1] - sd[k];
  const double u = span > 0 ? (dist - sd[k]) / span : 0;
  return st[b + k].departure + u * (st[b + k + 1].arrival - st[b + k].departure);
}

void Tracker::place(OnTrip& on, std::int64_t t) const {
  const auto& sd = n_.geometry().pattern(on.pattern).stop_dist;
  on.next = 0;
  while (on.next < sd.size() && sd[on.next] + kStopRadius < on.dist) ++on.next;
  if (on.next == sd.size()) on.next = std::uint32_t(sd.size() - 1);  // at the end: its last stop
  on.arrived.reset();
  if (on.dist >= sd[on.next] - kStopRadius) on.arrived = 0;  // already at it: arrival unknown
  on.delay =
      t - (day_base(on.day) + on.shift) - std::llround(scheduled_at(on.trip, on.pattern, on.dist));
}

std::optional<OnTrip> Tracker::match(const VehicleReport& v, const VehicleState& s) const {
  const auto& f = n_.feed();
  const auto& g = n_.geometry();
  auto [x, y] = g.to_plane(v.lat, v.lon);
  std::optional<TripIdx> only;
  if (!v.trip_id.empty()) {
    only = n_.find_trip(v.trip_id);
    if (!only) return std::nullopt;  // a trip we do not know: not placed
  }
  const Date today = n_.local_date(v.timestamp);
  const std::string* block = nullptr;
  if (s.finished && !n_.trip(s.finished->first).block_id.empty())
    block = &n_.trip(s.finished->first).block_id;

  Candidate best;
  auto consider = [&](TripIdx trip, std::uint32_t pattern, double dist, double offset) {
    const auto& sd = g.pattern(pattern).stop_dist;
    if (sd.size() < 2) return;
    const double sched = scheduled_at(trip, pattern, dist);
    for (Date day : {today, Date(today - std::chrono::days(1))}) {
      if (!runs(trip, day)) continue;
      const std::int64_t base = day_base(day);
      auto try_shift = [&](int shift) {
        if (s.finished && s.finished->first == trip && s.finished->second == day) return;
        const double dev = double(v.timestamp - base - shift) - sched;
        // Up to 20 minutes early or an hour late; being early costs more than being late, and
        // distance from the path costs as much as a few seconds per metre.
        if (dev < -1200 || dev > 3600) return;
        double cost = (dev < 0 ? -2 * dev : dev) + 2 * offset;
        if (block && n_.trip(trip).block_id == *block) cost *= 0.5;  // the block's next trip
        if (cost < best.cost) {
          best.cost = cost;
          // Named fields: a positional list shifted silently when a field was added.
          best.on = OnTrip{.trip = trip,
                           .pattern = pattern,
                           .day = day,
                           .shift = shift,
                           .dist = dist,
                           .next = 0,
                           .arrived = std::nullopt,
                           .crossed = 0,
                           .delay = 0,
                           .by_trip_id = only.has_value()};
        }
      };
      const auto& freqs = n_.frequencies_of(trip);
      if (freqs.empty()) {
        try_shift(0);
        continue;
      }
      const int first = f.stop_times[n_.trip_span(trip).first].departure;
      for (const auto* q : freqs)
        for (int start = q->start; start < q->end; start += std::max(60, q->headway))
          try_shift(start - first);
    }
  };

  if (only) {
    const std::uint32_t pattern = g.pattern_of(only->value);
    const auto& path = g.path(g.pattern(pattern).path);
    const auto& sd = g.pattern(pattern).stop_dist;
    // The stop the feed says it is heading for narrows the search (a loop passes places twice).
    double from = 0, to = path.length();
    if (v.stop_sequence >= 0) {
      auto [b, e] = n_.trip_span(*only);
      for (std::size_t k = b; k < e; ++k)
        if (f.stop_times[k].sequence == v.stop_sequence) {
          const std::size_t i = k - b;
          from = i > 0 ? sd[i - 1] - kMatchRadius : 0;
          to = sd[i] + kMatchRadius;
          break;
        }
    }
    std::vector<Pass> passes;
    g.near(x, y, kMatchRadius, nullptr, passes);
    bool any = false;
    for (const auto& p : passes)
      if (p.path == g.pattern(pattern).path && p.at.dist >= from && p.at.dist <= to) {
        consider(*only, pattern, p.at.dist, p.at.offset);
        any = true;
      }
    if (!any) {
      auto pr = Geometry::project(path, x, y, std::max(0.0, from), std::min(path.length(), to));
      if (pr.offset <= kMatchRadius) consider(*only, pattern, pr.dist, pr.offset);
    }
  } else {
    std::vector<Pass> passes;
    const bool moving = v.bearing && v.speed && *v.speed > 2;
    g.near(x, y, kMatchRadius, moving ? &*v.bearing : nullptr, passes);
    for (const auto& p : passes)
      for (std::uint32_t pattern : g.patterns_on(p.path))
        for (std::uint32_t t : g.pattern(pattern).trips) {
          const TripIdx trip{t};
          if (!v.route_id.empty() && n_.trip(trip).route_id != v.route_id) continue;
          consider(trip, pattern, p.at.dist, p.at.offset);
        }
  }
  if (best.cost >= 1e18) return std::nullopt;
  place(best.on, v.timestamp);
  return best.on;
}

void Tracker::advance(VehicleState& s, const VehicleReport& v, double dist,
                      std::vector<StopEvent>& events) const {
  OnTrip& on = *s.on;
  const auto& sd = n_.geometry().pattern(on.pattern).stop_dist;
  const double d0 = on.dist;
  const std::int64_t t0 = s.last.timestamp, t1 = v.timestamp;
  on.dist = std::max(on.dist, dist);  // GPS noise never moves a bus backwards
  const auto last = std::uint32_t(sd.size() - 1);
  while (on.next < sd.size()) {
    const double at = sd[on.next];
    if (!on.arrived) {
      if (on.dist < at - kStopRadius) break;
      on.arrived = crossing(d0, t0, on.dist, t1, at - kStopRadius);
    }
    if (on.next == last) {  // the end of the trip: arriving is all there is
      const std::int64_t arrived = *on.arrived ? *on.arrived : t1;
      events.push_back(
          {v.vehicle_id, on.trip, on.day, on.shift, on.next, *on.arrived, arrived, *on.arrived});
      ++on.next;
      on.crossed = 0;
      break;
    }
    // Seen before the stop's place and now at or past it: the crossing is known.
    if (!on.crossed && d0 < at && on.dist >= at) on.crossed = crossing(d0, t0, on.dist, t1, at);
    if (on.dist <= at + kStopRadius) break;  // still at the stop
    events.push_back({v.vehicle_id, on.trip, on.day, on.shift, on.next, *on.arrived,
                      crossing(d0, t0, on.dist, t1, at + kStopRadius), on.crossed});
    ++on.next;
    on.arrived.reset();
    on.crossed = 0;
  }
  on.delay =
      t1 - (day_base(on.day) + on.shift) - std::llround(scheduled_at(on.trip, on.pattern, on.dist));
}

std::vector<std::string> Tracker::forget(std::int64_t before) {
  std::vector<std::string> gone;
  for (auto it = vehicles_.begin(); it != vehicles_.end();)
    if (it->second.last.timestamp < before) {
      gone.push_back(it->first);
      it = vehicles_.erase(it);
    } else {
      ++it;
    }
  // Service days are local dates: two days of margin keep every day a kept vehicle can be on.
  const std::int64_t oldest_day = before / 86400 - 2;
  std::erase_if(day_base_, [&](const auto& kv) { return kv.first < oldest_day; });
  std::erase_if(runs_, [&](const auto& kv) { return kv.first < oldest_day; });
  return gone;
}

const VehicleState& Tracker::update(const VehicleReport& v, std::vector<StopEvent>& events) {
  auto [it, fresh] = vehicles_.try_emplace(v.vehicle_id);
  VehicleState& s = it->second;
  if (!fresh && v.timestamp <= s.last.timestamp) return s;
  s.previous = fresh ? 0 : s.last.timestamp;
  const auto& g = n_.geometry();
  // Keep following the trip it is on while the fix fits it.
  if (s.on) {
    const auto& on = *s.on;
    const bool other_trip = !v.trip_id.empty() && n_.trip(on.trip).id != v.trip_id;
    const bool done = on.next >= g.pattern(on.pattern).stop_dist.size();
    const bool silent = v.timestamp - s.last.timestamp > 900;  // 15 min unheard: look afresh
    if (other_trip || done || silent) {
      if (done) s.finished = std::pair{on.trip, on.day};
      s.on.reset();
    } else {
      auto [x, y] = g.to_plane(v.lat, v.lon);
      const auto& path = g.path(g.pattern(on.pattern).path);
      const double dt = double(v.timestamp - s.last.timestamp);
      // Where it can have got to: 40 m/s at most, and a little behind for noise.
      auto pr = Geometry::project(path, x, y, std::max(0.0, on.dist - 50),
                                  std::min(path.length(), on.dist + 50 + 40 * dt));
      if (pr.offset <= kMatchRadius) {
        s.off_path = 0;
        advance(s, v, pr.dist, events);
        s.last = v;
        return s;
      }
      // Off its path: a detour or a wrong match. After three such fixes look for another trip.
      if (++s.off_path < 3) {
        s.last = v;
        return s;
      }
      s.on.reset();
    }
  }
  s.off_path = 0;
  s.on = match(v, s);
  s.last = v;
  return s;
}

}  // namespace zt::transit

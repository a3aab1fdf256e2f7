#include "transit/predictor.hpp"

#include <algorithm>
#include <cmath>

namespace zt::transit {
namespace {

std::int64_t secs(double x) { return std::int64_t(std::llround(x)); }

}  // namespace

TripPrediction predict(const PredictContext& c, const VehicleState& s) {
  TripPrediction out;
  out.vehicle = s.last;
  out.previous_update = s.previous;
  if (!s.on) return out;
  const OnTrip& on = *s.on;
  out.on = on;
  const auto& n = c.network;
  const auto& st = n.feed().stop_times;
  const auto& sd = n.geometry().pattern(on.pattern).stop_dist;
  const std::size_t b = n.trip_span(on.trip).first;
  const auto m = std::uint32_t(sd.size());
  out.base = c.tracker.day_base(on.day) + on.shift;
  const std::int64_t t = s.last.timestamp;
  auto hour = [&](std::int64_t at) { return local_hour(at, c.utc_offset); };
  auto dwell = [&](std::uint32_t k, std::int64_t at) {
    if (k == 0 || k + 1 == m) return 0.0;
    return c.profiles.dwell(st[b + k].stop, c.day_type, hour(at),
                            double(st[b + k].departure - st[b + k].arrival));
  };
  auto running = [&](std::uint32_t k, std::int64_t leaving) {  // segment k-1 -> k
    const double scheduled = std::max(0, st[b + k].arrival - st[b + k - 1].departure);
    return c.profiles
        .segment(st[b + k - 1].stop, st[b + k].stop, c.day_type, hour(leaving), scheduled, t)
        .seconds;
  };
  out.stops.reserve(m - std::min(m, on.next));
  std::int64_t prev_departure = t;
  for (std::uint32_t k = on.next; k < m; ++k) {
    StopPrediction p;
    if (k == on.next) {
      if (on.arrived) {
        p.arrival = *on.arrived ? *on.arrived : t;
      } else if (k == 0) {
        p.arrival = t;  // heading for its first stop
      } else {
        const double span = sd[k] - sd[k - 1];
        const double left = span > 0 ? std::clamp((sd[k] - on.dist) / span, 0.0, 1.0) : 0.0;
        p.arrival = t + secs(left * running(k, t));
      }
      p.departure = std::max(t, p.arrival + secs(dwell(k, p.arrival)));
    } else {
      p.arrival = prev_departure + secs(running(k, prev_departure));
      p.departure = p.arrival + secs(dwell(k, p.arrival));
    }
    if (k == 0) p.departure = std::max(p.departure, out.base + st[b].departure);
    if (k + 1 == m) p.departure = p.arrival;
    prev_departure = p.departure;
    out.stops.push_back(p);
  }
  return out;
}

std::shared_ptr<const LiveSnapshot> LiveSnapshot::of(const Network& n,
                                                     std::vector<TripPrediction> trips,
                                                     std::int64_t at) {
  auto s = std::make_shared<LiveSnapshot>();
  s->network = &n;
  s->at = at;
  s->trips = std::move(trips);
  for (std::size_t i = 0; i < s->trips.size(); ++i) {
    const auto& on = s->trips[i].on;
    auto [it, fresh] =
        s->index.try_emplace({on.trip, on.day.time_since_epoch().count(), on.shift}, i);
    // Two buses on one trip: the one further along is the one people wait for.
    if (!fresh && s->trips[it->second].on.dist < on.dist) it->second = i;
  }
  return s;
}

}  // namespace zt::transit

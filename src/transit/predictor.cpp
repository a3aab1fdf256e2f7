#include "transit/predictor.hpp"

#include <algorithm>
#include <cmath>

namespace zt::transit {
namespace {

std::int64_t secs(double x) { return std::int64_t(std::llround(x)); }

}  // namespace

namespace {

// Running and dwell times of one trip from the profiles, as of the bus's latest fix `t`.
struct Ahead {
  const PredictContext& c;
  const std::vector<StopTime>& st;
  std::size_t b;  // the trip's first stop time
  std::uint32_t m;
  std::int64_t t;
  int hour(std::int64_t at) const { return local_hour(at, c.utc_offset); }
  double dwell(std::uint32_t k, std::int64_t at) const {
    if (k == 0 || k + 1 == m) return 0.0;
    return c.profiles.dwell(st[b + k].stop, c.day_type, hour(at),
                            double(st[b + k].departure - st[b + k].arrival));
  }
  // Running time k-1 -> k. The timetable's, as a prior, is first rid of the dwell at k it leaves
  // out, so that a blend of it with measured running times (which exclude dwells) stays one kind
  // of time.
  Estimate running(std::uint32_t k, std::int64_t leaving) const {
    double scheduled = std::max(0, st[b + k].arrival - st[b + k - 1].departure);
    if (k + 1 < m) {
      const double planned = double(st[b + k].departure - st[b + k].arrival);
      const double learned = c.profiles.dwell(st[b + k].stop, c.day_type, hour(leaving), planned);
      scheduled = std::max(0.5 * scheduled, scheduled - std::max(0.0, learned - planned));
    }
    return c.profiles.segment(st[b + k - 1].stop, st[b + k].stop, c.day_type, hour(leaving),
                              scheduled, t);
  }
  // Stops k.. m-1 after leaving stop k-1 at `departed`.
  void fill(TripPrediction& out, std::uint32_t k, std::int64_t departed) const {
    for (; k < m; ++k) {
      StopPrediction p;
      const auto run = running(k, departed);
      p.arrival = departed + secs(run.seconds);
      p.departure = k + 1 == m ? p.arrival : p.arrival + secs(dwell(k, p.arrival));
      departed = p.departure;
      out.stops.push_back(p);
    }
  }
};

}  // namespace

TripPrediction predict(const PredictContext& c, const VehicleState& s) {
  TripPrediction out;
  out.vehicle = s.last;
  out.previous_update = s.previous;
  if (!s.on) return out;
  const OnTrip& on = *s.on;
  out.on = on;
  const auto& n = c.network;
  const auto& sd = n.geometry().pattern(on.pattern).stop_dist;
  const Ahead a{c, n.feed().stop_times, n.trip_span(on.trip).first, std::uint32_t(sd.size()),
                s.last.timestamp};
  const auto m = a.m;
  out.base = c.tracker.day_base(on.day) + on.shift;
  const std::int64_t t = a.t;
  if (on.next >= m) return out;
  out.stops.reserve(m - on.next);
  // The stop it is at or heading for, then the rest from when it leaves that one.
  const std::uint32_t k = on.next;
  StopPrediction p;
  if (on.arrived) {
    p.arrival = *on.arrived ? *on.arrived : t;
  } else if (k == 0) {
    p.arrival = t;  // heading for its first stop
  } else {
    const double span = sd[k] - sd[k - 1];
    const double left = span > 0 ? std::clamp((sd[k] - on.dist) / span, 0.0, 1.0) : 0.0;
    const auto run = a.running(k, t);
    p.arrival = t + secs(left * run.seconds);
  }
  p.departure = std::max(t, p.arrival + secs(a.dwell(k, p.arrival)));
  // A bus at its first stop leaves when the timetable says, not before.
  if (k == 0) p.departure = std::max(p.departure, out.base + a.st[a.b].departure);
  if (k + 1 == m) p.departure = p.arrival;
  out.stops.push_back(p);
  a.fill(out, k + 1, p.departure);
  return out;
}

TripPrediction predict_next(const PredictContext& c, const TripPrediction& current, TripIdx next) {
  // A driver's turnaround at the terminal, and a bus's speed running empty between terminals.
  constexpr std::int64_t kTurnaround = 120;
  constexpr double kEmptySpeed = 5.0;  // metres per second
  TripPrediction out;
  out.vehicle = current.vehicle;
  out.previous_update = current.previous_update;
  out.pending = true;
  const auto& n = c.network;
  const auto& g = n.geometry();
  const std::uint32_t pattern = g.pattern_of(next.value);
  const auto m = std::uint32_t(g.pattern(pattern).stop_dist.size());
  if (current.stops.empty() || m < 2) return out;
  const auto& st = n.feed().stop_times;
  const Ahead a{c, st, n.trip_span(next).first, m, current.vehicle.timestamp};
  out.on = OnTrip{.trip = next,
                  .pattern = pattern,
                  .day = current.on.day,
                  .shift = 0,
                  .dist = 0,
                  .next = 0,
                  .arrived = std::nullopt,
                  .crossed = 0,
                  .delay = 0,
                  .by_trip_id = false};
  out.base = c.tracker.day_base(current.on.day);
  const auto& end = n.stop(Network::stop_of(st[n.trip_span(current.on.trip).second - 1]));
  const auto& start = n.stop(Network::stop_of(st[a.b]));
  const double gap = haversine_m(end.lat, end.lon, start.lat, start.lon);
  const std::int64_t ready = current.stops.back().arrival + kTurnaround +
                             (gap > Tracker::kStopRadius ? secs(gap / kEmptySpeed) : 0);
  const std::int64_t scheduled = out.base + st[a.b].departure;
  StopPrediction first;
  first.arrival = first.departure = std::max(scheduled, ready);
  out.on.delay = first.departure - scheduled;
  out.stops.reserve(m);
  out.stops.push_back(first);
  a.fill(out, 1, first.departure);
  return out;
}

std::shared_ptr<const LiveSnapshot> LiveSnapshot::of(const Network& n,
                                                     std::vector<TripPrediction> trips,
                                                     std::int64_t at,
                                                     std::vector<TripPrediction> pending) {
  auto s = std::make_shared<LiveSnapshot>();
  s->network = &n;
  s->at = at;
  s->trips = std::move(trips);
  s->pending = std::move(pending);
  for (std::size_t i = 0; i < s->trips.size() + s->pending.size(); ++i) {
    const auto& p = s->run(i);
    const auto& on = p.on;
    auto [it, fresh] =
        s->index.try_emplace({on.trip, on.day.time_since_epoch().count(), on.shift}, i);
    if (fresh) continue;
    // Two buses on one trip: the one further along is the one people wait for; a bus on the trip
    // beats one that will run it next; of two that will, the one ready first.
    const auto& held = s->run(it->second);
    if (held.pending != p.pending) {
      if (held.pending) it->second = i;
    } else if (p.pending ? p.stops.front().departure < held.stops.front().departure
                         : held.on.dist < on.dist) {
      it->second = i;
    }
  }
  return s;
}

}  // namespace zt::transit

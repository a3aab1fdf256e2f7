#include "transit/flow/loads.hpp"

#include <algorithm>
#include <tuple>
#include <unordered_map>

namespace zt::transit::flow {
namespace {

std::string trip_key(const std::string& vehicle, TripIdx trip) {
  return vehicle + '\x1f' + std::to_string(trip.value);
}

struct TripFlow {
  TripIdx trip;
  std::string vehicle;
  double apc_on = -1;  // -1: no counter
  double matched = 0, resolved = 0, noncash = 0;
  std::size_t first_visit = 0;  // the visit of its earliest boarding (VisitIndex)
  std::uint32_t first_index = 0;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> legs;  // resolved board, alight
  int hour = 0;
};

}  // namespace

FlowOutputs flow_outputs(const VisitIndex& visits, const std::vector<Tap>& taps,
                         const Inference& inference, const std::vector<ApcCount>& apc) {
  const Network& n = visits.network();
  auto hour_of = [&](std::int64_t t) {
    const std::int64_t local = t + n.utc_offset(t);
    return int(((local % 86400) + 86400) % 86400 / 3600);
  };
  std::unordered_map<std::string, TripFlow> trips;
  for (const auto& c : apc) {
    auto& tf = trips[trip_key(c.vehicle_id, c.trip)];
    tf.trip = c.trip;
    tf.apc_on = std::max(0.0, tf.apc_on) + c.on;
  }
  std::size_t noncash_taps = 0, all_taps = taps.size();
  for (std::size_t i = 0; i < taps.size(); ++i) {
    if (!taps[i].rider.empty()) ++noncash_taps;
    const auto& r = inference.taps[i];
    if (!r.board) continue;
    auto& tf = trips[trip_key(taps[i].vehicle_id, r.board->trip)];
    tf.trip = r.board->trip;
    tf.vehicle = taps[i].vehicle_id;
    tf.matched += 1;
    if (!taps[i].rider.empty()) tf.noncash += 1;  // a cash row in a clearing export is not
    if (tf.matched == 1) tf.hour = hour_of(visits.visits()[r.board->visit].departed);
    if (tf.matched == 1 || r.board->index < tf.first_index)
      tf.first_visit = r.board->visit, tf.first_index = r.board->index;
    if (r.alight) {
      tf.resolved += 1;
      tf.legs.emplace_back(r.board->index, *r.alight);
    }
  }
  FlowOutputs out;
  double counted_noncash = 0;
  std::map<std::tuple<std::string, int, int, std::string, std::string>, double> seg_sum;
  // Segments of each route/direction/hour in the order trips first run them.
  std::map<std::tuple<std::string, int, int>, std::vector<std::tuple<std::string, std::string>>>
      order;
  for (auto& [_, tf] : trips) {
    if (tf.apc_on >= 0) {
      ++out.trips_with_counter;
      out.apc_boardings += tf.apc_on;
      counted_noncash += tf.noncash;
      out.counted_taps += std::size_t(tf.matched);
    }
    if (tf.matched == 0) continue;
    const double riders = tf.apc_on >= 0 ? tf.apc_on : tf.matched;
    const double per_leg = tf.resolved > 0 ? riders / tf.resolved : 0;
    const auto& trip = n.trip(tf.trip);
    const std::uint32_t len = visits.trip_length(tf.trip);
    std::vector<double> on(len, 0), off(len, 0);
    for (auto [b, a] : tf.legs) {
      on[b] += per_leg, off[a] += per_leg;
      const auto& from = n.stop(visits.stop(tf.trip, b)).id;
      const auto& to = n.stop(visits.stop(tf.trip, a)).id;
      out.od[{from, to}] += per_leg;
      out.by_stop[to].off += per_leg;
      out.by_route[trip.route_id].off += per_leg;
    }
    {
      double aboard = 0;
      const auto& st = n.feed().stop_times;
      const auto first = n.trip_span(tf.trip).first;
      for (std::uint32_t s = tf.first_index; s < len; ++s) {
        aboard += on[s] - off[s];
        const StopEvent* v = visits.visit_of(tf.first_visit, s);
        if (!v) continue;  // a stop the tracker did not see the bus make
        out.visit_loads.push_back({tf.vehicle, trip.id, n.stop(visits.stop(tf.trip, s)).id,
                                   int(st[first + s].sequence), v->arrived, v->departed, on[s],
                                   off[s], std::max(0.0, aboard)});
      }
    }
    out.by_route[trip.route_id].on += riders;
    const auto key = std::make_tuple(trip.route_id, trip.direction, tf.hour);
    auto& ord = order[key];
    TripLoad tl;
    tl.trip_id = trip.id;
    tl.vehicle_id = tf.vehicle;
    tl.route_id = trip.route_id;
    tl.direction = trip.direction;
    tl.hour = tf.hour;
    tl.taps = int(tf.matched);
    tl.counted = tf.apc_on >= 0;
    tl.riders = riders;
    double load = 0;
    for (std::uint32_t s = 0; s + 1 < len; ++s) {
      load += on[s] - off[s];
      auto seg = std::make_tuple(n.stop(visits.stop(tf.trip, s)).id,
                                 n.stop(visits.stop(tf.trip, s + 1)).id);
      if (load > tl.max_load) {
        tl.max_load = load;
        tl.max_from = std::get<0>(seg);
        tl.max_to = std::get<1>(seg);
      }
      auto full = std::tuple_cat(key, seg);
      if (!seg_sum.contains(full)) ord.push_back(seg);
      // The running sum of fractional riders can end a hair below zero once all are off.
      seg_sum[full] += std::max(0.0, load);
    }
    out.trip_loads.push_back(std::move(tl));
  }
  std::sort(out.visit_loads.begin(), out.visit_loads.end(), [](const auto& a, const auto& b) {
    return std::tie(a.trip_id, a.vehicle_id, a.departed, a.stop_sequence) <
           std::tie(b.trip_id, b.vehicle_id, b.departed, b.stop_sequence);
  });
  std::sort(out.trip_loads.begin(), out.trip_loads.end(), [](const auto& a, const auto& b) {
    return std::tie(a.route_id, a.direction, a.hour, a.trip_id, a.vehicle_id) <
           std::tie(b.route_id, b.direction, b.hour, b.trip_id, b.vehicle_id);
  });
  // Boardings by stop and hour from every matched tap at its own weight.
  for (std::size_t i = 0; i < taps.size(); ++i) {
    const auto& r = inference.taps[i];
    if (!r.board) continue;
    const auto& tf = trips[trip_key(taps[i].vehicle_id, r.board->trip)];
    const double w = (tf.apc_on >= 0 ? tf.apc_on : tf.matched) / tf.matched;
    const auto& route = n.trip(r.board->trip).route_id;
    const auto& stop = n.stop(visits.stop(r.board->trip, r.board->index)).id;
    out.by_stop[stop].on += w;
    out.by_hour[std::size_t(hour_of(taps[i].at))].on += w;
    out.by_stop_route_hour[{stop, route, hour_of(taps[i].at)}].on += w;
    if (r.alight && tf.resolved > 0) {
      const double off = w * tf.matched / tf.resolved;
      const int h = hour_of(r.alighted_at > 0 ? r.alighted_at : taps[i].at);
      if (r.alighted_at > 0) out.by_hour[std::size_t(h)].off += off;
      out.by_stop_route_hour[{n.stop(visits.stop(r.board->trip, *r.alight)).id, route, h}].off +=
          off;
    }
  }
  for (const auto& [key, segments] : order) {
    SegmentLoad best;
    best.load = -1;
    for (const auto& [from, to] : segments) {
      SegmentLoad s{std::get<0>(key),
                    std::get<1>(key),
                    std::get<2>(key),
                    from,
                    to,
                    seg_sum[std::tuple_cat(key, std::make_tuple(from, to))]};
      if (s.load > best.load) best = s;
      out.segments.push_back(std::move(s));
    }
    if (best.load >= 0) out.max_load.push_back(best);
  }
  out.noncash_share = out.apc_boardings > 0 ? std::min(1.0, counted_noncash / out.apc_boardings)
                      : all_taps > 0        ? double(noncash_taps) / double(all_taps)
                                            : 0;
  return out;
}

}  // namespace zt::transit::flow

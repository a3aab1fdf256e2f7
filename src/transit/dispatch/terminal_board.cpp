#include "transit/dispatch/terminal_board.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

namespace zt::transit::dispatch {
namespace {

// A bus coming back more than this after a departure's planned time is not the one for it.
constexpr std::int64_t kReturnSlack = 1200;
// A departure stays on the board this long after its planned time (gone, or still waiting).
constexpr std::int64_t kShownAfter = 300;

}  // namespace

std::string_view assigned_code(Assigned a) {
  switch (a) {
    case Assigned::kNone:
      return "none";
    case Assigned::kOnTrip:
      return "on_trip";
    case Assigned::kBlock:
      return "block";
    case Assigned::kReturning:
      return "returning";
  }
  return "none";
}

Result<TerminalBoard> terminal_board(const Network& n, const LiveSnapshot& live,
                                     std::string_view stop_id, std::int64_t now,
                                     std::int64_t window_s, std::size_t per_route) {
  auto stop = n.find_stop(std::string(stop_id));
  if (!stop) return fail(Error::not_found("没有这个站点：" + std::string(stop_id)));
  const auto& f = n.feed();
  const auto& st = f.stop_times;
  TerminalBoard out{*stop, {}};
  const Date today = n.local_date(now);
  for (auto i : n.calls_at(*stop)) {
    const TripIdx t = Network::trip_of(st[i]);
    const auto [b, e] = n.trip_span(t);
    if (b != i || e - b < 2) continue;  // only trips that start here
    const auto& trip = n.trip(t);
    for (Date day : {Date(today - std::chrono::days(1)), today}) {
      if (!n.runs(trip.service_id, n.timetable_day(day))) continue;
      // The first stop's departure by value: clang 14 cannot capture a structured binding.
      const int first_departure = st[b].departure;
      auto add = [&](int shift) {
        const std::int64_t planned = n.at(day, first_departure + shift);
        if (planned < now - kShownAfter || planned > now + window_s) return;
        out.departures.push_back({t, day, shift, planned, nullptr, Assigned::kNone, {}, false});
      };
      const auto& freqs = n.frequencies_of(t);
      if (freqs.empty()) add(0);
      for (const auto* fr : freqs)
        for (int s = fr->start; fr->headway > 0 && s < fr->end; s += fr->headway)
          add(s - st[b].departure);
    }
  }
  std::sort(out.departures.begin(), out.departures.end(), [&](const auto& a, const auto& b) {
    if (a.planned != b.planned) return a.planned < b.planned;
    return n.trip(a.trip).id < n.trip(b.trip).id;
  });
  {  // at most `per_route` of each route
    std::unordered_map<std::string_view, std::size_t> count;
    std::erase_if(out.departures,
                  [&](const Departure& d) { return ++count[n.trip(d.trip).route_id] > per_route; });
  }
  if (live.network != &n) return out;

  std::set<const TripPrediction*> used;
  // The bus on the trip itself.
  for (auto& d : out.departures)
    if (const auto* p = live.find(d.trip, d.day, d.shift)) {
      d.vehicle = p;
      d.how = Assigned::kOnTrip;
      d.departed = p->on.next > 0;
      if (!d.departed && !p->stops.empty()) d.ready = p->stops.front().arrival;
      used.insert(p);
    }
  // The bus on the block's trip before it: the one whose trip ends last before this one starts.
  std::unordered_map<std::string_view, std::vector<const TripPrediction*>> on_block;
  for (const auto& p : live.trips)
    if (const auto& block = n.trip(p.on.trip).block_id; !block.empty() && !used.contains(&p))
      on_block[block].push_back(&p);
  auto trip_end = [&](const TripPrediction& p) {
    return p.base + st[n.trip_span(p.on.trip).second - 1].arrival;
  };
  for (auto& d : out.departures) {
    if (d.vehicle) continue;
    const auto& block = n.trip(d.trip).block_id;
    if (block.empty()) continue;
    auto it = on_block.find(block);
    if (it == on_block.end()) continue;
    const TripPrediction* best = nullptr;
    for (const auto* p : it->second)
      if (!used.contains(p) && trip_end(*p) <= d.planned + 60 &&
          (!best || trip_end(*p) > trip_end(*best)))
        best = p;
    if (!best) continue;
    d.vehicle = best;
    d.how = Assigned::kBlock;
    if (!best->stops.empty()) d.ready = best->stops.back().arrival;
    used.insert(best);
  }
  // Routes without blocks: buses of the route ending their trip here (or at a stop of the same
  // name across the road), first come first served.
  const auto& here = n.stop(*stop).name;
  std::map<std::string_view, std::vector<const TripPrediction*>> returning;  // by route
  for (const auto& p : live.trips) {
    if (used.contains(&p) || p.stops.empty()) continue;
    const auto last = Network::stop_of(st[n.trip_span(p.on.trip).second - 1]);
    if (last != *stop && n.stop(last).name != here) continue;
    returning[n.trip(p.on.trip).route_id].push_back(&p);
  }
  for (auto& entry : returning)
    std::sort(entry.second.begin(), entry.second.end(), [](const auto* a, const auto* b) {
      return a->stops.back().arrival < b->stops.back().arrival;
    });
  for (auto& d : out.departures) {
    if (d.vehicle || !n.trip(d.trip).block_id.empty()) continue;
    auto it = returning.find(n.trip(d.trip).route_id);
    if (it == returning.end()) continue;
    auto& buses = it->second;
    auto next = std::find_if(buses.begin(), buses.end(), [&](const TripPrediction* p) {
      return !used.contains(p) && p->stops.back().arrival <= d.planned + kReturnSlack;
    });
    if (next == buses.end()) continue;
    d.vehicle = *next;
    d.how = Assigned::kReturning;
    d.ready = (*next)->stops.back().arrival;
    used.insert(*next);
  }
  return out;
}

std::vector<Terminal> terminals(const Network& n) {
  const auto& f = n.feed();
  std::unordered_map<std::string_view, std::uint32_t> route_index;
  for (std::uint32_t r = 0; r < f.routes.size(); ++r) route_index.emplace(f.routes[r].id, r);
  std::map<std::uint32_t, std::pair<std::set<std::uint32_t>, std::size_t>> by_stop;
  for (std::uint32_t t = 0; t < f.trips.size(); ++t) {
    const auto [b, e] = n.trip_span(TripIdx{t});
    if (e - b < 2) continue;
    auto r = route_index.find(f.trips[t].route_id);
    if (r == route_index.end()) continue;
    auto& entry = by_stop[f.stop_times[b].stop];
    entry.first.insert(r->second);
    ++entry.second;
  }
  std::vector<Terminal> out;
  for (auto& [s, entry] : by_stop)
    out.push_back({StopIdx{s}, {entry.first.begin(), entry.first.end()}, entry.second});
  return out;
}

}  // namespace zt::transit::dispatch

#include "transit/dispatch/departures.hpp"

#include <algorithm>
#include <map>

namespace zt::transit::dispatch {

Result<std::vector<RouteDepartures>> departures(const Network& n, const LiveSnapshot& live,
                                                const std::string& stop_id, std::int64_t now,
                                                std::size_t limit,
                                                const std::vector<Advice>& advice) {
  auto stop = n.find_stop(stop_id);
  if (!stop) return fail(Error::not_found("没有这个站点：" + stop_id));
  const auto& f = n.feed();
  const Date today = n.local_date(now);
  const bool has_live = live.network == &n;
  // Buses by the block they run now, and by trip.
  std::map<std::string, std::string> on_block, on_trip;
  if (has_live)
    for (const auto& p : live.trips) {
      const auto& t = n.trip(p.on.trip);
      on_trip[t.id] = p.vehicle.vehicle_id;
      if (!t.block_id.empty()) on_block[t.block_id] = p.vehicle.vehicle_id;
    }
  std::map<std::string, const Advice*> advised;
  for (const auto& a : advice)
    if (a.proposal.kind == AdviceKind::kDepart && a.state == "open")
      advised[a.proposal.trip_id] = &a;
  std::map<std::pair<std::string, int>, RouteDepartures> by_route;
  for (std::uint32_t k : n.calls_at(*stop)) {
    const TripIdx t = Network::trip_of(f.stop_times[k]);
    auto [b, e] = n.trip_span(t);
    if (k != b || e - b < 2) continue;  // only trips that start here
    const auto& trip = n.trip(t);
    if (!n.runs(trip.service_id, n.timetable_day(today))) continue;
    const int first =
        f.stop_times[b].departure >= 0 ? f.stop_times[b].departure : f.stop_times[b].arrival;
    std::vector<std::int64_t> starts;
    if (n.frequencies_of(t).empty()) {
      starts.push_back(n.at(today, first));
    } else {
      for (const auto* q : n.frequencies_of(t))
        for (int t0 = q->start; t0 < q->end; t0 += std::max(60, q->headway))
          starts.push_back(n.at(today, t0));
    }
    auto& rd = by_route[{trip.route_id, trip.direction}];
    if (rd.route_id.empty()) {
      rd.route_id = trip.route_id;
      rd.direction = trip.direction;
      for (const auto& r : f.routes)
        if (r.id == trip.route_id)
          rd.route_name = r.short_name.empty() ? r.long_name : r.short_name;
      rd.headsign = trip.headsign.empty() ? f.stops[f.stop_times[e - 1].stop].name : trip.headsign;
    }
    for (auto at : starts) {
      if (at < now - 60) continue;
      AdvisedDeparture d;
      d.trip_id = trip.id;
      d.block_id = trip.block_id;
      d.planned_at = at;
      if (auto it = on_trip.find(trip.id); it != on_trip.end())
        d.vehicle_id = it->second;
      else if (auto jt = on_block.find(trip.block_id);
               !trip.block_id.empty() && jt != on_block.end())
        d.vehicle_id = jt->second;
      if (auto it = advised.find(trip.id); it != advised.end()) {
        d.advised_at = it->second->proposal.advised_at;
        d.advice_id = it->second->id;
        d.explanation = it->second->proposal.explanation;
      }
      rd.departures.push_back(std::move(d));
    }
  }
  std::vector<RouteDepartures> out;
  for (auto& [key, rd] : by_route) {
    std::sort(rd.departures.begin(), rd.departures.end(),
              [](const AdvisedDeparture& a, const AdvisedDeparture& b) {
                return a.planned_at < b.planned_at;
              });
    if (rd.departures.size() > limit) rd.departures.resize(limit);
    if (!rd.departures.empty()) out.push_back(std::move(rd));
  }
  return out;
}

nlohmann::json departures_json(const Network& n, const std::string& stop_id, std::int64_t now,
                               const std::vector<RouteDepartures>& board) {
  using nlohmann::json;
  json routes = json::array();
  for (const auto& rd : board) {
    json list = json::array();
    for (const auto& d : rd.departures)
      list.push_back({{"trip_id", d.trip_id},
                      {"block_id", d.block_id.empty() ? json(nullptr) : json(d.block_id)},
                      {"planned_at", d.planned_at},
                      {"vehicle_id", d.vehicle_id.empty() ? json(nullptr) : json(d.vehicle_id)},
                      {"advised_at", d.advised_at ? json(*d.advised_at) : json(nullptr)},
                      {"advice_id", d.advice_id ? json(*d.advice_id) : json(nullptr)},
                      {"explanation", d.explanation}});
    routes.push_back({{"route_id", rd.route_id},
                      {"route_name", rd.route_name},
                      {"direction", rd.direction},
                      {"headsign", rd.headsign},
                      {"departures", list}});
  }
  auto stop = n.find_stop(stop_id);
  return {{"stop_id", stop_id},
          {"stop_name", stop ? n.stop(*stop).name : ""},
          {"at", now},
          {"routes", routes}};
}

}  // namespace zt::transit::dispatch

#include "transit/dispatch/api_ladder.hpp"

#include "transit/dispatch/assignments.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <unordered_set>

#include <fmt/format.h>

#include "core/http_fields.hpp"
#include "transit/dispatch/terminal_board.hpp"
#include "transit/fleet.hpp"
#include "transit/network.hpp"
#include "transit/positions.hpp"
#include "transit/realtime.hpp"

namespace zt::transit::dispatch {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

// Buses heard from in the last ten minutes are live, as on the monitoring map.
constexpr std::int64_t kLiveSeconds = 600;
const char* const kRefusal = "只有公交调度员或管理员可以使用调度台";

double round1(double v) { return std::round(v * 10) / 10; }
json opt(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }

// "HH:MM" of an instant on the network's local clock.
std::string local_hm(const Network& n, std::int64_t unix) {
  const auto s = ((unix + n.utc_offset(unix)) % 86400 + 86400) % 86400;
  return fmt::format("{:02}:{:02}", s / 3600, s / 60 % 60);
}

// Where a trip is heading, for people: its headsign, or its last stop.
std::string headsign(const Network& n, TripIdx t) {
  const auto& trip = n.trip(t);
  if (!trip.headsign.empty()) return trip.headsign;
  const auto [b, e] = n.trip_span(t);
  return e > b ? n.feed().stops[n.feed().stop_times[e - 1].stop].name : std::string();
}

// The agency's time zone, for the page's clocks ("" when the feed has none).
std::string timezone_of(const Network& n) {
  const auto& a = n.feed().agencies;
  return a.empty() ? std::string() : a.front().timezone;
}

json route_json(const Route& r) {
  return {{"route_id", r.id},
          {"short_name", r.short_name},
          {"long_name", r.long_name},
          {"color", r.color},
          {"text_color", r.text_color}};
}

json vehicle_json(const Network& n, const Lines& lines, const LadderVehicle& v) {
  const auto& p = *v.p;
  const auto& trip = n.trip(p.on.trip);
  const auto b = n.trip_span(p.on.trip).first;
  json j{{"vehicle_id", p.vehicle.vehicle_id},
         {"label", p.vehicle.label},
         {"route_id", trip.route_id},
         {"direction", lines.line(v.line).direction},
         {"dist_m", round1(v.dist)},
         {"next_stop", v.next_stop},
         {"at_stop", p.on.arrived.has_value()},
         {"delay_s", p.on.delay},
         {"headway_s", opt(v.headway)},
         {"scheduled_headway_s", opt(v.scheduled)},
         {"leader", v.leader},
         {"schedule_state", schedule_code(v.schedule)},
         {"headway_state", headway_code(v.spacing)},
         {"headsign", headsign(n, p.on.trip)},
         {"trip_start", local_hm(n, p.base + n.feed().stop_times[b].departure)},
         {"block", trip.block_id},
         {"lat", p.vehicle.lat},
         {"lon", p.vehicle.lon},
         {"timestamp", p.vehicle.timestamp}};
  if (p.vehicle.bearing) j["bearing"] = *p.vehicle.bearing;
  if (p.vehicle.speed) j["speed"] = *p.vehicle.speed;
  return j;
}

json line_json(const Network& n, const Line& line) {
  const auto& f = n.feed();
  json stops = json::array();
  for (std::size_t i = 0; i < line.stops.size(); ++i) {
    const auto& s = n.stop(line.stops[i]);
    stops.push_back({{"stop_id", s.id}, {"name", s.name}, {"dist_m", round1(line.dist[i])}});
  }
  const auto& first = line.stops.empty() ? std::string() : n.stop(line.stops.front()).name;
  const auto& last = line.stops.empty() ? std::string() : n.stop(line.stops.back()).name;
  // The headsign most of the line's own trips show.
  const auto& pat = n.geometry().pattern(line.pattern);
  std::string sign = pat.trips.empty() ? last : headsign(n, TripIdx{pat.trips.front()});
  (void)f;
  return {{"direction", line.direction},
          {"from", first},
          {"to", last},
          {"headsign", sign},
          {"length_m", round1(line.length())},
          {"trips", line.trips},
          {"stops", std::move(stops)}};
}

// A required ?name= naming something, as the refusal says where.
Result<std::string> required(const Request& req, const char* name, const char* what) {
  auto v = http::query_string(req, name, 200);
  if (!v) return fail(v.error());
  if (!*v || (*v)->empty()) return fail(Error::invalid(std::string("须给出") + what, name));
  return **v;
}

}  // namespace

Result<Console::View> Console::view() {
  auto n = s_.network.get();
  if (!n) return fail(n.error());
  View v;
  v.network = *n;
  {
    std::lock_guard lock(mu_);
    if (network_ != *n) {
      lines_ = Lines::build(**n);
      network_ = *n;
    }
    v.lines = lines_;
  }
  v.now = unix_seconds(s_.clock.now());
  v.live = s_.fleet.snapshot(v.now, kLiveSeconds);
  return v;
}

Result<json> Console::fleet() {
  auto v = view();
  if (!v) return fail(v.error());
  const auto& n = *v->network;
  auto all = ladder(n, *v->lines, *v->live, "");
  json out = json::array();
  std::unordered_set<std::string_view> placed;
  for (const auto& dir : all.directions)
    for (const auto& bus : dir.vehicles) {
      out.push_back(vehicle_json(n, *v->lines, bus));
      placed.insert(bus.p->vehicle.vehicle_id);
    }
  // Buses the tracker could not put on a trip: on the map, not on any ladder.
  const auto reports = s_.positions.live(std::chrono::seconds(kLiveSeconds));
  for (const auto& r : reports) {
    if (placed.contains(r.vehicle_id)) continue;
    json j{{"vehicle_id", r.vehicle_id},
           {"label", r.label},
           {"route_id", r.route_id},
           {"lat", r.lat},
           {"lon", r.lon},
           {"timestamp", r.timestamp},
           {"schedule_state", nullptr},
           {"headway_state", "unknown"}};
    if (r.bearing) j["bearing"] = *r.bearing;
    if (r.speed) j["speed"] = *r.speed;
    out.push_back(std::move(j));
  }
  return json{{"type", "fleet"},
              {"generated_at", v->now},
              {"timezone", timezone_of(n)},
              {"network_version", n.version()},
              {"vehicles", std::move(out)}};
}

void register_console_routes(http::Router& router, Console& console, const Config& config) {
  const auto access = [] { return http::Access(Permission::kTransitDispatch, kRefusal); };
  router.add(
      "GET", "/api/v1/transit/dispatch/ladder", access(),
      "A route's ladder (线路模拟图, ?route=): per direction the stops in order with metres along, "
      "and the live buses placed on it with delay, headway to the bus ahead and its scheduled "
      "headway (dispatcher, admin)",
      [&console](Request& req) -> Result<Response> {
        auto route_id = required(req, "route", "线路（route）");
        if (!route_id) return fail(route_id.error());
        auto v = console.view();
        if (!v) return fail(v.error());
        const auto& n = *v->network;
        const auto& routes = n.feed().routes;
        auto r = std::find_if(routes.begin(), routes.end(),
                              [&](const Route& x) { return x.id == *route_id; });
        if (r == routes.end()) return fail(Error::not_found("没有这条线路：" + *route_id));
        auto l = ladder(n, *v->lines, *v->live, *route_id);
        json dirs = json::array();
        for (const auto& d : l.directions) {
          auto j = line_json(n, v->lines->line(d.line));
          j["headway_based"] = d.headway_based;
          json buses = json::array();
          for (const auto& bus : d.vehicles) buses.push_back(vehicle_json(n, *v->lines, bus));
          j["vehicles"] = std::move(buses);
          dirs.push_back(std::move(j));
        }
        return Response::json({{"route", route_json(*r)},
                               {"generated_at", v->now},
                               {"timezone", timezone_of(n)},
                               {"network_version", n.version()},
                               {"directions", std::move(dirs)}});
      });
  router.add(
      "GET", "/api/v1/transit/dispatch/vehicles/{id}", access(),
      "A live bus for the console's side panel: its trip (start time, 开往 headsign, block), "
      "delay, headways ahead and behind, the next stops with scheduled and predicted times "
      "(dispatcher, admin)",
      [&console](Request& req) -> Result<Response> {
        const auto& id = req.params.at("id");
        if (id.size() > 64) return fail(Error::invalid("车辆编号过长", "id"));
        auto v = console.view();
        if (!v) return fail(v.error());
        const auto& n = *v->network;
        const TripPrediction* p = nullptr;
        if (v->live->network == &n)
          for (const auto& t : v->live->trips)
            if (t.vehicle.vehicle_id == id) p = &t;
        if (!p) {
          for (const auto& r :
               console.services().positions.live(std::chrono::seconds(kLiveSeconds)))
            if (r.vehicle_id == id)
              return Response::json({{"vehicle_id", r.vehicle_id},
                                     {"label", r.label},
                                     {"route_id", r.route_id},
                                     {"lat", r.lat},
                                     {"lon", r.lon},
                                     {"timestamp", r.timestamp},
                                     {"on_trip", false},
                                     {"driver", nullptr}});
          return fail(Error::not_found("这辆车近 10 分钟没有定位：" + shown_id(id)));
        }
        const auto& trip = n.trip(p->on.trip);
        auto l = ladder(n, *v->lines, *v->live, trip.route_id);
        json out;
        for (const auto& d : l.directions)
          for (std::size_t i = 0; i < d.vehicles.size(); ++i) {
            if (d.vehicles[i].p != p) continue;
            out = vehicle_json(n, *v->lines, d.vehicles[i]);
            if (i + 1 < d.vehicles.size()) {
              out["follower"] = d.vehicles[i + 1].p->vehicle.vehicle_id;
              out["follower_headway_s"] = opt(d.vehicles[i + 1].headway);
            }
          }
        if (out.is_null()) {  // on a trip but on no line of its route
          out = {{"vehicle_id", p->vehicle.vehicle_id},
                 {"label", p->vehicle.label},
                 {"route_id", trip.route_id},
                 {"delay_s", p->on.delay},
                 {"headsign", headsign(n, p->on.trip)},
                 {"lat", p->vehicle.lat},
                 {"lon", p->vehicle.lon},
                 {"timestamp", p->vehicle.timestamp}};
        }
        const auto& f = n.feed();
        const auto [b, e] = n.trip_span(p->on.trip);
        json next = json::array();
        for (std::uint32_t k = p->on.next; b + k < e && next.size() < 10; ++k) {
          const auto* at = p->at(k);
          if (!at) break;
          const auto& s = f.stops[f.stop_times[b + k].stop];
          next.push_back({{"stop_id", s.id},
                          {"name", s.name},
                          {"scheduled", p->base + f.stop_times[b + k].arrival},
                          {"predicted", at->arrival}});
        }
        out["next_stops"] = std::move(next);
        out["on_trip"] = true;
        out["by_trip_id"] = p->on.by_trip_id;
        out["trip_id"] = trip.id;
        out["route"] = [&] {
          for (const auto& r : f.routes)
            if (r.id == trip.route_id) return route_json(r);
          return json(nullptr);
        }();
        // The driver and block of the day's assignment (车辆排班), when the bus has one.
        out["driver"] = nullptr;
        out["assigned_block"] = nullptr;
        if (auto day = assignments_by_vehicle(console.services().store, n.local_date(v->now)))
          if (auto it = day->find(p->vehicle.vehicle_id); it != day->end()) {
            if (!it->second.driver_name.empty())
              out["driver"] = {{"name", it->second.driver_name}, {"no", it->second.driver_no}};
            out["assigned_block"] = it->second.block_id;
          }
        out["timezone"] = timezone_of(n);
        return Response::json(out);
      });
  router.add("GET", "/api/v1/transit/dispatch/terminals", access(),
             "Terminals (stops trips start at) with the routes starting there, by name "
             "(dispatcher, admin)",
             [&console](Request&) -> Result<Response> {
               auto v = console.view();
               if (!v) return fail(v.error());
               const auto& n = *v->network;
               const auto& f = n.feed();
               auto list = terminals(n);
               std::sort(list.begin(), list.end(), [&](const Terminal& a, const Terminal& b) {
                 const auto &x = n.stop(a.stop), &y = n.stop(b.stop);
                 return std::tie(x.name, x.id) < std::tie(y.name, y.id);
               });
               json out = json::array();
               for (const auto& t : list) {
                 json routes = json::array();
                 for (auto r : t.routes) routes.push_back(route_json(f.routes[r]));
                 const auto& s = n.stop(t.stop);
                 out.push_back({{"stop_id", s.id},
                                {"name", s.name},
                                {"routes", std::move(routes)},
                                {"trips", t.trips}});
               }
               return Response::json({{"terminals", std::move(out)}});
             });
  router.add(
      "GET", "/api/v1/transit/dispatch/board", access(),
      "A terminal's departure plan (发车计划, ?stop=, ?window= minutes 10–240, default 90): the "
      "next departures of each route with the planned time and the bus assigned (on the trip, "
      "the block's previous trip, or returning first come first served) and when it is ready "
      "(dispatcher, admin)",
      [&console](Request& req) -> Result<Response> {
        auto stop = required(req, "stop", "首末站（stop）");
        if (!stop) return fail(stop.error());
        auto window = http::query_int_or(req, "window", 90, 10, 240);
        if (!window) return fail(window.error());
        auto v = console.view();
        if (!v) return fail(v.error());
        const auto& n = *v->network;
        auto board = terminal_board(n, *v->live, *stop, v->now, *window * 60);
        if (!board) return fail(board.error());
        const auto& f = n.feed();
        std::unordered_map<std::string_view, const Route*> routes;
        for (const auto& r : f.routes) routes.emplace(r.id, &r);
        json rows = json::array();
        for (const auto& d : board->departures) {
          const auto& trip = n.trip(d.trip);
          auto r = routes.find(trip.route_id);
          json row{{"route_id", trip.route_id},
                   {"route", r == routes.end() ? trip.route_id : r->second->short_name},
                   {"trip_id", trip.id},
                   {"headsign", headsign(n, d.trip)},
                   {"planned", d.planned},
                   {"planned_hm", local_hm(n, d.planned)},
                   {"block", trip.block_id},
                   {"assigned", assigned_code(d.how)},
                   {"ready", opt(d.ready)},
                   {"expected", d.ready ? std::max(d.planned, *d.ready) : d.planned},
                   {"departed", d.departed},
                   {"advised", nullptr}};
          row["vehicle"] = d.vehicle ? json{{"vehicle_id", d.vehicle->vehicle.vehicle_id},
                                            {"label", d.vehicle->vehicle.label},
                                            {"delay_s", d.vehicle->on.delay}}
                                     : json(nullptr);
          rows.push_back(std::move(row));
        }
        const auto& s = n.stop(board->stop);
        return Response::json({{"stop_id", s.id},
                               {"name", s.name},
                               {"generated_at", v->now},
                               {"now_hm", local_hm(n, v->now)},
                               {"timezone", timezone_of(n)},
                               {"departures", std::move(rows)}});
      });
  router.add("GET", "/api/v1/transit/map-config", Permission::kTransit,
             "The tile layer under the maps from [map] (tile_url, label_url, attribution, "
             "subdomains, max_zoom); empty tile_url: no tiles (transit roles)",
             [&config](Request&) -> Result<Response> {
               const auto& m = config.map;
               return Response::json({{"tile_url", m.tile_url},
                                      {"label_url", m.label_url},
                                      {"attribution", m.attribution},
                                      {"subdomains", m.subdomains},
                                      {"max_zoom", m.max_zoom}});
             });
  router.add("GET", "/api/v1/transit/dispatch/fleet", access(),
             "The live fleet now, as the console's WebSocket pushes it (its first state; "
             "dispatcher, admin)",
             [&console](Request&) -> Result<Response> {
               auto fleet = console.fleet();
               if (!fleet) return fail(fleet.error());
               return Response::json(*fleet);
             });
  router.websocket("/api/v1/transit/dispatch/fleet/ws", access(),
                   "The live fleet for the console, pushed as positions arrive: every bus placed "
                   "on its route's ladder and the map (dispatcher, admin; same vehicles as the "
                   "ladder's)",
                   [](Request&) -> Result<std::string> { return std::string(kFleetTopic); });
}

}  // namespace zt::transit::dispatch

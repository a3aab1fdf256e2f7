#include "transit/api.hpp"

#include "transit/coverage_log.hpp"

#include <cmath>

#include "transit/arrivals.hpp"
#include "transit/feed_store.hpp"
#include "transit/fleet.hpp"
#include "transit/network.hpp"
#include "transit/positions.hpp"
#include "transit/realtime.hpp"

namespace zt::transit {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

// Unix seconds up to the year 9999.
Result<std::int64_t> time_param(const Request& req, const char* name, std::int64_t fallback) {
  return http::query_int_or(req, name, fallback, 0, 253402300799);
}

void register_realtime_routes(http::Router& router, const Services& sv) {
  auto& positions = sv.positions;
  auto& clock = sv.clock;
  router.add(
      "POST", "/api/v1/transit/gtfs-rt", Permission::kTransitDispatch,
      "Ingest a GTFS-Realtime VehiclePositions FeedMessage (protobuf body; dispatcher, admin)",
      [&positions](Request& req) -> Result<Response> {
        auto feed = decode_feed(req.body, "上传的 GTFS-Realtime");
        if (!feed) return fail(feed.error());
        auto r = positions.ingest(std::move(feed->vehicles), std::move(feed->rejected));
        if (!r) return fail(r.error());
        return Response::json(r->to_json());
      });
  router.allow_body(32u << 20);
  router.add("POST", "/api/v1/transit/avl", Permission::kTransitDispatch,
             "Ingest raw GPS fixes as JSON (one object or an array; dispatcher, admin)",
             [&positions](Request& req) -> Result<Response> {
               auto batch = decode_avl(req.body);
               if (!batch) return fail(batch.error());
               auto r = positions.ingest(std::move(batch->reports), std::move(batch->rejected));
               if (!r) return fail(r.error());
               return Response::json(r->to_json());
             });
  router.allow_body(8u << 20);
  router.add(
      "GET", "/api/v1/transit/vehicles", Permission::kTransit,
      "Vehicles heard from in the last 10 minutes, each with its latest fix",
      [&positions, &clock, &fleet = sv.fleet, &network = sv.network](Request&) -> Result<Response> {
        auto n = network.get();
        if (!n) return fail(n.error());
        // Each vehicle with the trip it is matched to and its delay, when the tracker placed it.
        auto live = fleet.snapshot(unix_seconds(clock.now()), 600);
        std::unordered_map<std::string_view, const TripPrediction*> placed;
        if (live->network == n->get())
          for (const auto& p : live->trips) placed.emplace(p.vehicle.vehicle_id, &p);
        json out = json::array();
        for (const auto& v : positions.live(std::chrono::minutes(10))) {
          auto j = v.to_json();
          if (auto it = placed.find(v.vehicle_id); it != placed.end()) {
            const auto& p = *it->second;
            const auto& f = (*n)->feed();
            j["matched_trip_id"] = (*n)->trip(p.on.trip).id;
            j["matched_route_id"] = (*n)->trip(p.on.trip).route_id;
            j["delay_s"] = p.on.delay;
            j["matched_by"] = p.on.by_trip_id ? "trip_id" : "schedule";
            const auto [b, e] = (*n)->trip_span(p.on.trip);
            // For people: where it is heading (the headsign, or the trip's last stop).
            const auto& trip = (*n)->trip(p.on.trip);
            if (!trip.headsign.empty())
              j["headsign"] = trip.headsign;
            else if (e > b)
              j["headsign"] = f.stops[f.stop_times[e - 1].stop].name;
            if (trip.direction >= 0) j["direction"] = trip.direction;
            if (!p.stops.empty()) j["next_stop"] = f.stops[f.stop_times[b + p.on.next].stop].name;
          }
          out.push_back(std::move(j));
        }
        auto t = positions.totals();
        json refused = json::object();
        for (std::size_t i = 0; i < kRefusedKinds; ++i)
          if (t.refused[i]) refused[std::string(refused_code(Refused(i)))] = t.refused[i];
        return Response::json({{"vehicles", out},
                               {"ingest",
                                {{"accepted", t.accepted},
                                 {"duplicate", t.duplicate},
                                 {"rejected", t.rejected},
                                 {"refused", refused}}}});
      });
  router.add("GET", "/api/v1/transit/vehicles/{id}/trajectory", Permission::kTransit,
             "A vehicle's track as GeoJSON (?from=&to= unix seconds; default the last hour)",
             [&positions, &clock](Request& req) -> Result<Response> {
               const auto now = unix_seconds(clock.now());
               auto from = time_param(req, "from", now - 3600);
               if (!from) return fail(from.error());
               auto to = time_param(req, "to", now);
               if (!to) return fail(to.error());
               auto g = positions.trajectory(req.params.at("id"), *from, *to);
               if (!g) return fail(g.error());
               auto r = Response::json(*g);
               r.content_type = "application/geo+json; charset=utf-8";
               return r;
             });
  router.add("GET", "/gtfs-rt/vehicle-positions", Permission::kPublic,
             "GTFS-Realtime VehiclePositions of the live fleet (protobuf; ?format=json)",
             [&positions, &clock](Request& req) -> Result<Response> {
               auto live = positions.live(std::chrono::minutes(10));
               if (req.q("format").value_or("") == "json")
                 return Response::json(vehicle_positions_json(live, clock.now()));
               return Response::text(encode_vehicle_positions(live, clock.now()),
                                     "application/x-protobuf");
             });
}

// A required ?lat= or ?lon= within ±`bound` degrees.
Result<double> coordinate(const Request& req, const char* name, double bound) {
  auto v = http::query_number(req, name, -bound, bound);
  if (!v) return fail(v.error());
  if (!*v) return fail(Error::invalid("须给出有效的 lat 与 lon", name));
  return **v;
}

void register_board_routes(http::Router& router, const Services& sv) {
  auto& clock = sv.clock;
  auto& network = sv.network;
  auto& coverage = sv.coverage;
  router.add("GET", "/api/v1/transit/stops/{id}/arrivals", Permission::kPublic,
             "Coming buses at a stop for boards and phones: predicted from live vehicles, "
             "schedule-only marked, a bus that just left (public)",
             [&sv](Request& req) -> Result<Response> {
               const auto& stop = req.params.at("id");
               const auto now = unix_seconds(sv.clock.now());
               if (auto hit = sv.boards.get(stop, now))
                 return Response::text(std::move(*hit), "application/json; charset=utf-8");
               auto board = board_now(sv, stop);
               if (!board) return fail(board.error());
               auto body = board->dump();
               sv.boards.put(stop, now, body);
               return Response::text(std::move(body), "application/json; charset=utf-8");
             });
  router.websocket("/api/v1/transit/stops/{id}/arrivals/ws", Permission::kPublic,
                   "A stop board's arrivals pushed as they change (public; same JSON as the GET)",
                   [&network](Request& req) -> Result<std::string> {
                     auto n = network.get();
                     if (!n) return fail(n.error());
                     const auto& id = req.params.at("id");
                     if (!(*n)->feed().stop_index.contains(id))
                       return fail(Error::not_found("没有这个站点：" + id));
                     return std::string(kBoardTopic) + id;
                   });
  router.add("GET", "/gtfs-rt/trip-updates", Permission::kPublic,
             "GTFS-Realtime TripUpdates: predicted times at the stops ahead of every live trip "
             "(protobuf; ?format=json)",
             [&clock, &network, &fleet = sv.fleet](Request& req) -> Result<Response> {
               auto n = network.get();
               if (!n) return fail(n.error());
               auto updates = trip_updates(**n, *fleet.snapshot(unix_seconds(clock.now()), 600));
               if (req.q("format").value_or("") == "json")
                 return Response::json(trip_updates_json(updates, clock.now()));
               return Response::text(encode_trip_updates(updates, clock.now()),
                                     "application/x-protobuf");
             });
  router.add("GET", "/api/v1/transit/coverage", Permission::kTransit,
             "Forecast coverage now (stops with a scheduled arrival in the next 30 min that have a "
             "fresh live prediction) and over the last hour's stop-minutes",
             [&sv, &clock, &coverage](Request&) -> Result<Response> {
               auto c = coverage_now(sv);  // a read: the minute's sample is the round's
               if (!c) return fail(c.error());
               auto hour = coverage.window(unix_seconds(clock.now()));
               return Response::json({{"stops_served", c->stops_served},
                                      {"stops_predicted", c->stops_predicted},
                                      {"share", c->share()},
                                      {"last_hour",
                                       {{"stop_minutes_served", hour.sum.stops_served},
                                        {"stop_minutes_predicted", hour.sum.stops_predicted},
                                        {"share", hour.sum.share()},
                                        {"minutes_sampled", hour.samples}}}});
             });
  router.add("GET", "/api/v1/transit/stops", Permission::kPublic,
             "Stops nearest ?lat=&lon= (public; ?limit=, default 10), with distance in metres",
             [&network](Request& req) -> Result<Response> {
               auto lat = coordinate(req, "lat", 90);
               if (!lat) return fail(lat.error());
               auto lon = coordinate(req, "lon", 180);
               if (!lon) return fail(lon.error());
               auto limit_q = http::query_int_or(req, "limit", 10, 1, 50);
               if (!limit_q) return fail(limit_q.error());
               auto limit = std::size_t(*limit_q);
               auto n = network.get();
               if (!n) return fail(n.error());
               json out = json::array();
               for (const auto& [stop, metres] : nearest_stops(**n, *lat, *lon, limit))
                 out.push_back({{"stop_id", stop->id},
                                {"name", stop->name},
                                {"lat", stop->lat},
                                {"lon", stop->lon},
                                {"distance_m", std::lround(metres)}});
               return Response::json({{"stops", out}});
             });
}

}  // namespace

std::optional<std::string> BoardCache::get(const std::string& stop, std::int64_t now) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(stop);
  if (it == entries_.end() || it->second.at != now) return std::nullopt;
  return it->second.body;
}

void BoardCache::put(const std::string& stop, std::int64_t now, std::string body) {
  std::lock_guard lock(mu_);
  entries_[stop] = Entry{now, std::move(body)};
}

Result<nlohmann::json> board_now(const Services& s, const std::string& stop_id) {
  auto n = s.network.get();
  if (!n) return fail(n.error());
  const auto now = unix_seconds(s.clock.now());
  auto board = arrivals_at(**n, stop_id, now, *s.fleet.snapshot(now, 600));
  if (!board) return fail(board.error());
  return board->to_json(now);
}

Result<Coverage> coverage_now(const Services& s) {
  auto n = s.network.get();
  if (!n) return fail(n.error());
  const auto now = unix_seconds(s.clock.now());
  return forecast_coverage(**n, *s.fleet.snapshot(now, kFreshSeconds), now);
}

Result<Coverage> sample_coverage(const Services& s) {
  auto n = s.network.get();
  if (!n) return fail(n.error());
  const auto now = unix_seconds(s.clock.now());
  std::vector<std::uint8_t> per_stop;
  auto c = forecast_coverage(**n, *s.fleet.snapshot(now, kFreshSeconds), now, 30, &per_stop);
  s.coverage.record(now, c);
  s.coverage.record_stops(now, *n, per_stop);
  return c;
}

void register_routes(http::Router& router, const Services& sv) {
  auto& store = sv.store;
  auto& clock = sv.clock;
  auto& network = sv.network;
  register_realtime_routes(router, sv);
  register_board_routes(router, sv);
  register_network_routes(router, sv);
  register_coverage_kpi_routes(router, sv);
  register_fleet_routes(router, sv);
  router.add("GET", "/api/v1/transit/feeds", Permission::kTransit,
             "GTFS feed versions, newest first, with their summaries",
             [&store](Request&) -> Result<Response> {
               auto feeds = list_feeds(store);
               if (!feeds) return fail(feeds.error());
               json out = json::array();
               for (const auto& f : *feeds) out.push_back(feed_version_json(f));
               return Response::json({{"feeds", out}});
             });
  for (bool validate_only : {true, false}) {
    router.add(
        "POST", validate_only ? "/api/v1/transit/feeds/validate" : "/api/v1/transit/feeds",
        Permission::kTransitPlan,
        validate_only ? "Validate a GTFS zip (raw body): summary and issues with file/line/field"
                      : "Import a GTFS zip (raw body; ?name=, ?force=1) as the new active version "
                        "(planner, admin)",
        [&store, &clock, &network, validate_only](Request& req) -> Result<Response> {
          if (req.body.size() < 4 || req.body.compare(0, 4, "PK\x03\x04") != 0)
            return fail(Error::invalid("请上传 GTFS 的 .zip 文件", "file"));
          auto name = http::query_string(req, "name");
          if (!name) return fail(name.error());
          auto force = http::query_flag(req, "force");
          if (!force) return fail(force.error());
          auto feed = load_feed_zip(req.body, name->value_or("上传的数据包"), req.zip_limits);
          if (!feed) return fail(feed.error());
          json issues = json::array();
          for (const auto& i : feed->issues) {
            if (issues.size() >= 1000) break;  // the first thousand say enough
            issues.push_back(i.to_json());
          }
          if (validate_only)
            return Response::json({{"summary", feed->summary()}, {"issues", issues}});
          auto v = import_feed(store, *feed, name->value_or("upload.zip"), *force, {}, clock.now(),
                               req.actor());
          if (!v) {
            auto r = Response::error(v.error());
            if (v.error().rule == "gtfs-errors") {
              auto body = json::parse(r.body);
              body["issues"] = issues;
              r.body = body.dump();
            }
            return r;
          }
          if (auto st = network.reload(); !st) return fail(st.error());
          auto out = feed_version_json(*v);
          out["issues"] = issues;
          return Response::json(out, 201);
        });
    router.allow_body(256u << 20);
  }
}

}  // namespace zt::transit

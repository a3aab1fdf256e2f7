// Routes of the two coverage figures: 500 m stop coverage of the built-up area (its polygon
// uploaded here) and forecast coverage stop by stop.
#include <algorithm>

#include <fmt/format.h>

#include "core/calendar.hpp"
#include "core/http_fields.hpp"
#include "transit/api.hpp"
#include "transit/coverage_log.hpp"
#include "transit/kpi/built_up_area.hpp"
#include "transit/kpi/stop_coverage.hpp"
#include "transit/network.hpp"

namespace zt::transit {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

// The stops a bus calls at (stop_times name them): a stop without service covers nothing.
std::vector<CoverageStop> served_stops(const Network& n) {
  const auto& f = n.feed();
  std::vector<char> called(f.stops.size(), 0);
  for (const auto& st : f.stop_times) called[st.stop] = 1;
  std::vector<CoverageStop> out;
  for (std::size_t i = 0; i < f.stops.size(); ++i)
    if (called[i]) out.push_back({f.stops[i].id, f.stops[i].lat, f.stops[i].lon});
  return out;
}

json area_json(const BuiltUpArea& a) {
  return {{"id", a.id},
          {"name", a.name},
          {"area_m2", a.area_m2},
          {"uploaded_at", format_shanghai(Instant{std::chrono::seconds{a.uploaded_at}})},
          {"uploaded_by", a.uploaded_by}};
}

Result<Response> upload(const Services& sv, Request& req) {
  if (req.body.size() > kMaxAreaBytes)
    return fail(Error{ErrorKind::kTooLarge,
                      fmt::format("建成区 GeoJSON 超过 {} MiB", kMaxAreaBytes >> 20),
                      "geojson",
                      {}});
  auto name = http::query_string(req, "name");
  if (!name) return fail(name.error());
  auto a = save_built_up_area(sv.store, name->value_or(""), req.body, sv.records_clock.now(),
                              req.actor());
  if (!a) return fail(a.error());
  return Response::json(area_json(*a), 201);
}

}  // namespace

void register_coverage_kpi_routes(http::Router& router, const Services& sv) {
  router.add("GET", "/api/v1/transit/kpi/stop-coverage", Permission::kTransit,
             "中心城区公共交通站点500米覆盖率: the built-up area within 500 m of a served stop of "
             "the active feed ÷ the built-up area, with the uncovered parts as GeoJSON",
             [&sv](Request&) -> Result<Response> {
               auto area = current_built_up_area(sv.store);
               if (!area) return fail(area.error());
               if (!*area) return Response::json({{"area", nullptr}, {"target", 1.0}});
               auto geometry = parse_area_geojson((*area)->geojson);
               if (!geometry) return fail(geometry.error());
               auto n = sv.network.get();
               if (!n) return fail(n.error());
               const auto stops = served_stops(**n);
               auto c = stop_coverage(*geometry, stops);
               if (!c) return fail(c.error());
               return Response::json({{"area", area_json(**area)},
                                      {"target", 1.0},
                                      {"radius_m", kCoverageRadiusM},
                                      {"ratio", c->ratio},
                                      {"built_up_m2", c->built_up_m2},
                                      {"covered_m2", c->covered_m2},
                                      {"uncovered_m2", c->uncovered_m2},
                                      {"stops_served", stops.size()},
                                      {"stops_near", c->stops_near},
                                      {"uncovered", c->uncovered}});
             });
  router.offload();  // thousands of buffers unioned: off the event loop
  router.add("GET", "/api/v1/transit/kpi/stop-coverage/area", Permission::kTransit,
             "The current built-up area polygon as uploaded (GeoJSON)",
             [&sv](Request&) -> Result<Response> {
               auto area = current_built_up_area(sv.store);
               if (!area) return fail(area.error());
               if (!*area) return fail(Error::not_found("尚未上传中心城区建成区范围"));
               auto r = Response::json(json::parse((*area)->geojson));
               r.content_type = "application/geo+json; charset=utf-8";
               return r;
             });
  for (const char* method : {"POST", "PUT"}) {
    router.add(method, "/api/v1/transit/kpi/stop-coverage/area", Permission::kTransitPlan,
               "Upload the built-up area (GeoJSON Polygon, MultiPolygon, Feature or "
               "FeatureCollection; ?name=) as the current version (planner, admin)",
               [&sv](Request& req) { return upload(sv, req); });
    router.allow_body(kMaxAreaBytes);
  }
  router.add("GET", "/api/v1/transit/kpi/forecast-coverage", Permission::kTransit,
             "来车信息实时预报覆盖率 by stop over the last ?hours= (1-24, default 24): each stop's "
             "minutes with service due and with a live prediction, worst first (?limit=), and "
             "the stops never covered",
             [&sv](Request& req) -> Result<Response> {
               auto hours = http::query_int_or(req, "hours", 24, 1, 24);
               if (!hours) return fail(hours.error());
               auto limit = http::query_int_or(req, "limit", 200, 1, 10000);
               if (!limit) return fail(limit.error());
               auto n = sv.network.get();
               if (!n) return fail(n.error());
               const auto now = unix_seconds(sv.clock.now());
               auto w = sv.coverage.stops_window(now, int(*hours));
               json stops = json::array(), never = json::array();
               int served_minutes = 0, predicted_minutes = 0;
               std::size_t with_service = 0;
               // Samples of an older network version say nothing of this one's stops.
               if (w.network == *n) {
                 const auto& f = (*n)->feed();
                 std::vector<std::size_t> order;
                 for (std::size_t i = 0; i < w.stops.size() && i < f.stops.size(); ++i)
                   if (w.stops[i].served > 0) order.push_back(i);
                 with_service = order.size();
                 auto share = [&](std::size_t i) {
                   return double(w.stops[i].predicted) / w.stops[i].served;
                 };
                 std::stable_sort(order.begin(), order.end(),
                                  [&](auto a, auto b) { return share(a) < share(b); });
                 for (auto i : order) {
                   const auto& s = w.stops[i];
                   served_minutes += s.served;
                   predicted_minutes += s.predicted;
                   json one = {{"stop_id", f.stops[i].id},   {"name", f.stops[i].name},
                               {"lat", f.stops[i].lat},      {"lon", f.stops[i].lon},
                               {"minutes_served", s.served}, {"minutes_predicted", s.predicted},
                               {"share", share(i)}};
                   if (s.predicted == 0) never.push_back(one);
                   if (stops.size() < std::size_t(*limit)) stops.push_back(std::move(one));
                 }
               }
               return Response::json(
                   {{"hours", *hours},
                    {"minutes_sampled", w.network == *n ? w.samples : 0},
                    {"target", 1.0},
                    {"share", served_minutes ? double(predicted_minutes) / served_minutes : 1.0},
                    {"stop_minutes_served", served_minutes},
                    {"stop_minutes_predicted", predicted_minutes},
                    {"stops_with_service", with_service},
                    {"stops_never_covered", never.size()},
                    {"stops", stops},
                    {"never_covered", never}});
             });
}

}  // namespace zt::transit

// A stored flow day by place: riders at every stop (the stop heat map), between 交通小区 (zone
// OD), and per stop visit as a TIDES stop_visits file for another system.
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "core/csv.hpp"
#include "core/http_fields.hpp"
#include "transit/flow/api_common.hpp"
#include "transit/flow/flow_api.hpp"
#include "transit/flow/zones.hpp"

namespace zt::transit::flow {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

Result<std::map<std::string, std::pair<double, double>>> onoff_by_stop(Store& store, Date day) {
  auto hours = load_stop_hours(store, day);
  if (!hours) return fail(hours.error());
  std::map<std::string, std::pair<double, double>> out;
  for (const auto& h : *hours) {
    auto& s = out[h.stop_id];
    s.first += h.on, s.second += h.off;
  }
  return out;
}

Result<json> stops(Store& store, const Network& n, Date day) {
  auto by = onoff_by_stop(store, day);
  if (!by) return fail(by.error());
  json list = json::array();
  for (const auto& [id, v] : *by) {
    auto s = n.find_stop(id);
    if (!s) continue;  // a stop of an older feed: it has no place on today's map
    const auto& stop = n.stop(*s);
    list.push_back({{"stop_id", id},
                    {"stop_name", stop.name},
                    {"stop_code", stop.code},
                    {"lat", stop.lat},
                    {"lon", stop.lon},
                    {"boardings", std::round(v.first * 10) / 10},
                    {"alightings", std::round(v.second * 10) / 10}});
  }
  return json{{"service_date", format_date(day)}, {"stops", list}};
}

Result<json> zones(Store& store, const Network& n, Date day, int cell_m, int limit) {
  auto by = onoff_by_stop(store, day);
  if (!by) return fail(by.error());
  auto od = load_od(store, day, 0);
  if (!od) return fail(od.error());
  const auto z = zone_flow(n, *od, *by, cell_m);
  json zones = json::array();
  for (const auto& zone : z.zones)
    zones.push_back({{"zone_id", zone.id},
                     {"name", zone.name},
                     {"lat", zone.lat},
                     {"lon", zone.lon},
                     {"stops", zone.stops},
                     {"boardings", std::round(zone.boardings * 10) / 10},
                     {"alightings", std::round(zone.alightings * 10) / 10}});
  json pairs = json::array();
  for (const auto& p : z.od) {
    if (limit > 0 && pairs.size() >= std::size_t(limit)) break;
    pairs.push_back({{"from_zone", z.zones[p.from].id},
                     {"from_name", z.zones[p.from].name},
                     {"to_zone", z.zones[p.to].id},
                     {"to_name", z.zones[p.to].name},
                     {"riders", std::round(p.riders * 10) / 10}});
  }
  return json{{"service_date", format_date(day)},
              {"cell_m", cell_m},
              {"zones", zones},
              {"od", pairs},
              {"intrazonal", std::round(z.intrazonal * 10) / 10}};
}

std::string when(std::int64_t t) {
  return t ? format_shanghai(Instant{std::chrono::seconds{t}}) : "";
}

// TIDES v1.0 stop_visits: one row per visit of a trip with riders, numbered along the performed
// trip; counts rounded to whole riders as the schema's integers require.
Result<std::string> tides_stop_visits(Store& store, Date day) {
  auto loads = load_visit_loads(store, day);
  if (!loads) return fail(loads.error());
  std::string out;
  csv_row(out, "service_date", "trip_id_performed", "trip_stop_sequence", "scheduled_stop_sequence",
          "vehicle_id", "stop_id", "actual_arrival_time", "actual_departure_time", "boarding_1",
          "alighting_1", "departure_load");
  const auto date = format_date(day);
  const VisitLoad* prev = nullptr;
  int seq = 0;
  for (const auto& v : *loads) {
    if (!prev || prev->trip_id != v.trip_id || prev->vehicle_id != v.vehicle_id) seq = 0;
    prev = &v;
    auto whole = [](double x) { return std::to_string(std::lround(std::max(0.0, x))); };
    // A performed trip is its scheduled trip run by one vehicle on the day.
    csv_row(out, date, v.trip_id + "-" + v.vehicle_id, std::to_string(++seq),
            std::to_string(v.stop_sequence), v.vehicle_id, v.stop_id, when(v.arrived),
            when(v.departed), whole(v.on), whole(v.off), whole(v.load));
  }
  return out;
}

}  // namespace

void register_place_routes(http::Router& router, const Services& sv) {
  router.add("GET", "/api/v1/transit/flow/days/{date}/stops", Permission::kTransitPlan,
             "Every stop with riders on a flow day: place, boardings and alightings (the stop "
             "heat map) (planner, admin)",
             [&sv](Request& req) -> Result<Response> {
               auto day = path_date(req);
               if (!day) return fail(day.error());
               if (auto d = stored_day(sv.store, *day); !d) return fail(d.error());
               auto n = sv.network.get();
               if (!n) return fail(n.error());
               auto j = stops(sv.store, **n, *day);
               if (!j) return fail(j.error());
               return Response::json(*j);
             });
  router.add("GET", "/api/v1/transit/flow/days/{date}/zones", Permission::kTransitPlan,
             "Zone-to-zone OD of a flow day: stops grouped in square cells of ?cell_m= metres "
             "(200-5000, default 1000), each named after its busiest stop; the ?limit= heaviest "
             "pairs (default 50, 0 all) and the riders within one zone (planner, admin)",
             [&sv](Request& req) -> Result<Response> {
               auto day = path_date(req);
               if (!day) return fail(day.error());
               auto cell = http::query_int(req, "cell_m", 200, 5000);
               if (!cell) return fail(cell.error());
               auto limit = http::query_int(req, "limit", 0, 10000);
               if (!limit) return fail(limit.error());
               if (auto d = stored_day(sv.store, *day); !d) return fail(d.error());
               auto n = sv.network.get();
               if (!n) return fail(n.error());
               auto j =
                   zones(sv.store, **n, *day, int(cell->value_or(1000)), int(limit->value_or(50)));
               if (!j) return fail(j.error());
               return Response::json(*j);
             });
  router.add("GET", "/api/v1/transit/flow/days/{date}/tides/stop_visits.csv",
             Permission::kTransitPlan,
             "A flow day's riders per stop visit as TIDES v1.0 stop_visits (boarding_1, "
             "alighting_1, departure_load) (planner, admin)",
             [&sv](Request& req) -> Result<Response> {
               auto day = path_date(req);
               if (!day) return fail(day.error());
               if (auto d = stored_day(sv.store, *day); !d) return fail(d.error());
               auto csv = tides_stop_visits(sv.store, *day);
               if (!csv) return fail(csv.error());
               const auto date = format_date(*day);
               return http::download(std::move(*csv), "text/csv; charset=utf-8",
                                     "stop_visits-" + date + ".csv",
                                     "客流-TIDES-stop_visits-" + date + ".csv");
             });
  router.offload();
}

}  // namespace zt::transit::flow

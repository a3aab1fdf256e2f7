// Routes of the vehicle register, the fleet targets and the accident register.
#include <fmt/format.h>

#include "core/http_fields.hpp"
#include "transit/api.hpp"
#include "transit/register/accidents.hpp"
#include "transit/register/fleet_targets.hpp"
#include "transit/register/vehicle_register.hpp"

namespace zt::transit {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

constexpr std::size_t kMaxRegisterBytes = 16u << 20;

// [from, to] from ?from=&to=, by default this year up to today (Beijing dates).
Result<std::pair<Date, Date>> period(const Request& req, const Clock& clock) {
  const Date today = shanghai_date(clock.now());
  const auto ymd = std::chrono::year_month_day{today};
  auto from = http::query_date(req, "from");
  if (!from) return fail(from.error());
  auto to = http::query_date(req, "to");
  if (!to) return fail(to.error());
  const Date f = from->value_or(Date{ymd.year() / std::chrono::January / 1});
  const Date t = to->value_or(today);
  if (t < f) return fail(Error::invalid("截止日期早于起始日期", "to"));
  return std::pair{f, t};
}

Result<Response> import_register(const Services& sv, Request& req) {
  auto name = http::query_string(req, "name");
  if (!name) return fail(name.error());
  const auto file = name->value_or("车辆档案");
  std::vector<RowError> errors;
  auto r = import_vehicles(sv.store, std::move(req.body), file, sv.records_clock.now(), req.actor(),
                           req.zip_limits, &errors);
  if (!r) {
    auto out = Response::error(r.error());
    if (!errors.empty()) {
      auto body = json::parse(out.body);
      json list = json::array();
      for (const auto& e : errors) {
        if (list.size() >= 200) break;  // the first two hundred say enough
        list.push_back(e.to_json());
      }
      body["errors"] = list;
      out.body = body.dump();
    }
    return out;
  }
  return Response::json({{"file", file}, {"inserted", r->inserted}, {"updated", r->updated}});
}

Result<Accident> accident_from(const json& body) {
  Accident a;
  auto date = http::require_date(body, "date");
  if (!date) return fail(date.error());
  a.date = *date;
  auto plate = http::require_string(body, "plate", false, 32);
  if (!plate) return fail(plate.error());
  a.plate = *plate;
  auto route = http::optional_string(body, "route", http::kMaxName);
  if (!route) return fail(route.error());
  a.route = route->value_or("");
  auto resp =
      http::require_enum(body, "responsibility", {"full", "main", "equal", "minor", "none"});
  if (!resp) return fail(resp.error());
  a.responsibility = *responsibility_from_code(*resp);
  auto deaths = http::require_int(body, "deaths", 0, 1000);
  if (!deaths) return fail(deaths.error());
  a.deaths = int(*deaths);
  auto injuries = http::require_int(body, "injuries", 0, 10000);
  if (!injuries) return fail(injuries.error());
  a.injuries = int(*injuries);
  auto note = http::optional_string(body, "note", 2000);
  if (!note) return fail(note.error());
  a.note = note->value_or("");
  return a;
}

}  // namespace

void register_fleet_routes(http::Router& router, const Services& sv) {
  router.add("GET", "/api/v1/transit/fleet/vehicles", Permission::kTransit,
             "The vehicle register (一车一档), by plate", [&sv](Request&) -> Result<Response> {
               auto v = list_vehicles(sv.store);
               if (!v) return fail(v.error());
               json out = json::array();
               for (const auto& x : *v) out.push_back(x.to_json());
               return Response::json({{"vehicles", out}});
             });
  router.add("POST", "/api/v1/transit/fleet/vehicles/import", Permission::kTransitPlan,
             "Import the vehicle register from .xlsx or CSV (raw body; ?name=): all or nothing, "
             "bad rows a 400 naming row and column (planner, admin)",
             [&sv](Request& req) { return import_register(sv, req); });
  router.allow_body(kMaxRegisterBytes);
  router.add(
      "GET", "/api/v1/transit/fleet/targets", Permission::kTransit,
      "The fleet's targets from the register: 新能源 share of buses in service since "
      "?since= (default the year's first day), low-floor share, equipment installation, "
      "标台 per 10,000 of ?population=, the central-city fleet",
      [&sv](Request& req) -> Result<Response> {
        auto since = http::query_date(req, "since");
        if (!since) return fail(since.error());
        auto population = http::query_number(req, "population", 1, 1e9);
        if (!population) return fail(population.error());
        auto v = list_vehicles(sv.store);
        if (!v) return fail(v.error());
        const auto year = std::chrono::year_month_day{shanghai_date(sv.records_clock.now())}.year();
        FleetInputs in{since->value_or(Date{year / std::chrono::January / 1}), *population};
        json figures = json::array();
        for (const auto& f : fleet_targets(*v, in)) figures.push_back(f.to_json());
        json j = {
            {"since", format_date(in.new_since)}, {"vehicles", v->size()}, {"figures", figures}};
        j["population"] = in.population ? json(*in.population) : json(nullptr);
        return Response::json(j);
      });
  router.add("GET", "/api/v1/transit/accidents", Permission::kTransit,
             "The accident register of ?from=&to= (default this year) and 行车责任事故死亡率 per "
             "million vehicle-km (?vehicle_km= until the operations records give them)",
             [&sv](Request& req) -> Result<Response> {
               auto p = period(req, sv.records_clock);
               if (!p) return fail(p.error());
               auto km = http::query_number(req, "vehicle_km", 1, 1e12);
               if (!km) return fail(km.error());
               auto recorded = recorded_vehicle_km(sv.store, p->first, p->second);
               if (!recorded) return fail(recorded.error());
               auto list = list_accidents(sv.store, p->first, p->second);
               if (!list) return fail(list.error());
               const auto vehicle_km = *km ? *km : *recorded;
               json out = json::array();
               for (const auto& a : *list) out.push_back(a.to_json());
               auto rate = accident_rate(*list, vehicle_km).to_json();
               rate["vehicle_km_source"] = *km ? "input" : (*recorded ? "records" : "none");
               return Response::json({{"from", format_date(p->first)},
                                      {"to", format_date(p->second)},
                                      {"accidents", out},
                                      {"rate", rate}});
             });
  router.add("POST", "/api/v1/transit/accidents", Permission::kTransitPlan,
             "Record an accident {date, plate, route?, responsibility: full|main|equal|minor|none, "
             "deaths, injuries, note?} (planner, admin)",
             [&sv](Request& req) -> Result<Response> {
               auto body = http::parse_json_document(req.body);
               if (!body) return fail(body.error());
               if (!body->is_object()) return fail(Error::invalid("请求体须为 JSON 对象", "body"));
               auto a = accident_from(*body);
               if (!a) return fail(a.error());
               auto saved =
                   record_accident(sv.store, std::move(*a), sv.records_clock.now(), req.actor());
               if (!saved) return fail(saved.error());
               return Response::json(saved->to_json(), 201);
             });
}

}  // namespace zt::transit

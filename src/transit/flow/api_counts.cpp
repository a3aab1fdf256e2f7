// POST/GET /api/v1/transit/flow/days/{date}/counts: a day's counter file (TIDES passenger_events
// or stop_visits), laid on the day's stored stop visits and kept for the taps uploaded after it.
#include <fmt/format.h>

#include "core/http_fields.hpp"
#include "transit/flow/api_common.hpp"
#include "transit/flow/count_store.hpp"
#include "transit/flow/flow_api.hpp"
#include "transit/kpi/record_store.hpp"

namespace zt::transit::flow {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

Result<Response> upload(const Services& sv, Request& req) {
  auto day = path_date(req);
  if (!day) return fail(day.error());
  auto format = http::query_enum(req, "format", {"passenger_events", "stop_visits"});
  if (!format) return fail(format.error());
  const std::string source = format->value_or("passenger_events");
  auto n = sv.network.get();
  if (!n) return fail(n.error());
  if ((*n)->empty()) return fail(Error::conflict("尚未导入 GTFS 数据"));
  auto events = source == "stop_visits" ? read_stop_visit_counts(std::move(req.body))
                                        : read_passenger_events(std::move(req.body));
  if (!events) {
    auto e = events.error();
    if (e.kind == ErrorKind::kInvalidInput && !e.fields.empty()) {
      e.kind = ErrorKind::kRuleViolation;  // readable, but rows at fault: 422, each named
      e.rule = "flow-count-rows";
    }
    return fail(std::move(e));
  }
  if (events->empty()) return fail(Error::invalid("文件中没有上下客计数", "file"));
  auto visits = kpi::load_day_events(sv.store, **n, *day);
  if (!visits) return fail(visits.error());
  if (visits->empty())
    return fail(Error::conflict(format_date(*day) + " 没有车辆到离站记录，无法匹配计数"));
  VisitIndex index(**n, std::move(*visits));
  auto match = match_counts(index, *events);
  if (match.matched == 0)
    return fail(Error::conflict(fmt::format(
        "{} 条计数无一能对上当日车辆的到离站记录（车辆编号须与定位数据一致）", match.events)));
  auto saved = save_counts(sv.store, **n, *day, source, match, sv.records_clock.now(), req.actor());
  if (!saved) return fail(saved.error());
  json out = saved->to_json();
  auto flow = find_flow_day(sv.store, *day);
  if (!flow) return fail(flow.error());
  // The taps are not kept (personal data): a day already inferred uses these counts only once
  // its taps are uploaded again.
  out["flow_day_exists"] = flow->has_value();
  return Response::json(out, 201);
}

}  // namespace

void register_count_routes(http::Router& router, const Services& sv) {
  router.add("POST", "/api/v1/transit/flow/days/{date}/counts", Permission::kTransitPlan,
             "Uploads a service day's passenger counts (CSV body, "
             "?format=passenger_events|stop_visits, TIDES): each laid on the day's stored stop "
             "visit of its vehicle, replacing the day's counts; the day's taps uploaded after are "
             "expanded to them; a bad row is refused (422) with its line and field (planner, "
             "admin)",
             [&sv](Request& req) { return upload(sv, req); });
  router.allow_body(256u << 20);
  router.add("GET", "/api/v1/transit/flow/days/{date}/counts", Permission::kTransitPlan,
             "The counts uploaded for a day: events read and matched, riders on and off, "
             "vehicles (zeros when none) (planner, admin)",
             [&sv](Request& req) -> Result<Response> {
               auto day = path_date(req);
               if (!day) return fail(day.error());
               auto d = find_count_day(sv.store, *day);
               if (!d) return fail(d.error());
               CountDay empty;
               empty.day = *day;
               return Response::json(d->value_or(empty).to_json());
             });
}

}  // namespace zt::transit::flow

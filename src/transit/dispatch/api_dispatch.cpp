#include "transit/dispatch/api_dispatch.hpp"

#include "core/http_fields.hpp"
#include "transit/dispatch/departures.hpp"
#include "transit/fleet.hpp"
#include "transit/network.hpp"

namespace zt::transit::dispatch {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

constexpr const char* kRefusal = "只有公交调度员或管理员可以处理调度报警与调度建议";

// ?state=open|all, ?route=, ?page=, ?per_page= and the caller's units.
Result<ListQuery> list_query(const Request& req) {
  ListQuery q;
  auto state = http::query_enum(req, "state", {"open", "all"});
  if (!state) return fail(state.error());
  q.open_only = state->value_or("open") == "open";
  auto route = http::query_string(req, "route");
  if (!route) return fail(route.error());
  q.route_id = route->value_or("");
  auto page = http::query_int_or(req, "page", 1, 1, 1000000);
  if (!page) return fail(page.error());
  auto per = http::query_int_or(req, "per_page", 50, 1, 200);
  if (!per) return fail(per.error());
  q.limit = *per;
  q.offset = (*page - 1) * *per;
  const auto& who = req.who();
  q.all_units = who.sees_all_units();
  q.unit = who.unit.value;
  return q;
}

// The note of an ack, close, accept or reject: an optional JSON body {note?}.
Result<std::string> note_of(const Request& req) {
  if (req.body.empty()) return std::string();
  auto body = http::parse_json_document(req.body);
  if (!body) return fail(body.error());
  if (!body->is_object()) return fail(Error::invalid("请求体须为 JSON 对象", "body"));
  auto note = http::optional_string(*body, "note", 2000);
  if (!note) return fail(note.error());
  return note->value_or("");
}

// A dispatcher acts only on the alarms and advice of their own unit (all with kAllUnits).
Status may_handle(const Request& req, const std::optional<std::int64_t>& unit) {
  if (unit && !req.who().may_see_unit(UnitId{*unit}))
    return fail(Error::forbidden("这条记录属于其他单位的调度，无权处理"));
  return {};
}

template <class T>
json page_json(const char* name, const Page<T>& p, const ListQuery& q) {
  json items = json::array();
  for (const auto& x : p.items) items.push_back(x.to_json());
  return {
      {name, items}, {"total", p.total}, {"page", q.offset / q.limit + 1}, {"per_page", q.limit}};
}

}  // namespace

void register_dispatch_routes(http::Router& router, const Services& sv, Engine& engine,
                              Instruct instruct) {
  register_assignment_routes(router, sv, engine.settings().unit());
  router.add("GET", "/api/v1/transit/dispatch/alarms",
             {Permission::kTransit, http::Scope::kOwnUnit},
             "Dispatch alarms of the caller's unit (?state=open|all, ?route=, ?page=, ?per_page=)",
             [&sv](Request& req) -> Result<Response> {
               auto q = list_query(req);
               if (!q) return fail(q.error());
               auto p = list_alarms(sv.store, *q);
               if (!p) return fail(p.error());
               return Response::json(page_json("alarms", *p, *q));
             });
  for (auto act : {AlarmAct::kAcknowledge, AlarmAct::kClose}) {
    const bool ack = act == AlarmAct::kAcknowledge;
    router.add("POST",
               ack ? "/api/v1/transit/dispatch/alarms/{id}/ack"
                   : "/api/v1/transit/dispatch/alarms/{id}/close",
               {Permission::kTransitDispatch, http::Scope::kOwnUnit, kRefusal},
               ack ? "Acknowledge an alarm {note?} (dispatcher of its unit, admin)"
                   : "Close an alarm {note?} (dispatcher of its unit, admin)",
               [&sv, act](Request& req) -> Result<Response> {
                 auto id = http::parse_int(req.params.at("id"), "id", 1);
                 if (!id) return fail(id.error());
                 auto note = note_of(req);
                 if (!note) return fail(note.error());
                 auto a = get_alarm(sv.store, *id);
                 if (!a) return fail(a.error());
                 if (auto st = may_handle(req, a->unit); !st) return fail(st.error());
                 auto done = act_on_alarm(sv.store, *id, act, *note, req.actor(),
                                          unix_seconds(sv.clock.now()), sv.records_clock.now());
                 if (!done) return fail(done.error());
                 return Response::json(done->to_json());
               });
  }
  router.add("GET", "/api/v1/transit/dispatch/advice",
             {Permission::kTransit, http::Scope::kOwnUnit},
             "Control advice of the caller's unit (?state=open|all, ?route=, ?page=, ?per_page=)",
             [&sv](Request& req) -> Result<Response> {
               auto q = list_query(req);
               if (!q) return fail(q.error());
               auto p = list_advice(sv.store, *q);
               if (!p) return fail(p.error());
               return Response::json(page_json("advice", *p, *q));
             });
  for (bool accept : {true, false}) {
    router.add("POST",
               accept ? "/api/v1/transit/dispatch/advice/{id}/accept"
                      : "/api/v1/transit/dispatch/advice/{id}/reject",
               {Permission::kTransitDispatch, http::Scope::kOwnUnit, kRefusal},
               accept ? "Accept a piece of advice {note?} (dispatcher of its unit, admin); the "
                        "driver's instruction goes to the bus's JT/T 808 terminal when it has one "
                        "(`instruction` in the answer says whether it was sent)"
                      : "Reject a piece of advice {note?} (dispatcher of its unit, admin)",
               [&sv, accept, instruct](Request& req) -> Result<Response> {
                 auto id = http::parse_int(req.params.at("id"), "id", 1);
                 if (!id) return fail(id.error());
                 auto note = note_of(req);
                 if (!note) return fail(note.error());
                 auto a = get_advice(sv.store, *id);
                 if (!a) return fail(a.error());
                 if (auto st = may_handle(req, a->unit); !st) return fail(st.error());
                 auto done = decide_advice(sv.store, *id, accept, *note, req.actor(),
                                           unix_seconds(sv.clock.now()), sv.records_clock.now());
                 if (!done) return fail(done.error());
                 auto out = done->to_json();
                 if (accept && instruct) out["instruction"] = instruct(*done, req.actor());
                 return Response::json(out);
               });
  }
  router.add("GET", "/api/v1/transit/dispatch/departures", Permission::kTransit,
             "Terminal departure board of ?stop= (?limit= per route): planned, vehicle, advised",
             [&sv](Request& req) -> Result<Response> {
               auto stop = http::query_string(req, "stop");
               if (!stop) return fail(stop.error());
               if (!*stop || (*stop)->empty())
                 return fail(Error::invalid("须给出首末站 stop", "stop"));
               auto limit = http::query_int_or(req, "limit", 3, 1, 20);
               if (!limit) return fail(limit.error());
               auto n = sv.network.get();
               if (!n) return fail(n.error());
               const auto now = unix_seconds(sv.clock.now());
               ListQuery q;
               q.all_units = req.who().sees_all_units();
               q.unit = req.who().unit.value;
               q.limit = 200;
               auto advice = list_advice(sv.store, q);
               if (!advice) return fail(advice.error());
               auto board = departures(**n, *sv.fleet.snapshot(now, 600), **stop, now,
                                       std::size_t(*limit), advice->items);
               if (!board) return fail(board.error());
               return Response::json(departures_json(**n, **stop, now, *board));
             });
  router.websocket(
      "/api/v1/transit/dispatch/ws", Permission::kTransit,
      "Dispatch events (alarms and advice) of the caller's unit, pushed as they change",
      [&engine](Request& req) -> Result<std::string> {
        const auto unit = engine.settings().unit();
        if (unit && !req.who().may_see_unit(UnitId{*unit}))
          return fail(Error::forbidden("只有本单位的调度人员可接收调度报警"));
        return engine.topic();
      });
}

}  // namespace zt::transit::dispatch

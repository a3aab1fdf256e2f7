// Routes of the task page and the lists' helpers: one task with its slots, reports, figures and
// history; the responsible units as the filters offer them; the office's 催报 of a slot.
#include <set>

#include "supervision/api.hpp"
#include "supervision/api_json.hpp"
#include "supervision/api_util.hpp"
#include "supervision/reminders.hpp"
#include "supervision/task_page.hpp"

namespace zt::supervision {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

json report_json(const TaskReport& r) {
  json figures = json::array();
  for (const auto& f : r.report.figures)
    figures.push_back({{"kpi_id", f.kpi_id}, {"value", f.value}});
  return {{"id", r.id.value},
          {"slot_id", r.slot.value},
          {"period", r.period},
          {"unit", r.unit},
          {"role", r.role},
          {"revision", r.revision},
          {"filed_at", format_shanghai(r.filed_at)},
          {"filed_by", r.filed_by},
          {"progress", r.report.progress},
          {"percent", r.report.percent},
          {"status", report_status_label(r.report.status)},
          {"problems", r.report.problems},
          {"next_steps", r.report.next_steps},
          {"figures", figures}};
}

json task_page_json(const TaskPage& t) {
  json slots = json::array();
  for (const auto& s : t.slots) slots.push_back(slot_json(s));
  json reports = json::array();
  for (const auto& r : t.reports) reports.push_back(report_json(r));
  json targets = json::array();
  for (const auto& k : t.targets) {
    json figures = json::array();
    for (const auto& f : k.figures)
      figures.push_back({{"period", f.period},
                         {"unit", f.unit},
                         {"value", f.value},
                         {"filed_at", format_shanghai(f.filed_at)}});
    auto item = kpi_json(k.kpi);
    item["figures"] = figures;
    item["met"] = k.met ? json(*k.met) : json(nullptr);
    item["met_source"] = !k.met ? json(nullptr) : json(k.met_by_system ? "system" : "unit");
    item["system_figures"] = system_trend_json(k.system);
    targets.push_back(std::move(item));
  }
  json inspections = json::array();
  for (const auto& v : t.inspections)
    inspections.push_back({{"id", v.id},
                           {"inspected_on", v.record.inspected_on},
                           {"inspectors", v.record.inspectors},
                           {"findings", v.record.findings},
                           {"rectify_by", v.record.rectify_by},
                           {"state", v.state()},
                           {"overdue", v.overdue}});
  json history = json::array();
  for (const auto& e : t.history)
    history.push_back({{"seq", e.record.seq},
                       {"at", format_shanghai(Instant{std::chrono::seconds{e.record.at}})},
                       {"actor", e.actor_name},  // "" for the system's own records
                       {"action", e.record.action},
                       {"summary", e.record.summary}});
  return {{"task", task_json(t.task)},  {"slots", slots},
          {"reports", reports},         {"targets", targets},
          {"inspections", inspections}, {"history", history}};
}

}  // namespace

void register_task_routes(http::Router& router, const Services& s) {
  auto& store = s.store;
  auto& ledger = s.ledger;
  auto& reporting = s.reporting;
  auto& inspections = s.inspections;
  auto& clock = s.clock;
  router.add("GET", "/api/v1/supervision/tasks/{id}",
             {Permission::kSupervision, http::Scope::kOwnUnit},
             "One key task: its units and leaders, slots per period, reports with revisions, "
             "figures against its numeric targets, 督查 records and history (the user's task "
             "scope)",
             [&store, &ledger, &reporting, &inspections](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               auto page = task_page(store, ledger, reporting, inspections, req.who(), TaskId{*id});
               if (!page) return fail(page.error());
               return Response::json(task_page_json(*page));
             });
  router.add("GET", "/api/v1/supervision/units", Permission::kSupervision,
             "Responsible units (those with tasks) matching ?q= by name, alias or short form "
             "(发改委), for the lists' unit filters",
             [&store](Request& req) -> Result<Response> {
               auto q = http::query_string(req, "q");
               if (!q) return fail(q.error());
               auto ids = units_matching(store, q->value_or(""));
               if (!ids) return fail(ids.error());
               std::set<std::int64_t> wanted;
               for (auto u : *ids) wanted.insert(u.value);
               auto rows = store.query(
                   "SELECT u.id, u.name FROM units u WHERE u.id IN (SELECT unit_id FROM "
                   "sv_assignments WHERE unit_id IS NOT NULL) ORDER BY u.id");
               if (!rows) return fail(rows.error());
               json out = json::array();
               for (const auto& r : rows->rows)
                 if (wanted.contains(r.i64(0)))
                   out.push_back({{"id", r.i64(0)}, {"name", r.str(1)}});
               return Response::json({{"units", out}});
             });
  router.add("POST", "/api/v1/supervision/slots/{id}/remind", Permission::kSupervisionManage,
             "催报: remind the unit of an unfiled slot through the outbox, at most once a day "
             "(office, admin)",
             [&store, &reporting, &clock](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               auto r =
                   remind_slot(store, reporting, clock, req.who(), SlotId{*id}, req.request_id);
               if (!r) return fail(r.error());
               auto out = slot_json(r->slot);
               out["recipients"] = r->recipients;
               return Response::json(out, 201);
             });
}

}  // namespace zt::supervision

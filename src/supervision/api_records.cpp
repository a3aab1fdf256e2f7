// Routes for the records around a task: responsible leaders linked to accounts, 督查 records,
// report attachments and the numeric targets a slot reports on.
#include "supervision/api.hpp"
#include "supervision/api_json.hpp"
#include "supervision/api_util.hpp"
#include "supervision/reminders.hpp"

namespace zt::supervision {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

json person_json(const Ledger::PersonView& p) {
  return {{"id", p.id},
          {"name", p.name},
          {"user_id", p.user_id ? json(*p.user_id) : json(nullptr)},
          {"username", p.username},
          {"ledger_lines", p.ledger_lines},
          {"tasks", p.tasks}};
}

json inspection_json(const InspectionView& v) {
  auto at = [](const std::optional<Instant>& t) {
    return t ? json(format_shanghai(*t)) : json(nullptr);
  };
  return {{"id", v.id},
          {"task_id", v.task_id.value},
          {"task_no", v.task_no},
          {"task", v.task_text},
          {"inspected_on", v.record.inspected_on},
          {"inspectors", v.record.inspectors},
          {"findings", v.record.findings},
          {"rectify_by", v.record.rectify_by},
          {"rectification", v.rectification ? json(*v.rectification) : json(nullptr)},
          {"rectified_at", at(v.rectified_at)},
          {"closure", v.closure ? json(*v.closure) : json(nullptr)},
          {"closed_at", at(v.closed_at)},
          {"state", v.state()},
          {"overdue", v.overdue}};
}

json attachment_json(const AttachmentView& a) {
  return {{"id", a.id},
          {"slot_id", a.slot_id.value},
          {"name", a.name},
          {"content_type", a.content_type},
          {"size", a.size},
          {"sha256", a.sha256},
          {"uploaded_by", a.uploaded_by},
          {"uploaded_at", format_shanghai(a.uploaded_at)}};
}

Result<std::string> text_field(const Request& req, const std::string& field) {
  auto body = http::parse_json_body(req);
  if (!body) return fail(body.error());
  return http::require_string(*body, field);
}

}  // namespace

void register_record_routes(http::Router& router, const Services& s) {
  auto& ledger = s.ledger;
  auto& reporting = s.reporting;
  auto& inspections = s.inspections;
  auto& attachments = s.attachments;
  auto& store = s.store;
  auto& clock = s.clock;
  const int reminder_days = s.reminder_days;
  router.add("POST", "/api/v1/supervision/reminders/run", Permission::kSupervisionManage,
             "Queue today's report reminders now (office, admin); the outbox delivers them",
             [&store, &reporting, &clock, reminder_days](Request&) -> Result<Response> {
               auto r = queue_reminders(store, reporting, clock, reminder_days);
               if (!r) return fail(r.error());
               return Response::json({{"units", r->units}, {"queued", r->queued}});
             });
  router.add("GET", "/api/v1/supervision/people", Permission::kSupervisionManage,
             "Responsible leaders (责任领导) with their linked accounts (office, admin)",
             [&ledger](Request&) -> Result<Response> {
               auto people = ledger.people();
               if (!people) return fail(people.error());
               json out = json::array();
               for (const auto& p : *people) out.push_back(person_json(p));
               return Response::json({{"people", out}});
             });
  router.add("PATCH", "/api/v1/supervision/people/{id}", Permission::kSupervisionManage,
             "Link a responsible leader to a user account, or unlink with null (office, admin)",
             [&ledger](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               auto body = http::parse_json_body(req);
               if (!body) return fail(body.error());
               if (!body->contains("user_id"))
                 return fail(Error::invalid("缺少 user_id", "user_id"));
               std::optional<UserId> user;
               auto u = http::optional_int(*body, "user_id", 1);  // null unlinks
               if (!u) return fail(u.error());
               if (*u) user = UserId{**u};
               auto p = ledger.link_person(*id, user, req.actor());
               if (!p) return fail(p.error());
               return Response::json(person_json(*p));
             });

  router.add("GET", "/api/v1/supervision/inspections", Permission::kSupervision,
             "督查 records in the user's task scope (?task_id= for one task)",
             [&inspections](Request& req) -> Result<Response> {
               auto task = http::query_int(req, "task_id", 1);
               if (!task) return fail(task.error());
               std::optional<TaskId> task_id;
               if (*task) task_id = TaskId{**task};
               auto list = inspections.list(req.who(), task_id);
               if (!list) return fail(list.error());
               json out = json::array();
               for (const auto& v : *list) out.push_back(inspection_json(v));
               return Response::json({{"inspections", out}});
             });
  router.add("POST", "/api/v1/supervision/inspections", Permission::kSupervisionManage,
             "Record an inspection of a task with findings and a rectification deadline (office)",
             [&inspections](Request& req) -> Result<Response> {
               auto body = http::parse_json_body(req);
               if (!body) return fail(body.error());
               NewInspection in;
               auto task = http::require_int(*body, "task_id", 1);
               if (!task) return fail(task.error());
               in.task_id = TaskId{*task};
               for (auto [field, dest] : {std::pair{"inspected_on", &in.inspected_on},
                                          {"inspectors", &in.inspectors},
                                          {"findings", &in.findings},
                                          {"rectify_by", &in.rectify_by}}) {
                 auto v = http::require_string(*body, field);
                 if (!v) return fail(v.error());
                 *dest = *v;
               }
               auto v = inspections.create(req.who(), in, req.request_id);
               if (!v) return fail(v.error());
               return Response::json(inspection_json(*v), 201);
             });
  router.add("POST", "/api/v1/supervision/inspections/{id}/rectification",
             {Permission::kSupervisionReport, http::Scope::kOwnUnit},
             "The task's lead unit reports its rectification",
             [&inspections](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               auto text = text_field(req, "rectification");
               if (!text) return fail(text.error());
               auto v = inspections.rectify(req.who(), *id, *text, req.request_id);
               if (!v) return fail(v.error());
               return Response::json(inspection_json(*v));
             });
  router.add("POST", "/api/v1/supervision/inspections/{id}/close", Permission::kSupervisionManage,
             "Close (销号) a rectified inspection record (office)",
             [&inspections](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               auto text = text_field(req, "closure");
               if (!text) return fail(text.error());
               auto v = inspections.close(req.who(), *id, *text, req.request_id);
               if (!v) return fail(v.error());
               return Response::json(inspection_json(*v));
             });

  router.add("GET", "/api/v1/supervision/slots/{id}/targets",
             {Permission::kSupervision, http::Scope::kOwnUnit},
             "The numeric targets a slot's report gives figures for",
             [&reporting](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               auto s = reporting.slot(req.who(), SlotId{*id});
               if (!s) return fail(s.error());
               auto k = reporting.targets_of(s->task_id, s->unit_id);
               if (!k) return fail(k.error());
               json out = json::array();
               for (const auto& t : *k) out.push_back(kpi_json(t));
               return Response::json({{"targets", out}});
             });
  router.add("GET", "/api/v1/supervision/slots/{id}/attachments",
             {Permission::kSupervision, http::Scope::kOwnUnit},
             "Attachments of a slot, with size and SHA-256",
             [&attachments](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               auto list = attachments.list(req.who(), SlotId{*id});
               if (!list) return fail(list.error());
               json out = json::array();
               for (const auto& a : *list) out.push_back(attachment_json(a));
               return Response::json({{"attachments", out}});
             });
  router.add("POST", "/api/v1/supervision/slots/{id}/attachments",
             {Permission::kSupervisionReport, http::Scope::kOwnUnit},
             "Upload an attachment: the raw file as the body, ?name= its file name",
             [&attachments](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               auto name = http::query_string(req, "name");
               if (!name) return fail(name.error());
               if (!*name) return fail(Error::invalid("缺少文件名 ?name=", "name"));
               auto a = attachments.add(req.who(), SlotId{*id}, **name, req.header("content-type"),
                                        req.body, req.request_id);
               if (!a) return fail(a.error());
               return Response::json(attachment_json(*a), 201);
             });
  router.allow_body(kMaxAttachmentBytes);
  router.add("GET", "/api/v1/supervision/attachments/{id}",
             {Permission::kSupervision, http::Scope::kOwnUnit},
             "Download an attachment (X-Content-SHA256 carries its hash)",
             [&attachments](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               auto a = attachments.get(req.who(), *id);
               if (!a) return fail(a.error());
               auto r = download(std::move(a->second), a->first.content_type,
                                 "attachment-" + std::to_string(a->first.id), a->first.name);
               r.headers.emplace_back("X-Content-SHA256", a->first.sha256);
               return r;
             });
}

}  // namespace zt::supervision

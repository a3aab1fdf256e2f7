#include "supervision/api.hpp"

#include "core/digest.hpp"

namespace zt::supervision {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

Status office_only(const Principal& p) {
  if (p.has(Role::kAdmin) || p.has(Role::kOffice)) return {};
  return fail(Error::forbidden("只有督查室或管理员可以导入通知"));
}

}  // namespace

void register_routes(http::Router& router, Ledger& ledger, Store& store,
                     std::map<std::string, AuditVisibility>& audit_visibility) {
  router.add("GET", "/api/v1/supervision/tasks", Permission::kSupervision,
             "Key tasks in the user's scope (all for the office)",
             [&ledger](Request& req) -> Result<Response> {
               auto tasks = ledger.tasks_for(req.who());
               if (!tasks) return fail(tasks.error());
               json out = json::array();
               for (const auto& t : *tasks)
                 out.push_back({{"id", t.id},
                                {"notice", t.notice},
                                {"no", t.no},
                                {"section", t.section},
                                {"section_title", t.section_title},
                                {"text", t.text},
                                {"lead_units", t.lead_units},
                                {"cooperating_units", t.cooperating_units}});
               return Response::json({{"tasks", out}});
             });
  router.add("GET", "/api/v1/supervision/notices", Permission::kSupervision,
             "Imported notices with their counts", [&store](Request&) -> Result<Response> {
               auto r = store.query(
                   "SELECT n.id, n.doc_no, n.title, n.issued, (SELECT COUNT(*) FROM sv_tasks t "
                   "WHERE t.notice_id = n.id), (SELECT COUNT(*) FROM sv_targets t WHERE "
                   "t.notice_id = n.id), (SELECT COUNT(*) FROM sv_commitments c WHERE c.notice_id "
                   "= n.id), (SELECT COUNT(*) FROM sv_kpis k WHERE k.notice_id = n.id) FROM "
                   "sv_notices n ORDER BY n.doc_no");
               if (!r) return fail(r.error());
               json out = json::array();
               for (const auto& row : r->rows)
                 out.push_back({{"id", row.i64(0)},
                                {"doc_no", row.str(1)},
                                {"title", row.str(2)},
                                {"issued", row.str(3)},
                                {"tasks", row.i64(4)},
                                {"targets", row.i64(5)},
                                {"commitments", row.i64(6)},
                                {"kpi_targets", row.i64(7)}});
               return Response::json({{"notices", out}});
             });
  for (bool preview : {true, false}) {
    router.add(
        "POST",
        preview ? "/api/v1/supervision/gazette/preview" : "/api/v1/supervision/gazette/import",
        Permission::kSupervision,
        preview ? "Parse a notice and show what an import would create" : "Import a notice",
        [&ledger, preview](Request& req) -> Result<Response> {
          if (auto st = office_only(req.who()); !st) return fail(st.error());
          auto body = http::parse_json_body(req);
          if (!body) return fail(body.error());
          auto text = http::require_string(*body, "text");
          if (!text) return fail(text.error());
          auto g = parse_gazette(*text);
          if (!g) return fail(Error::invalid(g.error().message, "text"));
          ImportOptions options;
          options.dry_run = preview;
          if (body->contains("create_missing_units")) {
            if (!(*body)["create_missing_units"].is_boolean())
              return fail(
                  Error::invalid("create_missing_units 须为布尔值", "create_missing_units"));
            options.create_missing_units = (*body)["create_missing_units"].get<bool>();
          }
          auto report = ledger.import(*g, sha256_hex(*text), options, req.actor());
          if (!report) return fail(report.error());
          json out{{"report", report->to_json()}};
          if (preview) out["parse"] = to_json(*g);
          return Response::json(out, preview ? 200 : 201);
        });
  }
  audit_visibility["task"] = [&ledger](const Principal& p, const std::string& id) -> Status {
    auto tasks = ledger.tasks_for(p);
    if (!tasks) return fail(tasks.error());
    for (const auto& t : *tasks)
      if (std::to_string(t.id) == id) return {};
    return fail(Error::forbidden("无权查看该任务的记录"));
  };
}

}  // namespace zt::supervision

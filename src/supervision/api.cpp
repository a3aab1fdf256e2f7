#include "supervision/api.hpp"

#include <fmt/format.h>

#include "core/digest.hpp"
#include "core/html.hpp"
#include "core/ooxml.hpp"
#include "core/pdf_text.hpp"
#include "supervision/api_json.hpp"
#include "supervision/api_util.hpp"
#include "supervision/ledger_sheet.hpp"
#include "supervision/page_furniture.hpp"
#include "supervision/scope.hpp"
#include "supervision/xlsx_export.hpp"

namespace zt::supervision {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

Result<std::string> period_param(const Request& req, const std::string& name) {
  auto it = req.params.find(name);
  std::string p = it != req.params.end() ? it->second : req.q(name).value_or("");
  if (!is_period_key(p))
    return fail(Error::invalid("期次须为 YYYY-MM（月份 01–12）或 YYYY-年度，年份 2000–2100", name));
  return p;
}

}  // namespace

void register_reporting_routes(http::Router& router, Reporting& reporting, Store& store) {
  router.add("POST", "/api/v1/supervision/plan", Permission::kSupervisionManage,
             "Create the report slots of a notice for a year (office, admin)",
             [&reporting](Request& req) -> Result<Response> {
               auto body = http::parse_json_body(req);
               if (!body) return fail(body.error());
               auto doc_no = http::require_string(*body, "doc_no", false, http::kMaxName);
               if (!doc_no) return fail(doc_no.error());
               auto year = http::require_int(*body, "year", 2000, 2100);
               if (!year) return fail(year.error());
               ReportingPlan plan;
               plan.year = int(*year);
               auto n = reporting.plan(*doc_no, plan, req.actor());
               if (!n) return fail(n.error());
               return Response::json({{"slots_created", *n}}, 201);
             });
  router.add(
      "GET", "/api/v1/supervision/periods", Permission::kSupervision,
      "Reporting periods with their deadlines", [&store](Request&) -> Result<Response> {
        auto r = store.query(
            "SELECT period, MIN(due_at) FROM sv_slots GROUP BY period ORDER BY MIN(due_at)");
        if (!r) return fail(r.error());
        json out = json::array();
        for (const auto& row : r->rows)
          out.push_back({{"period", row.str(0)},
                         {"due_at", format_shanghai(Instant{std::chrono::seconds{row.i64(1)}})}});
        return Response::json({{"periods", out}});
      });
  router.add(
      "GET", "/api/v1/supervision/slots", Permission::kSupervision,
      "Report slots of a period (?period=YYYY-MM) in the user's scope, filtered by "
      "?unit= (id, name or alias), ?state= (未报 逾期未报 按时 迟报 补报), ?q= (task number "
      "or text) and paged by ?page=&per_page=",
      [&reporting, &store](Request& req) -> Result<Response> {
        auto period = period_param(req, "period");
        if (!period) return fail(period.error());
        SlotQuery q;
        q.period = *period;
        auto units = unit_param(req, store);
        if (!units) return fail(units.error());
        q.units = std::move(*units);
        auto state = http::query_enum(req, "state", {"未报", "逾期未报", "按时", "迟报", "补报"});
        if (!state) return fail(state.error());
        if (*state) q.state = parse_state_filter(**state);
        auto keyword = http::query_string(req, "q");
        if (!keyword) return fail(keyword.error());
        q.keyword = keyword->value_or("");
        auto paging = page_params(req);
        if (!paging) return fail(paging.error());
        q.page = paging->page;
        q.per_page = paging->per_page;
        auto page = reporting.list_slots(req.who(), q);
        if (!page) return fail(page.error());
        json out = json::array();
        for (const auto& s : page->slots) out.push_back(slot_json(s));
        json answer{{"period", *period}, {"slots", out}, {"period_total", page->period_total}};
        add_paging(answer, page->total, *paging);
        return Response::json(answer);
      });
  router.add("GET", "/api/v1/supervision/slots/{id}",
             {Permission::kSupervision, http::Scope::kOwnUnit},
             "One report slot (own unit, or a cooperating unit's slot for the lead unit)",
             [&reporting](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               auto s = reporting.slot(req.who(), SlotId{*id});
               if (!s) return fail(s.error());
               return Response::json(slot_json(*s));
             });
  router.add(
      "POST", "/api/v1/supervision/slots/{id}/reports",
      http::Access(Permission::kSupervisionReport, http::Scope::kOwnUnit).checked_by_handler(),
      "File or revise the report of a slot of one's own unit",
      [&reporting](Request& req) -> Result<Response> {
        auto id = http::path_id(req, "id");
        if (!id) return fail(id.error());
        auto body = http::parse_json_body(req);
        if (!body) return fail(body.error());
        NewReport r;
        auto progress = http::require_string(*body, "progress");
        if (!progress) return fail(progress.error());
        auto percent = http::require_int(*body, "percent", 0, 100);
        if (!percent) return fail(percent.error());
        auto status = http::require_string(*body, "status", false, http::kMaxName);
        if (!status) return fail(status.error());
        auto problems = http::optional_string(*body, "problems");
        if (!problems) return fail(problems.error());
        auto next = http::optional_string(*body, "next_steps");
        if (!next) return fail(next.error());
        r.progress = *progress;
        r.percent = int(*percent);
        r.problems = problems->value_or("");
        r.next_steps = next->value_or("");
        if (body->contains("figures")) {
          const auto& figures = (*body)["figures"];
          if (!figures.is_array() || figures.size() > 1000)
            return fail(Error::invalid("figures 须为至多 1000 项的数组", "figures"));
          for (std::size_t i = 0; i < figures.size(); ++i) {
            const auto& f = figures[i];
            auto at = fmt::format("figures[{}]", i);
            if (!f.is_object())
              return fail(Error::invalid(at + " 须为 {kpi_id: 整数, value: 数值}", "figures"));
            auto kpi = http::require_int(f, "kpi_id", 1);
            if (!kpi) return fail(Error::invalid(at + "：" + kpi.error().message, at + ".kpi_id"));
            auto value = http::require_number(f, "value", -1e15, 1e15);
            if (!value)
              return fail(Error::invalid(at + "：" + value.error().message, at + ".value"));
            r.figures.push_back({*kpi, *value});
          }
        }
        // Checked after the body's other fields, where the module checked it before.
        auto st = parse_report_status(*status);
        if (!st) return fail(Error::invalid("状态须为 正常推进、滞后、已完成 或 受阻", "status"));
        r.status = *st;
        auto s = reporting.file(req.who(), SlotId{*id}, r, req.request_id);
        if (!s) return fail(s.error());
        return Response::json(slot_json(*s), 201);
      });
  router.add("GET", "/api/v1/supervision/bulletins/{period}", Permission::kSupervision,
             "The bulletin of a period: filing per unit, ranking, missing, behind",
             [&reporting](Request& req) -> Result<Response> {
               auto period = period_param(req, "period");
               if (!period) return fail(period.error());
               auto b = reporting.bulletin(*period);
               if (!b) return fail(b.error());
               return Response::json(bulletin_json(*b));
             });
  router.add("GET", "/api/v1/supervision/bulletins/{period}/print", Permission::kSupervision,
             "The bulletin as a printable A4 page",
             [&reporting, &store](Request& req) -> Result<Response> {
               auto period = period_param(req, "period");
               if (!period) return fail(period.error());
               auto b = reporting.bulletin(*period);
               if (!b) return fail(b.error());
               // The issuing office: the government office the city's root unit holds.
               std::string issuer = "人民政府办公室";
               auto office = store.query(
                   "SELECT name FROM units WHERE kind = 'government_office' AND parent_id IS NOT "
                   "NULL ORDER BY id LIMIT 1");
               if (office && !office->rows.empty()) issuer = office->rows[0].str(0);
               // ?dialog=1 (the page's 打印 button): the page opens the browser's print dialog
               // through one script of the app's own origin; nothing else runs.
               auto dialog = http::query_flag(req, "dialog");
               if (!dialog) return fail(dialog.error());
               auto r = document_response(bulletin_html(*b, issuer, *dialog));
               if (*dialog)
                 for (auto& [name, value] : r.headers)
                   if (name == "Content-Security-Policy")
                     value = std::string(kDocumentCsp) + "; script-src 'self'";
               return r;
             });
  router.add("GET", "/api/v1/supervision/bulletins/{period}/xlsx", Permission::kSupervision,
             "The bulletin as an Excel workbook", [&reporting](Request& req) -> Result<Response> {
               auto period = period_param(req, "period");
               if (!period) return fail(period.error());
               auto b = reporting.bulletin(*period);
               if (!b) return fail(b.error());
               auto x = bulletin_xlsx(*b);
               if (!x) return fail(x.error());
               return download(std::move(*x), kXlsxType, "bulletin-" + *period + ".xlsx",
                               *period + "重点工作进展情况通报.xlsx");
             });
  router.offload();
  router.add("POST", "/api/v1/supervision/bulletins/{period}/publish",
             Permission::kSupervisionManage,
             "Publish a bulletin: missing slots are flagged, later filings count as 补报",
             [&reporting](Request& req) -> Result<Response> {
               auto period = period_param(req, "period");
               if (!period) return fail(period.error());
               auto n = reporting.publish_bulletin(*period, req.actor());
               if (!n) return fail(n.error());
               return Response::json({{"flagged", n->flagged}, {"doc_no", n->doc_no}});
             });
}

void register_routes(http::Router& router, const Services& s) {
  auto& ledger = s.ledger;
  auto& reporting = s.reporting;
  auto& progress = s.progress;
  auto& store = s.store;
  router.add("GET", "/api/v1/supervision/progress", Permission::kSupervision,
             "序时进度: expected vs reported progress and colour per task, with colour history",
             [&progress](Request& req) -> Result<Response> {
               auto board = progress.evaluate(req.who());
               if (!board) return fail(board.error());
               json out = json::array();
               for (const auto& t : *board) {
                 json history = json::array();
                 for (const auto& [at, c] : t.history)
                   history.push_back({{"at", at}, {"colour", c}});
                 out.push_back({{"task_id", t.task_id.value},
                                {"no", t.no},
                                {"section", t.section},
                                {"section_title", t.section_title},
                                {"text", t.text},
                                {"expected_percent", t.expected},
                                {"reported_percent", t.reported},
                                {"colour", colour_name(t.colour)},
                                {"colour_label", colour_label(t.colour)},
                                {"history", history}});
               }
               return Response::json({{"tasks", out}});
             });
  router.add("GET", "/api/v1/supervision/todo", Permission::kSupervision,
             "Unfiled report slots overdue or due within ?days= (default 7)",
             [&reporting](Request& req) -> Result<Response> {
               auto days_q = http::query_int_or(req, "days", 7, 0, 366);
               if (!days_q) return fail(days_q.error());
               int days = int(*days_q);
               auto items = reporting.todo(req.who(), days);
               if (!items) return fail(items.error());
               json out = json::array();
               for (const auto& s : *items) out.push_back(slot_json(s));
               return Response::json({{"days", days}, {"items", out}});
             });
  register_reporting_routes(router, reporting, store);
  router.add("GET", "/api/v1/supervision/tasks", Permission::kSupervision,
             "Key tasks in the user's scope (all for the office), filtered by ?unit= (id, name or "
             "alias), ?section=, ?q= (number, text or unit) and paged by ?page=&per_page=",
             [&ledger, &store](Request& req) -> Result<Response> {
               Ledger::TaskQuery q;
               auto units = unit_param(req, store);
               if (!units) return fail(units.error());
               q.units = std::move(*units);
               auto section = http::query_string(req, "section");
               if (!section) return fail(section.error());
               q.section = section->value_or("");
               auto keyword = http::query_string(req, "q");
               if (!keyword) return fail(keyword.error());
               q.keyword = keyword->value_or("");
               auto paging = page_params(req);
               if (!paging) return fail(paging.error());
               q.page = paging->page;
               q.per_page = paging->per_page;
               auto list = ledger.find_tasks(req.who(), q);
               if (!list) return fail(list.error());
               json out = json::array();
               for (const auto& t : list->tasks) out.push_back(task_json(t));
               json answer{{"tasks", out}};
               add_paging(answer, list->total, *paging);
               return Response::json(answer);
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
        Permission::kSupervisionManage,
        preview ? "Parse a notice and show what an import would create" : "Import a notice",
        [&ledger, preview](Request& req) -> Result<Response> {
          // Either JSON {"text", "create_missing_units"} or a .docx or .pdf file as the raw
          // body (?create_missing_units=1).
          std::string source;
          ImportOptions options;
          options.dry_run = preview;
          if (looks_like_zip(req.body) || looks_like_pdf(req.body)) {
            auto name = http::query_string(req, "name");
            if (!name) return fail(name.error());
            auto create = http::query_flag(req, "create_missing_units");
            if (!create) return fail(create.error());
            auto t = notice_text(req.body, name->value_or("上传的文件"), req.zip_limits);
            if (!t) return fail(t.error());
            source = std::move(*t);
            options.create_missing_units = *create;
          } else {
            auto body = http::parse_json_body(req);
            if (!body) return fail(body.error());
            // A notice's full text: as long as the route's body allows.
            auto t = http::require_string(*body, "text", false, 16u << 20);
            if (!t) return fail(t.error());
            // Pasted from a PDF viewer, it may carry the pages' headers, numbers and wraps.
            source = remove_page_furniture(*t);
            auto create = http::optional_bool(*body, "create_missing_units");
            if (!create) return fail(create.error());
            options.create_missing_units = create->value_or(false);
          }
          const std::string* text = &source;
          auto g = parse_gazette(*text);
          if (!g) return fail(Error::invalid(g.error().message, "text"));
          auto report = ledger.import(*g, sha256_hex(*text), options, req.actor());
          if (!report) return fail(report.error());
          json out{{"report", report->to_json()}};
          if (preview) out["parse"] = to_json(*g);
          return Response::json(out, preview ? 200 : 201);
        });
    router.allow_body(16u << 20);  // a .docx with its images
  }
  router.add("GET", "/api/v1/supervision/ledger.xlsx", Permission::kSupervision,
             "The ledger as an Excel workbook in the appendix's columns, with status and latest "
             "progress (the user's scope)",
             [&ledger, &reporting, &store](Request& req) -> Result<Response> {
               auto tasks = ledger.tasks_for(req.who());
               if (!tasks) return fail(tasks.error());
               auto latest = reporting.latest_by_task();
               if (!latest) return fail(latest.error());
               auto rows =
                   store.query("SELECT id, no, task_text FROM sv_ledger ORDER BY notice_id, no");
               if (!rows) return fail(rows.error());
               auto leaders = store.query(
                   "SELECT l.ledger_id, p.name FROM sv_ledger_leaders l JOIN sv_people p ON p.id = "
                   "l.person_id ORDER BY l.ledger_id, p.id");
               if (!leaders) return fail(leaders.error());
               auto units = store.query(
                   "SELECT object_id, name FROM sv_assignments WHERE object_type = 'ledger' ORDER "
                   "BY id");
               if (!units) return fail(units.error());
               std::map<std::int64_t, LedgerRowView> by_id;
               std::vector<std::int64_t> order;
               for (const auto& r : rows->rows) {
                 by_id[r.i64(0)] = {int(r.i64(1)), r.str(2), {}, {}};
                 order.push_back(r.i64(0));
               }
               for (const auto& r : leaders->rows) by_id[r.i64(0)].leaders.push_back(r.str(1));
               for (const auto& r : units->rows) {
                 auto& v = by_id[r.i64(0)].units;
                 if (v.empty() || v.back() != r.str(1)) v.push_back(r.str(1));
               }
               std::vector<LedgerRowView> ledger_rows;
               for (auto id : order) ledger_rows.push_back(by_id[id]);
               auto x = ledger_xlsx(*tasks, *latest, ledger_rows);
               if (!x) return fail(x.error());
               return download(std::move(*x), kXlsxType, "ledger.xlsx", "重点工作台账.xlsx");
             });
  router.offload();
  router.add("POST", "/api/v1/supervision/ledger/import", Permission::kSupervisionManage,
             "Import an edited ledger (.xlsx body; ?doc_no=, ?dry_run=1): per-row errors, good "
             "rows applied (office, admin)",
             [&ledger, &store](Request& req) -> Result<Response> {
               if (!looks_like_zip(req.body))
                 return fail(Error::invalid("请上传 .xlsx 文件（Excel 工作簿）", "file"));
               auto name = http::query_string(req, "name");
               if (!name) return fail(name.error());
               auto doc_no = http::query_string(req, "doc_no");
               if (!doc_no) return fail(doc_no.error());
               auto dry = http::query_flag(req, "dry_run");
               if (!dry) return fail(dry.error());
               bool dry_run = *dry;
               auto rows =
                   xlsx_rows(req.body, name->value_or("上传的表格"), "项目台账", req.zip_limits);
               if (!rows) return fail(rows.error());
               auto r = import_ledger_sheet(store, ledger, ledger.clock(), doc_no->value_or(""),
                                            *rows, dry_run, req.actor());
               if (!r) return fail(r.error());
               auto out = ledger_sheet_json(*r);
               out["dry_run"] = dry_run;
               return Response::json(out, dry_run ? 200 : 201);
             });
  router.allow_body(16u << 20);
}

}  // namespace zt::supervision

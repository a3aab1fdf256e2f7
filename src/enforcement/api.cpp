// Routes for cases: list, register, act, documents, to-do, and the unit's rules. The domain
// returns structs; this file alone turns them into JSON (and the case list into Excel).
#include "enforcement/api.hpp"

#include "core/html.hpp"
#include "enforcement/acts.hpp"
#include "enforcement/api_util.hpp"
#include "enforcement/documents.hpp"

namespace zt::enforcement {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

// An act's body: {"officers": ["user", ...], "<name>": value, ...}; numbers and booleans are
// carried as text ("yes"/"no" for booleans).
Result<ActionInput> action_input(const json& body) {
  ActionInput in;
  for (const auto& [k, v] : body.items()) {
    if (k == "officers") {
      auto officers = http::string_array(body, "officers", 20, http::kMaxName);
      if (!officers) return fail(officers.error());
      in.officers = std::move(*officers);
    } else if (v.is_string()) {
      auto s = http::as_string(v, k);
      if (!s) return fail(s.error());
      in.values[k] = std::move(*s);
    } else if (v.is_number()) {
      in.values[k] = v.dump();
    } else if (v.is_boolean()) {
      in.values[k] = v.get<bool>() ? "yes" : "no";
    } else if (!v.is_null()) {
      return fail(Error::invalid(k + " 须为文本、数字或是否", k));
    }
  }
  return in;
}

json deadline_json(const Deadline& d) {
  return {{"what", d.what}, {"due", d.due}, {"who", d.who}, {"overdue", d.overdue}};
}

// A case as the pages read it: case_json plus the labels people see.
json case_view_json(const CaseRecord& c) {
  json out = case_json(c);
  out["source_label"] = source_label(c.source);
  out["created_on"] = format_date(shanghai_date(Instant{std::chrono::seconds{c.created_at}}));
  return out;
}

json detail_json(Cases& cases, const CaseRecord& c) {
  json out = case_view_json(c);
  out["deadlines"] = json::array();
  for (const auto& d : cases.deadlines(c)) out["deadlines"].push_back(deadline_json(d));
  auto steps = cases.steps(c);
  if (steps) {
    out["steps"] = json::array();
    for (const auto& s : *steps)
      out["steps"].push_back({{"id", s.id},
                              {"action", s.action},
                              {"on", s.on_date},
                              {"at", format_shanghai(Instant{std::chrono::seconds{s.at}})},
                              {"actor", s.actor},
                              {"officers", s.officers},
                              {"detail", s.detail}});
  }
  // Only the documents the case has reached (a 决定书 once decided, …): the page never offers
  // one that would answer with a refusal.
  out["documents"] = json::array();
  for (const auto& k : document_kinds())
    if (document_available(c, k.name))
      out["documents"].push_back({{"kind", k.name}, {"title", k.title}});
  return out;
}

json states_json(const std::vector<CaseState>& states) {
  json out = json::array();
  for (auto s : states) out.push_back(state_name(s));
  return out;
}

json field_json(const ActField& f) {
  json out = {{"name", f.name},
              {"label", f.label},
              {"type", field_type_name(f.type)},
              {"required", f.need == Need::kRequired}};
  if (f.need == Need::kWithFine) out["required_if"] = {{"penalty", penalty_name(Penalty::kFine)}};
  if (!f.choices.empty()) {
    out["choices"] = json::array();
    for (const auto& c : f.choices)
      out["choices"].push_back({{"value", c.value}, {"label", c.label}});
  }
  if (!f.fallback.empty()) out["default"] = f.fallback;
  if (f.max > 0) out.update({{"integer", true}, {"min", f.min}, {"max", f.max}});
  return out;
}

// The act table as the case page reads it (GET /api/v1/enforcement/acts).
json acts_json() {
  json states = json::array();
  for (auto s : kCaseStates) states.push_back({{"name", state_name(s)}, {"label", state_label(s)}});
  json list = json::array();
  for (const auto& a : acts()) {
    // Who may do it, as /auth/me names permissions: two-officer acts are the officers'.
    const auto who = a.two_officers ? Permission::kCaseHandle : a.permission;
    json fields = json::array();
    for (const auto& f : a.fields) fields.push_back(field_json(f));
    json rules = json::array();
    for (const auto* checks : {&a.preconditions, &a.checks})
      for (const auto& c : *checks)
        if (std::find(rules.begin(), rules.end(), c.rule) == rules.end()) rules.push_back(c.rule);
    list.push_back({{"name", a.name},
                    {"label", a.label},
                    {"from", states_json(a.from)},
                    {"to", states_json(a.to)},
                    {"stays", a.to.empty()},
                    {"two_officers", a.two_officers},
                    {"permission", permission_name(who)},
                    {"procedure", a.procedure.empty() ? json(nullptr) : json(a.procedure)},
                    {"fields", fields},
                    {"rules", rules}});
  }
  json glossary = json::object();
  for (const auto& r : rule_glossary())
    glossary[std::string(r.code)] = {{"name", r.name}, {"basis", r.basis}};
  return {{"states", states}, {"acts", list}, {"rules", glossary}};
}

json todo_json(const std::vector<TodoItem>& items) {
  json out = json::array();
  for (const auto& t : items)
    out.push_back({{"case_id", t.case_id.value},
                   {"no", t.no},
                   {"unit", t.unit},
                   {"party_name", t.party_name},
                   {"state", state_name(t.state)},
                   {"state_label", state_label(t.state)},
                   {"what", t.next.what},
                   {"due", t.next.due},
                   {"who", t.next.who},
                   {"overdue", t.next.overdue}});
  return out;
}

json file_json(const CaseFileInfo& f) {
  return {{"id", f.id},
          {"name", f.name},
          {"content_type", f.content_type},
          {"size", f.size},
          {"sha256", f.sha256},
          {"uploaded_by", f.uploaded_by},
          {"uploaded_at", format_shanghai(f.uploaded_at)}};
}

// The case list as an Excel sheet, written from the records (not from the API's JSON, whose keys
// may change without the sheet noticing).
Result<Response> cases_sheet(Cases& cases, const std::vector<CaseRecord>& list) {
  XlsxWriter wb;
  int ws = wb.sheet("案件", {{"案号", 26},
                             {"执法单位", 30},
                             {"当事人", 30},
                             {"违法行为", 30},
                             {"状态", 12},
                             {"立案日期", 12},
                             {"决定日期", 12},
                             {"罚款（元）", 12},
                             {"下一期限", 30}});
  int row = 1;
  for (const auto& c : list) {
    int col = 0;
    for (const auto* text : {&c.no, &c.unit_name, &c.party_name, &c.violation_name})
      wb.text(ws, row, col++, *text);
    wb.text(ws, row, col++, std::string(state_label(c.state)));
    for (const auto* date : {&c.filed_on, &c.decided_on}) {
      if (*date) wb.text(ws, row, col, **date);
      ++col;
    }
    if (c.fine) wb.number(ws, row, col, *c.fine);
    ++col;
    auto d = cases.deadlines(c);
    if (!d.empty()) wb.text(ws, row, col, d[0].what + " " + d[0].due);
    ++row;
  }
  auto bytes = wb.finish();
  if (!bytes) return fail(bytes.error());
  return http::download(std::move(*bytes), http::kXlsxType, "cases.xlsx", "案件.xlsx");
}

// Rows an Excel export holds at most (the sheet is for a year's cases, not the whole history).
constexpr int kMaxSheetRows = 20000;

// ?state= ?unit_id= ?q= ?from= ?to= ?limit= (1..200, 20) ?offset=.
Result<CaseFilter> case_filter(const Request& req) {
  CaseFilter f;
  auto unit = http::query_int(req, "unit_id", 1);
  if (!unit) return fail(unit.error());
  f.unit = *unit;
  auto state = http::query_string(req, "state");
  if (!state) return fail(state.error());
  f.state = parse_case_state(state->value_or(""));
  auto q = http::query_string(req, "q", http::kMaxName);
  if (!q) return fail(q.error());
  f.keyword = q->value_or("");
  auto from = http::query_date(req, "from");
  if (!from) return fail(from.error());
  f.from = *from;
  auto to = http::query_date(req, "to");
  if (!to) return fail(to.error());
  f.to = *to;
  auto limit = http::query_int_or(req, "limit", 20, 1, 200);
  if (!limit) return fail(limit.error());
  auto offset = http::query_int_or(req, "offset", 0, 0, 1'000'000);
  if (!offset) return fail(offset.error());
  f.limit = int(*limit);
  f.offset = int(*offset);
  return f;
}

}  // namespace

void register_case_routes(http::Router& router, Services s) {
  auto& cases = s.cases;
  router.add("GET", "/api/v1/enforcement/meta", Permission::kEnforcement,
             "Actions, states, penalties and documents with their Chinese labels",
             [](Request&) -> Result<Response> {
               json actions = json::array();
               for (const auto& a : acts())
                 actions.push_back({{"name", a.name}, {"label", a.label}});
               json penalties = json::array();
               for (auto p :
                    {Penalty::kWarning, Penalty::kCriticism, Penalty::kFine, Penalty::kConfiscation,
                     Penalty::kSuspend, Penalty::kRestrict, Penalty::kRevoke})
                 penalties.push_back({{"name", penalty_name(p)}, {"label", penalty_label(p)}});
               json docs = json::array();
               for (const auto& d : document_kinds())
                 docs.push_back({{"kind", d.name}, {"title", d.title}});
               return Response::json(
                   {{"actions", actions}, {"penalties", penalties}, {"documents", docs}});
             });
  router.add("GET", "/api/v1/enforcement/acts", Permission::kEnforcement,
             "The acts of a case: labels, from- and to-states, two-officer flag, fields and rules",
             [](Request&) -> Result<Response> { return Response::json(acts_json()); });
  router.add("GET", "/api/v1/enforcement/cases", Permission::kEnforcement,
             "A page of the caller's unit's cases (every unit's for supervisors), newest first: "
             "{total, items}; ?state= ?unit_id= ?q= ?from= ?to= (registered) ?limit= ?offset=",
             [&cases](Request& req) -> Result<Response> {
               auto f = case_filter(req);
               if (!f) return fail(f.error());
               if (wants_xlsx(req)) {
                 f->limit = kMaxSheetRows;
                 f->offset = 0;
               }
               CasePage page;
               // An unknown state matches no case, as the filter always has.
               if (f->state || req.q("state").value_or("").empty()) {
                 auto found = cases.find(req.who(), *f);
                 if (!found) return fail(found.error());
                 page = std::move(*found);
               }
               if (wants_xlsx(req)) return cases_sheet(cases, page.items);
               json items = json::array();
               for (const auto& c : page.items) {
                 auto j = case_view_json(c);
                 auto d = cases.deadlines(c);
                 j["next_deadline"] =
                     d.empty()
                         ? json(nullptr)
                         : json{{"what", d[0].what}, {"due", d[0].due}, {"overdue", d[0].overdue}};
                 if (c.state == CaseState::kNotified) {
                   auto review = cases.needs_review(c);
                   if (!review) return fail(review.error());
                   j["needs_review"] = *review;
                 }
                 items.push_back(std::move(j));
               }
               return Response::json({{"total", page.total},
                                      {"items", std::move(items)},
                                      {"limit", f->limit},
                                      {"offset", f->offset}});
             });
  router.add(
      "POST", "/api/v1/enforcement/cases", {Permission::kCaseHandle, "您的角色不能登记案件"},
      "Register a case (lead) in the caller's unit", [&cases](Request& req) -> Result<Response> {
        auto body = http::parse_json_body(req);
        if (!body) return fail(body.error());
        NewCase in;
        for (auto [field, target] : std::initializer_list<std::pair<const char*, std::string*>>{
                 {"field", &in.field},
                 {"procedure", &in.procedure},
                 {"source", &in.source},
                 {"party_kind", &in.party_kind},
                 {"party_name", &in.party_name},
                 {"party_id", &in.party_id},
                 {"party_phone", &in.party_phone},
                 {"party_address", &in.party_address},
                 {"violation_code", &in.violation_code},
                 {"violation_name", &in.violation_name},
                 {"facts", &in.facts},
                 {"act_ended_on", &in.act_ended_on}}) {
          auto v = str_or_empty(*body, field);
          if (!v) return fail(v.error());
          *target = *v;
        }
        if (in.procedure.empty()) in.procedure = "general";
        for (auto [field, target] : std::initializer_list<std::pair<const char*, bool*>>{
                 {"harms_safety", &in.harms_safety},
                 {"major_flag", &in.major_flag},
                 {"complex", &in.complex}}) {
          auto v = http::optional_bool(*body, field);
          if (!v) return fail(v.error());
          if (*v) *target = **v;
        }
        auto c = cases.create(req.who(), in, req.request_id);
        if (!c) return fail(c.error());
        return Response::json(case_json(*c), 201);
      });
  router.add(
      "GET", "/api/v1/enforcement/cases/{id}", {Permission::kEnforcement, http::Scope::kOwnUnit},
      "A case with its steps, deadlines and documents", [&cases](Request& req) -> Result<Response> {
        auto id = http::path_id(req, "id");
        if (!id) return fail(id.error());
        auto c = cases.get(req.who(), CaseId{*id});
        if (!c) return fail(c.error());
        return Response::json(detail_json(cases, *c));
      });
  router.add("POST", "/api/v1/enforcement/cases/{id}/actions/{action}",
             {Permission::kEnforcementStaff, http::Scope::kOwnUnit, "您的角色不能办理案件"},
             "One act on a case, checked against the hard rules (refusals name the rule)",
             [&cases](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               auto body = http::parse_json_body(req);
               if (!body) return fail(body.error());
               auto in = action_input(*body);
               if (!in) return fail(in.error());
               auto c =
                   cases.act(req.who(), CaseId{*id}, req.params["action"], *in, req.request_id);
               if (!c) return fail(c.error());
               return Response::json(detail_json(cases, *c));
             });
  router.add("GET", "/api/v1/enforcement/cases/{id}/documents/{kind}",
             {Permission::kEnforcement, http::Scope::kOwnUnit},
             "A case document as printable A4 HTML, or as Word with {kind}.docx or ?format=docx",
             [&cases, &docs = s.documents](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               std::string kind = req.params["kind"];
               bool docx = req.q("format").value_or("") == "docx";
               if (kind.ends_with(".docx")) {
                 kind.resize(kind.size() - 5);
                 docx = true;
               }
               auto c = cases.get(req.who(), CaseId{*id});
               if (!c) return fail(c.error());
               auto steps = cases.steps(*c);
               if (!steps) return fail(steps.error());
               auto facts = docs.facts(*c, *steps);
               if (!facts) return fail(facts.error());
               auto doc = document_build(*c, kind, *steps, *facts);
               if (!doc) return fail(doc.error());
               if (!docx) return document_response(document_html(*doc));
               auto bytes = document_docx(*doc);
               if (!bytes) return fail(bytes.error());
               return http::download(std::move(*bytes), http::kDocxType,
                                     "case-" + std::to_string(*id) + "-" + kind + ".docx",
                                     doc->number + " " + doc->title + ".docx");
             });
  auto& files = s.files;
  router.add("POST", "/api/v1/enforcement/cases/{id}/attachments",
             {Permission::kEnforcementStaff, http::Scope::kOwnUnit, "您的角色不能上传证据材料"},
             "Upload an evidence file (raw body, ?name= its file name); stored with its SHA-256",
             [&files](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               auto name = http::query_string(req, "name");
               if (!name) return fail(name.error());
               if (!*name) return fail(Error::invalid("缺少文件名 ?name=", "name"));
               auto r = files.add(req.who(), CaseId{*id}, **name, req.header("content-type"),
                                  req.body, req.request_id);
               if (!r) return fail(r.error());
               return Response::json(
                   {{"id", r->id}, {"name", r->name}, {"size", r->size}, {"sha256", r->sha256}},
                   201);
             });
  router.allow_body(kMaxCaseFileBytes);
  router.add("GET", "/api/v1/enforcement/cases/{id}/attachments",
             {Permission::kEnforcement, http::Scope::kOwnUnit},
             "A case's evidence files with their SHA-256",
             [&files](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               auto r = files.list(req.who(), CaseId{*id});
               if (!r) return fail(r.error());
               json out = json::array();
               for (const auto& f : *r) out.push_back(file_json(f));
               return Response::json(out);
             });
  router.add("GET", "/api/v1/enforcement/attachments/{id}",
             {Permission::kEnforcement, http::Scope::kOwnUnit}, "Download an evidence file",
             [&files](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               auto f = files.get(req.who(), *id);
               if (!f) return fail(f.error());
               auto r = http::download(std::move(f->bytes), f->content_type,
                                       "evidence-" + std::to_string(*id), f->name);
               r.headers.emplace_back("X-Content-SHA256", f->sha256);
               return r;
             });
  router.add("GET", "/api/v1/enforcement/todo", Permission::kEnforcement,
             "Open cases with their next deadline, overdue first",
             [&cases](Request& req) -> Result<Response> {
               auto t = cases.todo(req.who());
               if (!t) return fail(t.error());
               return Response::json(todo_json(*t));
             });
  router.add("GET", "/api/v1/enforcement/rules", Permission::kEnforcement,
             "The unit's settings, major-decision catalogue, discretion benchmarks and devices",
             [&cases](Request& req) -> Result<Response> {
               auto r = cases.rules_of(req.who().unit.value);
               if (!r) return fail(r.error());
               return Response::json(*r);
             });
  router.add("PUT", "/api/v1/enforcement/settings/{name}",
             {Permission::kCaseReview, "您的角色不能维护执法规则"},
             "Set one of the unit's configurable figures (e.g. hearing thresholds)",
             [&cases](Request& req) -> Result<Response> {
               auto body = http::parse_json_body(req);
               if (!body) return fail(body.error());
               auto v = http::require_string(*body, "value", false, http::kMaxName);
               if (!v) return fail(v.error());
               auto st = cases.set_setting(req.who(), req.who().unit.value, req.params["name"], *v,
                                           req.request_id);
               if (!st) return fail(st.error());
               return Response::json({{"ok", true}});
             });
  router.add("POST", "/api/v1/enforcement/catalogue",
             {Permission::kCaseReview, "您的角色不能维护执法规则"},
             "Add an entry to the unit's 重大执法决定法制审核目录清单",
             [&cases](Request& req) -> Result<Response> {
               auto body = http::parse_json_body(req);
               if (!body) return fail(body.error());
               auto code = http::optional_string(*body, "violation_code", http::kMaxName);
               if (!code) return fail(code.error());
               auto min_fine = http::optional_number(*body, "min_fine", 0, kMaxAmount);
               if (!min_fine) return fail(min_fine.error());
               auto desc = str_or_empty(*body, "description");
               if (!desc) return fail(desc.error());
               auto id = cases.add_catalogue(req.who(), *code, *min_fine, *desc, req.request_id);
               if (!id) return fail(id.error());
               return Response::json({{"id", *id}}, 201);
             });
  router.add("POST", "/api/v1/enforcement/benchmarks",
             {Permission::kCaseReview, "您的角色不能维护执法规则"},
             "Publish a discretion benchmark (fine range) for a violation",
             [&cases](Request& req) -> Result<Response> {
               auto body = http::parse_json_body(req);
               if (!body) return fail(body.error());
               std::string code, name, basis;
               for (auto [f, t] : {std::pair{"violation_code", &code}, std::pair{"name", &name},
                                   std::pair{"basis", &basis}}) {
                 auto v = str_or_empty(*body, f);
                 if (!v) return fail(v.error());
                 *t = *v;
               }
               auto lo = http::require_number(*body, "fine_min", 0, kMaxAmount);
               if (!lo) return fail(lo.error());
               auto hi = http::require_number(*body, "fine_max", 0, kMaxAmount);
               if (!hi) return fail(hi.error());
               auto id =
                   cases.add_benchmark(req.who(), code, name, basis, *lo, *hi, req.request_id);
               if (!id) return fail(id.error());
               return Response::json({{"id", *id}}, 201);
             });
  router.add("POST", "/api/v1/enforcement/devices",
             {Permission::kCaseReview, "您的角色不能维护执法规则"},
             "Register a monitoring device for off-site enforcement",
             [&cases](Request& req) -> Result<Response> {
               auto body = http::parse_json_body(req);
               if (!body) return fail(body.error());
               auto code = str_or_empty(*body, "code", http::kMaxName);
               if (!code) return fail(code.error());
               auto loc = str_or_empty(*body, "location");
               if (!loc) return fail(loc.error());
               auto reviewed = http::optional_bool(*body, "reviewed");
               if (!reviewed) return fail(reviewed.error());
               auto published = http::optional_bool(*body, "published");
               if (!published) return fail(published.error());
               auto id = cases.add_device(req.who(), *code, *loc, reviewed->value_or(false),
                                          published->value_or(false), req.request_id);
               if (!id) return fail(id.error());
               return Response::json({{"id", *id}}, 201);
             });
  router.add("POST", "/api/v1/enforcement/conflicts",
             {Permission::kEnforcementStaff, "您的角色不能申报利害关系"},
             "Declare an officer's conflict of interest with a party",
             [&cases](Request& req) -> Result<Response> {
               auto body = http::parse_json_body(req);
               if (!body) return fail(body.error());
               std::string user, party, reason;
               for (auto [f, t] : {std::pair{"username", &user}, std::pair{"party_id", &party},
                                   std::pair{"reason", &reason}}) {
                 auto v = str_or_empty(*body, f);
                 if (!v) return fail(v.error());
                 *t = *v;
               }
               if (user.empty()) user = req.who().username;
               auto st = cases.declare_conflict(req.who(), user, party, reason, req.request_id);
               if (!st) return fail(st.error());
               return Response::json({{"ok", true}}, 201);
             });
}

}  // namespace zt::enforcement

// Routes for disclosure, directories, random inspections, and the public pages' data.
#include "enforcement/api.hpp"
#include "enforcement/api_util.hpp"

namespace zt::enforcement {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

constexpr std::size_t kDirectoryUploadLimit = 64u << 20;  // 265k entities as CSV ≈ 25 MB

// A page of a list: ?limit= (1..max_limit, default `fallback`) and ?offset= (0..max_offset).
struct Page {
  int limit = 0, offset = 0;
};

Result<Page> page_of(const Request& req, int fallback, int max_limit, int max_offset) {
  auto limit = http::query_int_or(req, "limit", fallback, 1, max_limit);
  if (!limit) return fail(limit.error());
  auto offset = http::query_int_or(req, "offset", 0, 0, max_offset);
  if (!offset) return fail(offset.error());
  return Page{int(*limit), int(*offset)};
}

}  // namespace

void register_inspection_routes(http::Router& router, Services s) {
  auto& pubs = s.publications;
  auto& dir = s.directory;
  auto& draws = s.draws;
  router.add("GET", "/api/v1/enforcement/officers", Permission::kEnforcement,
             "Staff of the caller's unit with their certificates (to choose the two officers)",
             [&dir](Request& req) -> Result<Response> {
               auto r = dir.officers(req.who());
               if (!r) return fail(r.error());
               return Response::json(*r);
             });
  router.add("GET", "/api/v1/enforcement/publications", Permission::kEnforcement,
             "The unit's publication records with due dates and lateness",
             [&pubs](Request& req) -> Result<Response> {
               auto r = pubs.list(req.who());
               if (!r) return fail(r.error());
               if (wants_xlsx(req))
                 return xlsx_table(*r, "公示",
                                   {{"title", "标题", 40},
                                    {"unit", "执法单位", 30},
                                    {"party_name", "相对人", 30},
                                    {"decided_on", "决定日期", 12},
                                    {"due_on", "公示期限", 12},
                                    {"published_on", "公示日期", 12},
                                    {"late", "逾期", 8},
                                    {"withdrawn_on", "撤回日期", 12}},
                                   "publications.xlsx");
               return Response::json(*r);
             });
  router.add("POST", "/api/v1/enforcement/publications",
             {Permission::kEnforcementStaff, "您的角色不能登记公示"},
             "Record a licensing or other decision for publication",
             [&pubs](Request& req) -> Result<Response> {
               auto body = http::parse_json_body(req);
               if (!body) return fail(body.error());
               NewPublication in;
               for (auto [f, t] :
                    {std::pair{"kind", &in.kind}, std::pair{"title", &in.title},
                     std::pair{"party_kind", &in.party_kind},
                     std::pair{"party_name", &in.party_name}, std::pair{"party_id", &in.party_id},
                     std::pair{"content", &in.content}, std::pair{"decided_on", &in.decided_on}}) {
                 auto v = str_or_empty(*body, f);
                 if (!v) return fail(v.error());
                 *t = *v;
               }
               auto id = pubs.add(req.who(), in, req.request_id);
               if (!id) return fail(id.error());
               return Response::json({{"id", *id}}, 201);
             });
  router.add("POST", "/api/v1/enforcement/publications/{id}/publish",
             {Permission::kEnforcementStaff, http::Scope::kOwnUnit, "您的角色不能办理公示"},
             "Mark a record as published", [&pubs](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               if (auto st = pubs.publish(req.who(), *id, req.request_id); !st)
                 return fail(st.error());
               return Response::json({{"ok", true}});
             });
  router.add("POST", "/api/v1/enforcement/publications/{id}/withdraw",
             {Permission::kEnforcementStaff, http::Scope::kOwnUnit, "您的角色不能办理公示"},
             "Withdraw the publication of a revoked decision",
             [&pubs](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               if (auto st = pubs.withdraw(req.who(), *id, req.request_id); !st)
                 return fail(st.error());
               return Response::json({{"ok", true}});
             });
  router.add("GET", "/api/v1/public/decisions", Permission::kPublic,
             "Published decisions in force, personal data masked; ?q= ?limit= ?offset=",
             [&pubs](Request& req) -> Result<Response> {
               auto q = http::query_string(req, "q");
               if (!q) return fail(q.error());
               auto page = page_of(req, 50, 200, 1000000);
               if (!page) return fail(page.error());
               auto r = pubs.public_list(q->value_or(""), page->limit, page->offset);
               if (!r) return fail(r.error());
               return Response::json(*r);
             });
  router.add("GET", "/api/v1/public/inspection-results", Permission::kPublic,
             "Published results of random inspections", [&draws](Request& req) -> Result<Response> {
               auto page = page_of(req, 100, 1000, 0);
               if (!page) return fail(page.error());
               auto r = draws.public_results(page->limit);
               if (!r) return fail(r.error());
               return Response::json(*r);
             });
  for (const char* which : {"entities", "inspectors"}) {
    bool entities = std::string_view(which) == "entities";
    router.add("POST", std::string("/api/v1/enforcement/") + which + "/import",
               {Permission::kDirectoryWrite, "您的角色不能维护抽查名录"},
               entities ? "Import market entities from CSV or .xlsx (?name= file name, ?dry_run=1)"
                        : "Import inspectors from CSV or .xlsx (?name= file name, ?dry_run=1)",
               [&dir, entities](Request& req) -> Result<Response> {
                 auto name_q = http::query_string(req, "name");
                 if (!name_q) return fail(name_q.error());
                 auto name = name_q->value_or(entities ? "entities.csv" : "inspectors.csv");
                 auto dry_q = http::query_flag(req, "dry_run");
                 if (!dry_q) return fail(dry_q.error());
                 bool dry = *dry_q;
                 auto r = entities ? dir.import_entities(req.who(), req.body, name, dry,
                                                         req.request_id, req.zip_limits)
                                   : dir.import_inspectors(req.who(), req.body, name, dry,
                                                           req.request_id, req.zip_limits);
                 if (!r) return fail(r.error());
                 return Response::json(*r);
               });
    router.allow_body(kDirectoryUploadLimit);
  }
  router.add("GET", "/api/v1/enforcement/entities", Permission::kEnforcement,
             "The market-entity directory; ?q= ?credit_class= ?limit= ?offset=",
             [&dir](Request& req) -> Result<Response> {
               auto q = http::query_string(req, "q");
               if (!q) return fail(q.error());
               auto credit = http::query_enum(req, "credit_class", {"A", "B", "C", "D"});
               if (!credit) return fail(credit.error());
               auto page = page_of(req, 50, 500, 10000000);
               if (!page) return fail(page.error());
               auto r = dir.entities(req.who(), q->value_or(""), credit->value_or(""), page->limit,
                                     page->offset);
               if (!r) return fail(r.error());
               return Response::json(*r);
             });
  router.add("GET", "/api/v1/enforcement/inspectors", Permission::kEnforcement,
             "The unit's inspectors (every unit's for supervisors)",
             [&dir](Request& req) -> Result<Response> {
               auto r = dir.inspectors(req.who());
               if (!r) return fail(r.error());
               return Response::json(*r);
             });
  router.add("GET", "/api/v1/enforcement/draws", Permission::kEnforcement,
             "Draws of the unit, redraws included", [&draws](Request& req) -> Result<Response> {
               auto r = draws.list(req.who());
               if (!r) return fail(r.error());
               return Response::json(*r);
             });
  router.add("POST", "/api/v1/enforcement/draws",
             {Permission::kEnforcementStaff, "您的角色不能组织抽查"},
             "Draw entities and inspectors (seed, ratios per credit class, inspectors per entity)",
             [&draws](Request& req) -> Result<Response> {
               auto body = http::parse_json_body(req);
               if (!body) return fail(body.error());
               NewDraw in;
               for (auto [f, t] : {std::pair{"matter", &in.matter}, std::pair{"field", &in.field},
                                   std::pair{"industry", &in.industry}, std::pair{"area", &in.area},
                                   std::pair{"seed", &in.seed}}) {
                 auto v = str_or_empty(*body, f);
                 if (!v) return fail(v.error());
                 *t = *v;
               }
               auto ends = http::optional_date(*body, "ends_on");
               if (!ends) return fail(ends.error());
               if (*ends) in.ends_on = format_date(**ends);
               auto per_entity = http::optional_int(*body, "per_entity", 2, 100);
               if (!per_entity) return fail(per_entity.error());
               if (*per_entity) in.per_entity = int(**per_entity);
               if (body->contains("percent")) {
                 const auto& pc = (*body)["percent"];
                 if (!pc.is_object())
                   return fail(Error::invalid("percent 须为 {A,B,C,D}", "percent"));
                 for (int k = 0; k < 4; ++k) {
                   std::string key(1, "ABCD"[k]);
                   if (!pc.contains(key)) continue;
                   auto v = http::as_int(pc[key], "percent." + key, 0, 100);
                   if (!v) return fail(v.error());
                   in.percent[std::size_t(k)] = int(*v);
                 }
               }
               auto r = draws.create(req.who(), in, req.request_id);
               if (!r) return fail(r.error());
               return Response::json(*r, 201);
             });
  router.add("GET", "/api/v1/enforcement/draws/{id}",
             {Permission::kEnforcement, http::Scope::kOwnUnit}, "A draw with its picks",
             [&draws](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               auto r = draws.get(req.who(), *id);
               if (!r) return fail(r.error());
               return Response::json(*r);
             });
  router.add("GET", "/api/v1/enforcement/draws/{id}/verify",
             {Permission::kEnforcement, http::Scope::kOwnUnit},
             "Rerun a draw from its snapshot and seed and compare",
             [&draws](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               if (auto seen = draws.get(req.who(), *id); !seen) return fail(seen.error());
               auto r = draws.verify(*id);
               if (!r) return fail(r.error());
               return Response::json(*r);
             });
  router.add("POST", "/api/v1/enforcement/draws/{id}/redraw",
             {Permission::kEnforcementStaff, http::Scope::kOwnUnit, "您的角色不能组织抽查"},
             "Draw again from the same snapshot (new record, reason required)",
             [&draws](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               auto body = http::parse_json_body(req);
               if (!body) return fail(body.error());
               auto seed = str_or_empty(*body, "seed", http::kMaxName);
               if (!seed) return fail(seed.error());
               auto reason = str_or_empty(*body, "reason");
               if (!reason) return fail(reason.error());
               auto r = draws.redraw(req.who(), *id, *seed, *reason, req.request_id);
               if (!r) return fail(r.error());
               return Response::json(*r, 201);
             });
  router.add("POST", "/api/v1/enforcement/draws/{id}/picks/{seq}/result",
             {Permission::kEnforcementStaff, http::Scope::kOwnUnit, "您的角色不能录入检查结果"},
             "Enter the inspection result for one drawn entity",
             [&draws](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               auto seq = http::path_id(req, "seq", 1000000);
               if (!seq) return fail(seq.error());
               auto body = http::parse_json_body(req);
               if (!body) return fail(body.error());
               auto result = str_or_empty(*body, "result");
               if (!result) return fail(result.error());
               if (auto st = draws.enter_result(req.who(), *id, int(*seq), *result, req.request_id);
                   !st)
                 return fail(st.error());
               return Response::json({{"ok", true}});
             });
  router.add("POST", "/api/v1/enforcement/draws/{id}/publish",
             {Permission::kEnforcementStaff, http::Scope::kOwnUnit, "您的角色不能公示检查结果"},
             "Publish the entered results of a draw", [&draws](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               if (auto st = draws.publish_results(req.who(), *id, req.request_id); !st)
                 return fail(st.error());
               return Response::json({{"ok", true}});
             });
}

}  // namespace zt::enforcement

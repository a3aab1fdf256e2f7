// Routes for the justice bureau's supervision: statistics (JSON and .xlsx), case-file review,
// complaints (public form and 12345 intake).
#include "core/rate_limit.hpp"
#include "enforcement/api.hpp"
#include "enforcement/api_util.hpp"

namespace zt::enforcement {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

// The oversight results as the API answers them (the module returns structs).
json stats_json(const EnforcementStats& s) {
  json overdue = json::array();
  for (const auto& c : s.overdue)
    overdue.push_back(
        {{"id", c.id}, {"no", c.no}, {"unit", c.unit}, {"party", c.party}, {"due", c.due}});
  json units = json::array();
  for (const auto& u : s.by_unit)
    units.push_back({{"unit", u.unit},
                     {"cases", u.cases},
                     {"decided", u.decided},
                     {"fines", u.fines},
                     {"major", u.major},
                     {"major_reviewed", u.major_reviewed},
                     {"discretion_flags", u.discretion_flags},
                     {"archived", u.archived}});
  json outcomes = json::object();
  for (const auto& [state, n] : s.by_outcome) outcomes[state] = n;
  json types = json::array();
  for (const auto& t : s.by_type)
    types.push_back({{"code", t.code}, {"name", t.name}, {"cases", t.cases}, {"fines", t.fines}});
  return {{"cases", s.cases},
          {"decided", s.decided},
          {"fines", s.fines},
          {"discretion_flags", s.discretion_flags},
          {"publication",
           {{"due", s.publication.due},
            {"on_time", s.publication.on_time},
            {"rate", s.publication.rate}}},
          {"legal_review",
           {{"major", s.legal_review.major},
            {"reviewed", s.legal_review.reviewed},
            {"rate", s.legal_review.rate}}},
          {"overdue", overdue},
          {"by_unit", units},
          {"by_outcome", outcomes},
          {"by_type", types}};
}

json checklist_json(const std::vector<ChecklistItem>& items) {
  json out = json::array();
  for (const auto& i : items)
    out.push_back({{"id", i.id}, {"item", i.item}, {"max_score", i.max_score}});
  return out;
}

json sample_json(const ReviewSample& s) {
  json cases = json::array();
  for (const auto& c : s.cases)
    cases.push_back({{"id", c.id}, {"no", c.no}, {"unit", c.unit}, {"party", c.party}});
  return {{"seed", s.seed},
          {"population", s.population},
          {"population_digest", s.population_digest},
          {"cases", cases}};
}

json file_reviews_json(const FileReviews& f) {
  json units = json::array();
  for (const auto& u : f.by_unit)
    units.push_back(
        {{"unit", u.unit}, {"reviewed", u.reviewed}, {"average", u.average}, {"lowest", u.lowest}});
  json reviews = json::array();
  for (const auto& r : f.reviews)
    reviews.push_back({{"id", r.id},
                       {"case_id", r.case_id},
                       {"no", r.no},
                       {"unit", r.unit},
                       {"total", r.total},
                       {"max_total", r.max_total},
                       {"comment", r.comment},
                       {"reviewed_at", format_shanghai(r.reviewed_at)}});
  return {{"by_unit", units}, {"reviews", reviews}};
}

json complaints_json(const std::vector<ComplaintView>& list) {
  auto opt = [](const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); };
  json out = json::array();
  for (const auto& c : list)
    out.push_back({{"id", c.id},
                   {"ticket_no", c.ticket_no},
                   {"source", c.source},
                   {"complainant", c.complainant},
                   {"phone", c.phone},
                   {"subject", c.subject},
                   {"content", c.content},
                   {"received_at", format_shanghai(c.received_at)},
                   {"unit", opt(c.unit)},
                   {"referred_on", opt(c.referred_on)},
                   {"reply_due", c.reply_due},
                   {"reply", opt(c.reply)},
                   {"replied_on", opt(c.replied_on)},
                   {"closed_on", opt(c.closed_on)},
                   {"satisfaction", opt(c.satisfaction)},
                   {"overdue", c.overdue}});
  return out;
}

json receipt_json(const ComplaintReceipt& r) {
  return {{"id", r.id}, {"ticket_no", r.ticket_no}, {"reply_due", r.reply_due}};
}

Result<NewComplaint> complaint_body(const Request& req, const std::string& source) {
  auto body = http::parse_json_body(req);
  if (!body) return fail(body.error());
  NewComplaint in;
  in.source = source;
  for (auto [f, t] : {std::pair{"ticket_no", &in.ticket_no},
                      std::pair{"complainant", &in.complainant}, std::pair{"phone", &in.phone},
                      std::pair{"subject", &in.subject}, std::pair{"content", &in.content}}) {
    // The complaint's text may be long; who, how to reach them and the ticket are short.
    auto v = str_or_empty(*body, f, t == &in.content ? http::kMaxText : http::kMaxName);
    if (!v) return fail(v.error());
    *t = *v;
  }
  auto unit = http::optional_string(*body, "unit", http::kMaxName);
  if (!unit) return fail(unit.error());
  in.unit = *unit;
  return in;
}

}  // namespace

void register_oversight_routes(http::Router& router, Services s) {
  auto& o = s.oversight;
  router.add(
      "GET", "/api/v1/enforcement/stats", Permission::kEnforcement,
      "Statistics by unit, type and outcome; publication and legal-review rates; ?from= ?to=",
      [&o](Request& req) -> Result<Response> {
        auto from = http::query_date(req, "from");
        if (!from) return fail(from.error());
        auto to = http::query_date(req, "to");
        if (!to) return fail(to.error());
        auto r = o.stats(req.who(), *from ? format_date(**from) : "", *to ? format_date(**to) : "");
        if (!r) return fail(r.error());
        return Response::json(stats_json(*r));
      });
  router.add("GET", "/api/v1/enforcement/stats.xlsx", Permission::kEnforcement,
             "The statistics as an Excel workbook", [&o](Request& req) -> Result<Response> {
               auto from = http::query_date(req, "from");
               if (!from) return fail(from.error());
               auto to = http::query_date(req, "to");
               if (!to) return fail(to.error());
               auto r = o.stats_xlsx(req.who(), *from ? format_date(**from) : "",
                                     *to ? format_date(**to) : "");
               if (!r) return fail(r.error());
               return http::download(std::move(*r), http::kXlsxType, "enforcement-stats.xlsx",
                                     "执法统计.xlsx");
             });
  router.offload();
  router.add("GET", "/api/v1/enforcement/reviews/checklist", Permission::kEnforcement,
             "The case-file review checklist with maximum scores",
             [&o](Request&) -> Result<Response> {
               auto r = o.checklist();
               if (!r) return fail(r.error());
               return Response::json(checklist_json(*r));
             });
  router.add("GET", "/api/v1/enforcement/reviews", Permission::kEnforcement,
             "Case-file review results per unit", [&o](Request& req) -> Result<Response> {
               auto r = o.file_reviews(req.who());
               if (!r) return fail(r.error());
               return Response::json(file_reviews_json(*r));
             });
  router.add("POST", "/api/v1/enforcement/reviews/sample",
             {Permission::kOversight, "您的角色不能抽取评查案卷"},
             "Pick archived cases for review at random from a recorded seed",
             [&o](Request& req) -> Result<Response> {
               auto body = http::parse_json_body(req);
               if (!body) return fail(body.error());
               auto seed = str_or_empty(*body, "seed", http::kMaxName);
               if (!seed) return fail(seed.error());
               auto count = http::optional_int(*body, "count", 1, 500);
               if (!count) return fail(count.error());
               auto r = o.sample(req.who(), int(count->value_or(10)), *seed, req.request_id);
               if (!r) return fail(r.error());
               return Response::json(sample_json(*r));
             });
  router.add("POST", "/api/v1/enforcement/cases/{id}/file-review",
             {Permission::kOversight, http::Scope::kOwnUnit, "您的角色不能评查案卷"},
             "Score an archived case against the checklist",
             [&o](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               auto body = http::parse_json_body(req);
               if (!body) return fail(body.error());
               auto comment = str_or_empty(*body, "comment");
               if (!comment) return fail(comment.error());
               // Scores are checked against the checklist's maxima by the module; here that each
               // is an integer an int holds.
               json scores = body->contains("scores") ? (*body)["scores"] : json::object();
               if (!scores.is_object() || scores.size() > 1000)
                 return fail(Error::invalid("scores 须为 {检查项编号: 得分}", "scores"));
               for (const auto& [k, v] : scores.items())
                 if (auto sc = http::as_int(v, "scores." + k, 0, 1000); !sc)
                   return fail(sc.error());
               auto r = o.review_file(req.who(), *id, scores, *comment, req.request_id);
               if (!r) return fail(r.error());
               return Response::json(
                   {{"id", r->id}, {"total", r->total}, {"max_total", r->max_total}}, 201);
             });
  // Anyone may complain, but not a thousand times: 10 complaints per address per hour.
  auto limit = std::make_shared<RateLimit>(10, std::chrono::hours(1));
  router.add("POST", "/api/v1/public/complaints", Permission::kPublic,
             "The public complaint form about enforcement (public; 10 per address per hour)",
             [&o, limit](Request& req) -> Result<Response> {
               if (!limit->allow(req.remote, unix_seconds(o.now())))
                 return fail(Error{ErrorKind::kTooMany, "提交过于频繁，请一小时后再试", {}, {}});
               auto in = complaint_body(req, "public");
               if (!in) return fail(in.error());
               auto r = o.add_complaint(std::nullopt, *in, req.request_id);
               if (!r) return fail(r.error());
               return Response::json(receipt_json(*r), 201);
             });
  router.add("GET", "/api/v1/enforcement/complaints", Permission::kEnforcement,
             "Complaints (the unit's referred ones; all for supervisors)",
             [&o](Request& req) -> Result<Response> {
               auto r = o.complaints(req.who());
               if (!r) return fail(r.error());
               auto list = complaints_json(*r);
               if (wants_xlsx(req))
                 return xlsx_table(list, "投诉",
                                   {{"ticket_no", "编号", 24},
                                    {"source", "来源", 8},
                                    {"subject", "事项", 30},
                                    {"unit", "承办单位", 30},
                                    {"reply_due", "答复期限", 12},
                                    {"replied_on", "答复日期", 12},
                                    {"closed_on", "办结日期", 12},
                                    {"satisfaction", "满意度", 10},
                                    {"overdue", "逾期", 8}},
                                   "complaints.xlsx");
               return Response::json(list);
             });
  router.add("POST", "/api/v1/enforcement/complaints",
             {Permission::kOversight, "您的角色不能接入12345工单"},
             "Take in a 12345 hotline ticket", [&o](Request& req) -> Result<Response> {
               auto in = complaint_body(req, "12345");
               if (!in) return fail(in.error());
               auto r = o.add_complaint(req.who(), *in, req.request_id);
               if (!r) return fail(r.error());
               return Response::json(receipt_json(*r), 201);
             });
  for (const char* step : {"refer", "reply", "close"}) {
    std::string name = step;
    router.add(
        "POST", "/api/v1/enforcement/complaints/{id}/" + name,
        {name == "reply" ? Permission::kEnforcementStaff : Permission::kOversight,
         http::Scope::kOwnUnit, "您的角色不能办理投诉"},
        name == "refer"   ? "Refer a complaint to the responsible unit"
        : name == "reply" ? "The unit's reply to a referred complaint"
                          : "Close a replied complaint with the complainant's satisfaction",
        [&o, name](Request& req) -> Result<Response> {
          auto id = http::path_id(req, "id");
          if (!id) return fail(id.error());
          auto body = http::parse_json_body(req);
          if (!body) return fail(body.error());
          const char* field = name == "refer" ? "unit" : name == "reply" ? "reply" : "satisfaction";
          auto v = str_or_empty(*body, field);
          if (!v) return fail(v.error());
          Status st = name == "refer"   ? o.refer_complaint(req.who(), *id, *v, req.request_id)
                      : name == "reply" ? o.reply_complaint(req.who(), *id, *v, req.request_id)
                                        : o.close_complaint(req.who(), *id, *v, req.request_id);
          if (!st) return fail(st.error());
          return Response::json({{"ok", true}});
        });
  }
}

}  // namespace zt::enforcement

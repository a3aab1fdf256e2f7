// An object's audit history, and which objects the core vouches for.
#include "core/core_api_routes.hpp"

#include <map>
#include <utility>

#include "core/audit.hpp"

namespace zt::core_routes {

using http::Request;
using http::Response;
using nlohmann::json;

namespace {

// A stored before/after text as JSON (the records hold what append_audit was given, a JSON dump);
// null when the record predates stored texts or the change had no side.
json text_json(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  auto j = json::parse(*text, nullptr, false);
  return j.is_discarded() ? json(*text) : j;
}

json audit_json(const AuditRecord& r, bool with_texts) {
  json out{{"seq", r.seq},
           {"at", format_shanghai(Instant{std::chrono::seconds{r.at}})},
           {"actor", r.actor},
           {"actor_id", r.actor_id ? json(*r.actor_id) : json(nullptr)},
           {"unit_id", r.unit_id ? json(*r.unit_id) : json(nullptr)},
           {"action", r.action},
           {"object_type", r.object_type},
           {"object_id", r.object_id},
           {"summary", r.summary},
           {"before_digest", r.before_digest},
           {"after_digest", r.after_digest},
           {"request_id", r.request_id},
           {"hash", r.hash}};
  if (with_texts) {
    out["prev_hash"] = r.prev_hash;
    out["before"] = text_json(r.before);
    out["after"] = text_json(r.after);
  }
  return out;
}

// Whether `p` may read the history of the object: its module's rule, or audit.any for types no
// module answers for.
Status may_read(const Context& core, const Principal& p, const std::string& type,
                const std::string& id) {
  const auto* vis = core.audit_visibility.find(type);
  if (!vis) {
    if (!p.can(Permission::kAuditAny)) return fail(Error::forbidden("无权查看该对象的记录"));
    return {};
  }
  return (*vis)(p, id);
}

// The actors' display names, for the records of one page.
Result<std::map<std::int64_t, std::string>> actor_names(const Context& core,
                                                        const std::vector<AuditRecord>& records) {
  std::map<std::int64_t, std::string> out;
  for (const auto& r : records) {
    if (!r.actor_id || out.count(*r.actor_id)) continue;
    auto q = core.store.query("SELECT display_name FROM users WHERE id = $1", {*r.actor_id});
    if (!q) return fail(q.error());
    out[*r.actor_id] = q->rows.empty() ? "" : q->rows[0].str(0);
  }
  return out;
}

// GET /api/v1/audit without ?object=: the whole trail, filtered and paged. Searching across
// objects needs audit.any; others may page through one object they may see.
Result<Response> search(const Context& core, Request& req) {
  const auto& p = req.who();
  AuditQuery q;
  for (auto [name, field] :
       {std::pair{"object_type", &q.object_type}, std::pair{"object_id", &q.object_id},
        std::pair{"action", &q.action}, std::pair{"actor", &q.actor}}) {
    auto v = http::query_string(req, name, http::kMaxName);
    if (!v) return fail(v.error());
    *field = v->value_or("");
  }
  if (!p.can(Permission::kAuditAny)) {
    if (q.object_type.empty() || q.object_id.empty())
      return fail(Error::forbidden("只有系统管理员可以检索全部留痕记录"));
    if (auto st = may_read(core, p, q.object_type, q.object_id); !st) return fail(st.error());
  }
  auto from = http::query_date(req, "from");
  if (!from) return fail(from.error());
  auto to = http::query_date(req, "to");
  if (!to) return fail(to.error());
  if (*from) q.from = unix_seconds(shanghai_time(**from, 0, 0, 0));
  if (*to) q.to = unix_seconds(shanghai_time(**to + std::chrono::days{1}, 0, 0, 0));
  auto page = http::query_int_or(req, "page", 1, 1, 1000000);
  if (!page) return fail(page.error());
  auto per_page = http::query_int_or(req, "per_page", 20, 1, 200);
  if (!per_page) return fail(per_page.error());
  q.limit = *per_page;
  q.offset = (*page - 1) * *per_page;
  auto found = search_audit(core.store, q);
  if (!found) return fail(found.error());
  auto names = actor_names(core, found->records);
  if (!names) return fail(names.error());
  json out = json::array();
  for (const auto& r : found->records) {
    auto j = audit_json(r, false);
    j["actor_name"] = r.actor_id ? (*names)[*r.actor_id] : "";
    out.push_back(std::move(j));
  }
  return Response::json(
      {{"records", out}, {"total", found->total}, {"page", *page}, {"per_page", *per_page}});
}

}  // namespace

void register_audit_routes(http::Router& router, const Context& core) {
  router.add("GET", "/api/v1/audit", {Permission::kAuditRead, http::Scope::kOwnUnit},
             "An object's history (?object=type:id), or a search of the trail (admin: "
             "?object_type=&object_id=&actor=&action=&from=&to=&page=&per_page=)",
             [&core](Request& req) -> Result<Response> {
               auto obj = http::query_string(req, "object");
               if (!obj) return fail(obj.error());
               if (!*obj) return search(core, req);
               if ((*obj)->find(':') == std::string::npos)
                 return fail(Error::invalid("参数 object 须为 类型:编号，如 user:3", "object"));
               auto colon = (*obj)->find(':');
               std::string type = (*obj)->substr(0, colon), id = (*obj)->substr(colon + 1);
               if (auto st = may_read(core, req.who(), type, id); !st) return fail(st.error());
               auto h = audit_history(core.store, type, id);
               if (!h) return fail(h.error());
               json out = json::array();
               for (const auto& r : *h) out.push_back(audit_json(r, true));
               return Response::json({{"object", **obj}, {"records", out}});
             });
  router.add("GET", "/api/v1/audit/records/{seq}", Permission::kAuditRead,
             "One record with its before and after (as far as its object may be seen)",
             [&core](Request& req) -> Result<Response> {
               auto seq = http::path_id(req, "seq");
               if (!seq) return fail(seq.error());
               auto r = audit_record(core.store, *seq);
               if (!r) return fail(r.error());
               if (auto st = may_read(core, req.who(), r->object_type, r->object_id); !st)
                 return fail(st.error());
               auto names = actor_names(core, {*r});
               if (!names) return fail(names.error());
               auto j = audit_json(*r, true);
               j["actor_name"] = r->actor_id ? (*names)[*r->actor_id] : "";
               return Response::json(j);
             });
  router.add("GET", "/api/v1/audit/verify", Permission::kAuditAny,
             "Re-walk the whole hash chain (admin), as `zhengtong audit verify` does",
             [&core](Request&) -> Result<Response> {
               auto v = verify_audit(core.store);
               if (!v) return fail(v.error());
               return Response::json(
                   {{"ok", v->ok()},
                    {"records", v->records},
                    {"first_bad_seq", v->first_bad_seq ? json(*v->first_bad_seq) : json(nullptr)},
                    {"problem", v->problem},
                    {"head_hash", v->head_hash},
                    {"checked_at", format_shanghai(core.clock.now())}});
             });
}

}  // namespace zt::core_routes

namespace zt {

std::map<std::string, AuditVisibility> core_audit_visibility(const Context& core) {
  std::map<std::string, AuditVisibility> out;
  out["user"] = [&core](const Principal& p, const std::string& id) -> Status {
    auto v = http::parse_int(id, "object", 1);
    if (!v) return fail(Error::invalid("用户编号须为正整数", "object"));
    auto u = core.org.get_user(UserId{*v});
    if (!u) return fail(u.error());
    return core_routes::may_see_user(p, *u);
  };
  out["unit"] = [](const Principal&, const std::string&) -> Status { return {}; };
  return out;
}

}  // namespace zt

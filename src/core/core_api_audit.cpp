// An object's audit history, and which objects the core vouches for.
#include "core/core_api_routes.hpp"

#include "core/audit.hpp"

namespace zt::core_routes {

using http::Request;
using http::Response;
using nlohmann::json;

namespace {

json audit_json(const AuditRecord& r) {
  return {{"seq", r.seq},
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
}

}  // namespace

void register_audit_routes(http::Router& router, const Context& core) {
  router.add("GET", "/api/v1/audit", {Permission::kAuditRead, http::Scope::kOwnUnit},
             "An object's history (?object=type:id)", [&core](Request& req) -> Result<Response> {
               auto obj = http::query_string(req, "object");
               if (!obj) return fail(obj.error());
               if (!*obj || (*obj)->find(':') == std::string::npos)
                 return fail(Error::invalid("参数 object 须为 类型:编号，如 user:3", "object"));
               auto colon = (*obj)->find(':');
               std::string type = (*obj)->substr(0, colon), id = (*obj)->substr(colon + 1);
               const auto& p = req.who();
               const auto* vis = core.audit_visibility.find(type);
               if (!vis) {
                 if (!p.can(Permission::kAuditAny))
                   return fail(Error::forbidden("无权查看该对象的记录"));
               } else if (auto st = (*vis)(p, id); !st) {
                 return fail(st.error());
               }
               auto h = audit_history(core.store, type, id);
               if (!h) return fail(h.error());
               json out = json::array();
               for (const auto& r : *h) out.push_back(audit_json(r));
               return Response::json({{"object", **obj}, {"records", out}});
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

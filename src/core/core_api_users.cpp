// Users, passwords and enforcement certificates.
#include "core/core_api_routes.hpp"

namespace zt::core_routes {

using http::Request;
using http::Response;
using nlohmann::json;

namespace {

json user_json(const User& u) {
  return {
      {"id", u.id.value},        {"username", u.username},       {"display_name", u.display_name},
      {"unit_id", u.unit.value}, {"roles", roles_json(u.roles)}, {"disabled", u.disabled}};
}

json cert_json(const Certificate& c) {
  return {{"id", c.id},
          {"user_id", c.user.value},
          {"number", c.number},
          {"field", c.field},
          {"valid_from", format_date(c.valid_from)},
          {"valid_to", format_date(c.valid_to)},
          {"revoked_on", c.revoked_on ? json(format_date(*c.revoked_on)) : json(nullptr)},
          {"revoke_reason", c.revoke_reason}};
}

// Roles named in a body's array; an unknown name is a 400 naming the field.
Result<std::vector<Role>> roles_of(const json& body) {
  auto names = http::string_array(body, "roles", 20, http::kMaxName);
  if (!names) return fail(names.error());
  std::vector<Role> out;
  for (const auto& r : *names) {
    auto role = parse_role(r);
    if (!role) return fail(Error::invalid("未知角色：" + r, "roles"));
    out.push_back(*role);
  }
  return out;
}

}  // namespace

json roles_json(const std::vector<Role>& roles) {
  json out = json::array();
  for (auto r : roles) out.push_back({{"name", role_name(r)}, {"label", role_label(r)}});
  return out;
}

Status may_see_user(const Principal& p, const User& u) {
  if (p.id == u.id) return {};
  if (!p.can(Permission::kUsersRead)) return fail(Error::forbidden("无权查看其他用户"));
  if (!p.may_see_unit(u.unit)) return fail(Error::forbidden("无权查看其他单位的用户"));
  return {};
}

void register_user_routes(http::Router& router, const Context& core) {
  router.add("GET", "/api/v1/users", {Permission::kUsersRead, http::Scope::kOwnUnit},
             "List users (own unit unless cross-unit role): ?q=&unit=&role=&page=&per_page=, all "
             "of them without page and per_page",
             [&core](Request& req) -> Result<Response> {
               const auto& p = req.who();
               UserQuery q;
               for (const char* name : {"unit_id", "unit"}) {
                 auto unit_q = http::query_int(req, name, 1);
                 if (!unit_q) return fail(unit_q.error());
                 if (*unit_q) q.unit = UnitId{**unit_q};
               }
               if (!p.sees_all_units()) {
                 if (q.unit && *q.unit != p.unit)
                   return fail(Error::forbidden("无权查看其他单位的用户"));
                 q.unit = p.unit;
               }
               auto text = http::query_string(req, "q", http::kMaxName);
               if (!text) return fail(text.error());
               q.q = text->value_or("");
               auto role = http::query_string(req, "role", http::kMaxName);
               if (!role) return fail(role.error());
               if (*role) {
                 q.role = parse_role(**role);
                 if (!q.role) return fail(Error::invalid("未知角色：" + **role, "role"));
               }
               auto page = http::query_int(req, "page", 1, 100000);
               if (!page) return fail(page.error());
               auto per_page = http::query_int(req, "per_page", 1, 200);
               if (!per_page) return fail(per_page.error());
               if (*page || *per_page) {
                 q.limit = per_page->value_or(20);
                 q.offset = (page->value_or(1) - 1) * q.limit;
               }
               auto users = core.org.search_users(q);
               if (!users) return fail(users.error());
               json out = json::array();
               for (const auto& u : users->users) out.push_back(user_json(u));
               json body{{"users", out}, {"total", users->total}};
               if (q.limit) {
                 body["page"] = page->value_or(1);
                 body["per_page"] = q.limit;
               }
               return Response::json(body);
             });
  router.add("POST", "/api/v1/users", Permission::kUsersWrite, "Create a user",
             [&core](Request& req) -> Result<Response> {
               auto body = http::parse_json_body(req);
               if (!body) return fail(body.error());
               NewUser nu;
               auto username = http::require_string(*body, "username", false, http::kMaxName);
               if (!username) return fail(username.error());
               auto name = http::require_string(*body, "display_name", false, http::kMaxName);
               if (!name) return fail(name.error());
               auto pw = http::require_string(*body, "password", false, 1024);
               if (!pw) return fail(pw.error());
               auto unit = http::require_int(*body, "unit_id", 1);
               if (!unit) return fail(unit.error());
               if (!body->contains("roles"))
                 return fail(Error::invalid("roles 须为角色名数组", "roles"));
               auto roles = roles_of(*body);
               if (!roles) return fail(roles.error());
               nu.roles = std::move(*roles);
               nu.username = *username;
               nu.display_name = *name;
               nu.password = *pw;
               nu.unit = UnitId{*unit};
               auto u = core.org.add_user(nu, req.actor());
               if (!u) return fail(u.error());
               return Response::json(user_json(*u), 201);
             });
  router.add("GET", "/api/v1/users/{id}", {Permission::kAuthenticated, http::Scope::kOwnUser},
             "One user", [&core](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               auto u = core.org.get_user(UserId{*id});
               if (!u) return fail(u.error());
               if (auto st = may_see_user(req.who(), *u); !st) return fail(st.error());
               return Response::json(user_json(*u));
             });
  router.add("PATCH", "/api/v1/users/{id}", Permission::kUsersWrite,
             "Edit a user's name, unit or roles (admin; not one's own admin role)",
             [&core](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               auto body = http::parse_json_body(req);
               if (!body) return fail(body.error());
               UserChange c;
               auto name = http::optional_string(*body, "display_name", http::kMaxName);
               if (!name) return fail(name.error());
               c.display_name = *name;
               auto unit = http::optional_int(*body, "unit_id", 1);
               if (!unit) return fail(unit.error());
               if (*unit) c.unit = UnitId{**unit};
               if (body->contains("roles")) {
                 auto roles = roles_of(*body);
                 if (!roles) return fail(roles.error());
                 c.roles = std::move(*roles);
               }
               auto u = core.org.update_user(UserId{*id}, c, req.actor());
               if (!u) return fail(u.error());
               return Response::json(user_json(*u));
             });
  router.add(
      "POST", "/api/v1/users/{id}/password", {Permission::kAuthenticated, http::Scope::kSelf},
      "Change a password (own, with the current one; or any, as admin)",
      [&core](Request& req) -> Result<Response> {
        auto id = http::path_id(req, "id");
        if (!id) return fail(id.error());
        const auto& p = req.who();
        if (!p.can(Permission::kUsersWrite) && p.id.value != *id)
          return fail(Error::forbidden("只能修改自己的密码"));
        auto body = http::parse_json_body(req);
        if (!body) return fail(body.error());
        auto pw = http::require_string(*body, "new_password", false, 1024);
        if (!pw) return fail(pw.error());
        if (!p.can(Permission::kUsersWrite)) {
          auto cur = http::require_string(*body, "current_password", false, 1024);
          if (!cur) return fail(cur.error());
          auto check = core.store.query("SELECT password_hash FROM users WHERE id = $1", {*id});
          if (!check) return fail(check.error());
          if (check->rows.empty() || !verify_password(check->rows[0].str(0), *cur))
            return fail(Error::invalid("当前密码不正确", "current_password"));
        }
        if (auto st = core.org.set_password(UserId{*id}, *pw, req.actor()); !st)
          return fail(st.error());
        return Response::json({{"ok", true}});
      });
  for (bool disable : {true, false}) {
    router.add("POST", disable ? "/api/v1/users/{id}/disable" : "/api/v1/users/{id}/enable",
               Permission::kUsersWrite, disable ? "Disable a user" : "Enable a user",
               [&core, disable](Request& req) -> Result<Response> {
                 auto id = http::path_id(req, "id");
                 if (!id) return fail(id.error());
                 if (auto st = core.org.set_disabled(UserId{*id}, disable, req.actor()); !st)
                   return fail(st.error());
                 return Response::json({{"ok", true}});
               });
  }
  router.add("POST", "/api/v1/users/{id}/unlock", Permission::kUsersWrite,
             "Clear a user's failed-login counters, from every address (admin)",
             [&core](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               auto n = core.auth.unlock(UserId{*id}, req.actor());
               if (!n) return fail(n.error());
               return Response::json({{"ok", true}, {"cleared", *n}});
             });
  router.add("GET", "/api/v1/users/{id}/certificates",
             {Permission::kAuthenticated, http::Scope::kOwnUser},
             "A user's enforcement certificates", [&core](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               auto u = core.org.get_user(UserId{*id});
               if (!u) return fail(u.error());
               if (auto st = may_see_user(req.who(), *u); !st) return fail(st.error());
               auto certs = core.org.certificates(u->id);
               if (!certs) return fail(certs.error());
               json out = json::array();
               auto today = shanghai_date(core.clock.now());
               for (const auto& c : *certs) {
                 auto j = cert_json(c);
                 j["valid_today"] = c.valid_on(today);
                 out.push_back(j);
               }
               return Response::json({{"certificates", out}});
             });
  router.add("POST", "/api/v1/users/{id}/certificates", Permission::kUsersWrite,
             "Register an enforcement certificate", [&core](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               auto body = http::parse_json_body(req);
               if (!body) return fail(body.error());
               Certificate c;
               c.user = UserId{*id};
               auto number = http::require_string(*body, "number", false, http::kMaxName);
               if (!number) return fail(number.error());
               auto field = http::require_string(*body, "field", false, http::kMaxName);
               if (!field) return fail(field.error());
               auto df = http::require_date(*body, "valid_from");
               if (!df) return fail(df.error());
               auto dt = http::require_date(*body, "valid_to");
               if (!dt) return fail(dt.error());
               if (auto u = core.org.get_user(c.user); !u) return fail(u.error());
               c.number = *number;
               c.field = *field;
               c.valid_from = *df;
               c.valid_to = *dt;
               auto out = core.org.add_certificate(c, req.actor());
               if (!out) return fail(out.error());
               return Response::json(cert_json(*out), 201);
             });
  router.add("POST", "/api/v1/users/{id}/certificates/{cert}/revoke", Permission::kUsersWrite,
             "Revoke (注销) an enforcement certificate from today, with the reason",
             [&core](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               auto cert = http::path_id(req, "cert");
               if (!cert) return fail(cert.error());
               auto body = http::parse_json_body(req);
               if (!body) return fail(body.error());
               auto reason = http::require_string(*body, "reason", false, http::kMaxName);
               if (!reason) return fail(reason.error());
               auto out = core.org.revoke_certificate(UserId{*id}, *cert, *reason,
                                                      shanghai_date(core.clock.now()), req.actor());
               if (!out) return fail(out.error());
               return Response::json(cert_json(*out));
             });
}

}  // namespace zt::core_routes

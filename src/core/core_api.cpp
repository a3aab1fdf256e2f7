#include "core/core_api.hpp"

#include <chrono>
#include <memory>
#include <mutex>

#include "core/audit.hpp"
#include "core/identifiers.hpp"

namespace zt {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

json unit_json(const Unit& u) {
  return {{"id", u.id.value},
          {"parent_id", u.parent ? json(u.parent->value) : json(nullptr)},
          {"name", u.name},
          {"kind", unit_kind_name(u.kind)},
          {"division_code", u.division_code},
          {"aliases", u.aliases}};
}

json roles_json(const std::vector<Role>& roles) {
  json out = json::array();
  for (auto r : roles) out.push_back({{"name", role_name(r)}, {"label", role_label(r)}});
  return out;
}

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
          {"valid_to", format_date(c.valid_to)}};
}

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

bool secure_cookie(http::SecureCookies policy, const Request& req) {
  return policy == http::SecureCookies::kAlways ||
         (policy == http::SecureCookies::kAuto && req.secure);
}

std::string session_cookie(const std::string& value, std::int64_t max_age, bool secure) {
  std::string c = "zt_session=" + value +
                  "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
  if (secure) c += "; Secure";
  return c;
}

// Users of another unit are visible only to those who look across units.
Status may_see_user(const Principal& p, const User& u) {
  if (p.id == u.id) return {};
  if (!p.can(Permission::kUsersRead)) return fail(Error::forbidden("无权查看其他用户"));
  if (!p.may_see_unit(u.unit)) return fail(Error::forbidden("无权查看其他单位的用户"));
  return {};
}

}  // namespace

void register_core_routes(http::Router& router, const Context& core) {
  router.add("GET", "/api/v1/outbox", Permission::kAuthenticated,
             "Messages queued for the webhook, newest first (?pending=1; admin, office)",
             [&core](Request& req) -> Result<Response> {
               const auto& p = req.who();
               if (!p.has(Role::kAdmin) && !p.has(Role::kOffice))
                 return fail(Error::forbidden("只有管理员或督查室可以查看消息队列"));
               auto pending = http::query_flag(req, "pending");
               if (!pending) return fail(pending.error());
               auto list = core.outbox.list(200, *pending);
               if (!list) return fail(list.error());
               nlohmann::json out = nlohmann::json::array();
               for (const auto& m : *list)
                 out.push_back({{"id", m.id},
                                {"topic", m.topic},
                                {"dedupe_key", m.dedupe_key},
                                {"payload", nlohmann::json::parse(m.payload, nullptr, false)},
                                {"created_at", format_shanghai(m.created_at)},
                                {"attempts", m.attempts},
                                {"delivered_at",
                                 m.delivered_at ? nlohmann::json(format_shanghai(*m.delivered_at))
                                                : nlohmann::json(nullptr)},
                                {"last_error", m.last_error},
                                {"dead", m.dead}});
               return Response::json({{"messages", out}});
             });
  // A store that reads but cannot write (a full disk, a read-only file, a wedged transaction)
  // is not healthy: the write is probed at most once a second, so load balancers polling
  // /healthz do not turn into a write load.
  struct WriteProbe {
    std::mutex mu;
    std::chrono::steady_clock::time_point ok_until;
  };
  router.add(
      "GET", "/healthz", Permission::kPublic, "Liveness, database read and write check",
      [&core, probe = std::make_shared<WriteProbe>()](Request&) -> Result<Response> {
        auto r = core.store.query("SELECT 1");
        if (!r)
          return Response::json(
              {{"status", "degraded"}, {"db", "unavailable"}, {"error", r.error().message}}, 503);
        std::lock_guard lock(probe->mu);
        const auto now = std::chrono::steady_clock::now();
        if (now >= probe->ok_until) {
          auto w = core.store.probe_write(unix_seconds(core.clock.now()));
          if (!w)
            return Response::json(
                {{"status", "degraded"}, {"db", "not writable"}, {"error", w.error().message}},
                503);
          probe->ok_until = now + std::chrono::seconds(1);
        }
        return Response::json({{"status", "ok"}, {"db", "ok"}});
      });
  router.add("GET", "/metrics", Permission::kPublic, "Prometheus metrics",
             [&core](Request&) -> Result<Response> {
               return Response::text(core.metrics ? core.metrics() : "",
                                     "text/plain; version=0.0.4; charset=utf-8");
             });

  router.add("POST", "/api/v1/auth/login", Permission::kPublic, "Log in",
             [&core](Request& req) -> Result<Response> {
               auto body = http::parse_json_body(req);
               if (!body) return fail(body.error());
               auto user = http::require_string(*body, "username", false, http::kMaxName);
               if (!user) return fail(user.error());
               auto pw = http::require_string(*body, "password", false, 1024);
               if (!pw) return fail(pw.error());
               auto kind_s = http::optional_enum(*body, "token_type", {"cookie", "bearer"});
               if (!kind_s) return fail(kind_s.error());
               bool bearer = kind_s->value_or("cookie") == "bearer";
               LoginAttempt attempt{*user, *pw, bearer ? TokenKind::kBearer : TokenKind::kCookie,
                                    req.remote, req.request_id};
               auto r = core.auth.login(attempt);
               if (!r) return fail(r.error());
               json out{{"user",
                         {{"id", r->principal.id.value},
                          {"username", r->principal.username},
                          {"display_name", r->principal.display_name},
                          {"unit_id", r->principal.unit.value},
                          {"roles", roles_json(r->principal.roles)}}},
                        {"csrf_token", r->principal.csrf},
                        {"expires_at", format_shanghai(r->expires_at)}};
               auto resp = Response::json(out);
               if (bearer) {
                 resp.body = [&] {
                   out["token"] = r->token;
                   return out.dump();
                 }();
               } else {
                 resp.headers.emplace_back(
                     "Set-Cookie",
                     session_cookie(r->token, core.config.auth.absolute_timeout.count(),
                                    secure_cookie(core.config.secure_cookies, req)));
               }
               return resp;
             });
  router.add("POST", "/api/v1/auth/logout", Permission::kAuthenticated, "Log out",
             [&core](Request& req) -> Result<Response> {
               std::string token = req.cookie("zt_session");
               if (auto h = req.header("authorization"); h.starts_with("Bearer "))
                 token = h.substr(7);
               if (auto st = core.auth.logout(token, req.request_id); !st) return fail(st.error());
               auto resp = Response::json({{"ok", true}});
               resp.headers.emplace_back(
                   "Set-Cookie",
                   session_cookie("", 0, secure_cookie(core.config.secure_cookies, req)));
               return resp;
             });
  router.add(
      "GET", "/api/v1/auth/me", Permission::kAuthenticated, "The logged-in user",
      [&core](Request& req) -> Result<Response> {
        // Served from the session alone: the web shell asks for it on every page load.
        const auto& p = req.who();
        json perms = json::array();
        for (auto perm : {Permission::kSupervision, Permission::kEnforcement, Permission::kTransit,
                          Permission::kUsersRead, Permission::kUsersWrite, Permission::kUnitsWrite})
          if (p.can(perm)) perms.push_back(permission_name(perm));
        return Response::json({{"id", p.id.value},
                               {"username", p.username},
                               {"display_name", p.display_name},
                               {"unit", {{"id", p.unit.value}, {"name", p.unit_name}}},
                               {"roles", roles_json(p.roles)},
                               {"permissions", perms},
                               {"csrf_token", p.csrf},
                               // The server's clock decides "this month" in the pages (a demo's
                               // clock is not the browser's).
                               {"now", format_shanghai(core.clock.now())}});
      });

  router.add("GET", "/api/v1/units", Permission::kUnitsRead, "List organisational units",
             [&core](Request&) -> Result<Response> {
               auto units = core.org.list_units();
               if (!units) return fail(units.error());
               json out = json::array();
               for (const auto& u : *units) out.push_back(unit_json(u));
               return Response::json({{"units", out}});
             });
  router.add("POST", "/api/v1/units", Permission::kUnitsWrite, "Create a unit",
             [&core](Request& req) -> Result<Response> {
               auto body = http::parse_json_body(req);
               if (!body) return fail(body.error());
               NewUnit nu;
               auto name = http::require_string(*body, "name", false, http::kMaxName);
               if (!name) return fail(name.error());
               nu.name = *name;
               auto kind = http::optional_string(*body, "kind", http::kMaxName);
               if (!kind) return fail(kind.error());
               if (*kind) {
                 auto k = parse_unit_kind(**kind);
                 if (!k) return fail(Error::invalid("未知单位类型：" + **kind, "kind"));
                 nu.kind = *k;
               }
               auto pid = http::optional_int(*body, "parent_id", 1);
               if (!pid) return fail(pid.error());
               if (*pid) nu.parent = UnitId{**pid};
               auto div = http::optional_string(*body, "division_code", http::kMaxName);
               if (!div) return fail(div.error());
               if (*div && !(*div)->empty()) {
                 if (auto st = validate_division_code(**div); !st)
                   return fail(Error::invalid(st.error().message, "division_code"));
                 nu.division_code = **div;
               }
               auto aliases = http::string_array(*body, "aliases", 50, http::kMaxName);
               if (!aliases) return fail(aliases.error());
               nu.aliases = std::move(*aliases);
               auto u = core.org.add_unit(nu, req.actor());
               if (!u) return fail(u.error());
               return Response::json(unit_json(*u), 201);
             });
  router.add("PATCH", "/api/v1/units/{id}", Permission::kUnitsWrite,
             "Rename a unit (admin); the old name stays as an alias",
             [&core](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               auto body = http::parse_json_body(req);
               if (!body) return fail(body.error());
               auto name = http::require_string(*body, "name", false, http::kMaxName);
               if (!name) return fail(name.error());
               auto u = core.org.rename_unit(UnitId{*id}, *name, req.actor());
               if (!u) return fail(u.error());
               return Response::json(unit_json(*u));
             });
  router.add("POST", "/api/v1/units/{id}/aliases", Permission::kUnitsWrite, "Add a unit alias",
             [&core](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               auto body = http::parse_json_body(req);
               if (!body) return fail(body.error());
               auto alias = http::require_string(*body, "alias", false, http::kMaxName);
               if (!alias) return fail(alias.error());
               if (auto u = core.org.get_unit(UnitId{*id}); !u) return fail(u.error());
               if (auto st = core.org.add_alias(UnitId{*id}, *alias, req.actor()); !st)
                 return fail(st.error());
               auto u = core.org.get_unit(UnitId{*id});
               if (!u) return fail(u.error());
               return Response::json(unit_json(*u), 201);
             });

  router.add("GET", "/api/v1/users", Permission::kUsersRead,
             "List users (own unit unless cross-unit role)",
             [&core](Request& req) -> Result<Response> {
               const auto& p = req.who();
               std::optional<UnitId> unit;
               auto unit_q = http::query_int(req, "unit_id", 1);
               if (!unit_q) return fail(unit_q.error());
               if (*unit_q) unit = UnitId{**unit_q};
               if (!p.sees_all_units()) {
                 if (unit && *unit != p.unit)
                   return fail(Error::forbidden("无权查看其他单位的用户"));
                 unit = p.unit;
               }
               auto users = core.org.list_users(unit);
               if (!users) return fail(users.error());
               json out = json::array();
               for (const auto& u : *users) out.push_back(user_json(u));
               return Response::json({{"users", out}});
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
               auto roles = http::string_array(*body, "roles", 20, http::kMaxName);
               if (!roles) return fail(roles.error());
               for (const auto& r : *roles) {
                 auto role = parse_role(r);
                 if (!role) return fail(Error::invalid("未知角色：" + r, "roles"));
                 nu.roles.push_back(*role);
               }
               nu.username = *username;
               nu.display_name = *name;
               nu.password = *pw;
               nu.unit = UnitId{*unit};
               auto u = core.org.add_user(nu, req.actor());
               if (!u) return fail(u.error());
               return Response::json(user_json(*u), 201);
             });
  router.add("GET", "/api/v1/users/{id}", Permission::kAuthenticated, "One user",
             [&core](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               auto u = core.org.get_user(UserId{*id});
               if (!u) return fail(u.error());
               if (auto st = may_see_user(req.who(), *u); !st) return fail(st.error());
               return Response::json(user_json(*u));
             });
  router.add("POST", "/api/v1/users/{id}/password", Permission::kAuthenticated,
             "Change a password (own, with the current one; or any, as admin)",
             [&core](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               const auto& p = req.who();
               if (!p.has(Role::kAdmin) && p.id.value != *id)
                 return fail(Error::forbidden("只能修改自己的密码"));
               auto body = http::parse_json_body(req);
               if (!body) return fail(body.error());
               auto pw = http::require_string(*body, "new_password", false, 1024);
               if (!pw) return fail(pw.error());
               if (!p.has(Role::kAdmin)) {
                 auto cur = http::require_string(*body, "current_password", false, 1024);
                 if (!cur) return fail(cur.error());
                 auto check =
                     core.store.query("SELECT password_hash FROM users WHERE id = $1", {*id});
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
  router.add("GET", "/api/v1/users/{id}/certificates", Permission::kAuthenticated,
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

  router.add("GET", "/api/v1/audit", Permission::kAuditRead,
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
                 if (!p.has(Role::kAdmin)) return fail(Error::forbidden("无权查看该对象的记录"));
               } else if (auto st = (*vis)(p, id); !st) {
                 return fail(st.error());
               }
               auto h = audit_history(core.store, type, id);
               if (!h) return fail(h.error());
               json out = json::array();
               for (const auto& r : *h) out.push_back(audit_json(r));
               return Response::json({{"object", **obj}, {"records", out}});
             });

  router.add(
      "GET", "/api/v1/calendar/working-days", Permission::kAuthenticated,
      "Working days in (from, to]", [&core](Request& req) -> Result<Response> {
        auto from = http::require_query_date(req, "from");
        if (!from) return fail(from.error());
        auto to = http::require_query_date(req, "to");
        if (!to) return fail(to.error());
        return Response::json({{"from", format_date(*from)},
                               {"to", format_date(*to)},
                               {"working_days", core.calendar.working_days_between(*from, *to)}});
      });
  router.add("GET", "/api/v1/calendar/add-working-days", Permission::kAuthenticated,
             "The n-th working day after a date", [&core](Request& req) -> Result<Response> {
               auto d = http::require_query_date(req, "date");
               if (!d) return fail(d.error());
               auto n = http::query_int(req, "n", 0, 3660);
               if (!n) return fail(n.error());
               if (!*n) return fail(Error::invalid("缺少参数 n（0 到 3660 的整数）", "n"));
               int count = int(**n);
               auto out = core.calendar.add_working_days(*d, count);
               return Response::json(
                   {{"date", format_date(*d)}, {"n", count}, {"result", format_date(out)}});
             });
  router.add("GET", "/api/v1/calendar/{year}", Permission::kAuthenticated,
             "Holidays and make-up working days of a year, with the source notice",
             [&core](Request& req) -> Result<Response> {
               auto y = http::path_id(req, "year", 9999);
               if (!y) return fail(y.error());
               int year = int(*y);
               if (!core.calendar.covers(year))
                 return fail(Error::not_found("没有 " + std::to_string(year) + " 年的官方日历"));
               json days = json::array();
               for (const auto& [d, ex] : core.calendar.exceptions()) {
                 std::chrono::year_month_day ymd{d};
                 if (int(ymd.year()) != year) continue;
                 days.push_back({{"date", format_date(d)}, {"name", ex.name}, {"off", ex.off}});
               }
               return Response::json(
                   {{"year", year}, {"sources", *core.calendar.sources(year)}, {"days", days}});
             });

  router.add("GET", "/api/v1/identifiers/check", Permission::kAuthenticated,
             "Validate a credit code, resident ID or division code (?type=&value=)",
             [&core](Request& req) -> Result<Response> {
               auto type_q = http::query_enum(req, "type", {"uscc", "resident_id", "division"});
               if (!type_q) return fail(type_q.error());
               auto value_q = http::query_string(req, "value", 64);
               if (!value_q) return fail(value_q.error());
               auto type = type_q->value_or("");
               auto value = value_q->value_or("");
               Status st;
               json extra = json::object();
               if (type == "uscc") {
                 st = validate_uscc(value);
               } else if (type == "resident_id") {
                 auto r = parse_resident_id(value, shanghai_date(core.clock.now()));
                 if (r) {
                   extra = {{"birth_date", format_date(r->birth_date)},
                            {"division", r->division},
                            {"division_name", division_name(r->division).value_or("")}};
                 } else {
                   st = fail(r.error());
                 }
               } else if (type == "division") {
                 st = validate_division_code(value);
                 if (st) extra = {{"name", division_name(value).value_or("")}};
               } else {
                 return fail(Error::invalid("type 须为 uscc、resident_id 或 division", "type"));
               }
               json out{{"type", type}, {"valid", bool(st)}};
               if (!st) out["reason"] = st.error().message;
               for (auto& [k, v] : extra.items()) out[k] = v;
               return Response::json(out);
             });

  router.websocket("/api/v1/ws/notifications", Permission::kAuthenticated,
                   "Push notifications for the logged-in user",
                   [](Request& req) -> Result<std::string> {
                     return "user:" + std::to_string(req.who().id.value);
                   });
}

std::map<std::string, AuditVisibility> core_audit_visibility(const Context& core) {
  std::map<std::string, AuditVisibility> out;
  out["user"] = [&core](const Principal& p, const std::string& id) -> Status {
    auto v = http::parse_int(id, "object", 1);
    if (!v) return fail(Error::invalid("用户编号须为正整数", "object"));
    auto u = core.org.get_user(UserId{*v});
    if (!u) return fail(u.error());
    return may_see_user(p, *u);
  };
  out["unit"] = [](const Principal&, const std::string&) -> Status { return {}; };
  return out;
}

std::vector<MigrationSet> CoreModule::migrations() const {
  return {core_migrations(), outbox_migrations()};
}

}  // namespace zt

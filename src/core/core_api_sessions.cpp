// Login, logout, the logged-in user and their notification socket.
#include "core/core_api_routes.hpp"

namespace zt::core_routes {

using http::Request;
using http::Response;
using nlohmann::json;

namespace {

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

}  // namespace

void register_session_routes(http::Router& router, const Context& core) {
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
  router.add("GET", "/api/v1/auth/me", Permission::kAuthenticated, "The logged-in user",
             [&core](Request& req) -> Result<Response> {
               // Served from the session alone: the web shell asks for it on every page load.
               const auto& p = req.who();
               json perms = json::array();
               for (const auto& rule : permission_table())
                 if (rule.permission != Permission::kPublic && p.can(rule.permission))
                   perms.push_back(rule.name);
               return Response::json({{"id", p.id.value},
                                      {"username", p.username},
                                      {"display_name", p.display_name},
                                      {"unit", {{"id", p.unit.value}, {"name", p.unit_name}}},
                                      {"roles", roles_json(p.roles)},
                                      {"permissions", perms},
                                      {"csrf_token", p.csrf},
                                      // The server's clock decides "this month" in the pages
                                      // (a demo's clock is not the browser's).
                                      {"now", format_shanghai(core.clock.now())},
                                      {"notice", core.config.site_notice}});
             });

  router.websocket("/api/v1/ws/notifications", Permission::kAuthenticated,
                   "Push notifications for the logged-in user",
                   [](Request& req) -> Result<std::string> {
                     return "user:" + std::to_string(req.who().id.value);
                   });
}

}  // namespace zt::core_routes

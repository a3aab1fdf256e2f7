// Answering a request: authentication, CSRF and permission before the handler, the handler on
// the event loop or the worker pool, a thrown exception turned into a 500, and the response as
// it goes on the wire with the security headers every answer carries.
#include <spdlog/spdlog.h>

#include "core/http_server_impl.hpp"

namespace zt::http {

// Authentication, CSRF and permission, in that order; the handler checks the object's unit.
std::optional<Response> Server::Impl::authorise(Request& req, const Route& route) {
  std::string token;
  bool from_cookie = false;
  if (auto h = req.header("authorization"); h.starts_with("Bearer ")) {
    token = h.substr(7);
  } else if (auto c = req.cookie("zt_session"); !c.empty()) {
    token = c;
    from_cookie = true;
  }
  if (!token.empty() && auth) {
    auto p = auth->authenticate(token);
    if (p) {
      req.principal = std::move(*p);
      req.principal->via_cookie = from_cookie;
    } else if (p.error().kind != ErrorKind::kUnauthenticated) {
      return Response::error(p.error());
    }
  }
  if (route.permission != Permission::kPublic && req.principal && req.principal->via_cookie &&
      req.method != "GET" && req.method != "HEAD") {
    if (req.header("x-csrf-token") != req.principal->csrf)
      return Response::error(Error::forbidden("CSRF 令牌缺失或不匹配"));
  }
  if (auto ok = admit(route, req); !ok) return Response::error(ok.error());
  return std::nullopt;
}

// Never throws: whatever a handler, the authoriser or the static files throw becomes a 500.
Response Server::Impl::answer(Request& req, const Route* route, bool method_mismatch) noexcept {
  try {
    return dispatch(req, route, method_mismatch);
  } catch (const std::exception& e) {
    spdlog::error("[{}] {} {}: unhandled exception: {}", req.request_id, req.method, req.path,
                  e.what());
  } catch (...) {
    spdlog::error("[{}] {} {}: unhandled exception", req.request_id, req.method, req.path);
  }
  return internal_error(req.request_id);
}

Response Server::Impl::internal_error(const std::string& request_id) noexcept {
  try {
    return Response::error(Error::internal("服务器内部错误（请求号 " + request_id + "）"));
  } catch (...) {
    Response r;
    r.status = 500;
    return r;
  }
}

// The handler on the worker pool; this coroutine resumes on the event loop when it is done.
asio::awaitable<Response> Server::Impl::offloaded(Request& req, const Route* route, bool mismatch) {
  co_return co_await asio::co_spawn(
      workers, [&]() -> asio::awaitable<Response> { co_return answer(req, route, mismatch); },
      asio::use_awaitable);
}

Response Server::Impl::dispatch(Request& req, const Route* route, bool method_mismatch) {
  if (!route) {
    if (method_mismatch) {
      auto r = Response::error(Error::invalid("此地址不支持方法 " + req.method));
      r.status = 405;
      r.headers.emplace_back("Allow", router.allowed_methods(req.path));
      return r;
    }
    if (req.path.starts_with("/api/"))
      return Response::error(Error::not_found("没有这个接口：" + req.method + " " + req.path));
    return serve_static(req);
  }
  if (auto refusal = authorise(req, *route)) return *refusal;
  try {
    auto r = route->handler(req);
    if (!r) {
      if (r.error().kind == ErrorKind::kInternal)
        spdlog::error("[{}] {} {}: {}", req.request_id, req.method, req.path, r.error().message);
      return Response::error(r.error());
    }
    return std::move(*r);
  } catch (const nlohmann::json::exception& e) {
    // A handler read request JSON past the field helpers (core/http_fields.hpp): the input's
    // fault, so a 400, logged to find the handler.
    spdlog::warn("[{}] {} {}: JSON exception: {}", req.request_id, req.method, req.path, e.what());
    return Response::error(Error::invalid(std::string("请求数据的类型或取值不正确：") + e.what()));
  } catch (const std::exception& e) {
    spdlog::error("[{}] {} {}: unhandled exception: {}", req.request_id, req.method, req.path,
                  e.what());
    return Response::error(Error::internal("服务器内部错误（请求号 " + req.request_id + "）"));
  }
}

bhttp::response<bhttp::string_body> Server::Impl::to_beast(Response&& r, const Request& req,
                                                           unsigned version, bool keep_alive) {
  bhttp::response<bhttp::string_body> out{bhttp::status(unsigned(r.status)), version};
  out.set(bhttp::field::server, "zhengtong");
  out.set(bhttp::field::content_type, r.content_type);
  out.set("X-Request-Id", req.request_id);
  for (auto& [k, v] : r.headers) out.insert(k, v);
  // The one place every response passes: a handler's own value (a document's CSP) wins. Style
  // attributes only may be inline (ECharts writes its tooltips as HTML with style="…"); no
  // inline script or <style>. When a map tile host is configured it joins img-src.
  static constexpr std::pair<std::string_view, std::string_view> kSecurityHeaders[] = {
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
       "img-src 'self' data: blob:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
       "form-action 'self'"},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "same-origin"}};
  for (auto [name, value] : kSecurityHeaders)
    if (out.find(name) == out.end()) out.set(name, value);
  out.keep_alive(keep_alive);
  if (req.method == "HEAD") {
    out.content_length(r.body.size());
  } else {
    out.body() = std::move(r.body);
    out.prepare_payload();
  }
  return out;
}

}  // namespace zt::http

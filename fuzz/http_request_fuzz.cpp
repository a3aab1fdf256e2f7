// Bytes from a socket through the server's request parser (Beast, set up as every connection is:
// Server::parse_request), then what every request meets before a handler: the route match, the
// cookie and query lookups, and an error answer.
#include <cstdint>
#include <string_view>

#include "core/http_server.hpp"

namespace {

// Patterns of the shapes the app registers: literal groups, {id} segments, a general route.
const zt::http::Router& router() {
  static const zt::http::Router r = [] {
    zt::http::Router r;
    auto ok = [](zt::http::Request&) -> zt::Result<zt::http::Response> {
      return zt::http::Response{};
    };
    r.add("GET", "/healthz", zt::Permission::kPublic, "", ok);
    r.add("POST", "/api/v1/auth/login", zt::Permission::kPublic, "", ok);
    r.add("GET", "/api/v1/users/{id}", zt::Permission::kAuthenticated, "", ok);
    r.add("PUT", "/api/v1/supervision/tasks/{id}/reports/{month}", zt::Permission::kAuthenticated,
          "", ok);
    r.add("POST", "/api/v1/transit/avl", zt::Permission::kTransit, "", ok);
    r.allow_body(8u << 20);
    r.add("GET", "/api/v1/{module}/search", zt::Permission::kAuthenticated, "", ok);
    return r;
  }();
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto req =
      zt::http::Server::parse_request(std::string_view(reinterpret_cast<const char*>(data), size),
                                      zt::http::ServerConfig{}.body_limit);
  if (!req) {
    (void)zt::http::Response::error(req.error());
    return 0;
  }
  std::map<std::string, std::string> params;
  bool mismatch = false;
  const auto* route = router().match(req->method, req->path, params, mismatch);
  if (route) req->params = std::move(params);
  (void)zt::http::path_id(*req, "id");
  (void)req->cookie("zt_session");
  (void)req->q("name");
  (void)req->header("content-length");
  return 0;
}

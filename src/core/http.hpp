// The HTTP layer's plain types: requests, responses, routes. Beast stays inside the server's own
// files (http_server*.cpp) so modules register handlers without seeing it.
#pragma once

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/auth.hpp"
#include "core/error.hpp"
#include "core/http_fields.hpp"
#include "core/zip_reader.hpp"

namespace zt::http {

// When the session cookie carries Secure: always, never, or (auto) when the request arrived over
// TLS, i.e. a trusted proxy said X-Forwarded-Proto: https.
enum class SecureCookies { kAuto, kAlways, kNever };

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded path without the query
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> params;   // from {name} segments of the route
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string request_id;
  std::string remote;   // the client's address (a trusted proxy's X-Forwarded-For resolved)
  bool secure = false;  // arrived over TLS (X-Forwarded-Proto: https from a trusted proxy)
  std::optional<Principal> principal;  // set when the request carries a valid session
  // What an uploaded archive (.docx, .xlsx, GTFS zip) may inflate to; set by the server from the
  // route's body limit (ServerConfig::inflate_ratio, inflate_limit, zip_entries).
  ZipLimits zip_limits;

  std::string header(const std::string& lower_name) const;
  std::string cookie(const std::string& name) const;
  // Query parameter or nullopt.
  std::optional<std::string> q(const std::string& name) const;
  // The principal; only call on routes that are not public.
  const Principal& who() const { return *principal; }
  Actor actor() const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static Response json(const nlohmann::json& j, int status = 200);
  static Response error(const Error& e);
  static Response text(std::string body, std::string content_type, int status = 200);
};

using Handler = std::function<Result<Response>(Request&)>;

// A WebSocket route: returns the topic the connection subscribes to, or an error to refuse.
using TopicResolver = std::function<Result<std::string>(Request&)>;

// Which of a route's objects a caller may touch beyond holding the permission. The handler checks
// it (only it finds the object); the route declares it so tests and readers see the rule.
enum class Scope {
  kNone,     // no unit-held object, or any holder of the permission may touch any of them
  kOwnUnit,  // objects of the caller's unit; every unit's with Permission::kAllUnits
  kOwnUser,  // the caller's own user; others as kUsersRead shows them (own unit or kAllUnits)
  kSelf,     // the caller's own user only; anyone's with Permission::kUsersWrite
};

// What a route requires: a permission (auth.hpp), its object scope, and optionally the refusal
// to give a caller inside the permission's area who lacks it (else the permission's own).
struct Access {
  Permission permission = Permission::kAuthenticated;
  Scope scope = Scope::kNone;
  std::string refusal;

  Access(Permission p) : permission(p) {}  // NOLINT(google-explicit-constructor)
  Access(Permission p, Scope s, std::string refusal = {})
      : permission(p), scope(s), refusal(std::move(refusal)) {}
  Access(Permission p, std::string refusal) : permission(p), refusal(std::move(refusal)) {}

  // The handler checks the permission itself, at its own point (after validating the input,
  // say); the server still checks the area first. The declaration stays what the route requires.
  Access checked_by_handler() && {
    by_handler = true;
    return std::move(*this);
  }
  bool by_handler = false;
};

struct Route {
  std::string method;
  std::string pattern;  // "/api/v1/users/{id}"
  // The area of access.permission: what the server checks before anything else, answering with
  // its generic message. The router checks access.permission itself before the handler runs.
  Permission permission = Permission::kAuthenticated;
  Access access = Permission::kAuthenticated;
  std::string summary;  // one line for docs and logs
  Handler handler;
  TopicResolver websocket;     // set for WebSocket routes (method "GET")
  std::size_t body_limit = 0;  // bytes; 0 = the server's limit (uploads raise it per route)
  // Runs on the server's worker pool, not an event-loop thread: imports, exports and uploads
  // take seconds, and an event-loop thread held that long stops every connection on it.
  bool offload = false;
};

class Router {
 public:
  void add(std::string method, std::string pattern, Access access, std::string summary,
           Handler handler);
  void websocket(std::string pattern, Access access, std::string summary, TopicResolver resolver);
  // Lets the route just added take bodies up to `bytes` (file uploads), on the worker pool.
  void allow_body(std::size_t bytes) {
    routes_.back().body_limit = bytes;
    routes_.back().offload = true;
    max_body_limit_ = std::max(max_body_limit_, bytes);
  }
  // Runs the route just added on the worker pool (long exports).
  void offload() { routes_.back().offload = true; }
  std::size_t max_body_limit() const { return max_body_limit_; }
  // The route for a request, filling `params`; nullptr if none. `method_mismatch` is set when the
  // path exists under another method (405 rather than 404).
  const Route* match(std::string_view method, std::string_view path,
                     std::map<std::string, std::string>& params, bool& method_mismatch) const;
  const std::vector<Route>& routes() const { return routes_; }
  // The methods some route takes at `path`, as an Allow header value ("GET, HEAD, POST").
  std::string allowed_methods(std::string_view path) const;
  // Routes registered at a method and path shape some earlier route already has ("GET
  // /a/{}/b"): the later one could never be reached. App::open refuses to start with any.
  const std::vector<std::string>& duplicates() const { return duplicates_; }

 private:
  void index_last();
  void note_shape(const std::string& method, const std::string& pattern);

  std::vector<std::string> duplicates_;
  std::vector<std::string> shapes_;

  std::size_t max_body_limit_ = 0;
  std::vector<Route> routes_;
  // Each route's literal start (up to its first "{"): a path that does not begin with it cannot
  // match, which a string comparison tells before the segment-by-segment match.
  std::vector<std::string> prefixes_;
  // Routes by their first three segments ("/api/v1/transit") when those are literal, else in
  // `general_`: a request tries only its own group and the general routes, in registration order.
  std::unordered_map<std::string, std::vector<std::size_t>> by_head_;
  std::vector<std::size_t> general_;
};

// The refusal for a principal inside `access`'s area who lacks its permission.
Error refusal(const Access& access);

// The check every request meets before its route's handler, in the server and in any in-process
// caller (the demo loader): a login unless the route is public, then the route's area. The
// router checks the route's own permission inside the handler (Router::add).
Status admit(const Route& route, const Request& req);

// The request's body as a JSON object (field helpers: core/http_fields.hpp). Any fault of the
// body, a number overflow or deep nesting included, is a 400.
Result<nlohmann::json> parse_json_body(const Request& req);
// A {name} path segment as an integer in 1..max.
Result<std::int64_t> path_id(const Request& req, const std::string& name,
                             std::int64_t max = kIntMax);
// A file download with a Chinese file name (RFC 6266 / RFC 5987): `ascii_name` for old clients,
// `name` percent-encoded in filename*.
Response download(std::string body, const std::string& content_type, const std::string& ascii_name,
                  const std::string& name);
inline constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
inline constexpr const char* kDocxType =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

// An uploaded file's name (?name=): not empty, at most 200 bytes, no control characters, slashes
// or quotes (it goes into Content-Disposition on download).
Status check_file_name(const std::string& name);

}  // namespace zt::http

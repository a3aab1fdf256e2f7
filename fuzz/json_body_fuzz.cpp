// Every JSON request body: parse_json_body, then the field helpers handlers call (http_fields.hpp)
// on each key the body has and on names it lacks, the body's string values as query parameters
// through the query helpers, and the answer serialised as the server does.
#include <cstdint>
#include <string>

#include "core/http.hpp"
#include "core/http_fields.hpp"

namespace h = zt::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  h::Request req;
  req.method = "POST";
  req.path = "/api/v1/fuzz";
  req.headers["content-type"] = "application/json";
  req.body.assign(reinterpret_cast<const char*>(data), size);
  auto body = h::parse_json_body(req);
  if (!body) {
    (void)h::Response::error(body.error());
    return 0;
  }
  std::vector<std::string> keys{"", "name", "missing"};
  for (const auto& [k, v] : body->items()) {
    keys.push_back(k);
    if (v.is_string()) req.query[k] = v.get<std::string>();
  }
  for (const auto& k : keys) {
    (void)h::require_string(*body, k);
    (void)h::optional_string(*body, k, 16);
    (void)h::require_int(*body, k);
    (void)h::optional_int(*body, k, 0, 100);
    (void)h::require_number(*body, k, -1e6, 1e6);
    (void)h::optional_bool(*body, k);
    (void)h::string_array(*body, k, 10, 100);
    (void)h::optional_date(*body, k);
    (void)h::require_enum(*body, k, {"pending", "done"});
    (void)h::query_int(req, k, 1, 1000);
    (void)h::query_number(req, k, 0, 1);
    (void)h::query_flag(req, k);
    (void)h::query_string(req, k);
    (void)h::query_date(req, k);
  }
  (void)h::Response::json(*body);
  return 0;
}

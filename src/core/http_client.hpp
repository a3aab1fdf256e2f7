// A small blocking HTTP/1.1 client for the server's own outgoing calls (webhook delivery,
// polling a GTFS-Realtime feed): plain http:// only — run a local TLS proxy for https — with one
// deadline for the whole exchange and a cap on the response body.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace zt {

struct HttpClientRequest {
  std::string method = "GET";
  std::string url;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::seconds timeout{10};
  std::size_t max_body = 64u << 20;
};

struct HttpGetResult {
  int status = 0;
  std::string body;
};

// Fails (kUnavailable, naming the URL) when the exchange itself fails; any HTTP status is a value.
Result<HttpGetResult> http_request(const HttpClientRequest& request);

inline Result<HttpGetResult> http_get(const std::string& url, std::chrono::seconds timeout,
                                      std::size_t max_body = 64u << 20) {
  return http_request({"GET", url, {}, {}, timeout, max_body});
}

}  // namespace zt

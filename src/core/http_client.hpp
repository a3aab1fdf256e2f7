// A small blocking HTTP/1.1 client for the server's own outgoing calls (polling a GTFS-Realtime
// feed): plain http:// only — run a local TLS proxy for https sources — with one deadline for
// the whole exchange and a cap on the body.
#pragma once

#include <chrono>
#include <string>

#include "core/error.hpp"

namespace zt {

struct HttpGetResult {
  int status = 0;
  std::string body;
};

Result<HttpGetResult> http_get(const std::string& url, std::chrono::seconds timeout,
                               std::size_t max_body = 64u << 20);

}  // namespace zt

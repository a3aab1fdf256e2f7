// The server's own counters and their Prometheus text: requests by route and status class, a
// latency histogram per route, requests in flight, bad requests, refused connections.
#include <fmt/format.h>

#include "core/http_server_impl.hpp"

namespace zt::http {

using detail::kBuckets;
using detail::kNumBuckets;

void Server::Impl::record(const std::string& route, int status, double seconds) {
  std::lock_guard lock(stats_mu);
  auto& s = stats[route];
  s.count++;
  s.by_class[std::min(5, std::max(1, status / 100))]++;
  s.sum_seconds += seconds;
  for (std::size_t i = 0; i < kNumBuckets; ++i)
    if (seconds <= kBuckets[i]) s.buckets[i]++;
}

std::string Server::metrics_text() const {
  std::string out;
  out += "# HELP zt_http_requests_total HTTP requests by route and status class.\n";
  out += "# TYPE zt_http_requests_total counter\n";
  std::string hist;
  hist += "# HELP zt_http_request_duration_seconds Request latency by route.\n";
  hist += "# TYPE zt_http_request_duration_seconds histogram\n";
  {
    std::lock_guard lock(impl_->stats_mu);
    for (const auto& [route, s] : impl_->stats) {
      for (int c = 1; c <= 5; ++c)
        if (s.by_class[c])
          out += fmt::format("zt_http_requests_total{{route=\"{}\",code=\"{}xx\"}} {}\n", route, c,
                             s.by_class[c]);
      for (std::size_t i = 0; i < kNumBuckets; ++i)
        hist +=
            fmt::format("zt_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
                        route, kBuckets[i], s.buckets[i]);
      hist +=
          fmt::format("zt_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n",
                      route, s.count);
      hist += fmt::format("zt_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", route,
                          s.sum_seconds);
      hist += fmt::format("zt_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", route,
                          s.count);
    }
  }
  out += hist;
  out += "# TYPE zt_http_in_flight gauge\n";
  out += fmt::format("zt_http_in_flight {}\n", impl_->in_flight.load());
  out += "# TYPE zt_http_bad_requests_total counter\n";
  out += fmt::format("zt_http_bad_requests_total {}\n", impl_->bad_requests.load());
  out += "# TYPE zt_http_refused_connections_total counter\n";
  out += fmt::format("zt_http_refused_connections_total {}\n", impl_->refused_connections.load());
  if (impl_->extra_metrics) out += impl_->extra_metrics();
  return out;
}

}  // namespace zt::http

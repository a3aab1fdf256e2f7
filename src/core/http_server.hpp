// The HTTP/WebSocket server (Boost.Beast + Asio, C++20 coroutines): keep-alive, timeouts,
// body-size limits, request ids, access log, metrics, static files, and graceful shutdown
// (in-flight requests finish, idle connections close, then run() returns).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/auth.hpp"
#include "core/http.hpp"

namespace zt::http {

struct ServerConfig {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: pick a free port (tests)
  int threads = 2;            // event-loop threads
  int workers = 2;            // threads for routes marked offload (imports, exports, uploads)
  std::size_t body_limit = 1 << 20;  // bytes
  // An upload's archive may inflate to inflate_ratio × its route's body limit, never more than
  // inflate_limit bytes, in at most zip_entries files (Request::zip_limits).
  std::size_t inflate_ratio = 8;
  std::size_t inflate_limit = std::size_t(1) << 30;
  std::size_t zip_entries = 10000;
  std::size_t max_connections = 2048;     // open HTTP connections; more are closed at accept
  std::chrono::seconds read_timeout{15};  // a request's header; a reply's write
  std::chrono::seconds idle_timeout{30};  // between keep-alive requests
  // A body must make progress every body_idle_timeout and be whole within body_timeout, so a
  // large upload over a slow link finishes while a stalled one is let go.
  std::chrono::seconds body_idle_timeout{15};
  std::chrono::seconds body_timeout{600};
  std::string static_dir;  // built web app; empty: none
  // Peers whose X-Forwarded-For and X-Forwarded-Proto are believed (a reverse proxy); others'
  // are ignored, so a client cannot choose the address the rate limits see.
  std::vector<std::string> trusted_proxies;
};

class Server {
 public:
  // `auth` may be null (no authenticated routes). `extra_metrics` appends Prometheus lines.
  Server(ServerConfig config, const Router& router, Auth* auth,
         std::function<std::string()> extra_metrics = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; returns the bound port.
  Result<std::uint16_t> start();
  // Serves on config.threads threads until stop() or SIGTERM/SIGINT (when `handle_signals`).
  void run(bool handle_signals);
  // Starts serving on background threads (tests); stop() joins them.
  void run_in_background();
  // Graceful stop: no new connections, in-flight requests complete.
  void stop();
  // Pushes a text message to every WebSocket subscribed to `topic`.
  void publish(const std::string& topic, const std::string& message);
  // The topics starting with `prefix` that have at least one subscriber now.
  std::vector<std::string> topics(std::string_view prefix) const;
  // Prometheus text for the server's own counters.
  std::string metrics_text() const;

  // One request read from `bytes` by the parser as each connection sets it up (header and body
  // limits) and converted as handlers see it, or the error the server would answer; request_id
  // is the client's or "". No socket and no router: for the fuzz harness and tests.
  static Result<Request> parse_request(std::string_view bytes, std::size_t body_limit);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zt::http

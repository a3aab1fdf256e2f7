// The server's insides, shared by the files that implement it (not part of core's API): a
// connection, a WebSocket subscriber, and Server::Impl with its members grouped by the file that
// defines them. Beast and Asio stay behind this header.
#pragma once

#include <atomic>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast.hpp>

#include "core/digest.hpp"
#include "core/http_server.hpp"

namespace zt::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Steady = std::chrono::steady_clock;
using StringRequest = bhttp::request<bhttp::string_body>;
using StringResponse = bhttp::response<bhttp::string_body>;

namespace detail {

// Latency histogram bounds, seconds (http_server_metrics.cpp).
constexpr double kBuckets[] = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0};
constexpr std::size_t kNumBuckets = std::size(kBuckets);

struct RouteStats {
  std::uint64_t count = 0;
  std::uint64_t by_class[6] = {};  // 1xx..5xx
  double sum_seconds = 0;
  std::uint64_t buckets[kNumBuckets] = {};
};

// The parser as every connection sets it up: the header bounded, the body by `body_limit` (none:
// the session checks the route's limit once the header is read).
void limit_parser(bhttp::request_parser<bhttp::string_body>& parser,
                  boost::optional<std::uint64_t> body_limit);

// An address in one spelling: "::ffff:10.0.0.1" as "10.0.0.1", IPv6 compressed; nullopt if it
// is not an address. Trusted proxies and peers are compared in this form.
std::optional<std::string> canonical_address(std::string_view text);

// An HTTP connection. Its session coroutine alone reads and writes the socket, so completions may
// run on any thread without a strand; the reaper (timeouts) and stop() reach it only through
// shutdown(2) on the descriptor, under close_mu so they never touch a closed (reused) descriptor.
struct Conn {
  explicit Conn(tcp::socket s) : socket(std::move(s)) {}
  tcp::socket socket;
  std::atomic<Steady::rep> deadline{Steady::time_point::max().time_since_epoch().count()};
  std::atomic<bool> busy{false};       // a request is being handled or answered
  std::atomic<bool> timed_out{false};  // the reaper shut it down
  std::mutex close_mu;
  bool closed = false;  // under close_mu: the descriptor is closed or handed over

  void expires_after(std::chrono::nanoseconds d) {
    deadline = (Steady::now() + d).time_since_epoch().count();
  }
  void expires_never() { deadline = Steady::time_point::max().time_since_epoch().count(); }
  bool expired(Steady::time_point now) const {
    return now.time_since_epoch().count() > deadline.load();
  }
  // Ends the reading (and writing) side; a pending or later read then sees end of stream.
  void shutdown(tcp::socket::shutdown_type how) {
    std::lock_guard lock(close_mu);
    beast::error_code ignored;
    if (!closed) socket.shutdown(how, ignored);
  }
  void close() {
    std::lock_guard lock(close_mu);
    beast::error_code ignored;
    if (!closed) socket.close(ignored);
    closed = true;
  }
};

struct WsConn {
  explicit WsConn(beast::tcp_stream s) : ws(std::move(s)), wake(ws.get_executor()) {}
  websocket::stream<beast::tcp_stream> ws;
  asio::steady_timer wake;
  std::deque<std::string> queue;
  bool closed = false;
};

}  // namespace detail

struct Server::Impl {
  using Conn = detail::Conn;
  using WsConn = detail::WsConn;

  ServerConfig config;
  const Router& router;
  Auth* auth;
  std::function<std::string()> extra_metrics;
  // Before the event loop: its destructor may destroy suspended session frames that count here.
  std::atomic<std::uint64_t> in_flight{0};
  std::atomic<std::uint64_t> bad_requests{0};
  std::atomic<std::uint64_t> refused_connections{0};
  // One event loop run by every thread, and no strand per connection: a strand (and Beast's timer
  // per read and write) cost a third of a small response's time. WebSockets, whose reads and writes
  // overlap, get a strand of their own.
  asio::io_context ioc;
  asio::thread_pool workers;
  tcp::acceptor acceptor{ioc};
  asio::steady_timer reaper{ioc};
  asio::steady_timer accept_pause{ioc};
  std::atomic<bool> stopping{false};
  std::vector<std::thread> threads;
  std::atomic<std::uint64_t> next_id{1};
  std::string id_prefix = random_hex(3);

  std::mutex conns_mu;
  std::set<std::shared_ptr<Conn>> conns;
  std::map<std::string, std::set<std::shared_ptr<WsConn>>> topics;  // under conns_mu

  mutable std::mutex stats_mu;
  std::map<std::string, detail::RouteStats> stats;

  Impl(ServerConfig c, const Router& r, Auth* a, std::function<std::string()> m)
      : config(std::move(c)),
        router(r),
        auth(a),
        extra_metrics(std::move(m)),
        ioc(std::max(1, config.threads)),
        workers(std::size_t(std::max(1, config.workers))) {}

  // Lifecycle (http_server.cpp).
  void begin_stop();
  // Waits (bounded) for in-flight requests to finish, then ends the event loop.
  asio::awaitable<void> drain();

  // Connections: accepting, timing out, reading requests and writing answers
  // (http_server_connections.cpp).
  asio::awaitable<void> accept_loop();
  asio::awaitable<void> reap();
  asio::awaitable<void> session(std::shared_ptr<Conn> conn);
  asio::awaitable<void> serve(std::shared_ptr<Conn> conn);
  std::optional<Error> check_header(const bhttp::request_parser<bhttp::string_body>& parser,
                                    std::size_t& limit) const;
  std::size_t route_body_limit(const StringRequest& in) const;
  ZipLimits zip_limits(const Route* route) const;

  // A request as handlers see it (http_server_requests.cpp).
  static Request to_request(const StringRequest& in, const std::string& remote,
                            const ServerConfig& config);
  static bool trusted(const ServerConfig& config, const std::string& address);

  // Answering: authorisation, the handler, the response on the wire (http_server_answers.cpp).
  std::optional<Response> authorise(Request& req, const Route& route);
  Response answer(Request& req, const Route* route, bool method_mismatch) noexcept;
  static Response internal_error(const std::string& request_id) noexcept;
  asio::awaitable<Response> offloaded(Request& req, const Route* route, bool mismatch);
  Response dispatch(Request& req, const Route* route, bool method_mismatch);
  StringResponse to_beast(Response&& r, const Request& req, unsigned version, bool keep_alive);

  // The built web app (http_server_static.cpp).
  Response serve_static(const Request& req);

  // WebSockets and their topics (http_server_websockets.cpp).
  asio::awaitable<void> upgrade_to_websocket(std::shared_ptr<Conn> conn, StringRequest in,
                                             Request& req, const Route& route);
  asio::awaitable<void> ws_session(beast::tcp_stream stream, StringRequest upgrade,
                                   std::string topic);

  // Counters for metrics_text (http_server_metrics.cpp).
  void record(const std::string& route, int status, double seconds);

  std::optional<asio::signal_set> signals;
};

}  // namespace zt::http

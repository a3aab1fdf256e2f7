// Connections: the accept loop with its connection cap, the reaper that lets slow clients go,
// and a connection's session — reading each request under its header, body and idle timeouts and
// the route's body limit, answering it, and keeping the connection alive or closing it.
#include <spdlog/spdlog.h>

#include "core/http_server_impl.hpp"

namespace zt::http {

using detail::canonical_address;
using detail::limit_parser;

// The archive budget of a request on `route`: the multiple of what the route lets be uploaded,
// under the absolute ceiling. Upload routes get the message naming both settings; the rest
// (which take no archives) only the numbers, so an ordinary request formats nothing.
ZipLimits Server::Impl::zip_limits(const Route* route) const {
  std::size_t body = std::max(config.body_limit, route ? route->body_limit : 0);
  std::size_t ratio = std::max<std::size_t>(config.inflate_ratio, 1);
  std::size_t total = body > config.inflate_limit / ratio ? config.inflate_limit : body * ratio;
  ZipLimits limits{total, config.zip_entries, {}};
  if (route && route->body_limit > 0)
    limits.setting = fmt::format(
        "server.inflate_ratio（{}）× 本接口请求体上限（{} 字节），至多 server.inflate_limit（{} "
        "字节）",
        ratio, body, config.inflate_limit);
  return limits;
}

std::size_t Server::Impl::route_body_limit(const bhttp::request<bhttp::string_body>& in) const {
  std::string_view target(in.target().data(), in.target().size());
  auto path = target.substr(0, target.find('?'));
  std::map<std::string, std::string> params;
  bool mismatch = false;
  auto method = in.method_string();
  const Route* r =
      router.match(std::string_view(method.data(), method.size()), path, params, mismatch);
  return r ? r->body_limit : 0;
}

// Every way out of a connection ends here, so its socket is always closed and forgotten: an
// exception escaping serve() (a detached coroutine would swallow it) used to leave the
// descriptor open in CLOSE-WAIT until the process ran out of them.
asio::awaitable<void> Server::Impl::session(std::shared_ptr<Conn> conn) {
  try {
    co_await serve(conn);
  } catch (const std::exception& e) {
    spdlog::error("connection dropped: unhandled exception: {}", e.what());
  } catch (...) {
    spdlog::error("connection dropped: unhandled exception");
  }
  conn->shutdown(tcp::socket::shutdown_send);
  conn->close();
  std::lock_guard lock(conns_mu);
  conns.erase(conn);
}

// Why a request could not be read, or nullopt when it can be served. The header is read with
// no body limit so that the limit quoted is the route's own.
std::optional<Error> Server::Impl::check_header(
    const bhttp::request_parser<bhttp::string_body>& parser, std::size_t& limit) const {
  const auto& h = parser.get();
  if (h.version() >= 11 && h.count(bhttp::field::host) != 1)
    return Error::invalid("请求格式错误：HTTP/1.1 请求须有且仅有一个 Host 头", "Host");
  auto length = parser.content_length();
  // Only a body that may exceed the default needs the route's own limit looked up.
  if (!length || *length > limit) limit = std::max(limit, route_body_limit(h));
  if (length && *length > limit)
    return Error{
        ErrorKind::kTooLarge, "请求体过大：上限 " + std::to_string(limit) + " 字节", {}, {}};
  return std::nullopt;
}

asio::awaitable<void> Server::Impl::serve(std::shared_ptr<Conn> conn) {
  std::string remote;
  {
    beast::error_code ec;
    auto ep = conn->socket.remote_endpoint(ec);
    if (!ec) remote = canonical_address(ep.address().to_string()).value_or("");
  }
  beast::flat_buffer buffer;
  bool first = true;
  for (;;) {
    conn->expires_after(first ? config.read_timeout : config.idle_timeout);
    first = false;
    bhttp::request_parser<bhttp::string_body> parser;
    limit_parser(parser, boost::none);  // checked against the route's limit after the header
    conn->busy = false;
    if (stopping) break;
    // The header first: an upload route may take a larger body than the server's default.
    auto [ec, n] = co_await bhttp::async_read_header(conn->socket, buffer, parser,
                                                     asio::as_tuple(asio::use_awaitable));
    std::size_t limit = config.body_limit;
    std::optional<Error> refused;
    if (!ec) refused = check_header(parser, limit);
    if (!ec && !refused && !parser.is_done()) {  // a GET is whole after its header
      parser.body_limit(limit);
      // HTTP/1.0 clients do not know 100 (RFC 9110 §10.1.1): the expectation is ignored.
      const bool expects_continue =
          parser.get().version() >= 11 &&
          beast::iequals(parser.get()[bhttp::field::expect], "100-continue");
      if (expects_continue) {
        bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, 11};
        conn->expires_after(config.read_timeout);
        std::tie(ec, n) =
            co_await bhttp::async_write(conn->socket, go_on, asio::as_tuple(asio::use_awaitable));
      }
      // The body under a progress timeout: each read that brings bytes extends the deadline,
      // up to the overall cap.
      const auto cap = Steady::now() + config.body_timeout;
      while (!ec && !parser.is_done()) {
        conn->expires_after(std::min<Steady::duration>(
            config.body_idle_timeout, std::max<Steady::duration>(cap - Steady::now(), {})));
        std::tie(ec, n) = co_await bhttp::async_read_some(conn->socket, buffer, parser,
                                                          asio::as_tuple(asio::use_awaitable));
      }
    }
    conn->busy = true;
    conn->expires_never();  // a handler's own time is not the client's fault
    if (ec || refused) {
      if (!refused && (conn->timed_out || ec == bhttp::error::end_of_stream ||
                       ec == asio::error::operation_aborted ||
                       ec == asio::error::connection_reset || ec == asio::error::broken_pipe))
        break;
      // The request could not be read: answer with what was wrong, then close.
      bad_requests++;
      Request dummy;
      dummy.request_id = id_prefix + "-" + std::to_string(next_id++);
      Error err = refused ? *refused : Error::invalid("请求格式错误：" + ec.message());
      if (ec == bhttp::error::body_limit)
        err = {ErrorKind::kTooLarge, "请求体过大：上限 " + std::to_string(limit) + " 字节", {}, {}};
      else if (ec == bhttp::error::header_limit)
        err = {ErrorKind::kTooLarge, "请求头过大：上限 16384 字节", {}, {}};
      auto res = to_beast(Response::error(err), dummy, 11, false);
      conn->expires_after(std::chrono::seconds(5));
      co_await bhttp::async_write(conn->socket, res, asio::as_tuple(asio::use_awaitable));
      break;
    }
    auto started = std::chrono::steady_clock::now();
    in_flight++;
    struct InFlight {
      std::atomic<std::uint64_t>& n;
      ~InFlight() { n--; }
    } counted{in_flight};
    auto in = parser.release();
    Request req = to_request(in, remote, config);
    if (req.request_id.empty()) req.request_id = id_prefix + "-" + std::to_string(next_id++);
    std::map<std::string, std::string> params;
    bool mismatch = false;
    const Route* route = router.match(req.method, req.path, params, mismatch);
    req.params = std::move(params);
    req.zip_limits = zip_limits(route);

    if (route && route->websocket && websocket::is_upgrade(in)) {
      // Whether refused or handed over, the connection is done here.
      co_await upgrade_to_websocket(conn, std::move(in), req, *route);
      co_return;
    }

    // Not a ?: around co_await: GCC 12 destroys a temporary of such an expression twice.
    Response resp;
    if (route && route->offload)
      resp = co_await offloaded(req, route, mismatch);
    else
      resp = answer(req, route, mismatch);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    int status = resp.status;
    record(route ? route->pattern : (req.path.starts_with("/api/") ? "unmatched" : "static"),
           status, seconds);
    spdlog::info("{} {} {} {} {} {:.2f}ms {}", req.request_id, req.remote, req.method, req.path,
                 status, seconds * 1000,
                 req.principal ? req.principal->username : std::string("-"));
    bool keep = in.keep_alive() && !stopping;
    auto res = to_beast(std::move(resp), req, in.version(), keep);
    conn->expires_after(config.read_timeout);  // a client that stops reading is let go
    auto [wec, wn] =
        co_await bhttp::async_write(conn->socket, res, asio::as_tuple(asio::use_awaitable));
    if (wec || !keep) break;
  }
}

// Once a second: connections past their deadline (a slow or silent client) are shut down, which
// ends their pending read or write.
asio::awaitable<void> Server::Impl::reap() {
  for (;;) {
    reaper.expires_after(std::chrono::seconds(1));
    auto [ec] = co_await reaper.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec || stopping) co_return;
    const auto now = Steady::now();
    std::lock_guard lock(conns_mu);
    for (const auto& c : conns)
      if (c->expired(now)) {
        c->timed_out = true;
        c->shutdown(tcp::socket::shutdown_both);
      }
  }
}

asio::awaitable<void> Server::Impl::accept_loop() {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
    if (ec) {
      if (!acceptor.is_open() || stopping) co_return;
      // e.g. EMFILE: keep serving the connections we have, and wait a little for one to close
      // rather than spin on a listen queue that stays readable.
      accept_pause.expires_after(std::chrono::milliseconds(50));
      co_await accept_pause.async_wait(asio::as_tuple(asio::use_awaitable));
      continue;
    }
    auto conn = std::make_shared<Conn>(std::move(socket));
    {
      std::lock_guard lock(conns_mu);
      // Past the cap a new connection is closed at once, so a flood of idle sockets cannot take
      // every descriptor (the existing ones are still served).
      if (conns.size() >= config.max_connections) {
        refused_connections++;
        conn->close();
        continue;
      }
      conns.insert(conn);
    }
    asio::co_spawn(ioc, session(conn), asio::detached);
  }
}

}  // namespace zt::http

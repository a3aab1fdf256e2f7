#include "core/http_server.hpp"

#include <atomic>
#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include <unistd.h>

#include <spdlog/spdlog.h>
#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/beast.hpp>
#include <boost/url.hpp>

#include "core/digest.hpp"

namespace zt::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

namespace {

constexpr double kBuckets[] = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0};
constexpr std::size_t kNumBuckets = std::size(kBuckets);

struct RouteStats {
  std::uint64_t count = 0;
  std::uint64_t by_class[6] = {};  // 1xx..5xx
  double sum_seconds = 0;
  std::uint64_t buckets[kNumBuckets] = {};
};

std::string mime_type(const std::filesystem::path& p) {
  auto ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".ttf") return "font/ttf";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

bool sane_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
      return false;
  return true;
}

// The parser as every connection sets it up: the header bounded, the body by `body_limit` (none:
// the session checks the route's limit once the header is read).
void limit_parser(bhttp::request_parser<bhttp::string_body>& parser,
                  boost::optional<std::uint64_t> body_limit) {
  parser.body_limit(body_limit);
  parser.header_limit(16 * 1024);
}

using Steady = std::chrono::steady_clock;

// An address in one spelling: "::ffff:10.0.0.1" as "10.0.0.1", IPv6 compressed; nullopt if it
// is not an address. Trusted proxies and peers are compared in this form.
std::optional<std::string> canonical_address(std::string_view text) {
  beast::error_code ec;
  auto addr = asio::ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  if (addr.is_v6() && addr.to_v6().is_v4_mapped())
    return asio::ip::make_address_v4(asio::ip::v4_mapped, addr.to_v6()).to_string();
  return addr.to_string();
}

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

}  // namespace

struct Server::Impl {
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
  std::map<std::string, RouteStats> stats;

  Impl(ServerConfig c, const Router& r, Auth* a, std::function<std::string()> m)
      : config(std::move(c)),
        router(r),
        auth(a),
        extra_metrics(std::move(m)),
        ioc(std::max(1, config.threads)),
        workers(std::size_t(std::max(1, config.workers))) {}

  void record(const std::string& route, int status, double seconds) {
    std::lock_guard lock(stats_mu);
    auto& s = stats[route];
    s.count++;
    s.by_class[std::min(5, std::max(1, status / 100))]++;
    s.sum_seconds += seconds;
    for (std::size_t i = 0; i < kNumBuckets; ++i)
      if (seconds <= kBuckets[i]) s.buckets[i]++;
  }

  // Authentication, CSRF and permission, in that order; the handler checks the object's unit.
  std::optional<Response> authorise(Request& req, const Route& route) {
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
    if (route.permission == Permission::kPublic) return std::nullopt;
    if (!req.principal) return Response::error(Error::unauthenticated("未登录或会话已过期"));
    if (req.principal->via_cookie && req.method != "GET" && req.method != "HEAD") {
      if (req.header("x-csrf-token") != req.principal->csrf)
        return Response::error(Error::forbidden("CSRF 令牌缺失或不匹配"));
    }
    if (!req.principal->can(route.permission))
      return Response::error(
          Error::forbidden("无权访问：需要权限 " + std::string(permission_name(route.permission))));
    return std::nullopt;
  }

  Response serve_static(const Request& req) {
    if (config.static_dir.empty() || (req.method != "GET" && req.method != "HEAD"))
      return Response::error(Error::not_found("没有这个地址：" + req.path));
    namespace fs = std::filesystem;
    // The error_code forms: a path the file system refuses (a segment over NAME_MAX, say) is
    // simply not a file here, never an exception.
    std::error_code ec;
    fs::path root = fs::weakly_canonical(config.static_dir, ec);
    if (ec) return Response::error(Error::not_found("没有这个文件：" + req.path));
    fs::path target = fs::weakly_canonical(root / req.path.substr(1), ec);
    bool inside = false;
    if (!ec) {
      auto rel = target.lexically_relative(root);
      inside = !rel.empty() && *rel.begin() != "..";
    }
    if (!inside || !fs::is_regular_file(target, ec)) {
      // A single-page app: unknown paths get index.html, assets do not.
      if (req.path.starts_with("/assets/") || req.path.starts_with("/api/"))
        return Response::error(Error::not_found("没有这个文件：" + req.path));
      target = root / "index.html";
    }
    std::ifstream in(target, std::ios::binary);
    if (!in) return Response::error(Error::not_found("没有这个文件：" + req.path));
    std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto resp = Response::text(std::move(body), mime_type(target));
    if (req.path.starts_with("/assets/"))
      resp.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
    else
      resp.headers.emplace_back("Cache-Control", "no-cache");
    return resp;
  }

  // Never throws: whatever a handler, the authoriser or the static files throw becomes a 500.
  Response answer(Request& req, const Route* route, bool method_mismatch) noexcept {
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

  static Response internal_error(const std::string& request_id) noexcept {
    try {
      return Response::error(Error::internal("服务器内部错误（请求号 " + request_id + "）"));
    } catch (...) {
      Response r;
      r.status = 500;
      return r;
    }
  }

  // The handler on the worker pool; this coroutine resumes on the event loop when it is done.
  asio::awaitable<Response> offloaded(Request& req, const Route* route, bool mismatch) {
    co_return co_await asio::co_spawn(
        workers, [&]() -> asio::awaitable<Response> { co_return answer(req, route, mismatch); },
        asio::use_awaitable);
  }

  Response dispatch(Request& req, const Route* route, bool method_mismatch) {
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
      spdlog::warn("[{}] {} {}: JSON exception: {}", req.request_id, req.method, req.path,
                   e.what());
      return Response::error(
          Error::invalid(std::string("请求数据的类型或取值不正确：") + e.what()));
    } catch (const std::exception& e) {
      spdlog::error("[{}] {} {}: unhandled exception: {}", req.request_id, req.method, req.path,
                    e.what());
      return Response::error(Error::internal("服务器内部错误（请求号 " + req.request_id + "）"));
    }
  }

  // The client's X-Request-Id is kept when sane, else request_id is left empty (numbered by
  // session()). Static (the config passed in): Server::parse_request converts without a server.
  static Request to_request(const bhttp::request<bhttp::string_body>& in, const std::string& remote,
                            const ServerConfig& config) {
    Request req;
    req.method = std::string(in.method_string());
    std::string_view target = in.target();
    auto parsed = boost::urls::parse_origin_form(target);
    // curl and some terminals send UTF-8 (and spaces) unencoded; encode them and read it again.
    std::string encoded;
    if (!parsed) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      for (unsigned char ch : target) {
        if (ch >= 0x80 || ch <= 0x20 ||
            std::string_view("\"<>\\^`{|}").find(char(ch)) != std::string_view::npos) {
          encoded += '%';
          encoded += kHex[ch >> 4];
          encoded += kHex[ch & 15];
        } else {
          encoded += char(ch);
        }
      }
      parsed = boost::urls::parse_origin_form(encoded);
    }
    if (parsed) {
      req.path = parsed->path();
      for (auto p : parsed->params()) req.query[p.key] = p.value;
    } else {
      req.path = std::string(target.substr(0, target.find('?')));
    }
    for (const auto& f : in) {
      std::string name(f.name_string());
      for (auto& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
      req.headers[name] = std::string(f.value());
    }
    req.body = in.body();
    auto rid = req.header("x-request-id");
    if (sane_request_id(rid)) req.request_id = rid;
    req.remote = remote;
    if (trusted(config, remote)) {
      // The right-most address not a proxy of ours is the client (RFC 7239 §5.2 in spirit):
      // everything left of it was written by the client itself.
      auto xff = req.header("x-forwarded-for");
      std::string_view rest = xff;
      while (!rest.empty()) {
        auto comma = rest.rfind(',');
        std::string_view hop = comma == std::string_view::npos ? rest : rest.substr(comma + 1);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
        while (!hop.empty() && hop.front() == ' ') hop.remove_prefix(1);
        while (!hop.empty() && hop.back() == ' ') hop.remove_suffix(1);
        auto addr = canonical_address(hop);
        if (!addr) break;  // not an address: believe nothing further left
        req.remote = *addr;
        if (!trusted(config, req.remote)) break;
      }
      req.secure = req.header("x-forwarded-proto") == "https";
    }
    return req;
  }

  static bool trusted(const ServerConfig& config, const std::string& address) {
    return std::find(config.trusted_proxies.begin(), config.trusted_proxies.end(), address) !=
           config.trusted_proxies.end();
  }

  bhttp::response<bhttp::string_body> to_beast(Response&& r, const Request& req, unsigned version,
                                               bool keep_alive) {
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

  asio::awaitable<void> ws_session(beast::tcp_stream stream,
                                   bhttp::request<bhttp::string_body> upgrade, std::string topic) {
    auto conn = std::make_shared<WsConn>(std::move(stream));
    beast::get_lowest_layer(conn->ws).expires_never();
    conn->ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    conn->ws.read_message_max(4096);  // boards only listen: a client's message is never large
    auto [ec] = co_await conn->ws.async_accept(upgrade, asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    {
      std::lock_guard lock(conns_mu);
      topics[topic].insert(conn);
    }
    conn->wake.expires_at(asio::steady_timer::time_point::max());
    auto reader = [&]() -> asio::awaitable<void> {
      beast::flat_buffer buf;
      for (;;) {
        auto [rec, n] = co_await conn->ws.async_read(buf, asio::as_tuple(asio::use_awaitable));
        if (rec) break;
        buf.consume(n);  // boards only listen; client messages are ignored
      }
    };
    auto writer = [&]() -> asio::awaitable<void> {
      for (;;) {
        if (conn->queue.empty()) {
          co_await conn->wake.async_wait(asio::as_tuple(asio::use_awaitable));
          if (stopping || conn->closed) break;
          continue;
        }
        std::string msg = std::move(conn->queue.front());
        conn->queue.pop_front();
        conn->ws.text(true);
        auto [wec, n] =
            co_await conn->ws.async_write(asio::buffer(msg), asio::as_tuple(asio::use_awaitable));
        if (wec) break;
      }
    };
    co_await (reader() || writer());
    conn->closed = true;
    {
      std::lock_guard lock(conns_mu);
      topics[topic].erase(conn);
    }
    if (conn->ws.is_open())
      co_await conn->ws.async_close(websocket::close_code::going_away,
                                    asio::as_tuple(asio::use_awaitable));
  }

  // The archive budget of a request on `route`: the multiple of what the route lets be uploaded,
  // under the absolute ceiling. Upload routes get the message naming both settings; the rest
  // (which take no archives) only the numbers, so an ordinary request formats nothing.
  ZipLimits zip_limits(const Route* route) const {
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

  std::size_t route_body_limit(const bhttp::request<bhttp::string_body>& in) const {
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
  asio::awaitable<void> session(std::shared_ptr<Conn> conn) {
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
  std::optional<Error> check_header(const bhttp::request_parser<bhttp::string_body>& parser,
                                    std::size_t& limit) const {
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

  asio::awaitable<void> serve(std::shared_ptr<Conn> conn) {
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
          err = {
              ErrorKind::kTooLarge, "请求体过大：上限 " + std::to_string(limit) + " 字节", {}, {}};
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
        auto refusal = authorise(req, *route);
        Result<std::string> topic =
            refusal ? Result<std::string>(fail(Error::forbidden(""))) : route->websocket(req);
        if (refusal || !topic) {
          auto res = to_beast(refusal ? std::move(*refusal) : Response::error(topic.error()), req,
                              in.version(), false);
          conn->expires_after(config.read_timeout);
          co_await bhttp::async_write(conn->socket, res, asio::as_tuple(asio::use_awaitable));
          break;
        }
        record(route->pattern, 101, 0);
        {
          std::lock_guard lock(conns_mu);
          conns.erase(conn);
        }
        // The descriptor moves to a socket on a strand of its own: a WebSocket reads and writes
        // at once.
        auto strand = asio::make_strand(ioc);
        beast::error_code hec;
        const auto protocol = conn->socket.local_endpoint(hec).protocol();
        tcp::socket::native_handle_type fd;
        {
          std::lock_guard lock(conn->close_mu);
          fd = hec ? -1 : conn->socket.release(hec);
          conn->closed = true;
        }
        if (hec || fd < 0) co_return;
        tcp::socket ws_socket(strand);
        ws_socket.assign(protocol, fd, hec);
        if (hec) {
          ::close(fd);
          co_return;
        }
        asio::co_spawn(strand,
                       ws_session(beast::tcp_stream(std::move(ws_socket)), std::move(in), *topic),
                       [](std::exception_ptr e) {
                         if (e) spdlog::error("websocket dropped: unhandled exception");
                       });
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
  asio::awaitable<void> reap() {
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

  asio::awaitable<void> accept_loop() {
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

  void begin_stop() {
    if (stopping.exchange(true)) return;
    asio::post(acceptor.get_executor(), [this] {
      beast::error_code ec;
      acceptor.close(ec);
    });
    {
      std::lock_guard lock(conns_mu);
      // An idle connection stops reading; a busy one answers, then sees `stopping` and closes.
      // A connection that turns busy meanwhile still answers: only its reading side is shut.
      for (const auto& c : conns)
        if (!c->busy) c->shutdown(tcp::socket::shutdown_receive);
      for (auto& [topic, set] : topics)
        for (const auto& w : set)
          asio::post(w->ws.get_executor(), [w] {
            w->closed = true;
            w->wake.cancel();
            beast::error_code ignored;
            beast::get_lowest_layer(w->ws).socket().cancel(ignored);
          });
    }
    // Not under conns_mu: co_spawn may run drain() inline on this thread.
    asio::co_spawn(ioc, drain(), asio::detached);
  }

  // Waits (bounded) for in-flight requests to finish, then ends the event loop.
  asio::awaitable<void> drain() {
    asio::steady_timer timer(ioc);
    for (int i = 0; i < 600; ++i) {
      {
        std::lock_guard lock(conns_mu);
        if (conns.empty()) break;
      }
      timer.expires_after(std::chrono::milliseconds(20));
      co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    if (signals) signals->cancel();
    ioc.stop();  // the reaper's wait ends with the loop
  }

  std::optional<asio::signal_set> signals;
};

Server::Server(ServerConfig config, const Router& router, Auth* auth,
               std::function<std::string()> extra_metrics)
    : impl_(std::make_unique<Impl>(std::move(config), router, auth, std::move(extra_metrics))) {}

Server::~Server() { stop(); }

namespace {

// Yields its bytes, then end of stream: parse_request reads through Beast's own read loop, as a
// connection does. A hand-written put() loop once re-offered bytes the parser had already
// scanned and tripped Beast's chunk-header assertion (http_request_fuzz).
class BytesStream {
 public:
  explicit BytesStream(std::string_view bytes) : bytes_(bytes) {}
  template <class Buffers>
  std::size_t read_some(const Buffers& buffers, beast::error_code& ec) {
    if (bytes_.empty()) {
      ec = asio::error::eof;
      return 0;
    }
    ec = {};
    const std::size_t n = asio::buffer_copy(buffers, asio::buffer(bytes_.data(), bytes_.size()));
    bytes_.remove_prefix(n);
    return n;
  }
  template <class Buffers>
  std::size_t read_some(const Buffers& buffers) {
    beast::error_code ec;
    auto n = read_some(buffers, ec);
    if (ec) throw beast::system_error(ec);
    return n;
  }

 private:
  std::string_view bytes_;
};

}  // namespace

Result<Request> Server::parse_request(std::string_view bytes, std::size_t body_limit) {
  bhttp::request_parser<bhttp::string_body> parser;
  limit_parser(parser, body_limit);
  BytesStream stream(bytes);
  beast::flat_buffer buffer;
  beast::error_code ec;
  bhttp::read(stream, buffer, parser, ec);
  if (ec == bhttp::error::body_limit)
    return fail(Error{
        ErrorKind::kTooLarge, "请求体过大：上限 " + std::to_string(body_limit) + " 字节", {}, {}});
  if (ec == bhttp::error::header_limit)
    return fail(Error{ErrorKind::kTooLarge, "请求头过大", {}, {}});
  if (ec) return fail(Error::invalid("请求格式错误：" + ec.message()));
  return Impl::to_request(parser.get(), {}, ServerConfig{});
}

Result<std::uint16_t> Server::start() {
  for (auto& proxy : impl_->config.trusted_proxies) {
    auto canonical = canonical_address(proxy);
    if (!canonical)
      return fail(
          Error::invalid("http.trusted_proxies 中不是 IP 地址：" + proxy, "http.trusted_proxies"));
    proxy = *canonical;
  }
  auto& a = impl_->acceptor;
  beast::error_code ec;
  auto addr = asio::ip::make_address(impl_->config.address, ec);
  if (ec) return fail(Error::invalid("无效的监听地址：" + impl_->config.address, "listen"));
  tcp::endpoint ep{addr, impl_->config.port};
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return fail(Error{ErrorKind::kUnavailable,
                      "无法监听 " + impl_->config.address + ":" +
                          std::to_string(impl_->config.port) + "：" + ec.message(),
                      "listen",
                      {}});
  asio::co_spawn(impl_->ioc, impl_->accept_loop(), asio::detached);
  asio::co_spawn(impl_->ioc, impl_->reap(), asio::detached);
  return a.local_endpoint().port();
}

void Server::run(bool handle_signals) {
  if (handle_signals) {
    impl_->signals.emplace(impl_->ioc, SIGINT, SIGTERM);
    impl_->signals->async_wait([this](beast::error_code ec, int sig) {
      if (ec) return;
      spdlog::info("signal {}: finishing in-flight requests, then exiting", sig);
      impl_->begin_stop();
    });
  }
  auto work = asio::make_work_guard(impl_->ioc);
  std::vector<std::thread> extra;
  for (int i = 1; i < impl_->config.threads; ++i) extra.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : extra) t.join();
}

void Server::run_in_background() {
  for (int i = 0; i < std::max(1, impl_->config.threads); ++i)
    impl_->threads.emplace_back([this] {
      auto work = asio::make_work_guard(impl_->ioc);
      impl_->ioc.run();
    });
}

void Server::stop() {
  if (!impl_) return;
  impl_->begin_stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
}

std::vector<std::string> Server::topics(std::string_view prefix) const {
  std::vector<std::string> out;
  if (!impl_) return out;
  std::lock_guard lock(impl_->conns_mu);
  for (const auto& [topic, set] : impl_->topics)
    if (!set.empty() && topic.starts_with(prefix)) out.push_back(topic);
  return out;
}

void Server::publish(const std::string& topic, const std::string& message) {
  std::lock_guard lock(impl_->conns_mu);
  auto it = impl_->topics.find(topic);
  if (it == impl_->topics.end()) return;
  for (const auto& w : it->second) {
    asio::post(w->ws.get_executor(), [w, message] {
      if (w->queue.size() > 256) w->queue.pop_front();  // a slow client loses old frames only
      w->queue.push_back(message);
      w->wake.cancel();
    });
  }
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

// WebSockets: the upgrade of a connection to a subscriber of one topic on a strand of its own,
// its session (a reader that ignores the client and a writer of queued messages), and publishing
// to a topic's subscribers.
#include <unistd.h>

#include <spdlog/spdlog.h>
#include <boost/asio/experimental/awaitable_operators.hpp>

#include "core/http_server_impl.hpp"

namespace zt::http {

using namespace asio::experimental::awaitable_operators;

// A WebSocket route's upgrade: refused (the answer written, then the connection closes) or the
// descriptor handed to a WebSocket session subscribed to the route's topic.
asio::awaitable<void> Server::Impl::upgrade_to_websocket(std::shared_ptr<Conn> conn,
                                                         StringRequest in, Request& req,
                                                         const Route& route) {
  auto refusal = authorise(req, route);
  Result<std::string> topic =
      refusal ? Result<std::string>(fail(Error::forbidden(""))) : route.websocket(req);
  if (refusal || !topic) {
    auto res = to_beast(refusal ? std::move(*refusal) : Response::error(topic.error()), req,
                        in.version(), false);
    conn->expires_after(config.read_timeout);
    co_await bhttp::async_write(conn->socket, res, asio::as_tuple(asio::use_awaitable));
    co_return;
  }
  record(route.pattern, 101, 0);
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
  asio::co_spawn(strand, ws_session(beast::tcp_stream(std::move(ws_socket)), std::move(in), *topic),
                 [](std::exception_ptr e) {
                   if (e) spdlog::error("websocket dropped: unhandled exception");
                 });
  co_return;
}

asio::awaitable<void> Server::Impl::ws_session(beast::tcp_stream stream,
                                               bhttp::request<bhttp::string_body> upgrade,
                                               std::string topic) {
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

}  // namespace zt::http

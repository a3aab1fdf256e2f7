// The server's life: binding and listening, running the event loop on its threads (or in the
// background for tests), and the graceful stop — no new connections, idle ones closed, in-flight
// requests answered, then the loop ends.
#include <spdlog/spdlog.h>

#include "core/http_server_impl.hpp"

namespace zt::http {

using detail::canonical_address;

Server::Server(ServerConfig config, const Router& router, Auth* auth,
               std::function<std::string()> extra_metrics)
    : impl_(std::make_unique<Impl>(std::move(config), router, auth, std::move(extra_metrics))) {}

Server::~Server() { stop(); }

void Server::Impl::begin_stop() {
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

asio::awaitable<void> Server::Impl::drain() {
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

}  // namespace zt::http

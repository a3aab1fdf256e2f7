// The server's connection handling without strands: many keep-alive clients at once, a silent
// client let go after the read timeout, a slow handler holding up only its own connection, and a
// graceful stop that answers the request in flight and closes idle connections.
#include "core/http_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include <gtest/gtest.h>

namespace zt {
namespace {

using namespace std::chrono_literals;

// A blocking client socket; every read gives up after `timeout`.
class Client {
 public:
  Client(std::uint16_t port, std::chrono::seconds timeout = 10s) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{static_cast<time_t>(timeout.count()), 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~Client() { ::close(fd_); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return connected_; }
  bool send(std::string_view s) {
    return ::send(fd_, s.data(), s.size(), MSG_NOSIGNAL) == ssize_t(s.size());
  }
  // One response (Content-Length framed); empty when the server closed or the read timed out.
  std::string response() {
    for (;;) {
      auto end = buf_.find("\r\n\r\n");
      if (end != std::string::npos) {
        std::size_t length = 0;
        if (auto at = buf_.find("Content-Length: "); at != std::string::npos && at < end)
          length = std::stoul(buf_.substr(at + 16));
        if (buf_.size() >= end + 4 + length) {
          auto out = buf_.substr(0, end + 4 + length);
          buf_.erase(0, end + 4 + length);
          return out;
        }
      }
      if (!fill()) return {};
    }
  }
  // True when the server closed the connection (rather than the read timing out).
  bool closed_by_server() {
    for (;;) {
      char c[256];
      auto n = ::recv(fd_, c, sizeof c, 0);
      if (n == 0) return true;
      if (n < 0) return false;
    }
  }

 private:
  bool fill() {
    char c[4096];
    auto n = ::recv(fd_, c, sizeof c, 0);
    if (n <= 0) return false;
    buf_.append(c, std::size_t(n));
    return true;
  }
  int fd_ = -1;
  bool connected_ = false;
  std::string buf_;
};

std::string get(std::string_view path) {
  return "GET " + std::string(path) + " HTTP/1.1\r\nHost: test\r\n\r\n";
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.add("GET", "/fast", Permission::kPublic, "test",
                [this](http::Request&) -> Result<http::Response> {
                  served_++;
                  return http::Response::json({{"ok", true}});
                });
    router_.add("GET", "/slow", Permission::kPublic, "test",
                [this](http::Request&) -> Result<http::Response> {
                  slow_started_ = true;
                  std::this_thread::sleep_for(600ms);
                  return http::Response::json({{"slow", true}});
                });
  }
  void start(int threads) {
    http::ServerConfig c;
    c.port = 0;
    c.threads = threads;
    c.read_timeout = 1s;
    c.idle_timeout = 1s;
    server_ = std::make_unique<http::Server>(c, router_, nullptr);
    auto port = server_->start();
    ASSERT_TRUE(port.has_value());
    port_ = *port;
    server_->run_in_background();
  }
  void TearDown() override {
    if (server_) server_->stop();
  }

  http::Router router_;
  std::unique_ptr<http::Server> server_;
  std::uint16_t port_ = 0;
  std::atomic<int> served_{0};
  std::atomic<bool> slow_started_{false};
};

TEST_F(ServerTest, ManyKeepAliveClientsAtOnceAreAllAnswered) {
  start(2);
  constexpr int kClients = 8, kRequests = 300;
  std::vector<std::future<int>> done;
  for (int i = 0; i < kClients; ++i)
    done.push_back(std::async(std::launch::async, [this] {
      Client c(port_);
      int ok = 0;
      for (int r = 0; r < kRequests; ++r)
        if (c.send(get("/fast")) && c.response().starts_with("HTTP/1.1 200")) ok++;
      return ok;
    }));
  for (auto& d : done) EXPECT_EQ(d.get(), kRequests);
  EXPECT_EQ(served_, kClients * kRequests);
}

TEST_F(ServerTest, SilentClientIsLetGoAfterTheReadTimeout) {
  start(2);
  Client c(port_);
  ASSERT_TRUE(c.connected());
  ASSERT_TRUE(c.send("GET /fast HTTP/1.1\r\nHost: te"));  // and then nothing
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.closed_by_server());
  // The reaper looks once a second: closed after the 1 s timeout, well before the client's 10 s.
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
  // The server still serves others.
  Client d(port_);
  ASSERT_TRUE(d.send(get("/fast")));
  EXPECT_TRUE(d.response().starts_with("HTTP/1.1 200"));
}

TEST_F(ServerTest, SlowHandlerHoldsUpOnlyItsOwnConnection) {
  start(2);
  Client slow(port_), fast(port_);
  ASSERT_TRUE(slow.send(get("/slow")));
  while (!slow_started_) std::this_thread::sleep_for(1ms);
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(fast.send(get("/fast")));
  EXPECT_TRUE(fast.response().starts_with("HTTP/1.1 200"));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 400ms);  // the slow one takes 600 ms
  EXPECT_NE(slow.response().find("\"slow\":true"), std::string::npos);
}

TEST_F(ServerTest, StopAnswersTheRequestInFlightAndClosesIdleConnections) {
  start(2);
  Client idle(port_), busy(port_);
  ASSERT_TRUE(idle.send(get("/fast")));
  ASSERT_TRUE(idle.response().starts_with("HTTP/1.1 200"));  // now idle, kept alive
  ASSERT_TRUE(busy.send(get("/slow")));
  while (!slow_started_) std::this_thread::sleep_for(1ms);
  auto stopped = std::async(std::launch::async, [this] { server_->stop(); });
  auto answer = busy.response();
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 200"));
  EXPECT_NE(answer.find("Connection: close"), std::string::npos);
  EXPECT_TRUE(idle.closed_by_server());
  EXPECT_EQ(stopped.wait_for(5s), std::future_status::ready);
}

TEST(Router, FirstRegisteredMatchWinsAcrossPathGroups) {
  auto ok = [](http::Request&) -> Result<http::Response> { return http::Response::json({}); };
  http::Router r;
  r.add("GET", "/api/{module}/x/y", Permission::kPublic, "general, first", ok);  // no group
  r.add("GET", "/api/v1/transit/y", Permission::kPublic, "grouped", ok);
  r.add("GET", "/api/v1/transit/{id}", Permission::kPublic, "grouped, variable", ok);
  r.add("POST", "/healthz", Permission::kPublic, "short path", ok);
  std::map<std::string, std::string> params;
  bool mismatch = false;
  const auto* m = r.match("GET", "/api/v1/x/y", params, mismatch);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->summary, "general, first");
  EXPECT_EQ(params.at("module"), "v1");
  m = r.match("GET", "/api/v1/transit/y", params, mismatch);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->summary, "grouped");
  m = r.match("GET", "/api/v1/transit/7", params, mismatch);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(params.at("id"), "7");
  EXPECT_EQ(r.match("GET", "/healthz", params, mismatch), nullptr);
  EXPECT_TRUE(mismatch);  // 405, not 404
  EXPECT_EQ(r.match("GET", "/api/v1/transit/7/more", params, mismatch), nullptr);
  EXPECT_FALSE(mismatch);
}

}  // namespace
}  // namespace zt

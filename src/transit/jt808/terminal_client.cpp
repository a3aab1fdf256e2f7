#include "transit/jt808/terminal_client.hpp"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace zt::transit::jt808 {
namespace {

Error unavailable(std::string what) {
  return Error{ErrorKind::kUnavailable, std::move(what), {}, {}};
}

}  // namespace

TerminalClient::TerminalClient(TerminalOptions options) : options_(std::move(options)) {}

TerminalClient::~TerminalClient() {
  if (fd_ >= 0) ::close(fd_);
}

Status TerminalClient::connect() {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const auto port = std::to_string(options_.port);
  if (int rc = getaddrinfo(options_.host.c_str(), port.c_str(), &hints, &found); rc != 0)
    return fail(unavailable(fmt::format("无法解析 {}：{}", options_.host, gai_strerror(rc))));
  for (auto* a = found; a; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) {
      fd_ = fd;
      break;
    }
    ::close(fd);
  }
  freeaddrinfo(found);
  if (fd_ < 0)
    return fail(unavailable(fmt::format("无法连接 JT/T 808 网关 {}:{}：{}", options_.host, port,
                                        std::strerror(errno))));
  return {};
}

Status TerminalClient::send_raw(std::string_view bytes) {
  while (!bytes.empty()) {
    auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail(unavailable(fmt::format("发送失败：{}", std::strerror(errno))));
    bytes.remove_prefix(std::size_t(n));
  }
  return {};
}

Result<std::uint16_t> TerminalClient::send(std::uint16_t id, std::string_view body) {
  Header h;
  h.id = id;
  h.v2019 = options_.v2019;
  h.protocol_version = options_.v2019 ? 1 : 0;
  h.phone = options_.phone;
  h.serial = serial_++;
  auto frame = encode_frame(h, body);
  if (!frame) return fail(Error::invalid(frame.error().detail));
  if (auto st = send_raw(*frame); !st) return fail(st.error());
  return h.serial;
}

Result<Packet> TerminalClient::receive(std::chrono::milliseconds wait) {
  const auto until = std::chrono::steady_clock::now() + wait;
  for (;;) {
    while (!frames_.empty()) {
      auto frame = std::move(frames_.front());
      frames_.erase(frames_.begin());
      auto p = decode_frame(frame);
      if (p) return *p;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() < 0) return fail(unavailable("等待平台应答超时"));
    pollfd pfd{fd_, POLLIN, 0};
    int rc = ::poll(&pfd, 1, int(left.count()));
    if (rc < 0 && errno == EINTR) continue;
    if (rc <= 0) return fail(unavailable("等待平台应答超时"));
    char buf[4096];
    auto n = ::recv(fd_, buf, sizeof buf, 0);
    if (n == 0) return fail(unavailable("平台关闭了连接"));
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(unavailable(fmt::format("接收失败：{}", std::strerror(errno))));
    }
    for (auto& f : framer_.push(std::string_view(buf, std::size_t(n))))
      frames_.push_back(std::move(f));
  }
}

Result<ReplyResult> TerminalClient::await_reply(std::uint16_t serial, std::uint16_t id) {
  const auto until = std::chrono::steady_clock::now() + options_.timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    auto p = receive(std::max(left, std::chrono::milliseconds(0)));
    if (!p) return fail(p.error());
    if (p->header.id == msg::kText) {
      auto t = parse_text(p->body, p->header.v2019);
      auto r = send(msg::kTerminalReply,
                    encode_general_reply({p->header.serial, msg::kText,
                                          t ? ReplyResult::kOk : ReplyResult::kBadMessage}));
      if (!r) return fail(r.error());
      if (t) texts_.push_back(*t);
      continue;
    }
    if (p->header.id != msg::kPlatformReply) continue;
    auto g = parse_general_reply(p->body);
    if (g && g->serial == serial && g->id == id) return g->result;
  }
}

Status TerminalClient::register_and_authenticate() {
  Registration g;
  g.province = 41;
  g.city = 1300;
  g.maker = "ZTSIM";
  g.model = "ZT-BUS";
  g.terminal_id = options_.phone.substr(options_.phone.size() > 7 ? options_.phone.size() - 7 : 0);
  g.plate_color = 1;
  g.plate = options_.plate;
  auto serial = send(msg::kRegister, encode_registration(g, options_.v2019));
  if (!serial) return fail(serial.error());
  const auto until = std::chrono::steady_clock::now() + options_.timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    auto p = receive(std::max(left, std::chrono::milliseconds(0)));
    if (!p) return fail(p.error());
    if (p->header.id != msg::kRegisterReply) continue;
    auto r = parse_register_reply(p->body);
    if (!r || r->serial != *serial) continue;
    if (r->result != RegisterResult::kOk)
      return fail(Error::forbidden(
          fmt::format("终端注册被拒绝（结果 {}）：{}", int(r->result), options_.plate)));
    code_ = r->auth_code;
    break;
  }
  auto result = authenticate(code_);
  if (!result) return fail(result.error());
  if (*result != ReplyResult::kOk) return fail(Error::forbidden("终端鉴权被拒绝"));
  return {};
}

Result<ReplyResult> TerminalClient::authenticate(const std::string& code) {
  Authentication a{code, "860000000000000", "ZT-SIM-1.0"};
  auto serial = send(msg::kAuthenticate, encode_authentication(a, options_.v2019));
  if (!serial) return fail(serial.error());
  return await_reply(*serial, msg::kAuthenticate);
}

Result<ReplyResult> TerminalClient::send_location(const Location& l) {
  auto serial = send(msg::kLocation, encode_location(l));
  if (!serial) return fail(serial.error());
  return await_reply(*serial, msg::kLocation);
}

Result<ReplyResult> TerminalClient::send_batch(const std::vector<Location>& items) {
  auto serial = send(msg::kBatchLocation, encode_location_batch(items, 0));
  if (!serial) return fail(serial.error());
  return await_reply(*serial, msg::kBatchLocation);
}

Result<ReplyResult> TerminalClient::heartbeat() {
  auto serial = send(msg::kHeartbeat, "");
  if (!serial) return fail(serial.error());
  return await_reply(*serial, msg::kHeartbeat);
}

Result<std::vector<TextMessage>> TerminalClient::poll(std::chrono::milliseconds wait,
                                                      ReplyResult answer) {
  std::vector<TextMessage> out = std::move(texts_);
  texts_.clear();
  const auto until = std::chrono::steady_clock::now() + wait;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    auto p = receive(left);
    if (!p) {
      if (p.error().message == "等待平台应答超时") break;
      return fail(p.error());
    }
    if (p->header.id != msg::kText) continue;
    auto t = parse_text(p->body, p->header.v2019);
    auto r =
        send(msg::kTerminalReply, encode_general_reply({p->header.serial, msg::kText,
                                                        t ? answer : ReplyResult::kBadMessage}));
    if (!r) return fail(r.error());
    if (t) out.push_back(*t);
  }
  return out;
}

bool TerminalClient::closed_by_peer(std::chrono::milliseconds wait) {
  const auto until = std::chrono::steady_clock::now() + wait;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd pfd{fd_, POLLIN, 0};
    int rc = ::poll(&pfd, 1, int(left.count()));
    if (rc <= 0) {
      if (rc < 0 && errno == EINTR) continue;
      return false;
    }
    char buf[4096];
    auto n = ::recv(fd_, buf, sizeof buf, 0);
    if (n == 0) return true;
    if (n < 0) return errno != EINTR && errno != EAGAIN;
  }
}

}  // namespace zt::transit::jt808

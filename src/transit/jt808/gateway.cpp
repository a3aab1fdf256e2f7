#include "transit/jt808/gateway.hpp"

#include <array>
#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "transit/jt808/store_queue.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio.hpp>

#include "core/digest.hpp"
#include "transit/jt808/codec.hpp"
#include "transit/jt808/messages.hpp"
#include "transit/positions.hpp"

namespace zt::transit::jt808 {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Steady = std::chrono::steady_clock;

namespace {

// One terminal's connection. Only the gateway's one thread touches it, so it needs no lock; the
// reader and writer coroutines share it through the Impl.
struct Session {
  explicit Session(tcp::socket s) : socket(std::move(s)), wake(socket.get_executor()) {}
  tcp::socket socket;
  asio::steady_timer wake;  // the writer sleeps on it; cancelled when a frame is queued
  std::deque<std::string> out;
  Framer framer;
  Reassembler reassembler;
  Steady::time_point deadline;
  bool done = false;         // reading ended: the writer flushes, then closes
  bool close_after = false;  // answer what was asked, then close (failed auth, logout)
  bool authenticated = false;
  Header form;        // the terminal's header form (version, phone digits) for what goes down
  std::string phone;  // phone_key()
  std::string plate;  // once authenticated
  std::size_t bad_in_row = 0;
  Steady::time_point touched{};
  std::weak_ptr<Session> self;
};

struct Pending {
  std::int64_t id = 0;
  Steady::time_point since;
};

struct Queued {
  std::int64_t id = 0;
  std::string vehicle, text;
  Steady::time_point since;
};

}  // namespace

struct Gateway::Impl {
  Store& store;
  const Clock& clock;
  Positions& positions;
  GatewayOptions options;
  Publish publish;

  asio::io_context ioc{1};
  tcp::acceptor acceptor{ioc};
  asio::steady_timer ticker{ioc};
  std::thread thread;
  std::atomic<bool> running{false};

  // Gateway thread only.
  std::set<std::shared_ptr<Session>> sessions;
  std::map<std::pair<std::string, std::uint16_t>, Pending> pending;  // (phone, serial) → message
  std::deque<Queued> queued;
  // Platform serials, one sequence for every terminal: a terminal that reconnects cannot answer a
  // new message with the serial of one its old link left unanswered.
  std::uint16_t next_serial = 0;
  // Read by online() from other threads.
  mutable std::mutex online_mu;
  std::map<std::string, std::weak_ptr<Session>> by_vehicle;

  std::atomic<std::uint64_t> frames_ok{0}, refused_connections{0}, auth_failures{0}, locations{0},
      junk{0}, connections{0};
  std::array<std::atomic<std::uint64_t>, kFaultKinds> malformed{};
  std::atomic<std::uint64_t> store_busy{0};  // terminals' messages refused: the writer is behind
  // Every store call of the loop's handlers runs here, in order; results that a reply needs come
  // back to the loop by asio::post.
  StoreQueue writes;

  Impl(Store& s, const Clock& c, Positions& p, GatewayOptions o)
      : store(s), clock(c), positions(p), options(std::move(o)), writes(options.store_queue) {}

  // Runs `job` on the writer; false (counted) when its queue is full.
  bool write(std::function<void()> job) {
    if (writes.post(std::move(job))) return true;
    store_busy++;
    return false;
  }
  // A status change: never dropped.
  void write_status(std::function<Result<DispatchMessage>()> change) {
    writes.post([this, change = std::move(change)] { moved(change()); }, true);
  }

  asio::awaitable<void> accept_loop();
  asio::awaitable<void> reader(std::shared_ptr<Session> s);
  asio::awaitable<void> writer(std::shared_ptr<Session> s);
  asio::awaitable<void> tick();

  void count(const DecodeError& e, Session* s) {
    malformed[std::size_t(e.fault) % kFaultKinds]++;
    spdlog::debug("JT/T 808 帧丢弃（{}）：{}", fault_code(e.fault), e.detail);
    if (s && ++s->bad_in_row >= options.max_bad_frames) s->done = true;
  }
  void send(Session& s, std::uint16_t id, std::string_view body, std::uint16_t serial);
  void reply(Session& s, const Header& to, ReplyResult result) {
    send(s, msg::kPlatformReply, encode_general_reply({to.serial, to.id, result}), next_serial++);
  }
  void handle(Session& s, std::string_view frame);
  void handle_packet(Session& s, const Packet& p);
  void on_register(Session& s, const Packet& p);
  void on_authenticate(Session& s, const Packet& p);
  void authenticated(Session& s, const Header& h, const std::string& phone, const Terminal& t);
  void on_locations(Session& s, const Packet& p);
  void on_reply(Session& s, const Packet& p);
  void forget(const std::shared_ptr<Session>& s);
  // Sends a queued message if its vehicle is online; false when it is not.
  bool try_send(const Queued& q);
  void moved(const Result<DispatchMessage>& m);
};

void Gateway::Impl::send(Session& s, std::uint16_t id, std::string_view body,
                         std::uint16_t serial) {
  auto frame = encode_frame(reply_header(s.form, id, serial), body);
  if (!frame) {
    spdlog::warn("JT/T 808 应答无法编码：{}", frame.error().detail);
    return;
  }
  if (s.out.size() >= options.max_write_queue) {  // a terminal that does not read is let go
    s.done = true;
    return;
  }
  s.out.push_back(std::move(*frame));
  s.wake.cancel();
}

void Gateway::Impl::moved(const Result<DispatchMessage>& m) {
  if (!m) {
    spdlog::warn("调度消息状态写入失败：{}", m.error().message);
    return;
  }
  if (publish)
    publish(std::string(kMessagesTopic),
            nlohmann::json{{"type", "dispatch_message"}, {"message", m->to_json()}}.dump());
}

void Gateway::Impl::handle(Session& s, std::string_view frame) {
  auto p = decode_frame(frame);
  if (!p) return count(p.error(), &s);
  auto whole = s.reassembler.add(std::move(*p));
  if (!whole) return count(whole.error(), &s);
  if (!*whole) return;  // more packages to come
  s.bad_in_row = 0;
  frames_ok++;
  if (s.form.phone.empty()) s.form = (*whole)->header;
  // One connection, one terminal: a frame with another number is not this terminal's.
  if (phone_key((*whole)->header.phone) != phone_key(s.form.phone))
    return count({Fault::kBody, "同一连接上出现另一个终端手机号"}, &s);
  s.form.v2019 = (*whole)->header.v2019;
  s.form.protocol_version = (*whole)->header.protocol_version;
  s.form.phone = (*whole)->header.phone;
  handle_packet(s, **whole);
}

void Gateway::Impl::handle_packet(Session& s, const Packet& p) {
  const auto& h = p.header;
  if (h.id == msg::kRegister) return on_register(s, p);
  if (h.id == msg::kAuthenticate) return on_authenticate(s, p);
  if (!s.authenticated) {
    // The standard: nothing but registration and authentication before authentication.
    auth_failures++;
    reply(s, h, ReplyResult::kFailed);
    s.close_after = true;
    return;
  }
  s.deadline = Steady::now() + options.idle_timeout;
  if (Steady::now() - s.touched > std::chrono::seconds(60)) {
    s.touched = Steady::now();
    write([this, phone = s.phone, at = clock.now()] {
      if (auto st = touch_terminal(store, phone, at); !st)
        spdlog::warn("终端最后在线时间写入失败：{}", st.error().message);
    });
  }
  switch (h.id) {
    case msg::kHeartbeat:
      return reply(s, h, ReplyResult::kOk);
    case msg::kLocation:
    case msg::kBatchLocation:
      return on_locations(s, p);
    case msg::kTerminalReply:
      return on_reply(s, p);
    case msg::kLogout:
      reply(s, h, ReplyResult::kOk);
      s.close_after = true;
      return;
    default:
      malformed[std::size_t(Fault::kUnsupported)]++;
      return reply(s, h, ReplyResult::kUnsupported);
  }
}

void Gateway::Impl::on_register(Session& s, const Packet& p) {
  auto r = parse_registration(p.body, p.header.v2019);
  if (!r) {
    count(r.error(), &s);
    return reply(s, p.header, ReplyResult::kBadMessage);
  }
  // The register's lookup and the terminal's row on the writer; the answer back on the loop.
  auto self = s.self.lock();
  const Header h = p.header;
  auto job = [this, self, h, r = std::move(*r)]() mutable {
    auto known = plate_registered(store, r.plate);
    std::optional<RegisterResult> refused;
    Result<std::string> code = std::string();
    if (!known) {
      spdlog::warn("终端注册查询车辆档案失败：{}", known.error().message);
      code = fail(known.error());
    } else if (!*known && !options.open_registration) {
      refused = RegisterResult::kNoVehicle;
    } else {
      Terminal t;
      t.phone = phone_key(h.phone);
      t.plate = r.plate;
      t.terminal_id = r.terminal_id;
      t.maker = r.maker;
      t.model = r.model;
      t.protocol = h.v2019 ? 2019 : 2013;
      code = register_terminal(store, std::move(t), clock.now());
      if (!code) spdlog::warn("终端注册写入失败：{}", code.error().message);
    }
    asio::post(ioc, [this, self, h, refused, code = std::move(code)] {
      if (self->done) return;
      if (!code) return reply(*self, h, ReplyResult::kFailed);
      if (refused) {
        auth_failures++;
        send(*self, msg::kRegisterReply, encode_register_reply(h.serial, *refused, ""),
             next_serial++);
        self->close_after = true;
        self->wake.cancel();
        return;
      }
      send(*self, msg::kRegisterReply, encode_register_reply(h.serial, RegisterResult::kOk, *code),
           next_serial++);
    });
  };
  if (!write(std::move(job))) reply(s, p.header, ReplyResult::kFailed);
}

void Gateway::Impl::on_authenticate(Session& s, const Packet& p) {
  auto a = parse_authentication(p.body, p.header.v2019);
  const auto phone = phone_key(p.header.phone);
  auto refuse = [this](Session& to, const Header& h) {
    auth_failures++;
    reply(to, h, ReplyResult::kFailed);
    to.close_after = true;
    to.wake.cancel();
  };
  if (!a) {
    count(a.error(), nullptr);
    return refuse(s, p.header);
  }
  // The terminal's row is read on the writer (behind its own registration's write).
  auto self = s.self.lock();
  const Header h = p.header;
  auto job = [this, self, h, phone, refuse, code = a->code] {
    auto found = find_terminal(store, phone);
    if (!found) spdlog::warn("终端鉴权查询失败：{}", found.error().message);
    const bool ok = found && *found && sha256_hex(code) == (*found)->auth_digest;
    if (ok)
      if (auto st = touch_terminal(store, phone, clock.now()); !st)
        spdlog::warn("终端最后在线时间写入失败：{}", st.error().message);
    std::optional<Terminal> t;
    if (ok) t = std::move(**found);
    asio::post(ioc, [this, self, h, phone, failed = !found, t = std::move(t), refuse] {
      if (self->done) return;
      if (failed) return reply(*self, h, ReplyResult::kFailed);
      if (!t) return refuse(*self, h);
      authenticated(*self, h, phone, *t);
    });
  };
  if (!write(std::move(job))) reply(s, p.header, ReplyResult::kFailed);
}

void Gateway::Impl::authenticated(Session& s, const Header& h, const std::string& phone,
                                  const Terminal& t) {
  s.authenticated = true;
  s.phone = phone;
  s.plate = t.plate;
  s.deadline = Steady::now() + options.idle_timeout;
  s.touched = Steady::now();
  std::shared_ptr<Session> older;
  {
    std::lock_guard lock(online_mu);
    auto& slot = by_vehicle[s.plate];
    older = slot.lock();
    slot = s.self;
  }
  if (older && older.get() != &s) {  // the terminal reconnected: the old link is dead
    older->done = true;
    older->close_after = true;
    boost::system::error_code ignored;
    older->socket.close(ignored);
  }
  reply(s, h, ReplyResult::kOk);
  // What waited for this bus goes now, oldest first.
  for (auto it = queued.begin(); it != queued.end();)
    if (it->vehicle == s.plate && try_send(*it))
      it = queued.erase(it);
    else
      ++it;
}

void Gateway::Impl::on_locations(Session& s, const Packet& p) {
  std::vector<Location> fixes;
  if (p.header.id == msg::kLocation) {
    auto l = parse_location(p.body);
    if (!l) {
      count(l.error(), &s);
      return reply(s, p.header, ReplyResult::kBadMessage);
    }
    fixes.push_back(*l);
  } else {
    auto b = parse_location_batch(p.body);
    if (!b) {
      count(b.error(), &s);
      return reply(s, p.header, ReplyResult::kBadMessage);
    }
    for (const auto& e : b->bad) count(e, nullptr);
    fixes = std::move(b->items);
  }
  std::vector<VehicleReport> reports;
  for (const auto& l : fixes) {
    if (!l.located()) continue;  // no satellite fix: the coordinates mean nothing
    VehicleReport r;
    r.vehicle_id = s.plate;
    r.label = s.plate;
    r.lat = l.lat;
    r.lon = l.lon;
    r.speed = l.speed_kmh / 3.6;
    r.bearing = double(l.direction);
    r.timestamp = l.time;
    // A counter at most 10,000 a report, as the JSON form: more is a broken counter.
    if (l.boarded && *l.boarded <= 10000) r.boarded = *l.boarded;
    if (l.alighted && *l.alighted <= 10000) r.alighted = *l.alighted;
    reports.push_back(std::move(r));
  }
  // Ingested on the writer and answered from there: an acknowledged report is a stored one. A
  // writer too far behind: the terminal is told the report failed (it keeps it and sends it
  // again, as terminals do with blind-area data).
  if (reports.empty()) return reply(s, p.header, ReplyResult::kOk);
  auto self = s.self.lock();
  const Header h = p.header;
  auto job = [this, self, h, reports = std::move(reports)]() mutable {
    const auto count_of = reports.size();
    auto r = positions.ingest(std::move(reports), {});
    if (!r) spdlog::warn("JT/T 808 定位写入失败：{}", r.error().message);
    asio::post(ioc, [this, self, h, ok = bool(r), count_of] {
      if (self->done) return;
      if (ok) locations += count_of;
      reply(*self, h, ok ? ReplyResult::kOk : ReplyResult::kFailed);
    });
  };
  if (!write(std::move(job))) reply(s, p.header, ReplyResult::kFailed);
}

void Gateway::Impl::on_reply(Session& s, const Packet& p) {
  auto r = parse_general_reply(p.body);
  if (!r) return count(r.error(), &s);
  if (r->id != msg::kText) return;
  auto it = pending.find({s.phone, r->serial});
  if (it == pending.end()) return;  // late, after it timed out, or not ours
  const auto id = it->second.id;
  pending.erase(it);
  const auto at = clock.now();
  if (r->result == ReplyResult::kOk)
    write_status(
        [this, id, at] { return set_message_status(store, id, MessageStatus::kDelivered, at); });
  else
    write_status([this, id, at, result = int(r->result)] {
      return set_message_status(store, id, MessageStatus::kFailed, at, {}, {},
                                fmt::format("终端应答结果 {}", result));
    });
}

bool Gateway::Impl::try_send(const Queued& q) {
  std::shared_ptr<Session> s;
  {
    std::lock_guard lock(online_mu);
    if (auto it = by_vehicle.find(q.vehicle); it != by_vehicle.end()) s = it->second.lock();
  }
  if (!s || s->done || !s->authenticated) return false;
  auto body = encode_text({kTextDisplay | kTextTts, 1, q.text}, s->form.v2019);
  const auto at = clock.now();
  if (!body) {
    write_status([this, id = q.id, at, detail = body.error().detail] {
      return set_message_status(store, id, MessageStatus::kFailed, at, {}, {}, detail);
    });
    return true;
  }
  const auto serial = next_serial++;
  send(*s, msg::kText, *body, serial);
  pending[{s->phone, serial}] = {q.id, Steady::now()};
  write_status([this, id = q.id, at, serial, phone = s->phone] {
    return set_message_status(store, id, MessageStatus::kSent, at, serial, phone);
  });
  return true;
}

void Gateway::Impl::forget(const std::shared_ptr<Session>& s) {
  if (!sessions.erase(s)) return;
  connections--;
  std::lock_guard lock(online_mu);
  if (auto it = by_vehicle.find(s->plate); it != by_vehicle.end() && it->second.lock() == s)
    by_vehicle.erase(it);
}

asio::awaitable<void> Gateway::Impl::reader(std::shared_ptr<Session> s) {
  std::array<char, 4096> buf;
  while (!s->done && !s->close_after) {
    auto [ec, n] =
        co_await s->socket.async_read_some(asio::buffer(buf), asio::as_tuple(asio::use_awaitable));
    if (ec) break;
    const auto dropped = s->framer.dropped();
    try {
      for (const auto& frame : s->framer.push(std::string_view(buf.data(), n))) {
        handle(*s, frame);
        if (s->done || s->close_after) break;
      }
    } catch (const std::exception& e) {  // a bug costs this connection, never the gateway
      spdlog::error("JT/T 808 连接异常断开：{}", e.what());
      s->done = true;
    }
    if (s->framer.dropped() > dropped) {
      junk += s->framer.dropped() - dropped;
      s->bad_in_row += s->framer.dropped() - dropped;
      if (s->bad_in_row >= options.max_bad_frames) s->done = true;
    }
  }
  s->done = true;
  s->wake.cancel();
}

asio::awaitable<void> Gateway::Impl::writer(std::shared_ptr<Session> s) {
  for (;;) {
    while (!s->out.empty()) {
      auto [ec, n] = co_await asio::async_write(s->socket, asio::buffer(s->out.front()),
                                                asio::as_tuple(asio::use_awaitable));
      if (ec) {
        s->out.clear();
        s->done = true;
        break;
      }
      s->out.pop_front();
    }
    if (s->done || (s->close_after && s->out.empty())) break;
    s->wake.expires_at(Steady::time_point::max());
    co_await s->wake.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  boost::system::error_code ignored;
  s->socket.shutdown(tcp::socket::shutdown_both, ignored);
  s->socket.close(ignored);
  forget(s);
}

asio::awaitable<void> Gateway::Impl::accept_loop() {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
    if (ec) {
      if (!acceptor.is_open() || !running) co_return;
      asio::steady_timer pause(ioc);  // e.g. EMFILE: let a connection close first
      pause.expires_after(std::chrono::milliseconds(50));
      co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
      continue;
    }
    if (sessions.size() >= options.max_connections) {
      refused_connections++;
      boost::system::error_code ignored;
      socket.close(ignored);
      continue;
    }
    auto s = std::make_shared<Session>(std::move(socket));
    s->deadline = Steady::now() + options.auth_timeout;
    s->self = s;
    sessions.insert(s);
    connections++;
    asio::co_spawn(ioc, reader(s), asio::detached);
    asio::co_spawn(ioc, writer(s), asio::detached);
  }
}

// Once a second: silent connections closed, unanswered messages timed out.
asio::awaitable<void> Gateway::Impl::tick() {
  while (running) {
    ticker.expires_after(std::chrono::seconds(1));
    auto [ec] = co_await ticker.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec || !running) co_return;
    const auto now = Steady::now();
    for (const auto& s : sessions)
      if (now > s->deadline) {
        boost::system::error_code ignored;
        s->socket.close(ignored);  // the reader and writer see the error and end
      }
    for (auto it = pending.begin(); it != pending.end();) {
      if (now - it->second.since < options.ack_timeout) {
        ++it;
        continue;
      }
      write_status([this, id = it->second.id, at = clock.now()] {
        return set_message_status(store, id, MessageStatus::kTimedOut, at, {}, {},
                                  "终端未在时限内应答");
      });
      it = pending.erase(it);
    }
    while (!queued.empty() && now - queued.front().since >= options.queue_timeout) {
      write_status([this, id = queued.front().id, at = clock.now()] {
        return set_message_status(store, id, MessageStatus::kTimedOut, at, {}, {},
                                  "车载终端一直不在线");
      });
      queued.pop_front();
    }
  }
}

Gateway::Gateway(Store& store, const Clock& clock, Positions& positions, GatewayOptions options)
    : impl_(std::make_unique<Impl>(store, clock, positions, std::move(options))) {}

Gateway::~Gateway() { stop(); }

bool Gateway::running() const { return impl_->running; }

void Gateway::set_publisher(Publish publish) { impl_->publish = std::move(publish); }

void Gateway::set_address(std::string address, std::uint16_t port) {
  impl_->options.address = std::move(address);
  impl_->options.port = port;
}

Result<std::uint16_t> Gateway::start() {
  auto& m = *impl_;
  if (m.running) return m.acceptor.local_endpoint().port();
  // Whatever an earlier run left open will never be answered.
  auto open = open_messages(m.store);
  if (!open) return fail(open.error());
  for (const auto& msg : *open)
    m.moved(set_message_status(m.store, msg.id, MessageStatus::kTimedOut, m.clock.now(), {}, {},
                               "网关重启，消息未确认"));
  boost::system::error_code ec;
  auto address = asio::ip::make_address(m.options.address, ec);
  if (ec)
    return fail(Error::invalid("jt808.listen 地址无效：" + m.options.address, "jt808.listen"));
  tcp::endpoint ep(address, m.options.port);
  m.acceptor.open(ep.protocol(), ec);
  if (!ec) m.acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) m.acceptor.bind(ep, ec);
  if (!ec) m.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return fail(Error{ErrorKind::kUnavailable,
                      fmt::format("JT/T 808 网关无法监听 {}:{}：{}", m.options.address,
                                  m.options.port, ec.message()),
                      "jt808.listen",
                      {}});
  m.running = true;
  asio::co_spawn(m.ioc, m.accept_loop(), asio::detached);
  asio::co_spawn(m.ioc, m.tick(), asio::detached);
  m.thread = std::thread([&m] {
    for (;;) {
      try {
        m.ioc.run();
        break;
      } catch (const std::exception& e) {  // a handler's bug costs one connection, not the loop
        spdlog::error("JT/T 808 网关事件循环异常：{}", e.what());
      }
    }
  });
  return m.acceptor.local_endpoint().port();
}

void Gateway::stop() {
  auto& m = *impl_;
  if (!m.thread.joinable()) return;
  m.running = false;
  asio::post(m.ioc, [&m] {
    boost::system::error_code ignored;
    m.acceptor.close(ignored);
    m.ticker.cancel();
    for (const auto& s : m.sessions) s->socket.close(ignored);
  });
  // The coroutines end once their sockets, acceptor and timer are closed; the loop runs dry.
  m.thread.join();
  m.writes.stop();  // what the loop queued is written (answers posted back are dropped)
}

Result<DispatchMessage> Gateway::send_text(const std::string& vehicle_id, const std::string& text,
                                           const Actor& who) {
  auto& m = *impl_;
  if (!m.running)
    return fail(Error{ErrorKind::kUnavailable, "JT/T 808 网关未启用（serve --jt808）", {}, {}});
  if (auto body = encode_text({kTextDisplay | kTextTts, 1, text}, true); !body)
    return fail(Error::invalid("消息文本" + body.error().detail, "text"));
  auto t = terminal_of_vehicle(m.store, vehicle_id);
  if (!t) return fail(t.error());
  if (!*t) return fail(Error::conflict("车辆 " + vehicle_id + " 没有注册的车载终端（JT/T 808）"));
  auto queued = queue_message(m.store, vehicle_id, text, m.clock.now(), who);
  if (!queued) return fail(queued.error());
  m.moved(queued);
  Queued q{queued->id, vehicle_id, text, Steady::now()};
  asio::post(m.ioc, [&m, q] {
    if (!m.try_send(q)) m.queued.push_back(q);
  });
  return queued;
}

bool Gateway::online(const std::string& vehicle_id) const {
  std::lock_guard lock(impl_->online_mu);
  auto it = impl_->by_vehicle.find(vehicle_id);
  return it != impl_->by_vehicle.end() && !it->second.expired();
}

std::string Gateway::metrics() const {
  const auto& m = *impl_;
  if (!m.running) return {};
  std::string text = fmt::format(
      "# HELP zt_jt808_connections Open JT/T 808 terminal connections\n"
      "# TYPE zt_jt808_connections gauge\nzt_jt808_connections {}\n"
      "# TYPE zt_jt808_frames_total counter\nzt_jt808_frames_total {}\n"
      "# TYPE zt_jt808_locations_total counter\nzt_jt808_locations_total {}\n"
      "# TYPE zt_jt808_auth_failures_total counter\nzt_jt808_auth_failures_total {}\n"
      "# TYPE zt_jt808_refused_connections_total counter\n"
      "zt_jt808_refused_connections_total {}\n"
      "# HELP zt_jt808_store_busy_total Terminal messages answered with failure: store writes "
      "behind\n"
      "# TYPE zt_jt808_store_busy_total counter\nzt_jt808_store_busy_total {}\n"
      "# HELP zt_jt808_malformed_total JT/T 808 frames dropped, by fault (junk: bytes outside "
      "frames, oversized frames)\n"
      "# TYPE zt_jt808_malformed_total counter\n"
      "zt_jt808_malformed_total{{fault=\"junk\"}} {}\n",
      m.connections.load(), m.frames_ok.load(), m.locations.load(), m.auth_failures.load(),
      m.refused_connections.load(), m.store_busy.load(), m.junk.load());
  for (std::size_t i = 0; i < kFaultKinds; ++i)
    text += fmt::format("zt_jt808_malformed_total{{fault=\"{}\"}} {}\n", fault_code(Fault(i)),
                        m.malformed[i].load());
  return text;
}

}  // namespace zt::transit::jt808

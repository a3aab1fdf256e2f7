// The JT/T 808 gateway (transit/jt808/gateway.*) with real TCP terminals against the whole app:
// a bus in the vehicle register registers, authenticates and reports; the fleet sees it; a
// dispatcher's message goes down as 0x8300 and is delivered when the terminal answers, or times
// out; a wrong auth code disconnects; an unknown plate is refused; garbage is counted, not fatal;
// the routes refuse who may not send and what may not be sent; a stalled store does not stop
// other terminals' replies; an accepted hold reaches the bus's terminal as the driver's text.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "support/test_store.hpp"
#include "transit/dispatch/dispatch_store.hpp"
#include "transit/dispatch/instructions.hpp"
#include "transit/jt808/gateway.hpp"
#include "transit/jt808/terminal_client.hpp"
#include "transit/positions.hpp"

namespace zt {
namespace {

using transit::jt808::Location;
using transit::jt808::ReplyResult;
using transit::jt808::TerminalClient;
using transit::jt808::TerminalOptions;

const std::string kRegister =
    "车牌号,车型,能源类型,车长（米）,地板类型,车载视频监控,客流调查仪,驾驶区防护隔离,投入运营日期,"
    "所属场站\n"
    "豫M·D1001,宇通ZK6105BEVG,纯电动,10.5,低地板,是,是,是,2024-03-01,东区\n"
    "豫M·D1002,宇通ZK6105BEVG,纯电动,10.5,普通,是,否,是,2024-04-01,东区\n";
// 豫M·D1001 percent-encoded, as a browser sends it in a path.
const std::string kPlatePath = "%E8%B1%ABM%C2%B7D1001";

class Jt808GatewayTest : public ::testing::TestWithParam<std::string> {};

Location fix(std::int64_t at, double lat, double lon) {
  Location l;
  l.status = transit::jt808::kStatusAcc | transit::jt808::kStatusLocated;
  l.lat = lat;
  l.lon = lon;
  l.speed_kmh = 36;
  l.direction = 90;
  l.time = at;
  return l;
}

std::int64_t metric(const std::string& text, const std::string& name) {
  auto at = text.find("\n" + name + " ");
  if (at == std::string::npos) return -1;
  return std::stoll(text.substr(at + name.size() + 2));
}

TEST_P(Jt808GatewayTest, TerminalsReportAndMessagesAreDelivered) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  test::TestApp t(db.url(), true, [](Config& c) {
    c.jt808_listen = "127.0.0.1:0";
    c.jt808_ack_timeout = 1;
  });
  auto port = t.app().start_jt808();
  ASSERT_TRUE(port) << port.error().message;
  ASSERT_TRUE(*port);
  test::HttpClient c(t.port());
  auto planner = t.bearer("jt_gh");
  auto dispatcher = t.bearer("gj_dd");
  ASSERT_EQ(
      c.request("POST", "/api/v1/transit/fleet/vehicles/import?name=x.csv", kRegister, planner)
          .status,
      200);
  const auto now = unix_seconds(t.clock().now());

  // A 2019 terminal on a registered bus: register, authenticate, report.
  TerminalClient bus({"127.0.0.1", **port, "13800138000", "豫M·D1001", true});
  ASSERT_TRUE(bus.connect());
  auto joined = bus.register_and_authenticate();
  ASSERT_TRUE(joined) << joined.error().message;
  EXPECT_EQ(bus.auth_code().size(), 24u);
  auto sent = bus.send_location(fix(now - 20, 34.7700, 113.6200));
  ASSERT_TRUE(sent) << sent.error().message;
  EXPECT_EQ(*sent, ReplyResult::kOk);
  auto batch = bus.send_batch({fix(now - 10, 34.7705, 113.6210), fix(now - 5, 34.7710, 113.6220)});
  ASSERT_TRUE(batch);
  EXPECT_EQ(*batch, ReplyResult::kOk);
  auto beat = bus.heartbeat();
  ASSERT_TRUE(beat);
  EXPECT_EQ(*beat, ReplyResult::kOk);

  // The fleet sees the bus by its plate, as it sees JSON AVL and GTFS-RT vehicles.
  auto live = c.request("GET", "/api/v1/transit/vehicles", "", dispatcher);
  ASSERT_EQ(live.status, 200) << live.body;
  bool seen = false;
  const auto fleet = live.json();
  for (const auto& v : fleet["vehicles"])
    if (v["vehicle_id"] == "豫M·D1001") {
      seen = true;
      EXPECT_NEAR(v["lat"].get<double>(), 34.7710, 1e-6);
      EXPECT_NEAR(v["speed"].get<double>(), 10.0, 1e-6);  // 36 km/h
    }
  EXPECT_TRUE(seen) << live.body;

  // A dispatcher's message goes down and comes back acknowledged.
  const std::string path = "/api/v1/transit/vehicles/" + kPlatePath + "/messages";
  EXPECT_EQ(c.request("POST", path, R"({"text":"前方拥堵，请绕行"})", planner).status, 403);
  EXPECT_EQ(c.request("POST", path, R"({"text":""})", dispatcher).status, 400);
  EXPECT_EQ(c.request("POST", path, R"({"words":"x"})", dispatcher).json()["error"]["field"],
            "text");
  EXPECT_EQ(
      c.request("POST", "/api/v1/transit/vehicles/nobus/messages", R"({"text":"x"})", dispatcher)
          .status,
      409);
  auto posted = c.request("POST", path, R"({"text":"前方拥堵，请绕行"})", dispatcher);
  ASSERT_EQ(posted.status, 201) << posted.body;
  const auto id = posted.json()["id"].get<std::int64_t>();
  auto texts = bus.poll(std::chrono::milliseconds(1500));
  ASSERT_TRUE(texts) << texts.error().message;
  ASSERT_EQ(texts->size(), 1u);
  EXPECT_EQ((*texts)[0].text, "前方拥堵，请绕行");
  nlohmann::json mine;
  for (int i = 0; i < 50; ++i) {
    auto list = c.request("GET", path, "", planner);
    ASSERT_EQ(list.status, 200) << list.body;
    mine = list.json();
    if (mine["messages"][0]["status"] == "delivered") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(mine["messages"][0]["id"], id);
  EXPECT_EQ(mine["messages"][0]["status"], "delivered");
  EXPECT_EQ(mine["messages"][0]["status_label"], "已送达");
  EXPECT_EQ(mine["terminal"]["online"], true);
  EXPECT_EQ(mine["terminal"]["protocol"], 2019);

  // Unanswered: timed out after ack_timeout (1 s here).
  ASSERT_EQ(c.request("POST", path, R"({"text":"请回场"})", dispatcher).status, 201);
  std::string status;
  for (int i = 0; i < 60 && status != "timed_out"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    status = c.request("GET", "/api/v1/transit/messages?limit=1", "", dispatcher)
                 .json()["messages"][0]["status"];
  }
  EXPECT_EQ(status, "timed_out");
  auto log = c.request("GET", "/api/v1/transit/messages?limit=10&offset=0", "", dispatcher);
  ASSERT_EQ(log.status, 200);
  EXPECT_EQ(log.json()["total"], 2);
  EXPECT_EQ(c.request("GET", "/api/v1/transit/messages?limit=0", "", dispatcher).status, 400);

  // Every message audited: sent by the dispatcher, then moved on by the system.
  auto audit = c.request(
      "GET", "/api/v1/audit?object_type=transit_dispatch_message&object_id=" + std::to_string(id),
      "", t.bearer("admin"));
  ASSERT_EQ(audit.status, 200) << audit.body;
  std::set<std::string> actions;
  const auto trail = audit.json();  // held: the loop must not range over a temporary
  for (const auto& r : trail["records"]) actions.insert(r["action"].get<std::string>());
  EXPECT_TRUE(actions.contains("transit.message.send")) << audit.body;
  EXPECT_TRUE(actions.contains("transit.message.sent")) << audit.body;
  EXPECT_TRUE(actions.contains("transit.message.delivered")) << audit.body;

  // A 2013 terminal with a wrong code is answered "failed" and disconnected.
  TerminalClient liar({"127.0.0.1", **port, "13800138001", "豫M·D1002", false});
  ASSERT_TRUE(liar.connect());
  auto refused = liar.authenticate("not-the-code");
  ASSERT_TRUE(refused) << refused.error().message;
  EXPECT_EQ(*refused, ReplyResult::kFailed);
  EXPECT_TRUE(liar.closed_by_peer(std::chrono::seconds(3)));

  // A 2013 terminal registering and authenticating properly works too.
  TerminalClient old({"127.0.0.1", **port, "13800138001", "豫M·D1002", false});
  ASSERT_TRUE(old.connect());
  ASSERT_TRUE(old.register_and_authenticate());
  auto old_fix = old.send_location(fix(now - 3, 34.78, 113.63));
  ASSERT_TRUE(old_fix);
  EXPECT_EQ(*old_fix, ReplyResult::kOk);

  // A plate not in the register is refused at registration.
  TerminalClient stranger({"127.0.0.1", **port, "13900000000", "豫M·X9999", true});
  ASSERT_TRUE(stranger.connect());
  EXPECT_FALSE(stranger.register_and_authenticate());

  // Reporting before authenticating: refused and disconnected.
  TerminalClient eager({"127.0.0.1", **port, "13900000001", "豫M·D1002", true});
  ASSERT_TRUE(eager.connect());
  auto early = eager.send_location(fix(now, 34.78, 113.63));
  ASSERT_TRUE(early);
  EXPECT_EQ(*early, ReplyResult::kFailed);
  EXPECT_TRUE(eager.closed_by_peer(std::chrono::seconds(3)));

  // Garbage: counted and dropped; the gateway goes on serving.
  TerminalClient noise({"127.0.0.1", **port, "13900000002", "", true});
  ASSERT_TRUE(noise.connect());
  std::string junk = "GET / HTTP/1.1\r\n\r\n\x7E\x7D\x03\x7E\x7E\x01\x02\x7E";
  junk += "\x7E" + std::string(5000, '\x55') + "\x7E";
  for (int i = 0; i < 256; ++i) junk.push_back(char(i * 37));
  ASSERT_TRUE(noise.send_raw(junk));
  (void)noise.closed_by_peer(std::chrono::milliseconds(200));
  auto still = bus.heartbeat();
  ASSERT_TRUE(still) << still.error().message;
  EXPECT_EQ(*still, ReplyResult::kOk);
  auto metrics = c.request("GET", "/metrics", "", t.bearer("admin"));
  ASSERT_EQ(metrics.status, 200);
  EXPECT_GT(metric(metrics.body, "zt_jt808_malformed_total{fault=\"bad_escape\"}"), 0);
  EXPECT_GT(metric(metrics.body, "zt_jt808_malformed_total{fault=\"junk\"}"), 0);
  EXPECT_GT(metric(metrics.body, "zt_jt808_auth_failures_total"), 0);
  EXPECT_GE(metric(metrics.body, "zt_jt808_locations_total"), 4);
}

// A store whose every statement waits while it is shut: a database that has stalled.
class StallingStore final : public Store {
 public:
  explicit StallingStore(Store& inner) : inner_(inner) {}
  void shut(bool on) {
    {
      std::lock_guard lock(mu_);
      shut_ = on;
    }
    cv_.notify_all();
  }
  int waiting() const { return waiting_; }
  Dialect dialect() const override { return inner_.dialect(); }
  std::string describe() const override { return "stalling " + inner_.describe(); }
  Result<QueryResult> query(std::string_view sql, std::span<const Param> params) override {
    wait();
    return inner_.query(sql, params);
  }
  using Store::query;
  Status transact(const std::function<Status(Tx&)>& fn) override {
    wait();
    return inner_.transact(fn);
  }

 private:
  void wait() {
    std::unique_lock lock(mu_);
    ++waiting_;
    cv_.wait(lock, [this] { return !shut_; });
    --waiting_;
  }
  Store& inner_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool shut_ = false;
  std::atomic<int> waiting_{0};
};

// The event loop never waits for the store: with the database stalled, one terminal's reports
// queue for the writer while another's heartbeats are answered at once; once the queue is full,
// reports are answered with the failure result; when the store comes back all is written.
TEST_P(Jt808GatewayTest, AStalledStoreDoesNotStopOtherTerminals) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  test::TestApp t(db.url(), false);
  StallingStore store(t.app().store());
  transit::Positions positions(store, t.clock());
  transit::jt808::GatewayOptions o;
  o.open_registration = true;
  o.store_queue = 3;
  transit::jt808::Gateway gateway(store, t.clock(), positions, o);
  auto port = gateway.start();
  ASSERT_TRUE(port) << port.error().message;
  TerminalClient a({"127.0.0.1", *port, "13800000001", "豫M·S0001", true});
  TerminalClient b({"127.0.0.1", *port, "13800000002", "豫M·S0002", false});
  ASSERT_TRUE(a.connect());
  ASSERT_TRUE(b.connect());
  ASSERT_TRUE(a.register_and_authenticate());
  ASSERT_TRUE(b.register_and_authenticate());
  // Four more terminals, each with one report in flight while the store stalls.
  std::vector<std::unique_ptr<TerminalClient>> more;
  for (int i = 0; i < 4; ++i) {
    more.push_back(std::make_unique<TerminalClient>(
        TerminalOptions{"127.0.0.1", *port, "1380000001" + std::to_string(i),
                        "豫M·S001" + std::to_string(i), true}));
    ASSERT_TRUE(more.back()->connect());
    ASSERT_TRUE(more.back()->register_and_authenticate());
  }

  store.shut(true);
  const auto now = unix_seconds(t.clock().now());
  // A report is acknowledged once stored: a's waits on the stalled writer.
  std::thread first([&] {
    auto r = a.send_location(fix(now - 5, 34.77, 113.62));
    EXPECT_TRUE(r && *r == ReplyResult::kOk);
  });
  for (int i = 0; i < 100 && store.waiting() == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(store.waiting(), 1);  // (no ASSERT while threads run: they are joined below)
  const auto began = std::chrono::steady_clock::now();
  for (int i = 0; i < 3; ++i) {
    auto beat = b.heartbeat();
    EXPECT_TRUE(beat && *beat == ReplyResult::kOk);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - began, std::chrono::seconds(1));
  // Three reports fill the queue behind it; the fourth is answered failed at once.
  std::atomic<int> ok{0}, failed{0};
  std::vector<std::thread> senders;
  for (auto& c : more)
    senders.emplace_back([&, client = c.get()] {
      auto r = client->send_location(fix(now - 4, 34.77, 113.62));
      if (r && *r == ReplyResult::kOk) ++ok;
      if (r && *r == ReplyResult::kFailed) ++failed;
    });
  for (int i = 0; i < 200 && failed == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(failed, 1);
  EXPECT_EQ(ok, 0);  // nothing acknowledged before it is written
  EXPECT_GT(metric(gateway.metrics(), "zt_jt808_store_busy_total"), 0);

  store.shut(false);
  first.join();
  for (auto& s : senders) s.join();
  EXPECT_EQ(ok, 3);
  gateway.stop();  // joins the writer once it has written what was queued
  EXPECT_EQ(store.waiting(), 0);
}

// The closed loop's command step: a dispatcher accepts a hold for a bus with a terminal and the
// driver's instruction arrives on it as 0x8300; a bus without a terminal gets none, and the
// dispatcher is told why while the decision still stands.
TEST_P(Jt808GatewayTest, AnAcceptedHoldReachesTheDriversTerminal) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  test::TestApp t(db.url(), true, [](Config& c) { c.jt808_listen = "127.0.0.1:0"; });
  auto port = t.app().start_jt808();
  ASSERT_TRUE(port && *port);
  test::HttpClient c(t.port());
  ASSERT_EQ(c.request("POST", "/api/v1/transit/fleet/vehicles/import?name=x.csv", kRegister,
                      t.bearer("jt_gh"))
                .status,
            200);
  TerminalClient bus({"127.0.0.1", **port, "13800138000", "豫M·D1001", true});
  ASSERT_TRUE(bus.connect());
  ASSERT_TRUE(bus.register_and_authenticate());

  auto company = t.app().org().resolve_unit("三门峡市公共交通有限公司");
  ASSERT_TRUE(company && *company);
  const Instant now = t.clock().now();
  std::vector<transit::dispatch::Proposal> advice;
  for (const char* vehicle : {"豫M·D1001", "豫M·D1002"}) {
    transit::dispatch::Proposal p;
    p.key = std::string("hold|") + vehicle;
    p.route_id = "R1";
    p.vehicle_id = vehicle;
    p.stop_name = "市政府";
    p.hold_s = 90;
    advice.push_back(p);
  }
  ASSERT_TRUE(transit::dispatch::sync_advice(t.app().store(), advice, (*company)->value,
                                             unix_seconds(now), now));
  auto list = c.request("GET", "/api/v1/transit/dispatch/advice", "", t.bearer("gj_dd"));
  ASSERT_EQ(list.status, 200) << list.body;
  std::map<std::string, std::string> id_of;
  const auto listed = list.json();  // held: the loop must not range over a temporary
  for (const auto& a : listed["advice"])
    id_of[a["vehicle_id"].get<std::string>()] = std::to_string(a["id"].get<std::int64_t>());
  ASSERT_EQ(id_of.size(), 2u);

  auto accepted =
      c.request("POST", "/api/v1/transit/dispatch/advice/" + id_of["豫M·D1001"] + "/accept", "",
                t.bearer("gj_dd"));
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(accepted.json()["state"], "accepted");
  EXPECT_EQ(accepted.json()["instruction"]["sent"], true) << accepted.body;
  auto texts = bus.poll(std::chrono::milliseconds(1500));
  ASSERT_TRUE(texts) << texts.error().message;
  ASSERT_EQ(texts->size(), 1u);
  EXPECT_EQ((*texts)[0].text, "【调度】请在市政府滞站90秒后发车");
  auto read = transit::dispatch::parse_instruction((*texts)[0].text);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->hold_s, 90);

  // 豫M·D1002 is registered but its terminal has never connected: no text, the reason given.
  auto offline =
      c.request("POST", "/api/v1/transit/dispatch/advice/" + id_of["豫M·D1002"] + "/accept", "",
                t.bearer("gj_dd"));
  ASSERT_EQ(offline.status, 200) << offline.body;
  EXPECT_EQ(offline.json()["state"], "accepted");
  EXPECT_EQ(offline.json()["instruction"]["sent"], false) << offline.body;
  EXPECT_FALSE(offline.json()["instruction"]["reason"].get<std::string>().empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, Jt808GatewayTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt

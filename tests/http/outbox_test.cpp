// The outbox: queued once per key, delivered at least once to a webhook with an HMAC signature,
// retried with backoff, given up after the last attempt; and today's report reminders.
#include "core/outbox.hpp"

#include <mutex>

#include <gtest/gtest.h>

#include "core/http_server.hpp"
#include "supervision/reminders.hpp"
#include "support/app_fixture.hpp"
#include "support/test_store.hpp"

namespace zt {
namespace {

using nlohmann::json;

// A webhook receiver on an ephemeral port that records what it is sent.
class Receiver {
 public:
  explicit Receiver(int status = 200) : status_(status) {
    router_.add("POST", "/hook", Permission::kPublic, "test receiver",
                [this](http::Request& req) -> Result<http::Response> {
                  std::lock_guard lock(mu_);
                  bodies_.push_back(req.body);
                  signatures_.push_back(req.header("x-zhengtong-signature"));
                  return http::Response::json({{"ok", true}}, status_);
                });
    http::ServerConfig c;
    c.address = "127.0.0.1";
    c.port = 0;
    c.threads = 1;
    server_ = std::make_unique<http::Server>(c, router_, nullptr, [] { return std::string(); });
    port_ = *server_->start();
    server_->run_in_background();
  }
  ~Receiver() { server_->stop(); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  std::vector<std::string> bodies() {
    std::lock_guard lock(mu_);
    return bodies_;
  }
  std::vector<std::string> signatures() {
    std::lock_guard lock(mu_);
    return signatures_;
  }

 private:
  int status_;
  http::Router router_;
  std::unique_ptr<http::Server> server_;
  std::uint16_t port_ = 0;
  std::mutex mu_;
  std::vector<std::string> bodies_, signatures_;
};

class OutboxTest : public test::AppFixture<> {
 protected:
  OutboxTest() : AppFixture({.serve = false}) {}
  Result<bool> enqueue(const std::string& key) {
    return app_->store().transact_value<bool>([&](Tx& tx) {
      return Outbox::enqueue(tx, "test", key, json{{"key", key}}.dump(), clock_.now());
    });
  }
};

TEST_P(OutboxTest, QueuesOncePerKeyAndDeliversSigned) {
  ASSERT_TRUE(*enqueue("a"));
  EXPECT_FALSE(*enqueue("a"));
  ASSERT_TRUE(*enqueue("b"));
  Receiver hook;
  WebhookConfig config{hook.url(), "s3cret", std::chrono::seconds(5)};
  auto run =
      app_->outbox().deliver_due([&](const OutboxMessage& m) { return post_webhook(config, m); });
  ASSERT_TRUE(run) << run.error().message;
  EXPECT_EQ(run->delivered, 2);
  auto bodies = hook.bodies();
  ASSERT_EQ(bodies.size(), 2u);
  EXPECT_EQ(json::parse(bodies[0])["payload"]["key"], "a");
  EXPECT_EQ(hook.signatures()[0], "sha256=" + hmac_sha256_hex("s3cret", bodies[0]));
  // Delivered messages are not sent again.
  auto again = app_->outbox().deliver_due([](const OutboxMessage&) -> Status {
    ADD_FAILURE() << "sent twice";
    return {};
  });
  EXPECT_EQ(again->delivered, 0);
  auto pending = app_->outbox().list(10, true);
  EXPECT_TRUE(pending->empty());
}

TEST_P(OutboxTest, RetriesWithBackoffThenGivesUp) {
  ASSERT_TRUE(*enqueue("k"));
  Receiver refusing(503);
  WebhookConfig config{refusing.url(), "", std::chrono::seconds(5)};
  auto send = [&](const OutboxMessage& m) { return post_webhook(config, m); };
  auto first = app_->outbox().deliver_due(send);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->failed, 1);
  auto m = app_->outbox().list(1, true)->at(0);
  EXPECT_EQ(m.attempts, 1);
  EXPECT_NE(m.last_error.find("503"), std::string::npos) << m.last_error;
  EXPECT_EQ(m.next_attempt_at - clock_.now(), std::chrono::seconds(60));
  // Not due again before its time.
  EXPECT_EQ(app_->outbox().deliver_due(send)->failed, 0);
  for (int i = 1; i < Outbox::kMaxAttempts; ++i) {
    clock_.set(clock_.now() + std::chrono::hours(7));
    EXPECT_EQ(app_->outbox().deliver_due(send)->failed, 1);
  }
  m = app_->outbox().list(1, true)->at(0);
  EXPECT_TRUE(m.dead);
  clock_.set(clock_.now() + std::chrono::hours(7));
  EXPECT_EQ(app_->outbox().deliver_due(send)->failed, 0);
  // An unreachable or malformed webhook is an error value, not a crash.
  EXPECT_FALSE(post_webhook({"http://127.0.0.1:1/x", "", std::chrono::seconds(2)}, m));
  EXPECT_FALSE(post_webhook({"ftp://example/x", "", std::chrono::seconds(2)}, m));
}

TEST_P(OutboxTest, RemindsEachUnitOnceADay) {
  const char* notice =
      "三政办〔2024〕9号\n"
      "二、重点工作分工\n"
      "（一）稳定经济运行\n"
      "1. 扩大有效投资。（市发展改革委牵头，市财政局配合）\n"
      "三门峡市人民政府办公室\n"
      "2024年2月28日\n";
  ASSERT_TRUE(load_demo(*app_));
  auto g = supervision::parse_gazette(notice);
  ASSERT_TRUE(g);
  Actor office;
  ASSERT_TRUE(app_->ledger().import(*g, "d", {true, false}, office));
  ASSERT_TRUE(app_->reporting().plan("三政办〔2024〕9号", {}, office));
  auto run = supervision::queue_reminders(app_->store(), app_->reporting(), clock_, 7);
  ASSERT_TRUE(run) << run.error().message;
  EXPECT_EQ(run->units, 2);  // lead and cooperating unit, both due 2024-03-25
  EXPECT_EQ(run->queued, 2);
  auto list = app_->outbox().list(10, true);
  json fgw;
  for (const auto& m : *list) {
    auto p = json::parse(m.payload);
    if (p["unit"] == "三门峡市发展和改革委员会") fgw = p;
  }
  ASSERT_FALSE(fgw.is_null()) << (*list)[0].payload;
  EXPECT_EQ(fgw["items"].size(), 1u);
  EXPECT_EQ(fgw["items"][0]["overdue"], false);
  bool reporter = false;
  for (const auto& r : fgw["recipients"]) reporter |= r["username"] == "fgw_tb";
  EXPECT_TRUE(reporter) << fgw.dump();
  EXPECT_NE(fgw["text"].get<std::string>().find("1项重点工作进展待报送"), std::string::npos);
  // The same day again: nothing new. The next day: a new reminder, now overdue after the 25th.
  EXPECT_EQ(supervision::queue_reminders(app_->store(), app_->reporting(), clock_, 7)->queued, 0);
  clock_.set(shanghai_time(*parse_date("2024-03-26"), 9, 0, 0));
  EXPECT_EQ(supervision::queue_reminders(app_->store(), app_->reporting(), clock_, 7)->queued, 2);
  auto newest = json::parse(app_->outbox().list(1, true)->at(0).payload);
  EXPECT_EQ(newest["items"][0]["overdue"], true);
  EXPECT_NE(newest["text"].get<std::string>().find("已逾期"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, OutboxTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt

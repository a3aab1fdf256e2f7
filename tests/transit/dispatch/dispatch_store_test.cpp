// Stored alarms and advice on both stores (transit/dispatch/alarm_store.cpp, advice_store.cpp):
// one alarm while a condition lasts, cleared and revived, the raise → acknowledge → close
// lifecycle with refusals, advice created once, decided, not advised again at once, expired;
// every change in the audit trail.
#include "transit/dispatch/dispatch_store.hpp"

#include <gtest/gtest.h>

#include "core/audit.hpp"
#include "support/test_store.hpp"
#include "transit/dispatch/dispatch_fixtures.hpp"

namespace zt::transit::dispatch {
namespace {

using test::kNow;

Condition bunching(const std::string& vehicle, double ratio) {
  Condition c;
  c.kind = AlarmKind::kBunching;
  c.key = "bunching|R1|0|" + vehicle;
  c.route_id = "R1";
  c.route_name = "1路";
  c.direction = 0;
  c.vehicle_id = vehicle;
  c.stop_id = "S3";
  c.stop_name = "南站3";
  c.value = ratio;
  c.threshold = 0.5;
  c.message = "串车 " + vehicle;
  return c;
}

std::size_t count(const std::vector<Event>& events, const std::string& what) {
  std::size_t n = 0;
  for (const auto& e : events) n += e.event == what ? 1 : 0;
  return n;
}

class DispatchStore : public ::testing::TestWithParam<std::string> {};

TEST_P(DispatchStore, OneAlarmWhileAConditionLasts) {
  zt::test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  ManualClock clock(Instant{std::chrono::seconds{kNow}});
  auto app = zt::test::open_app(db.url(), clock);
  ASSERT_TRUE(app);
  auto& store = app->store();
  const std::optional<std::int64_t> unit = 7;
  // Ten rounds of the same condition: one alarm, refreshed at most every 30 s.
  std::size_t raised = 0, events = 0;
  for (int round = 0; round < 10; ++round) {
    auto e = sync_alarms(store, {bunching("B", 0.3 + round * 0.01)}, unit, kNow + round * 10,
                         clock.now());
    ASSERT_TRUE(e) << e.error().message;
    raised += count(*e, "raised");
    events += e->size();
  }
  EXPECT_EQ(raised, 1u);
  EXPECT_LE(events, 4u);
  ListQuery q;
  q.unit = 7;
  auto page = list_alarms(store, q);
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->total, 1);
  const auto id = page->items[0].id;
  EXPECT_EQ(page->items[0].state, "raised");
  EXPECT_TRUE(page->items[0].active);
  EXPECT_EQ(page->items[0].unit, 7);
  EXPECT_EQ(page->items[0].to_json()["kind_label"], "串车");
  // Another unit's list does not show it; every unit's does.
  q.unit = 8;
  EXPECT_EQ(list_alarms(store, q)->total, 0);
  q.all_units = true;
  EXPECT_EQ(list_alarms(store, q)->total, 1);

  // The condition goes: cleared, still open. Back within two minutes: the same alarm.
  auto gone = sync_alarms(store, {}, unit, kNow + 100, clock.now());
  ASSERT_TRUE(gone);
  ASSERT_EQ(gone->size(), 1u);
  EXPECT_EQ(gone->at(0).object["active"], false);
  auto back = sync_alarms(store, {bunching("B", 0.4)}, unit, kNow + 150, clock.now());
  ASSERT_TRUE(back);
  EXPECT_EQ(count(*back, "raised"), 0u);
  EXPECT_EQ(get_alarm(store, id)->active, true);

  // Lifecycle: acknowledge, not twice; close, not twice.
  const Actor who{std::int64_t(3), "gj_dd", std::int64_t(7), "req-1"};
  auto ack =
      act_on_alarm(store, id, AlarmAct::kAcknowledge, "已通知司机", who, kNow + 160, clock.now());
  ASSERT_TRUE(ack) << ack.error().message;
  EXPECT_EQ(ack->state, "acknowledged");
  EXPECT_EQ(ack->acknowledged_by, "gj_dd");
  EXPECT_EQ(ack->note, "已通知司机");
  auto again = act_on_alarm(store, id, AlarmAct::kAcknowledge, "", who, kNow + 161, clock.now());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);
  auto closed = act_on_alarm(store, id, AlarmAct::kClose, "", who, kNow + 170, clock.now());
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->state, "closed");
  EXPECT_EQ(closed->closed_by, "gj_dd");
  EXPECT_EQ(
      act_on_alarm(store, id, AlarmAct::kClose, "", who, kNow + 171, clock.now()).error().kind,
      ErrorKind::kConflict);
  EXPECT_EQ(act_on_alarm(store, 999999, AlarmAct::kClose, "", who, kNow, clock.now()).error().kind,
            ErrorKind::kNotFound);
  // Closed while the condition still lasts: no new alarm until it has cleared.
  auto lasting = sync_alarms(store, {bunching("B", 0.4)}, unit, kNow + 240, clock.now());
  ASSERT_TRUE(lasting);
  EXPECT_EQ(count(*lasting, "raised"), 0u);
  ASSERT_TRUE(sync_alarms(store, {}, unit, kNow + 300, clock.now()));
  auto fresh = sync_alarms(store, {bunching("B", 0.4)}, unit, kNow + 900, clock.now());
  ASSERT_TRUE(fresh);
  EXPECT_EQ(count(*fresh, "raised"), 1u);
  q.open_only = true;
  EXPECT_EQ(list_alarms(store, q)->total, 1);
  q.open_only = false;
  EXPECT_EQ(list_alarms(store, q)->total, 2);

  // Every change audited: raise, clear, revive, ack, close.
  auto history = audit_history(store, "transit_alarm", std::to_string(id));
  ASSERT_TRUE(history);
  std::vector<std::string> actions;
  for (const auto& r : *history) actions.push_back(r.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"transit.alarm.raise", "transit.alarm.clear",
                                               "transit.alarm.revive", "transit.alarm.ack",
                                               "transit.alarm.close", "transit.alarm.clear"}));
  EXPECT_EQ(history->at(3).actor, "gj_dd");
  EXPECT_TRUE(verify_audit(store)->ok());
}

Proposal hold(const std::string& vehicle, std::int64_t seconds) {
  Proposal p;
  p.kind = AdviceKind::kHold;
  p.rule = "prediction";
  p.key = "hold|" + vehicle + "|S3";
  p.route_id = "R1";
  p.vehicle_id = vehicle;
  p.stop_id = "S3";
  p.stop_name = "南站3";
  p.hold_s = seconds;
  p.gap_before_s = 240;
  p.gap_after_s = 240 + seconds;
  p.skip_stops = {{"S4", "南站4"}};
  p.explanation = "建议滞站";
  return p;
}

TEST_P(DispatchStore, AdviceCreatedDecidedAndExpired) {
  zt::test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  ManualClock clock(Instant{std::chrono::seconds{kNow}});
  auto app = zt::test::open_app(db.url(), clock);
  ASSERT_TRUE(app);
  auto& store = app->store();
  std::size_t created = 0;
  for (int round = 0; round < 5; ++round) {
    auto e = sync_advice(store, {hold("B", 120), hold("C", 60)}, std::nullopt, kNow + round * 10,
                         clock.now());
    ASSERT_TRUE(e) << e.error().message;
    created += count(*e, "created");
  }
  EXPECT_EQ(created, 2u);
  ListQuery q;
  auto page = list_advice(store, q);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->total, 2);
  const auto& first = page->items.back();  // newest first
  EXPECT_EQ(first.proposal.vehicle_id, "B");
  EXPECT_EQ(first.proposal.hold_s, 120);
  EXPECT_EQ(first.proposal.skip_stops.size(), 1u);
  auto j = first.to_json();
  EXPECT_EQ(j["kind_label"], "控点滞站");
  EXPECT_EQ(j["expected"]["gap_after_s"], 360);
  EXPECT_EQ(j["state_label"], "待处理");

  const Actor who{std::int64_t(3), "gj_dd", std::int64_t(7), "req-2"};
  auto ok = decide_advice(store, first.id, true, "", who, kNow + 60, clock.now());
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->state, "accepted");
  EXPECT_EQ(ok->decided_by, "gj_dd");
  EXPECT_EQ(decide_advice(store, first.id, false, "", who, kNow + 61, clock.now()).error().kind,
            ErrorKind::kConflict);
  // Decided: not advised again for ten minutes, even though the situation lasts.
  auto e =
      sync_advice(store, {hold("B", 110), hold("C", 60)}, std::nullopt, kNow + 70, clock.now());
  ASSERT_TRUE(e);
  EXPECT_EQ(count(*e, "created"), 0u);
  // C's advice is not proposed any more: expired a minute later.
  ASSERT_TRUE(sync_advice(store, {}, std::nullopt, kNow + 100, clock.now()));
  auto expired = sync_advice(store, {}, std::nullopt, kNow + 200, clock.now());
  ASSERT_TRUE(expired);
  EXPECT_EQ(count(*expired, "expired"), 1u);
  const auto c_id = page->items.front().id;
  EXPECT_EQ(get_advice(store, c_id)->state, "expired");
  EXPECT_EQ(decide_advice(store, c_id, false, "", who, kNow + 201, clock.now()).error().kind,
            ErrorKind::kConflict);
  q.open_only = false;
  EXPECT_EQ(list_advice(store, q)->total, 2);
  auto history = audit_history(store, "transit_advice", std::to_string(first.id));
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ(history->at(1).action, "transit.advice.accept");
}

INSTANTIATE_TEST_SUITE_P(Stores, DispatchStore, ::testing::ValuesIn(zt::test::backends()));

}  // namespace
}  // namespace zt::transit::dispatch

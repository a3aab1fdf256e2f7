// Each alarm type from a hand-built fleet state (transit/dispatch/alarms.cpp), the thresholds
// per route, and the headways they are judged on.
#include "transit/dispatch/alarms.hpp"

#include <gtest/gtest.h>

#include "transit/dispatch/dispatch_fixtures.hpp"

namespace zt::transit::dispatch {
namespace {

using test::bus;
using test::kNow;

std::vector<Condition> of_kind(const std::vector<Condition>& all, AlarmKind k) {
  std::vector<Condition> out;
  for (const auto& c : all)
    if (c.kind == k) out.push_back(c);
  return out;
}

// Scheduled every 6 minutes; measured at the leader's next stop.
TEST(DispatchAlarms, HeadwaysFromTheLeadersNextStop) {
  // A leads: next S4 at now+60. B: next S3 at now+60, so at S4 now+180 → 2 min behind A.
  std::vector<BusState> buses = {bus("A", 4, kNow + 60, kNow - 600),
                                 bus("B", 3, kNow + 60, kNow - 240)};
  auto hs = headways(buses);
  ASSERT_EQ(hs.size(), 1u);
  EXPECT_EQ(hs[0].leader, 0u);
  EXPECT_EQ(hs[0].follower, 1u);
  EXPECT_EQ(hs[0].stop_id, "S4");
  EXPECT_EQ(hs[0].headway_s, 120);
  EXPECT_EQ(hs[0].scheduled_s, 360);
}

TEST(DispatchAlarms, BunchingAndGap) {
  Settings s;
  // B 2 min behind A (33 %): bunched. C 11 min behind B at S3 (183 %): gapped.
  std::vector<BusState> buses = {bus("A", 4, kNow + 60, kNow - 600),
                                 bus("B", 3, kNow + 60, kNow - 240),
                                 bus("C", 2, kNow + 600, kNow + 120)};
  auto all = detect(buses, s, kNow);
  auto bunched = of_kind(all, AlarmKind::kBunching);
  ASSERT_EQ(bunched.size(), 1u);
  EXPECT_EQ(bunched[0].vehicle_id, "B");
  EXPECT_NEAR(bunched[0].value, 120.0 / 360, 1e-9);
  EXPECT_EQ(bunched[0].threshold, 0.5);
  EXPECT_NE(bunched[0].message.find("与前车 A"), std::string::npos);
  auto gaps = of_kind(all, AlarmKind::kGap);
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0].vehicle_id, "C");
  // C at S3 now+720 (600 + 120), B at S3 now+60: 660 s against 360 s.
  EXPECT_NEAR(gaps[0].value, 660.0 / 360, 1e-9);
  // A route's own thresholds: bunched only at ≤ 30 %.
  Thresholds strict;
  strict.bunched_ratio = 0.3;
  s.set_route("R1", strict);
  EXPECT_TRUE(of_kind(detect(buses, s, kNow), AlarmKind::kBunching).empty());
}

TEST(DispatchAlarms, TerminalDepartures) {
  Settings s;
  auto waiting = bus("A", 1, kNow, kNow - 240);  // at the first stop, due 4 min ago
  waiting.terminal_deviation_s = 240;
  auto early = bus("B", 2, kNow + 60, kNow + 120);
  early.terminal_deviation_s = -90;
  auto fine = bus("C", 2, kNow + 60, kNow);
  fine.terminal_deviation_s = 100;
  auto all = detect({waiting, early, fine}, s, kNow);
  auto late = of_kind(all, AlarmKind::kLateDeparture);
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].vehicle_id, "A");
  EXPECT_EQ(late[0].value, 240);
  auto e = of_kind(all, AlarmKind::kEarlyDeparture);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].vehicle_id, "B");
  // A headway route has no fixed departure to be late for.
  waiting.frequency_based = true;
  EXPECT_TRUE(of_kind(detect({waiting}, s, kNow), AlarmKind::kLateDeparture).empty());
}

TEST(DispatchAlarms, OffRouteLongStopSpeedSignalAndBlock) {
  Settings s;
  auto off = bus("A", 3, kNow + 60, kNow);
  off.off_path_m = 140;
  auto stuck = bus("B", 3, kNow + 60, kNow);
  stuck.stopped_for_s = 200;
  auto at_stop = bus("C", 3, kNow + 60, kNow);
  at_stop.stopped_for_s = 400;
  at_stop.at_stop = true;  // dwelling at a stop is not a long stop between stops
  auto fast = bus("D", 3, kNow + 60, kNow);
  fast.speed_mps = 20;  // 72 km/h
  auto silent = bus("E", 3, kNow + 60, kNow);
  silent.fix_at = kNow - 300;
  auto swapped = bus("F", 3, kNow + 60, kNow);
  swapped.block_id = "B-other";
  auto all = detect({off, stuck, at_stop, fast, silent, swapped}, s, kNow);
  auto one = [&](AlarmKind k) {
    auto v = of_kind(all, k);
    return v.size() == 1 ? v[0].vehicle_id : std::to_string(v.size());
  };
  EXPECT_EQ(one(AlarmKind::kOffRoute), "A");
  EXPECT_EQ(one(AlarmKind::kLongStop), "B");
  EXPECT_EQ(one(AlarmKind::kOverSpeed), "D");
  EXPECT_EQ(one(AlarmKind::kLostSignal), "E");
  EXPECT_EQ(one(AlarmKind::kOffBlock), "F");
  EXPECT_NEAR(of_kind(all, AlarmKind::kOverSpeed)[0].value, 72, 1e-9);
  // Keys are stable across rounds: the same state gives the same keys.
  auto again = detect({off, stuck, at_stop, fast, silent, swapped}, s, kNow + 10);
  ASSERT_EQ(again.size(), all.size());
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(again[i].key, all[i].key);
}

TEST(DispatchAlarms, CodesAndLabels) {
  for (int i = 0; i < kAlarmKinds; ++i) {
    const auto k = AlarmKind(i);
    EXPECT_EQ(alarm_from_code(alarm_code(k)), k);
    EXPECT_FALSE(alarm_label(k).empty());
  }
  EXPECT_EQ(alarm_label(AlarmKind::kBunching), "串车");
  EXPECT_FALSE(alarm_from_code("nonsense"));
}

}  // namespace
}  // namespace zt::transit::dispatch

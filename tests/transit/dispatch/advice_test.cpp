// Each advice rule on hand-computed headways (transit/dispatch/advice.cpp).
#include "transit/dispatch/advice.hpp"

#include <gtest/gtest.h>

#include "transit/dispatch/dispatch_fixtures.hpp"

namespace zt::transit::dispatch {
namespace {

using test::bus;
using test::kNow;

std::vector<Proposal> of_kind(const std::vector<Proposal>& all, AdviceKind k) {
  std::vector<Proposal> out;
  for (const auto& p : all)
    if (p.kind == k) out.push_back(p);
  return out;
}

TEST(DispatchAdvice, EqualisingHoldIsHalfTheDifference) {
  EXPECT_EQ(equalising_hold(240, 480), 120);  // 240 + 120 == 480 - 120
  EXPECT_EQ(equalising_hold(480, 240), 0);    // already far behind its leader: no hold
  EXPECT_EQ(schedule_hold(-150), 150);
  EXPECT_EQ(schedule_hold(30), 0);
  // Terminal: leader 60 s ahead if it leaves now, next bus ready in 520 s → leave at +230.
  EXPECT_EQ(even_departure(kNow, 60, kNow + 520, 360, kNow), kNow + 230);
  // No bus coming back known: keep the scheduled headway behind the leader.
  EXPECT_EQ(even_departure(kNow, 60, 0, 360, kNow), kNow + 300);
  // Never before now.
  EXPECT_EQ(even_departure(kNow, 500, 0, 360, kNow), kNow);
}

// A 4 min ahead of B, C 8 min behind B at the control point S3 (every 6 min scheduled).
TEST(DispatchAdvice, PredictionHoldAtAControlPoint) {
  std::vector<BusState> buses = {bus("A", 5, kNow + 60, kNow - 900),
                                 bus("B", 3, kNow + 60, kNow - 540),
                                 bus("C", 2, kNow + 420, kNow - 180)};
  auto all = advise(buses, Settings{}, kNow);
  auto holds = of_kind(all, AdviceKind::kHold);
  ASSERT_EQ(holds.size(), 1u);
  const auto& h = holds[0];
  EXPECT_EQ(h.vehicle_id, "B");
  EXPECT_EQ(h.rule, "prediction");
  EXPECT_EQ(h.stop_id, "S3");
  EXPECT_EQ(h.headway_ahead_s, 240);
  EXPECT_EQ(h.headway_behind_s, 480);
  EXPECT_EQ(h.hold_s, 120);
  EXPECT_EQ(h.gap_after_s, 360);
  EXPECT_NE(h.explanation.find("滞站 120 秒"), std::string::npos) << h.explanation;
  // Capped by max_hold_seconds; nothing under min_hold_seconds.
  Settings capped;
  Thresholds t;
  t.max_hold_s = 90;
  capped.set_defaults(t);
  EXPECT_EQ(of_kind(advise(buses, capped, kNow), AdviceKind::kHold).at(0).hold_s, 90);
  t.max_hold_s = 180;
  t.min_hold_s = 150;
  capped.set_defaults(t);
  EXPECT_TRUE(of_kind(advise(buses, capped, kNow), AdviceKind::kHold).empty());
}

TEST(DispatchAdvice, ScheduleHoldOnALowFrequencyRoute) {
  auto early = bus("B", 3, kNow + 60, kNow - 540);
  early.delay_s = -150;
  auto all = advise({early}, Settings{}, kNow);
  auto holds = of_kind(all, AdviceKind::kScheduleHold);
  ASSERT_EQ(holds.size(), 1u);
  EXPECT_EQ(holds[0].rule, "schedule");
  EXPECT_EQ(holds[0].hold_s, 150);
  EXPECT_NE(holds[0].explanation.find("按点发车"), std::string::npos);
}

TEST(DispatchAdvice, TerminalDepartureEvensHeadways) {
  auto waiting = bus("W", 1, kNow, kNow);  // at S1, due now
  waiting.frequency_based = true;
  auto leader = bus("A", 2, kNow + 60, kNow - 360);
  leader.frequency_based = true;
  auto back = bus("O", 3, kNow + 40, kNow - 600, 1);  // the other way: ends at N6 at +400
  auto all = advise({waiting, leader, back}, Settings{}, kNow);
  auto dep = of_kind(all, AdviceKind::kDepart);
  ASSERT_EQ(dep.size(), 1u);
  EXPECT_EQ(dep[0].vehicle_id, "W");
  EXPECT_EQ(dep[0].headway_ahead_s, 60);
  EXPECT_EQ(dep[0].advised_at, kNow + 230);  // ready at +400 + 120 layover
  EXPECT_EQ(dep[0].gap_after_s, 290);
  // Without a bus coming back: the scheduled headway.
  auto alone = of_kind(advise({waiting, leader}, Settings{}, kNow), AdviceKind::kDepart);
  ASSERT_EQ(alone.size(), 1u);
  EXPECT_EQ(alone[0].advised_at, kNow + 300);
}

// B 10 min behind A (5 scheduled), C only 1 min behind B.
TEST(DispatchAdvice, ExpressForALateBusWithABunchBehind) {
  auto a = bus("A", 5, kNow + 60, kNow - 1000);
  auto b = bus("B", 2, kNow + 300, kNow - 700);
  auto c = bus("C", 2, kNow + 360, kNow - 400);
  c.dist = 250;  // just behind B before the same stop
  auto all = advise({a, b, c}, Settings{}, kNow);
  auto ex = of_kind(all, AdviceKind::kExpress);
  ASSERT_EQ(ex.size(), 1u);
  EXPECT_EQ(ex[0].vehicle_id, "B");
  ASSERT_EQ(ex[0].skip_stops.size(), 2u);  // S4 and S5; the control point S3 is served
  EXPECT_EQ(ex[0].skip_stops[0].first, "S4");
  EXPECT_EQ(ex[0].gap_before_s, 600);
  EXPECT_EQ(ex[0].gap_after_s, 600 - 2 * kExpressSavingPerStop);
}

TEST(DispatchAdvice, ShortTurnFillsAGap) {
  auto a = bus("A", 5, kNow + 60, kNow - 1000);
  auto b = bus("B", 2, kNow + 300, kNow - 700);     // 10 min behind A, 5 scheduled
  auto o = bus("O", 4, kNow + 100, kNow - 600, 1);  // the other way, at N4 (opposite S3)
  auto all = advise({a, b, o}, Settings{}, kNow);
  auto st = of_kind(all, AdviceKind::kShortTurn);
  ASSERT_EQ(st.size(), 1u);
  EXPECT_EQ(st[0].vehicle_id, "O");
  EXPECT_EQ(st[0].turn_stop_id, "S3");
  EXPECT_EQ(st[0].gap_before_s, 600);
  // O starts at S3 at +220 (with the layover); A passed it about -180, B reaches it at +420.
  EXPECT_EQ(st[0].gap_after_s, 400);
  EXPECT_NE(st[0].explanation.find("区间车"), std::string::npos);
}

TEST(DispatchAdvice, CodesAndLabels) {
  for (int i = 0; i < kAdviceKinds; ++i) {
    const auto k = AdviceKind(i);
    EXPECT_EQ(advice_from_code(advice_code(k)), k);
  }
  EXPECT_EQ(advice_label(AdviceKind::kShortTurn), "区间车");
}

}  // namespace
}  // namespace zt::transit::dispatch

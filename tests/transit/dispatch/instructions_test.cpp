// Drivers' instructions: each kind of advice as the text a terminal shows, and the hold and
// departure texts read back as the simulated driver follows them; other texts are not acted on.
#include "transit/dispatch/instructions.hpp"

#include <gtest/gtest.h>

namespace zt::transit::dispatch {
namespace {

Proposal hold(std::string stop, std::int64_t s) {
  Proposal p;
  p.kind = AdviceKind::kHold;
  p.stop_name = std::move(stop);
  p.hold_s = s;
  return p;
}

TEST(Instructions, HoldsAndDeparturesReadBack) {
  const auto text = instruction_text(hold("市政府", 90), 8 * 3600);
  EXPECT_EQ(text, "【调度】请在市政府滞站90秒后发车");
  auto i = parse_instruction(text);
  ASSERT_TRUE(i);
  EXPECT_EQ(i->kind, AdviceKind::kHold);
  EXPECT_EQ(i->stop_name, "市政府");
  EXPECT_EQ(i->hold_s, 90);

  auto sched = hold("陕州公园", 45);
  sched.kind = AdviceKind::kScheduleHold;
  auto s = parse_instruction(instruction_text(sched, 0));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->kind, AdviceKind::kHold);
  EXPECT_EQ(s->hold_s, 45);

  // A departure is read as local clock time: 2024-03-20 00:07:00 UTC is 08:07 in Beijing.
  Proposal d;
  d.kind = AdviceKind::kDepart;
  d.stop_name = "火车站";
  d.advised_at = 1710893220;
  const auto dtext = instruction_text(d, 8 * 3600);
  EXPECT_EQ(dtext, "【调度】请于08:07自火车站发车");
  auto back = parse_instruction(dtext);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->kind, AdviceKind::kDepart);
  EXPECT_EQ(back->stop_name, "火车站");
  EXPECT_EQ(back->depart_minute, 8 * 60 + 7);
}

TEST(Instructions, StopNamesWithTheKeywordsStillReadBack) {
  auto i = parse_instruction(instruction_text(hold("滞站路口", 60), 0));
  ASSERT_TRUE(i);
  EXPECT_EQ(i->stop_name, "滞站路口");
  Proposal d;
  d.kind = AdviceKind::kDepart;
  d.stop_name = "发车场";
  auto back = parse_instruction(instruction_text(d, 0));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->stop_name, "发车场");
  EXPECT_EQ(back->depart_minute, 0);
}

TEST(Instructions, LongNamesAreCutOnACharacterAndOtherTextsAreNotActedOn) {
  std::string name;
  for (int k = 0; k < 40; ++k) name += "站";  // 120 bytes
  const auto text = instruction_text(hold(name, 30), 0);
  auto i = parse_instruction(text);
  ASSERT_TRUE(i);
  EXPECT_EQ(i->stop_name.size(), 60u);  // twenty whole characters
  EXPECT_EQ(i->hold_s, 30);

  Proposal turn;
  turn.kind = AdviceKind::kShortTurn;
  turn.turn_stop_name = "黄河公园";
  EXPECT_EQ(instruction_text(turn, 0), "【调度】本趟在黄河公园掉头，改开区间车");
  EXPECT_FALSE(parse_instruction(instruction_text(turn, 0)));
  Proposal express;
  express.kind = AdviceKind::kExpress;
  for (const char* s : {"甲", "乙", "丙", "丁", "戊"}) express.skip_stops.push_back({"x", s});
  EXPECT_EQ(instruction_text(express, 0), "【调度】本趟放站，不停甲、乙、丙、丁等5站");
  EXPECT_FALSE(parse_instruction(instruction_text(express, 0)));

  for (const char* t : {"前方拥堵，请绕行", "【调度】请在市政府滞站秒后发车",
                        "【调度】请在滞站90秒后发车", "【调度】请在市政府滞站-5秒后发车",
                        "【调度】请在市政府滞站99999秒后发车", "【调度】请于25:00自火车站发车",
                        "【调度】请于8:07自火车站发车", "【调度】请于08:07自发车", "【调度】", ""})
    EXPECT_FALSE(parse_instruction(t)) << t;
}

}  // namespace
}  // namespace zt::transit::dispatch

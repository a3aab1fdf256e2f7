// Duty rules from a company's TOML, and the rules themselves as duty_obeys applies them.
#include "transit/scheduling/duty_rules.hpp"

#include <gtest/gtest.h>

#include "transit/scheduling/duty_candidates.hpp"

namespace zt::transit::scheduling {
namespace {

TEST(DutyRules, DefaultsAndAFile) {
  auto r = parse_duty_rules(R"(
[duty]
max_continuous_driving_min = 180
min_break_min = 30
allow_split = false
relief_walk_m = 250.5
)");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->max_continuous_driving_min, 180);
  EXPECT_EQ(r->min_break_min, 30);
  EXPECT_FALSE(r->allow_split);
  EXPECT_EQ(r->relief_walk_m, 250.5);
  EXPECT_EQ(r->max_driving_min, 540);  // untouched keys keep their defaults
  auto empty = parse_duty_rules("");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->max_continuous_driving_min, 240);
  EXPECT_EQ(empty->min_break_min, 20);
}

TEST(DutyRules, FaultsNameTheKeyOrLine) {
  auto bad = [](const char* text, const char* words) {
    auto r = parse_duty_rules(text);
    ASSERT_FALSE(r) << text;
    EXPECT_EQ(r.error().field, "rules");
    EXPECT_NE(r.error().message.find(words), std::string::npos) << r.error().message;
  };
  bad("[duty]\nmax_pieces = 9\n", "duty.max_pieces 应为 1–6");
  bad("[duty]\nmin_break = 20\n", "不认识 duty.min_break");
  bad("[duty]\nallow_split = 1\n", "duty.allow_split 应为 true 或 false");
  bad("[duty]\nmin_break_min = \"20\"\n", "duty.min_break_min");
  bad("[crew]\n", "只有 [duty] 一节");
  bad("[duty]\nmin_break_min = = 3\n", "第 2 行");
  bad("[duty]\nmax_continuous_driving_min = 600\n", "不能超过 max_driving_min");
}

BlockTrip trip(int from_min, int to_min, std::uint32_t a = 0, std::uint32_t b = 0) {
  return {a, b, from_min * 60, to_min * 60};
}

TEST(DutyRules, FourHoursThenTwentyMinutes) {
  const std::vector<StopPoint> stops{{34.77, 111.19}, {34.771, 111.19}};
  DutyRules r;
  // 4 h of driving with 10-min stops is too much: the stops are no break.
  EXPECT_FALSE(duty_obeys({{trip(360, 480), trip(490, 610), trip(620, 621)}}, stops, r));
  EXPECT_TRUE(duty_obeys({{trip(360, 480), trip(490, 600)}}, stops, r));  // 3 h 50
  // A 20-min stop resets it; 19 minutes does not.
  EXPECT_TRUE(duty_obeys({{trip(360, 480), trip(500, 620), trip(640, 690)}}, stops, r));
  EXPECT_FALSE(duty_obeys({{trip(360, 480), trip(499, 619), trip(638, 700)}}, stops, r));
  // A relief needs the break too, and the same stop (or the walk allowed).
  EXPECT_TRUE(duty_obeys({{trip(360, 480)}, {trip(500, 560)}}, stops, r));
  EXPECT_FALSE(duty_obeys({{trip(360, 480)}, {trip(499, 560)}}, stops, r));
  EXPECT_FALSE(duty_obeys({{trip(360, 480, 0, 1)}, {trip(500, 560, 0, 0)}}, stops, r));
  r.relief_walk_m = 200;  // 111 m: walked in 111 s on top of the break
  EXPECT_FALSE(duty_obeys({{trip(360, 480, 0, 1)}, {trip(501, 560, 0, 0)}}, stops, r));
  EXPECT_TRUE(duty_obeys({{trip(360, 480, 0, 1)}, {trip(502, 560, 0, 0)}}, stops, r));
}

TEST(DutyRules, SpreadDrivingMealAndSplit) {
  const std::vector<StopPoint> stops{{34.77, 111.19}};
  DutyRules r;
  // 06:00-17:35 plus 25 min sign-on/off is 12 h exactly; a minute more is over.
  EXPECT_TRUE(duty_obeys({{trip(360, 480)}, {trip(600, 720)}, {trip(900, 1055)}}, stops, r));
  EXPECT_FALSE(duty_obeys({{trip(360, 480)}, {trip(600, 720)}, {trip(900, 1056)}}, stops, r));
  // 9 h 20 of driving in three pieces is over 9 h.
  EXPECT_FALSE(duty_obeys({{trip(300, 500)}, {trip(520, 720)}, {trip(740, 900)}}, stops, r));
  // Over 6 h spread needs a 30-min break somewhere.
  EXPECT_FALSE(duty_obeys({{trip(360, 560)}, {trip(580, 740)}}, stops, r));
  EXPECT_TRUE(duty_obeys({{trip(360, 560)}, {trip(590, 740)}}, stops, r));
  // A 3-hour gap is a split duty.
  EXPECT_TRUE(duty_obeys({{trip(360, 480)}, {trip(660, 780)}}, stops, r));
  r.allow_split = false;
  EXPECT_FALSE(duty_obeys({{trip(360, 480)}, {trip(660, 780)}}, stops, r));
  r.max_pieces = 1;
  EXPECT_FALSE(duty_obeys({{trip(360, 400)}, {trip(430, 480)}}, stops, r));
}

}  // namespace
}  // namespace zt::transit::scheduling

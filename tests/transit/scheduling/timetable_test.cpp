// Even-headway and even-load timetables, worked by hand: the boundary trip's headway between the
// two periods', the last departure at 末班, arrivals from the period's running time.
#include "transit/scheduling/timetable.hpp"

#include <gtest/gtest.h>

namespace zt::transit::scheduling {
namespace {

constexpr int at(int h, int m) { return h * 3600 + m * 60; }

const std::vector<PeriodPlan> kPlans{{{"早高峰", 7, 9}, 10, 40}, {{"平峰", 9, 17}, 20, 30}};

TEST(Timetable, EvenHeadwayOnTheHour) {
  auto t = even_headway(kPlans, at(7, 0), at(10, 0));
  ASSERT_TRUE(t) << t.error().message;
  // 07:00 … 08:50 every 10 min (12), then 09:00, 09:20, 09:40 and 末班 10:00.
  ASSERT_EQ(t->size(), 16u);
  EXPECT_EQ((*t)[11].departure, at(8, 50));
  EXPECT_EQ((*t)[12].departure, at(9, 0));
  EXPECT_EQ((*t)[12].period, "平峰");
  EXPECT_EQ((*t)[15].departure, at(10, 0));
  EXPECT_EQ((*t)[0].arrival, at(7, 40));
  EXPECT_EQ((*t)[13].arrival, at(9, 50));
  EXPECT_EQ((*t)[0].headway_s, 0);
  EXPECT_EQ((*t)[1].headway_s, 600);
}

TEST(Timetable, TheBoundaryTripStraddlesBothHeadways) {
  auto t = even_headway(kPlans, at(7, 5), at(9, 55));
  ASSERT_TRUE(t) << t.error().message;
  // 07:05 … 08:55 (12); from 08:55 half a 10-min headway to 09:00, then half a 20-min one:
  // 09:10 (a 15-min headway), 09:30, 09:50; 末班 09:55 is 5 min after 09:50, under half a
  // headway, so 09:50 moves to 09:55.
  ASSERT_EQ(t->size(), 15u);
  EXPECT_EQ((*t)[11].departure, at(8, 55));
  EXPECT_EQ((*t)[12].departure, at(9, 10));
  EXPECT_EQ((*t)[12].headway_s, 15 * 60);
  EXPECT_EQ((*t)[12].arrival, at(9, 40));
  EXPECT_EQ((*t)[13].departure, at(9, 30));
  EXPECT_EQ((*t)[14].departure, at(9, 55));

  auto g = gtfs_frequencies(kPlans, "R_0", at(7, 5), at(9, 55));
  ASSERT_EQ(g.size(), 2u);
  EXPECT_EQ(g[0], (std::array<std::string, 5>{"R_0", "07:05:00", "09:00:00", "600", "0"}));
  EXPECT_EQ(g[1], (std::array<std::string, 5>{"R_0", "09:00:00", "09:56:00", "1200", "0"}));
}

TEST(Timetable, EvenLoad) {
  // d0·c = 40: hour 7's max load 400 → 10 buses (6 min), hour 8's 300 → 7.5 (8 min).
  std::array<HourFrequency, 24> h{};
  h[7].max_load = 400;
  h[8].max_load = 300;
  FrequencyParams q{.capacity = 50, .design_load = 0.8, .f_min = 2, .method = 2};
  auto t = even_load(kPlans, h, q, at(7, 0), at(8, 59));
  ASSERT_TRUE(t) << t.error().message;
  // 07:00 … 07:54 (10), 08:00 … 08:56 every 8 min (8); 末班 08:59 replaces 08:56 (3 min < 4).
  ASSERT_EQ(t->size(), 18u);
  EXPECT_EQ((*t)[9].departure, at(7, 54));
  EXPECT_EQ((*t)[10].departure, at(8, 0));
  EXPECT_EQ((*t)[11].departure, at(8, 8));
  EXPECT_EQ((*t)[17].departure, at(8, 59));
}

TEST(Timetable, RefusesPlansThatDoNotCoverTheDay) {
  std::vector<PeriodPlan> peak{{{"早高峰", 7, 9}, 10, 40}};
  auto t = even_headway(peak, at(7, 0), at(10, 0));
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().field, "periods");
  EXPECT_FALSE(even_headway(peak, at(8, 0), at(7, 0)));
  std::vector<PeriodPlan> zero{{{"早高峰", 7, 9}, 0, 40}};
  EXPECT_FALSE(even_headway(zero, at(7, 0), at(8, 0)));
  EXPECT_EQ(hhmm(at(7, 5)), "07:05");
}

}  // namespace
}  // namespace zt::transit::scheduling

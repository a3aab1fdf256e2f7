// Learned profiles: the Kalman blend of today's buses with the history, fading back to it; dwell
// times; and day types from China's official calendar.
#include "transit/profiles.hpp"

#include <gtest/gtest.h>

#include "transit/test_feeds.hpp"

namespace zt::transit {
namespace {

TEST(Profiles, KalmanBlendFollowsTheLastBusesAndFadesToHistory) {
  Profiles p;
  // History: 120 s on the segment at 8 o'clock on weekdays.
  for (int i = 0; i < 10; ++i) p.add_segment(1, 2, DayType::kWeekday, 8, 120 + (i % 3), 0, false);
  auto h = p.segment(1, 2, DayType::kWeekday, 8, 100, 1000);
  EXPECT_EQ(h.source, Estimate::Source::kHistory);
  EXPECT_NEAR(h.seconds, 121, 1);
  // Saturday has no history: the timetable's 100 s.
  EXPECT_EQ(p.segment(1, 2, DayType::kSaturday, 8, 100, 1000).source, Estimate::Source::kSchedule);
  // Today the last two buses took 200 s: the estimate moves most of the way there.
  p.add_segment(1, 2, DayType::kWeekday, 8, 200, 1000, true);
  p.add_segment(1, 2, DayType::kWeekday, 8, 200, 1100, true);
  auto now = p.segment(1, 2, DayType::kWeekday, 8, 100, 1100);
  EXPECT_EQ(now.source, Estimate::Source::kBlend);
  EXPECT_GT(now.seconds, 180);
  EXPECT_LT(now.seconds, 200);
  // Three hours later that news is old: back to the history (which now holds them too).
  auto later = p.segment(1, 2, DayType::kWeekday, 8, 100, 1100 + 3 * 3600);
  EXPECT_EQ(later.source, Estimate::Source::kHistory);
  EXPECT_LT(later.seconds, 140);
  // Dwell: the stop's own, shrunk toward the timetable's until the network knows enough dwells
  // at that hour, then toward the network's mean.
  for (int i = 0; i < 3; ++i) p.add_dwell(2, DayType::kWeekday, 8, 30);
  EXPECT_NEAR(p.dwell(2, DayType::kWeekday, 8, 0), 15, 0.01);  // 3 visits against 3 pseudo-visits
  EXPECT_EQ(p.dwell(2, DayType::kWeekday, 15, 5), 5);
  for (int i = 0; i < 30; ++i) p.add_dwell(100 + std::uint32_t(i), DayType::kWeekday, 8, 10);
  EXPECT_NEAR(p.dwell(7, DayType::kWeekday, 8, 0), (3 * 30 + 30 * 10) / 33.0, 0.01);  // a new stop
  EXPECT_NEAR(p.dwell(2, DayType::kWeekday, 8, 0), (3 * 30 + 3 * (390 / 33.0)) / 6, 0.01);
}

TEST(DayTypes, ChinasCalendarMakesHolidaysSundays) {
  auto cal = Calendar::official();
  ASSERT_TRUE(cal) << cal.error().message;
  EXPECT_EQ(day_type(*parse_date("2024-10-02"), &*cal), DayType::kSunday);   // 国庆 Wednesday
  EXPECT_EQ(day_type(*parse_date("2024-10-12"), &*cal), DayType::kWeekday);  // make-up Saturday
  EXPECT_EQ(day_type(*parse_date("2024-10-12"), nullptr), DayType::kSaturday);
  EXPECT_EQ(day_type(*parse_date("2024-03-20"), nullptr), DayType::kWeekday);
}

}  // namespace
}  // namespace zt::transit

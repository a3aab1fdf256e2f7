#include "core/calendar.hpp"

#include <gtest/gtest.h>

namespace zt {
namespace {

Date d(const char* s) { return *parse_date(s); }

class CalendarTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = Calendar::official();
    ASSERT_TRUE(c) << c.error().message;
    cal_ = std::move(*c);
  }
  Calendar cal_;
};

TEST_F(CalendarTest, CoversTheShippedYearsWithTheirNotices) {
  EXPECT_EQ(cal_.first_year(), 2020);
  EXPECT_EQ(cal_.last_year(), 2026);
  for (int y = 2020; y <= 2026; ++y) {
    ASSERT_TRUE(cal_.covers(y)) << y;
    ASSERT_NE(cal_.sources(y), nullptr);
    EXPECT_FALSE(cal_.sources(y)->empty()) << y;
  }
}

TEST_F(CalendarTest, SpringFestival2024) {
  // 2024-02-04 (Sunday) and 2024-02-18 (Sunday) were make-up working days.
  EXPECT_TRUE(cal_.is_working_day(d("2024-02-04")));
  EXPECT_TRUE(cal_.is_working_day(d("2024-02-18")));
  for (const char* off : {"2024-02-10", "2024-02-11", "2024-02-12", "2024-02-13", "2024-02-14",
                          "2024-02-15", "2024-02-16", "2024-02-17"})
    EXPECT_FALSE(cal_.is_working_day(d(off))) << off;
  EXPECT_EQ(cal_.holiday_name(d("2024-02-12")).value_or(""), "春节");
  EXPECT_TRUE(cal_.is_working_day(d("2024-02-09")));  // a Friday, the eve, was worked in 2024
}

TEST_F(CalendarTest, NationalDay2025AndOrdinaryWeekends) {
  EXPECT_FALSE(cal_.is_working_day(d("2025-10-01")));
  EXPECT_FALSE(cal_.is_working_day(d("2025-10-08")));
  EXPECT_TRUE(cal_.is_working_day(d("2025-09-28")));   // Sunday make-up day
  EXPECT_TRUE(cal_.is_working_day(d("2025-10-11")));   // Saturday make-up day
  EXPECT_FALSE(cal_.is_working_day(d("2025-03-08")));  // plain Saturday
  EXPECT_TRUE(cal_.is_working_day(d("2025-03-10")));   // plain Monday
}

TEST_F(CalendarTest, AddWorkingDaysAcrossSpringFestival) {
  // Served on Thursday 2024-02-08: 7 working days skip the holiday and count the make-up Sunday.
  // 02-09 (1), 02-18 (2), 02-19 (3), 02-20 (4), 02-21 (5), 02-22 (6), 02-23 (7).
  EXPECT_EQ(format_date(cal_.add_working_days(d("2024-02-08"), 7)), "2024-02-23");
  EXPECT_EQ(format_date(cal_.add_working_days(d("2024-02-08"), 1)), "2024-02-09");
  EXPECT_EQ(format_date(cal_.add_working_days(d("2024-02-10"), 0)), "2024-02-18");
  EXPECT_EQ(format_date(cal_.add_working_days(d("2024-02-19"), 0)), "2024-02-19");
}

TEST_F(CalendarTest, WorkingDaysBetween) {
  EXPECT_EQ(cal_.working_days_between(d("2024-02-08"), d("2024-02-23")), 7);
  EXPECT_EQ(cal_.working_days_between(d("2024-02-23"), d("2024-02-08")), -7);
  EXPECT_EQ(cal_.working_days_between(d("2024-03-01"), d("2024-03-01")), 0);
  // 2024 had 365 + 1 days; 251 working days after the official adjustments... checked by sum:
  int total = 0;
  for (Date x = d("2024-01-01"); x <= d("2024-12-31"); x += std::chrono::days{1})
    total += cal_.is_working_day(x) ? 1 : 0;
  EXPECT_EQ(cal_.working_days_between(d("2023-12-31"), d("2024-12-31")), total);
}

TEST(Dates, ParseFormatAndMonthEnds) {
  EXPECT_EQ(format_date(last_day_of_month(2024, 2)), "2024-02-29");
  EXPECT_EQ(format_date(last_day_of_month(2025, 2)), "2025-02-28");
  EXPECT_EQ(format_date(last_day_of_month(2024, 6)), "2024-06-30");
  EXPECT_FALSE(parse_date("2024-02-30"));
  EXPECT_FALSE(parse_date("2024-2-3"));
  EXPECT_FALSE(parse_date("abcd-ef-gh"));
  EXPECT_TRUE(parse_date("2024-02-29"));
}

TEST(Dates, ShanghaiTimeIsUtcPlusEight) {
  auto deadline = shanghai_time(*parse_date("2024-03-25"), 23, 59, 59);
  EXPECT_EQ(format_shanghai(deadline), "2024-03-25T23:59:59+08:00");
  // 23:59:59 in Shanghai is 15:59:59 UTC the same day.
  EXPECT_EQ(deadline.time_since_epoch().count() % 86400, 15 * 3600 + 59 * 60 + 59);
  EXPECT_EQ(format_date(shanghai_date(deadline)), "2024-03-25");
  EXPECT_EQ(format_date(shanghai_date(deadline + std::chrono::seconds(1))), "2024-03-26");
}

TEST(CalendarParse, RejectsMalformedDocumentsNamingThePlace) {
  auto bad = Calendar::from_holiday_cn(
      {{"x.json", R"({"year":2024,"days":[{"date":"2024-13-01","isOffDay":true}]})"}});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("x.json: days[0]"), std::string::npos) << bad.error().message;
  auto not_json = Calendar::from_holiday_cn({{"y.json", "{"}});
  ASSERT_FALSE(not_json);
  EXPECT_NE(not_json.error().message.find("y.json"), std::string::npos);
  auto no_days = Calendar::from_holiday_cn({{"z.json", R"({"year":2024})"}});
  ASSERT_FALSE(no_days);
  EXPECT_EQ(no_days.error().field, "days");
}

}  // namespace
}  // namespace zt

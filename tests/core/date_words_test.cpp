// The Chinese date of a document's signature line (二〇二四年三月二十五日).
#include "core/date_words.hpp"

#include <gtest/gtest.h>

namespace zt {
namespace {

std::string at(const char* iso) { return chinese_date(*parse_date(iso)); }

TEST(ChineseDate, YearDigitByDigitWithLingForZero) {
  EXPECT_EQ(at("2024-03-25"), "二〇二四年三月二十五日");
  EXPECT_EQ(at("2000-01-01"), "二〇〇〇年一月一日");
  EXPECT_EQ(at("2100-06-30"), "二一〇〇年六月三十日");
}

TEST(ChineseDate, MonthsAndDaysAsCountedNumbers) {
  EXPECT_EQ(at("2024-10-01"), "二〇二四年十月一日");
  EXPECT_EQ(at("2024-11-10"), "二〇二四年十一月十日");
  EXPECT_EQ(at("2024-12-31"), "二〇二四年十二月三十一日");
  EXPECT_EQ(at("2024-02-29"), "二〇二四年二月二十九日");
  EXPECT_EQ(at("2024-09-20"), "二〇二四年九月二十日");
  EXPECT_EQ(at("2024-05-19"), "二〇二四年五月十九日");
  EXPECT_EQ(at("2024-07-21"), "二〇二四年七月二十一日");
}

TEST(ChineseDate, EveryDayOfALeapYearIsWellFormed) {
  // No 一十, no 〇 outside the year, always ends in 日.
  for (Date d = *parse_date("2024-01-01"); d <= *parse_date("2024-12-31");
       d += std::chrono::days{1}) {
    auto s = chinese_date(d);
    auto md = s.substr(s.find("年"));
    EXPECT_EQ(md.find("〇"), std::string::npos) << s;
    EXPECT_EQ(md.find("一十"), std::string::npos) << s;
    EXPECT_TRUE(s.ends_with("日")) << s;
  }
}

}  // namespace
}  // namespace zt

#include "supervision/chinese_date.hpp"

#include <array>
#include <string_view>

namespace zt::supervision {
namespace {

constexpr std::array<std::string_view, 10> kDigits = {"〇", "一", "二", "三", "四",
                                                      "五", "六", "七", "八", "九"};

// 1–39 as counted: 十, 十一, 二十, 二十一, 三十一 (never 一十).
std::string small_number(unsigned n) {
  std::string out;
  if (n >= 20) out += kDigits[n / 10];
  if (n >= 10) out += "十";
  if (n % 10 != 0 || n < 10) out += kDigits[n % 10];
  return out;
}

}  // namespace

std::string chinese_date(Date d) {
  const std::chrono::year_month_day ymd{d};
  const int year = int(ymd.year());
  std::string out;
  // Digit by digit, as many digits as the year has (at least one).
  std::string digits = std::to_string(year < 0 ? 0 : year);
  for (char c : digits) out += kDigits[unsigned(c - '0')];
  out += "年";
  out += small_number(unsigned(ymd.month()));
  out += "月";
  out += small_number(unsigned(ymd.day()));
  out += "日";
  return out;
}

}  // namespace zt::supervision

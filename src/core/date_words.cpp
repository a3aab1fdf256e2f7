#include "core/date_words.hpp"

namespace zt {
namespace {

constexpr std::string_view kDigits[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

// 1..31 as 一, 十, 十一, 二十, 二十五, 三十一.
std::string number_words(unsigned n) {
  std::string out;
  if (n >= 20) out += kDigits[n / 10];
  if (n >= 10) out += "十";
  if (n % 10 != 0 || n < 10) out += kDigits[n % 10];
  return out;
}

}  // namespace

std::string chinese_date(Date d) {
  const std::chrono::year_month_day ymd{d};
  std::string out;
  for (char c : std::to_string(int(ymd.year()))) out += kDigits[c - '0'];
  return out + "年" + number_words(unsigned(ymd.month())) + "月" +
         number_words(unsigned(ymd.day())) + "日";
}

std::string chinese_date(std::string_view iso) {
  auto d = parse_date(iso);
  return d ? chinese_date(*d) : std::string(iso);
}

}  // namespace zt

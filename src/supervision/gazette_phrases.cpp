// Deadlines and numeric targets inside one clause of a notice.
#include <array>
#include <cstdio>

#include "core/calendar.hpp"
#include "supervision/gazette.hpp"
#include "supervision/text.hpp"

namespace zt::supervision {
namespace {

// Reads digits at s[i...]; returns the number of digits read.
std::size_t read_int(std::u32string_view s, std::size_t i, int& out) {
  std::size_t n = 0;
  out = 0;
  while (i + n < s.size() && is_digit(s[i + n]) && n < 6) out = out * 10 + int(s[i + n++] - U'0');
  return n;
}

std::string iso(int y, unsigned m, unsigned d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
  return buf;
}

}  // namespace

std::optional<std::string> find_deadline(std::u32string_view s) {
  for (std::size_t i = 0; i + 5 <= s.size(); ++i) {
    int year = 0;
    if (i > 0 && is_digit(s[i - 1])) continue;
    std::size_t n = read_int(s, i, year);
    if (n != 4 || i + n >= s.size() || s[i + n] != U'年' || year < 1990 || year > 2100) continue;
    std::u32string_view rest = s.substr(i + n + 1);
    std::u32string_view before = s.substr(0, i);
    // Reporting rhythms ("从2024年3月起，每月25日前") are not one-off deadlines.
    int month = 0;
    std::size_t mn = read_int(rest, 0, month);
    if (mn > 0 && month >= 1 && month <= 12 && mn < rest.size() && rest[mn] == U'月') {
      auto after = rest.substr(mn + 1);
      if (starts_with(after, U"月底") || starts_with(after, U"底") || starts_with(after, U"末"))
        return format_date(last_day_of_month(year, unsigned(month)));
      int day = 0;
      std::size_t dn = read_int(after, 0, day);
      if (dn > 0 && dn < after.size() && after[dn] == U'日' &&
          starts_with(after.substr(dn + 1), U"前")) {
        auto d = parse_date(iso(year, unsigned(month), unsigned(day)));
        if (d) return format_date(*d);
      }
      continue;
    }
    if (starts_with(rest, U"年底") || starts_with(rest, U"底前") || starts_with(rest, U"年末") ||
        starts_with(rest, U"前"))
      return iso(year, 12, 31);
    if (ends_with(before, U"到") || ends_with(before, U"至") || ends_with(before, U"争取") ||
        ends_with(before, U"力争"))
      return iso(year, 12, 31);
  }
  return std::nullopt;
}

std::optional<KpiTarget> find_kpi(std::u32string_view s) {
  struct Verb {
    std::u32string_view text;
    std::u32string_view comparator;
  };
  static constexpr std::array<Verb, 13> kVerbs{{
      {U"不低于", U">="},
      {U"不少于", U">="},
      {U"不高于", U"<="},
      {U"不超过", U"<="},
      {U"不大于", U"<="},
      {U"控制在", U"<="},
      {U"保持在", U"="},
      {U"超过", U">"},
      {U"突破", U">"},
      {U"高于", U">"},
      {U"低于", U"<="},
      {U"达到", U">="},
      {U"增长", U"="},
  }};
  // The verb closest before the first number decides.
  std::size_t num = std::u32string_view::npos;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (is_digit(s[i])) {
      num = i;
      break;
    }
  if (num == std::u32string_view::npos) return std::nullopt;
  // Skip a leading year ("到2025年，") or a leading "500米" inside the indicator's name.
  while (num != std::u32string_view::npos) {
    std::size_t end = num;
    while (end < s.size() && (is_digit(s[end]) || s[end] == U'.')) ++end;
    bool year = end - num == 4 && end < s.size() && s[end] == U'年';
    // A verb right before the number, or a few characters before it ("不少于本单位…总数的5%").
    bool verb_before = false;
    for (const auto& v : kVerbs) {
      auto at = s.substr(0, num).rfind(v.text);
      if (at != std::u32string_view::npos && num - (at + v.text.size()) <= 12) verb_before = true;
    }
    bool rate_before = num > 0 && s[num - 1] == U'率';
    // "新增就业3.5万人以上": a qualifier after the number makes it a target without a verb.
    auto after = s.substr(end, 8);
    bool qualified = contains(after, U"以上") || contains(after, U"左右");
    if (!year && (verb_before || rate_before || qualified)) break;
    num = std::u32string_view::npos;
    for (std::size_t i = end; i < s.size(); ++i)
      if (is_digit(s[i])) {
        num = i;
        break;
      }
  }
  if (num == std::u32string_view::npos) return std::nullopt;
  KpiTarget k;
  std::u32string_view head = s.substr(0, num);
  std::u32string comparator = U"=";
  std::size_t verb_at = head.size();
  std::size_t verb_len = 0;
  for (const auto& v : kVerbs) {
    auto at = head.rfind(v.text);
    if (at == std::u32string_view::npos || head.size() - (at + v.text.size()) > 12) continue;
    // The latest verb wins; at the same place the longer one (不低于 over 低于).
    if (verb_len == 0 || at + v.text.size() > verb_at + verb_len ||
        (at + v.text.size() == verb_at + verb_len && v.text.size() > verb_len)) {
      comparator = v.comparator;
      verb_at = at;
      verb_len = v.text.size();
    }
  }
  std::u32string indicator = trim(head.substr(0, verb_len ? verb_at : head.size()));
  // Context words before the indicator's name.
  for (bool changed = true; changed;) {
    changed = false;
    for (std::u32string_view w :
         {U"确保", U"力争", U"实现", U"我市", U"原则上", U"其中", U"且", U"并"}) {
      if (starts_with(indicator, w)) {
        indicator = indicator.substr(w.size());
        changed = true;
      }
    }
    if (starts_with(indicator, U"到") && contains(indicator, U"年")) {
      auto y = indicator.find(U"年");
      if (y < 8) {
        indicator = trim(std::u32string_view(indicator).substr(y + 1));
        if (starts_with(indicator, U"，")) indicator = indicator.substr(1);
        changed = true;
      }
    }
  }
  std::size_t end = num;
  while (end < s.size() && (is_digit(s[end]) || s[end] == U'.')) ++end;
  std::string number = to_utf8(s.substr(num, end - num));
  k.value = std::strtod(number.c_str(), nullptr);
  std::u32string_view tail = s.substr(end);
  if (starts_with(tail, U"余")) {
    comparator = U">";
    tail = tail.substr(1);
  }
  std::u32string unit;
  std::size_t i = 0;
  for (; i < tail.size(); ++i) {
    auto t = tail.substr(i);
    if (starts_with(t, U"以上") || starts_with(t, U"左右") || starts_with(t, U"以下") ||
        starts_with(t, U"以内") || t[0] == U'，' || t[0] == U'。' || t[0] == U'；' ||
        t[0] == U'（' || t[0] == U'、' || t[0] == U' ' || t[0] == U'”')
      break;
    unit.push_back(t[0]);
  }
  auto t = tail.substr(i);
  if (starts_with(t, U"以上"))
    comparator = U">=";
  else if (starts_with(t, U"左右"))
    comparator = U"~";
  else if (starts_with(t, U"以下") || starts_with(t, U"以内"))
    comparator = U"<=";
  if (unit.size() > 8) return std::nullopt;  // prose, not a unit of measure
  k.indicator = to_utf8(indicator);
  k.comparator = to_utf8(comparator);
  k.unit = to_utf8(unit);
  k.text = to_utf8(trim(s));
  return k;
}

}  // namespace zt::supervision

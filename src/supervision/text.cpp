#include "supervision/text.hpp"

#include <set>

namespace zt::supervision {

std::u32string to_u32(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    char32_t cp = 0xFFFD;
    std::size_t n = 1;
    if (c < 0x80) {
      cp = c;
    } else if ((c >> 5) == 0x6 && i + 1 < s.size()) {
      cp = char32_t(((c & 0x1F) << 6) | (s[i + 1] & 0x3F));
      n = 2;
    } else if ((c >> 4) == 0xE && i + 2 < s.size()) {
      cp = char32_t(((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F));
      n = 3;
    } else if ((c >> 3) == 0x1E && i + 3 < s.size()) {
      cp = char32_t(((c & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6) |
                    (s[i + 3] & 0x3F));
      n = 4;
    }
    out.push_back(cp);
    i += n;
  }
  return out;
}

std::string to_utf8(std::u32string_view s) {
  std::string out;
  out.reserve(s.size() * 3);
  for (char32_t c : s) {
    if (c < 0x80) {
      out.push_back(char(c));
    } else if (c < 0x800) {
      out.push_back(char(0xC0 | (c >> 6)));
      out.push_back(char(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(char(0xE0 | (c >> 12)));
      out.push_back(char(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(char(0x80 | (c & 0x3F)));
    } else {
      out.push_back(char(0xF0 | (c >> 18)));
      out.push_back(char(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(char(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(char(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

bool is_cjk(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF) || c == U'“' || c == U'”' ||
         c == U'—' || c == U'…' || c == U'·';
}

bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }

int chinese_number(std::u32string_view s) {
  static const std::u32string_view kDigits = U"零一二三四五六七八九";
  auto digit = [&](char32_t c) -> int {
    auto p = kDigits.find(c);
    return p == std::u32string_view::npos ? -1 : int(p);
  };
  if (s.empty()) return 0;
  if (s.size() == 1) {
    if (s[0] == U'十') return 10;
    int d = digit(s[0]);
    return d > 0 ? d : 0;
  }
  auto ten = s.find(U'十');
  if (ten == std::u32string_view::npos || s.size() > 3) return 0;
  int tens = ten == 0 ? 1 : digit(s[0]);
  int ones = ten + 1 < s.size() ? digit(s[ten + 1]) : 0;
  if (tens <= 0 || ones < 0 || (ten != 0 && ten != 1)) return 0;
  return tens * 10 + ones;
}

std::u32string normalise(std::u32string_view in) {
  std::u32string s;
  s.reserve(in.size());
  for (char32_t c : in) {
    if (c == U'\t' || c == 0x3000 || c == 0xA0) c = U' ';
    if (c >= 0xFF10 && c <= 0xFF19)
      c = c - 0xFF10 + U'0';  // ０-９
    else if (c >= 0xFF21 && c <= 0xFF3A)
      c = c - 0xFF21 + U'A';  // Ａ-Ｚ
    else if (c >= 0xFF41 && c <= 0xFF5A)
      c = c - 0xFF41 + U'a';  // ａ-ｚ
    else if (c == U'％')
      c = U'%';
    else if (c == U'．')
      c = U'.';
    else if (c == U'～')
      c = U'~';
    else if (c == U'(')
      c = U'（';
    else if (c == U')')
      c = U'）';
    else if (c == U'【')
      c = U'〔';
    else if (c == U'】')
      c = U'〕';
    s.push_back(c);
  }
  // A year in any brackets, as in 灵政办[2025]7号 or 三政办(2024)4号, is written 〔2025〕.
  for (std::size_t i = 0; i + 5 < s.size(); ++i) {
    bool open = s[i] == U'[' || s[i] == U'（' || s[i] == U'〔';
    bool close = s[i + 5] == U']' || s[i + 5] == U'）' || s[i + 5] == U'〕';
    if (open && close && is_digit(s[i + 1]) && is_digit(s[i + 2]) && is_digit(s[i + 3]) &&
        is_digit(s[i + 4]) && i + 6 < s.size() && is_digit(s[i + 6])) {
      s[i] = U'〔';
      s[i + 5] = U'〕';
    }
  }
  // Half-width , : ; between Chinese text become full-width; "1,000" keeps its comma.
  for (std::size_t i = 0; i < s.size(); ++i) {
    char32_t c = s[i];
    if (c != U',' && c != U':' && c != U';') continue;
    bool digits_around = i > 0 && i + 1 < s.size() && is_digit(s[i - 1]) && is_digit(s[i + 1]);
    if (!digits_around) s[i] = c == U',' ? U'，' : c == U':' ? U'：' : U'；';
  }
  // Drop spaces next to Chinese characters (the export's stray spaces), keep them between
  // Latin words and numbers.
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == U' ') {
      std::size_t j = i;
      while (j < s.size() && s[j] == U' ') ++j;
      char32_t prev = out.empty() ? U' ' : out.back();
      char32_t next = j < s.size() ? s[j] : U' ';
      bool keep = !out.empty() && j < s.size() && !is_cjk(prev) && !is_cjk(next);
      if (keep) out.push_back(U' ');
      i = j - 1;
      continue;
    }
    out.push_back(s[i]);
  }
  return out;
}

std::u32string trim(std::u32string_view s) {
  std::size_t a = 0, b = s.size();
  while (a < b && (s[a] == U' ' || s[a] == 0x3000)) ++a;
  while (b > a && (s[b - 1] == U' ' || s[b - 1] == 0x3000)) --b;
  return std::u32string(s.substr(a, b - a));
}

bool starts_with(std::u32string_view s, std::u32string_view p) { return s.starts_with(p); }
bool ends_with(std::u32string_view s, std::u32string_view p) { return s.ends_with(p); }
bool contains(std::u32string_view s, std::u32string_view p) {
  return s.find(p) != std::u32string_view::npos;
}

std::vector<std::u32string> split_top_level(std::u32string_view s, std::u32string_view seps) {
  std::vector<std::u32string> out;
  std::u32string cur;
  int depth = 0;
  for (char32_t c : s) {
    if (c == U'（' || c == U'〔' || c == U'(' || c == U'[') ++depth;
    if (c == U'）' || c == U'〕' || c == U')' || c == U']') depth = depth > 0 ? depth - 1 : 0;
    if (depth == 0 && seps.find(c) != std::u32string_view::npos) {
      out.push_back(trim(cur));
      cur.clear();
      continue;
    }
    cur.push_back(c);
  }
  out.push_back(trim(cur));
  return out;
}

double bigram_cover(std::u32string_view part, std::u32string_view whole) {
  auto bigrams = [](std::u32string_view t) {
    std::u32string kept;
    for (char32_t c : t)
      if (is_cjk(c) || is_digit(c)) kept.push_back(c);
    std::set<std::u32string> out;
    for (std::size_t i = 0; i + 1 < kept.size(); ++i) out.insert(kept.substr(i, 2));
    return out;
  };
  auto a = bigrams(part);
  if (a.empty()) return 0;
  auto b = bigrams(whole);
  std::size_t hit = 0;
  for (const auto& g : a) hit += b.count(g);
  return double(hit) / double(a.size());
}

}  // namespace zt::supervision

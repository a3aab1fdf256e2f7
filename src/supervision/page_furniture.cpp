#include "supervision/page_furniture.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <vector>

#include "supervision/text.hpp"

namespace zt::supervision {
namespace {

using Lines = std::vector<std::u32string>;

// Marks a page's first line that had a running header glued in front: the line ran on across
// the page break, so it is joined to the line before.
constexpr char32_t kRunsOn = U'\x01';

bool blank(std::u32string_view s) {
  return std::all_of(s.begin(), s.end(), [](char32_t c) {
    return c == U' ' || c == U'\t' || c == U'\u3000' || c == U'\r';
  });
}

std::size_t indent(std::u32string_view s) {
  std::size_t n = 0;
  for (char32_t c : s) {
    if (c == U' ' || c == U'\t')
      ++n;
    else if (c == U'\u3000')
      n += 2;
    else
      break;
  }
  return n;
}

// Columns a line takes in a fixed-width layout: CJK and full-width forms two, the rest one.
std::size_t width(std::u32string_view s) {
  std::size_t w = 0;
  for (char32_t c : s)
    w +=
        (c >= 0x1100 && (is_cjk(c) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF60)))
            ? 2
            : 1;
  return w;
}

std::u32string_view strip(std::u32string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == U' ' || s[b] == U'\t' || s[b] == U'\u3000' || s[b] == U'\r')) ++b;
  while (e > b &&
         (s[e - 1] == U' ' || s[e - 1] == U'\t' || s[e - 1] == U'\u3000' || s[e - 1] == U'\r'))
    --e;
  return s.substr(b, e - b);
}

// Runs of digits as one '#' and runs of spaces as one, so that "第 3 页" and "第 12 页", or a
// footer "… 1/32" and "… 12/32", repeat.
std::u32string shape(std::u32string_view s) {
  std::u32string out;
  for (char32_t c : strip(s)) {
    const char32_t k = is_digit(c) ? U'#' : (c == U'\t' || c == U'\u3000') ? U' ' : c;
    if ((k == U'#' || k == U' ') && !out.empty() && out.back() == k) continue;
    out += k;
  }
  return out;
}

// How many characters of `s` (stripped) the shaped `piece` covers, from its start or its end.
std::size_t covered(std::u32string_view s, std::u32string_view piece, bool from_start) {
  std::u32string a(strip(s)), b(piece);
  if (!from_start) std::reverse(a.begin(), a.end()), std::reverse(b.begin(), b.end());
  std::size_t i = 0;
  for (char32_t k : b) {
    if (k == U'#' || k == U' ') {
      auto same = [&](char32_t c) {
        return k == U'#' ? is_digit(c) : (c == U' ' || c == U'\t' || c == U'\u3000');
      };
      if (i >= a.size() || !same(a[i])) return 0;
      while (i < a.size() && same(a[i])) ++i;
    } else {
      if (i >= a.size() || a[i] != k) return 0;
      ++i;
    }
  }
  return i;
}

bool digits_only(std::u32string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

// — 12 —, -12-, 第 12 页, 第12页 共32页, 12/32, 12 / 32.
bool page_number(std::u32string_view line) {
  std::u32string s;
  for (char32_t c : strip(line))
    if (c != U' ' && c != U'\u3000') s += c;
  if (s.empty()) return false;
  auto dash = [](char32_t c) { return c == U'—' || c == U'–' || c == U'-' || c == U'－'; };
  std::size_t b = 0, e = s.size();
  while (b < e && dash(s[b])) ++b;
  while (e > b && dash(s[e - 1])) --e;
  if (b > 0 && e < s.size() && digits_only(std::u32string_view(s).substr(b, e - b))) return true;
  std::u32string_view v(s);
  if (starts_with(v, U"第")) {
    auto p = v.find(U'页');
    if (p != std::u32string_view::npos && digits_only(v.substr(1, p - 1))) {
      auto rest = v.substr(p + 1);
      if (rest.empty()) return true;
      if (starts_with(rest, U"，") || starts_with(rest, U",")) rest.remove_prefix(1);
      if (starts_with(rest, U"共") && ends_with(rest, U"页") &&
          digits_only(rest.substr(1, rest.size() - 2)))
        return true;
    }
  }
  auto slash = v.find(U'/');
  return slash != std::u32string_view::npos && digits_only(v.substr(0, slash)) &&
         digits_only(v.substr(slash + 1));
}

// The index of a page's first (or last) line with text, or npos.
std::size_t edge(const Lines& page, bool top) {
  if (top) {
    for (std::size_t i = 0; i < page.size(); ++i)
      if (!blank(page[i])) return i;
  } else {
    for (std::size_t i = page.size(); i-- > 0;)
      if (!blank(page[i])) return i;
  }
  return std::u32string::npos;
}

// Takes out what repeats at the top (or bottom) of at least `need` pages: whole lines, or the
// longest common start (end) of the edge line when the furniture is glued to the text.
void strip_repeats(std::vector<Lines>& pages, bool top, std::size_t need) {
  for (int round = 0; round < 2; ++round) {  // a header may be two lines
    std::map<std::u32string, std::size_t> count;
    for (const auto& p : pages)
      if (auto i = edge(p, top); i != std::u32string::npos) {
        const auto s = shape(p[i]);
        const std::size_t longest = std::min<std::size_t>(s.size(), 80);
        for (std::size_t n = 6; n <= longest; ++n)
          ++count[top ? s.substr(0, n) : s.substr(s.size() - n)];
      }
    std::u32string best;
    for (const auto& [piece, n] : count)
      if (n >= need && piece.size() > best.size()) best = piece;
    if (best.empty()) return;
    for (auto& p : pages) {
      auto i = edge(p, top);
      if (i == std::u32string::npos) continue;
      auto s = shape(p[i]);
      if (top ? !starts_with(s, best) : !ends_with(s, best)) continue;
      const std::size_t n = covered(p[i], best, top);
      if (n == 0) continue;
      std::u32string line(strip(p[i]));
      line = top ? line.substr(n) : line.substr(0, line.size() - n);
      if (blank(line))
        p.erase(p.begin() + std::ptrdiff_t(i));
      else if (top)  // glued to the page's first words: they run on from the page before
        p[i] = kRunsOn + std::u32string(strip(line));
      else
        p[i] = std::u32string(strip(line));
    }
  }
}

// Starts a numbered item or heading of an official document: 一、 （一） 1. 1、 （1） ① 第X条.
bool starts_item(std::u32string_view s) {
  s = strip(s);
  if (s.empty()) return true;
  if (s[0] >= U'①' && s[0] <= U'⑳') return true;
  if (s[0] == U'（' || s[0] == U'(') {
    auto close = s.find_first_of(U"）)");
    if (close != std::u32string_view::npos && close <= 4) {
      auto inner = s.substr(1, close - 1);
      if (digits_only(inner) || chinese_number(inner) > 0) return true;
    }
  }
  std::size_t i = 0;
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i > 0 && i < s.size() && (s[i] == U'.' || s[i] == U'、' || s[i] == U'．')) return true;
  auto mark = s.find(U'、');
  if (mark != std::u32string_view::npos && mark <= 3 && chinese_number(s.substr(0, mark)) > 0)
    return true;
  return starts_with(s, U"第") && s.find(U'条') != std::u32string_view::npos && s.find(U'条') <= 6;
}

bool ends_sentence(std::u32string_view s) {
  s = strip(s);
  if (s.empty()) return true;
  const char32_t c = s.back();
  return c == U'。' || c == U'！' || c == U'？' || c == U'：' || c == U'；';
}

// Joins the lines of a fixed-width layout back into paragraphs, when the text has one: two in
// five of its lines (six at least) end within two characters of a common right margin, and next
// to none go past it (text one paragraph a line has lines of every length).
Lines join_wraps(const Lines& lines) {
  std::vector<std::size_t> widths;
  for (const auto& l : lines)
    if (!blank(l)) widths.push_back(width(strip(l)) + indent(l));
  if (widths.size() < 6) return lines;
  std::map<std::size_t, std::size_t> at;
  for (auto w : widths) ++at[w];
  // The right margin: the widest width that many lines reach (a stray long line aside).
  std::size_t margin = 0, reach = 0;
  for (auto it = at.rbegin(); it != at.rend(); ++it) {
    reach += it->second;
    if (reach * 5 >= widths.size()) {
      margin = it->first;
      break;
    }
  }
  std::size_t full = 0;
  auto is_full = [&](const std::u32string& l) {
    return !blank(l) && width(strip(l)) + indent(l) + 4 >= margin;
  };
  std::size_t over = 0;  // past the margin: in a fixed-width layout, next to none
  for (const auto& l : lines) {
    full += is_full(l);
    over += !blank(l) && width(strip(l)) + indent(l) > margin + 2;
  }
  if (margin < 30 || full < 6 || full * 5 < widths.size() * 2 || over * 10 > widths.size())
    return lines;
  // The continuation lines' indent: the commonest (a paragraph's first line is indented more).
  std::map<std::size_t, std::size_t> indents;
  for (const auto& l : lines)
    if (!blank(l)) ++indents[indent(l)];
  std::size_t base = 0;
  for (const auto& [n, count] : indents)
    if (count > indents[base]) base = n;
  std::size_t deeper = 0;
  for (const auto& [n, count] : indents)
    if (n > base + 1) deeper += count;
  const bool indented = deeper * 20 >= widths.size();  // paragraphs start indented
  Lines out;
  bool open = false;  // the last line out continues on the next
  for (const auto& l : lines) {
    if (blank(l)) {
      open = false;
      out.push_back(l);
      continue;
    }
    const bool new_paragraph = indent(l) > base + 1 || starts_item(l);
    if (open && !new_paragraph) {
      auto& prev = out.back();
      while (!prev.empty() && (prev.back() == U' ' || prev.back() == U'\u3000')) prev.pop_back();
      const auto next = strip(l);
      // Latin words wrapped at a space get it back; Chinese runs on.
      if (!prev.empty() && !next.empty() && prev.back() < 0x80 && next.front() < 0x80 &&
          std::isalnum(int(prev.back())) && std::isalnum(int(next.front())))
        prev += U' ';
      prev += next;
    } else {
      out.push_back(l);
    }
    // Where paragraphs start indented, a full line runs on even after a full stop (a task's
    // "（…负责）" wrapped onto a line of its own); elsewhere a full stop ends the paragraph.
    open = is_full(l) && (indented || !ends_sentence(l));
  }
  return out;
}

}  // namespace

std::string remove_page_furniture(std::string_view text) {
  const auto all = to_u32(text);
  std::vector<Lines> pages(1);
  std::u32string line;
  auto flush = [&] {
    pages.back().push_back(line);
    line.clear();
  };
  for (char32_t c : all) {
    if (c == U'\n') {
      flush();
    } else if (c == U'\f') {
      flush();
      pages.emplace_back();
    } else if (c != U'\r') {
      line += c;
    }
  }
  flush();
  if (pages.size() >= 3) {
    const std::size_t need = std::max<std::size_t>(3, (pages.size() * 2 + 4) / 5);
    strip_repeats(pages, true, need);
    strip_repeats(pages, false, need);
  }
  Lines lines;
  for (auto& p : pages) {
    const auto first = edge(p, true), last = edge(p, false);
    if (first == std::u32string::npos) continue;
    // A page's own blank margins are not paragraph breaks: its text runs on from the last page.
    // One page (text without form feeds) keeps its lines where they were, for their numbers.
    const std::size_t from = pages.size() > 1 ? first : 0;
    const std::size_t to = pages.size() > 1 ? last + 1 : p.size();
    for (std::size_t i = from; i < to; ++i) {
      if (page_number(p[i])) continue;
      // A bare number at a page's edge is its number.
      if ((i == first || i == last) && pages.size() > 1 && digits_only(strip(p[i])) &&
          strip(p[i]).size() <= 4)
        continue;
      if (!p[i].empty() && p[i][0] == kRunsOn) {
        if (lines.empty())
          lines.push_back(p[i].substr(1));
        else
          lines.back() += p[i].substr(1);
        continue;
      }
      lines.push_back(std::move(p[i]));
    }
  }
  lines = join_wraps(lines);
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i) out += '\n';
    out += to_utf8(lines[i]);
  }
  return out;
}

}  // namespace zt::supervision

#include "enforcement/masking.hpp"

#include <array>
#include <vector>

namespace zt::enforcement {
namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

// Length in bytes of the UTF-8 character starting with byte c.
std::size_t utf8_len(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c >> 5) == 0x6) return 2;
  if ((c >> 4) == 0xE) return 3;
  return 4;
}

// The characters of `s` other than whitespace, each as its UTF-8 bytes.
std::vector<std::string_view> chars_of(std::string_view s) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < s.size();) {
    if (auto w = whitespace_at(s, i)) {
      i += w;
      continue;
    }
    auto n = std::min(utf8_len(static_cast<unsigned char>(s[i])), s.size() - i);
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

// Bytes of text[i..] that spell `chars` with any whitespace between them; 0 when they do not.
std::size_t spaced_match(std::string_view text, std::size_t i,
                         const std::vector<std::string_view>& chars) {
  if (chars.empty()) return 0;
  std::size_t at = i;
  for (std::size_t k = 0; k < chars.size(); ++k) {
    if (k > 0)
      while (auto w = whitespace_at(text, at)) at += w;
    if (text.substr(at, chars[k].size()) != chars[k]) return 0;
    at += chars[k].size();
  }
  return at - i;
}

// Where an address typed after a marker ends: the next punctuation or line break.
std::size_t address_end(std::string_view text, std::size_t from) {
  static constexpr std::array<std::string_view, 14> kStops = {
      "，", "。", "；", "、", "）", "（", "！", "？", ",", ";", "\n", "(", ")", "."};
  std::size_t end = text.size();
  for (auto s : kStops) end = std::min(end, text.find(s, from));
  return end;
}

// An ID or mobile number typed in groups ("4112 0219 9001 0112 3X", "139-1234-5678") at
// text[i]: the bytes it spans and its masked form; {0, ""} when the groups spell neither.
std::pair<std::size_t, std::string> spaced_number(std::string_view text, std::size_t i) {
  std::string digits;
  std::size_t at = i, best = 0;
  std::string best_masked;
  for (int group = 0; group < 6; ++group) {
    std::size_t j = at;
    while (j < text.size() && digit(text[j])) digits += text[j++];
    if (j == at) break;
    at = j;
    if (group > 0) {
      bool x = at < text.size() && (text[at] == 'X' || text[at] == 'x');
      if (digits.size() == 18 && !(at < text.size() && digit(text[at]))) {
        best = at - i;
        best_masked = mask_id_number(digits);
      } else if (digits.size() == 17 && x) {
        best = at + 1 - i;
        best_masked = mask_id_number(digits + text[at]);
      } else if (digits.size() == 11 && digits[0] == '1') {
        best = at - i;
        best_masked = mask_phone(digits);
      }
    }
    // The separator to the next group: blanks, or one hyphen.
    std::size_t k = at;
    if (k < text.size() && text[k] == '-') {
      ++k;
    } else {
      while (auto w = whitespace_at(text, k)) k += w;
    }
    if (k == at || k >= text.size() || !digit(text[k])) break;
    at = k;
  }
  return {best, best_masked};
}

constexpr std::array<std::string_view, 7> kAddressMarkers = {"现住址", "住址",   "住所",  "家住",
                                                             "现住",   "户籍地", "居住地"};

}  // namespace

std::size_t whitespace_at(std::string_view t, std::size_t i) {
  if (i >= t.size()) return 0;
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(t[i + k]); };
  unsigned char c = b(0);
  if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
  if (c == 0xC2 && i + 1 < t.size() && b(1) == 0xA0) return 2;  // U+00A0
  if (i + 2 >= t.size()) return 0;
  if (c == 0xE1 && b(1) == 0x9A && b(2) == 0x80) return 3;  // U+1680
  if (c == 0xE2 && b(1) == 0x80 && (b(2) <= 0x8D || b(2) == 0xA8 || b(2) == 0xA9 || b(2) == 0xAF))
    return 3;  // U+2000–200D, 2028/9, 202F
  if (c == 0xE2 && b(1) == 0x81 && (b(2) == 0x9F || b(2) == 0xA0)) return 3;  // U+205F, U+2060
  if (c == 0xE3 && b(1) == 0x80 && b(2) == 0x80) return 3;                    // U+3000
  if (c == 0xEF && b(1) == 0xBB && b(2) == 0xBF) return 3;                    // U+FEFF
  return 0;
}

std::string strip_whitespace(std::string_view s) {
  std::string out;
  for (auto c : chars_of(s)) out += c;
  return out;
}

std::string mask_id_number(std::string_view id) {
  if (id.size() < 10) return std::string(id.size(), '*');
  return std::string(id.substr(0, 6)) + std::string(id.size() - 10, '*') +
         std::string(id.substr(id.size() - 4));
}

std::string mask_phone(std::string_view phone) {
  if (phone.size() < 7) return std::string(phone.size(), '*');
  return std::string(phone.substr(0, 3)) + std::string(phone.size() - 7, '*') +
         std::string(phone.substr(phone.size() - 4));
}

std::string mask_person_name(std::string_view name) {
  auto chars = chars_of(name);
  if (chars.empty()) return {};
  // Two-character compound surnames are rare enough that the first character stands.
  return std::string(chars[0]) + "某某";
}

std::string mask_address(std::string_view address) {
  auto chars = chars_of(address);
  std::size_t keep = 0;
  for (std::size_t k = 0; k < chars.size() && !keep; ++k)
    if (chars[k] == "区" || chars[k] == "县" || chars[k] == "旗") keep = k + 1;
  for (std::size_t k = 0; k < chars.size() && !keep; ++k)
    if (chars[k] == "市") keep = k + 1;
  // A county-level part that is the whole address still says where the person lives.
  if (keep >= chars.size()) keep = 0;
  std::string out;
  for (std::size_t k = 0; k < keep; ++k) out += chars[k];
  return out + "****";
}

std::string mask_text(std::string_view text, std::string_view person, std::string_view address) {
  const auto name_chars = chars_of(person);
  const auto address_chars = chars_of(address);
  const std::string masked_name = mask_person_name(person);
  const std::string masked_address = mask_address(address);
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (auto n = spaced_match(text, i, address_chars)) {
      out += masked_address;
      i += n;
      continue;
    }
    if (auto n = spaced_match(text, i, name_chars)) {
      out += masked_name;
      i += n;
      continue;
    }
    if (!person.empty()) {
      bool marked = false;
      for (auto m : kAddressMarkers) {
        if (text.substr(i, m.size()) != m) continue;
        std::size_t from = i + m.size();
        for (std::string_view sep : {"：", ":", "于", "在"})
          if (text.substr(from, sep.size()) == sep) {
            from += sep.size();
            break;
          }
        std::size_t end = address_end(text, from);
        out.append(text.substr(i, from - i));
        if (end > from) out += mask_address(text.substr(from, end - from));
        i = end;
        marked = true;
        break;
      }
      if (marked) continue;
    }
    if (digit(text[i]) && (i == 0 || !digit(text[i - 1]))) {
      if (auto [n, masked] = spaced_number(text, i); n) {
        out += masked;
        i += n;
        continue;
      }
      std::size_t j = i;
      while (j < text.size() && digit(text[j])) ++j;
      std::size_t run = j - i;
      if (run == 17 && j < text.size() && (text[j] == 'X' || text[j] == 'x')) {
        out += mask_id_number(text.substr(i, 18));
        i = j + 1;
        continue;
      }
      if (run == 18) {
        out += mask_id_number(text.substr(i, 18));
        i = j;
        continue;
      }
      if (run == 11 && text[i] == '1') {
        out += mask_phone(text.substr(i, 11));
        i = j;
        continue;
      }
      out.append(text.substr(i, run));
      i = j;
      continue;
    }
    // Whole characters, so a match never starts inside one.
    auto n = std::min(utf8_len(static_cast<unsigned char>(text[i])), text.size() - i);
    out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

}  // namespace zt::enforcement

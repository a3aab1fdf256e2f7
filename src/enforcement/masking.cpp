#include "enforcement/masking.hpp"

#include <cctype>

namespace zt::enforcement {
namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

// Length in bytes of the UTF-8 character starting at s[i].
std::size_t utf8_len(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c >> 5) == 0x6) return 2;
  if ((c >> 4) == 0xE) return 3;
  return 4;
}

}  // namespace

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
  if (name.empty()) return {};
  // Two-character compound surnames are rare enough that the first character stands.
  auto n = utf8_len(static_cast<unsigned char>(name[0]));
  return std::string(name.substr(0, std::min(n, name.size()))) + "某某";
}

std::string mask_text(std::string_view text, std::string_view person) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (!person.empty() && text.substr(i, person.size()) == person) {
      out += mask_person_name(person);
      i += person.size();
      continue;
    }
    if (digit(text[i]) && (i == 0 || !digit(text[i - 1]))) {
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
    out += text[i++];
  }
  return out;
}

}  // namespace zt::enforcement

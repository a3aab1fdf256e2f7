// What the module's filtered lists (进展报送, the ledger) share in building their SQL.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

namespace zt::supervision {

// `text` as a LIKE pattern matching it anywhere, its own % _ and \ taken literally (the
// statement says ESCAPE '\').
inline std::string like_pattern(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

// Whether a keyword is a task's number (序号) rather than words of its text.
inline bool is_task_number(std::string_view s) {
  return !s.empty() && s.size() <= 6 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace zt::supervision

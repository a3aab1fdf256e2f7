// The grammar of the unit clause that closes a task in a 分工 notice, e.g.
//   （市商务局牵头，市市场监管局、住房城乡建设局，各县〔市、区〕政府配合）
// Units before 牵头 / 牵头负责 / 按职责分工负责 / 负责 lead; units before 配合 cooperate; a list
// without a marker takes the role of the marker that closes it. After the first unit of a list the
// notice drops the level prefix (住房城乡建设局 is 市住房城乡建设局): it is restored here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace zt::supervision {

struct UnitRoles {
  std::vector<std::string> lead;
  std::vector<std::string> cooperating;
  bool had_marker = false;  // false: a bare list (a target's units), all in `lead`
  bool empty() const { return lead.empty() && cooperating.empty(); }
};

// `clause` is the text inside the closing parentheses, without them. A leading "责任单位：" is
// accepted; text after a top-level "；" (such as "以下均需…落实") is ignored.
UnitRoles parse_units_clause(std::u32string_view clause);

// Whether a parenthesised text looks like a unit clause at all (so prose in brackets is not
// mistaken for units).
bool looks_like_units_clause(std::u32string_view clause);

}  // namespace zt::supervision

#include "supervision/units_clause.hpp"

#include <array>

#include "supervision/text.hpp"

namespace zt::supervision {
namespace {

enum class Role { kLead, kCooperating };

struct Marker {
  std::u32string_view text;
  Role role;
};
// Longest first: 牵头负责 before 牵头 and 负责.
constexpr std::array<Marker, 7> kMarkers{{
    {U"按职责分工负责", Role::kLead},
    {U"按照职责分工负责", Role::kLead},
    {U"按照职责分工落实", Role::kCooperating},
    {U"按职责分工落实", Role::kCooperating},
    {U"牵头负责", Role::kLead},
    {U"牵头", Role::kLead},
    {U"配合", Role::kCooperating},
}};

// Bodies outside the city government keep their own names and never take the 市 prefix.
bool own_name(std::u32string_view u) {
  static constexpr std::u32string_view kStarts[] = {U"三门峡", U"各",   U"相关", U"人行",
                                                    U"国家",   U"中国", U"河南", U"省"};
  static constexpr std::u32string_view kEnds[] = {U"政府",   U"管委会",   U"管理委员会", U"海关",
                                                  U"河务局", U"监管分局", U"分行"};
  for (auto p : kStarts)
    if (starts_with(u, p)) return true;
  for (auto p : kEnds)
    if (ends_with(u, p)) return true;
  return false;
}

// The level prefix a unit name carries, if any: 市 or 县 / 区 for county-level notices.
std::u32string prefix_of(std::u32string_view u) {
  // 市场监管局 starts with 市 but carries no prefix: it is 市市场监管局 without its 市.
  if (starts_with(u, U"市场")) return {};
  if (u.size() > 1 && (u[0] == U'市' || u[0] == U'县' || u[0] == U'区'))
    return std::u32string(1, u[0]);
  return {};
}

void add_units(std::u32string_view list, std::u32string& prefix, std::vector<std::string>& out) {
  auto names = split_top_level(list, U"、");
  // "城乡一体化示范区、经济开发区、现代服务业开发区管委会": the last name's 管委会 is shared.
  if (names.size() > 1 && ends_with(names.back(), U"管委会")) {
    for (std::size_t i = 0; i + 1 < names.size(); ++i)
      if (ends_with(names[i], U"区")) names[i] += U"管委会";
  }
  for (auto& n : names) {
    if (n.empty()) continue;
    if (auto p = prefix_of(n); !p.empty()) {
      prefix = p;
    } else if (!own_name(n) && !prefix.empty()) {
      n = prefix + n;
    }
    out.push_back(to_utf8(n));
  }
}

}  // namespace

bool looks_like_units_clause(std::u32string_view clause) {
  if (starts_with(clause, U"责任单位")) return true;
  for (const auto& m : kMarkers)
    if (contains(clause, m.text)) return true;
  // A bare list of units: every item ends like an organisation's name.
  static constexpr std::u32string_view kEnds[] = {
      U"局", U"委",   U"办",   U"政府", U"公司", U"集团", U"管委会", U"部",
      U"院", U"海关", U"中心", U"部门", U"分局", U"分行", U"工会",   U"联"};
  auto items = split_top_level(clause, U"，、");
  if (items.empty()) return false;
  for (const auto& it : items) {
    bool ok = false;
    for (auto e : kEnds)
      if (ends_with(it, e)) ok = true;
    if (!ok) return false;
  }
  return true;
}

UnitRoles parse_units_clause(std::u32string_view clause) {
  std::u32string text = trim(clause);
  for (std::u32string_view lead_in : {U"责任单位：", U"责任单位:", U"牵头单位："}) {
    if (starts_with(text, lead_in)) text = trim(std::u32string_view(text).substr(lead_in.size()));
  }
  if (auto parts = split_top_level(text, U"；"); !parts.empty()) text = parts[0];

  UnitRoles out;
  std::u32string prefix;
  std::vector<std::string> pending;
  for (auto& part : split_top_level(text, U"，")) {
    if (part.empty()) continue;
    const Marker* marker = nullptr;
    for (const auto& m : kMarkers)
      if (ends_with(part, m.text)) {
        marker = &m;
        break;
      }
    std::u32string_view list = part;
    if (marker) list = list.substr(0, list.size() - marker->text.size());
    add_units(list, prefix, pending);
    if (!marker) continue;
    out.had_marker = true;
    auto& dest = marker->role == Role::kLead ? out.lead : out.cooperating;
    dest.insert(dest.end(), pending.begin(), pending.end());
    pending.clear();
  }
  if (!pending.empty()) {
    auto& dest = out.had_marker ? out.cooperating : out.lead;
    dest.insert(dest.end(), pending.begin(), pending.end());
  }
  return out;
}

}  // namespace zt::supervision

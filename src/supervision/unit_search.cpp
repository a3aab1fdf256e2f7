#include "supervision/unit_search.hpp"

#include <algorithm>
#include <map>

namespace zt::supervision {
namespace {

// The code points of valid UTF-8 text, each as its bytes (the caller's text passed the request
// layer's UTF-8 check; a stray byte is kept as itself).
std::vector<std::string_view> code_points(std::string_view s) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    n = std::min(n, s.size() - i);
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The name without its level prefix: 三门峡市发展和改革委员会 and 市发展改革委 → 发展….
std::string_view bare(std::string_view s) {
  for (std::string_view prefix : {"三门峡市", "三门峡", "市", "县", "区"})
    if (s.starts_with(prefix) && s.size() > prefix.size()) return s.substr(prefix.size());
  return s;
}

bool in_order(const std::vector<std::string_view>& query,
              const std::vector<std::string_view>& name) {
  std::size_t i = 0;
  for (const auto& c : name)
    if (i < query.size() && c == query[i]) ++i;
  return i == query.size();
}

}  // namespace

bool unit_name_matches(std::string_view query, std::string_view name) {
  query = trim(query);
  if (query.empty()) return true;
  if (name.find(query) != std::string_view::npos) return true;
  const auto q = bare(query), n = bare(name);
  if (n.find(q) != std::string_view::npos) return true;
  const auto qc = code_points(q);
  return qc.size() >= 2 && in_order(qc, code_points(n));
}

Result<std::vector<UnitId>> units_matching(Store& store, std::string_view query) {
  auto rows =
      store.query("SELECT id, name FROM units UNION ALL SELECT unit_id, alias FROM unit_aliases");
  if (!rows) return fail(rows.error());
  std::vector<UnitId> out;
  for (const auto& r : rows->rows)
    if (unit_name_matches(query, r.str(1))) out.push_back(UnitId{r.i64(0)});
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace zt::supervision

// Finding a unit the way the office types it: by its full name, any alias in the core org's
// alias table, a part of either, or the short form people say (发改委 for 市发展改革委).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/id.hpp"
#include "core/store.hpp"

namespace zt::supervision {

// Whether `query` names a unit called `name`: a substring of it, a substring once the level
// prefix (三门峡市, 市, 县, 区) is dropped from both, or — two characters or more — its characters
// in order in the prefix-less name, which is how Chinese short names are formed (发改委 in
// 发展改革委, 人社局 in 人力资源社会保障局). An empty query matches every name. Pure; `query`
// and `name` are UTF-8.
bool unit_name_matches(std::string_view query, std::string_view name);

// The units whose name or an alias matches `query` (unit_name_matches), in id order.
Result<std::vector<UnitId>> units_matching(Store& store, std::string_view query);

}  // namespace zt::supervision

// What org.cpp and org_edit.cpp share: row mapping, the audit JSON of a user, text checks and the
// lock that serialises changes to who is an enabled administrator. Internal to core.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/org.hpp"

namespace zt::org_detail {

inline constexpr const char* kUserCols = "id, username, display_name, unit_id, disabled";
inline constexpr const char* kUnitCols = "id, parent_id, name, kind, division_code, credit_code";
inline constexpr std::size_t kMaxDisplayNameBytes = 128;
// Taken by every change that could leave no enabled administrator (disabling, dropping the role).
inline constexpr std::int64_t kAdminsLockKey = 7411201;

// The user as the audit trail records it (role names, not labels).
nlohmann::json user_json(const User& u);
nlohmann::json unit_json(const Unit& u);
Result<std::vector<Role>> load_roles(Tx& tx, UserId id);
// Valid UTF-8 with no C0, DEL or C1 control character.
bool plain_text(std::string_view s);
// A display name: non-empty, at most kMaxDisplayNameBytes, plain text; errors name the field.
Status validate_display_name(std::string_view name);
User user_of(const Row& row);  // from kUserCols
Unit unit_of(const Row& row);  // from kUnitCols, without aliases
Result<std::vector<std::string>> load_aliases(Tx& tx, UnitId id);

}  // namespace zt::org_detail

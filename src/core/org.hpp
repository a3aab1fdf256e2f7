// Organisational units (a tree: city office, departments, county governments, companies), the
// people in them, their roles and enforcement certificates (执法证).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/audit.hpp"
#include "core/calendar.hpp"
#include "core/clock.hpp"
#include "core/id.hpp"
#include "core/store.hpp"

namespace zt {

// The argon2id work factors of new password hashes ([auth] password_cost). Interactive is
// libsodium's recommendation for logins; moderate and sensitive cost 4x and 16x more. Minimum is
// for tests alone, where thousands of users are made: it is not reachable from a config file.
struct PasswordCost {
  unsigned long long ops = 2;               // crypto_pwhash_OPSLIMIT_INTERACTIVE
  std::size_t mem = std::size_t(64) << 20;  // crypto_pwhash_MEMLIMIT_INTERACTIVE
  static PasswordCost interactive() { return {}; }
  static PasswordCost moderate() { return {3, std::size_t(256) << 20}; }
  static PasswordCost sensitive() { return {4, std::size_t(1) << 30}; }
  static PasswordCost minimum() { return {1, 8192}; }
};

enum class Role {
  kAdmin,               // 系统管理员
  kOffice,              // 督查室 (city government office)
  kUnitReporter,        // 单位填报员
  kUnitLeader,          // 单位领导
  kEnforcementOfficer,  // 执法人员
  kLegalReviewer,       // 法制审核人员
  kJusticeSupervisor,   // 司法局执法监督人员
  kDispatcher,          // 公交调度员
  kPlanner,             // 公交规划人员
};
inline constexpr Role kAllRoles[] = {Role::kAdmin,
                                     Role::kOffice,
                                     Role::kUnitReporter,
                                     Role::kUnitLeader,
                                     Role::kEnforcementOfficer,
                                     Role::kLegalReviewer,
                                     Role::kJusticeSupervisor,
                                     Role::kDispatcher,
                                     Role::kPlanner};

std::string_view role_name(Role r);   // "unit_reporter"
std::string_view role_label(Role r);  // "单位填报员"
std::optional<Role> parse_role(std::string_view name);

enum class UnitKind { kGovernmentOffice, kDepartment, kCountyGovernment, kCompany, kOther };
std::string_view unit_kind_name(UnitKind k);
std::optional<UnitKind> parse_unit_kind(std::string_view name);

struct Unit {
  UnitId id;
  std::optional<UnitId> parent;
  std::string name;
  UnitKind kind = UnitKind::kDepartment;
  std::string division_code;
  std::vector<std::string> aliases;
  std::string credit_code;  // 统一社会信用代码 (GB 32100), "" when not recorded
};

struct User {
  UserId id;
  std::string username;
  std::string display_name;
  UnitId unit;
  std::vector<Role> roles;
  bool disabled = false;
  bool has(Role r) const;
};

struct Certificate {
  std::int64_t id = 0;
  UserId user;
  std::string number;
  std::string field;  // 执法领域, e.g. "市场监管"
  Date valid_from;
  Date valid_to;  // a revoked certificate's ends the day before it was revoked
  std::optional<Date> revoked_on;
  std::string revoke_reason;
  bool valid_on(Date d) const { return valid_from <= d && d <= valid_to; }
};

struct NewUnit {
  std::string name;
  UnitKind kind = UnitKind::kDepartment;
  std::optional<UnitId> parent;
  std::string division_code;
  std::vector<std::string> aliases;
  std::string credit_code;
};

// What an edit of a unit changes; nullopt leaves a field as it is.
struct UnitChange {
  std::optional<std::string> name;  // the old name stays as an alias
  std::optional<UnitKind> kind;
  std::optional<std::optional<UnitId>> parent;  // a value of nullopt makes it a root
  std::optional<std::string> division_code;
  std::optional<std::string> credit_code;
  std::optional<std::vector<std::string>> aliases;  // the whole list (the old name is kept)
};

struct NewUser {
  std::string username;
  std::string display_name;
  UnitId unit;
  std::vector<Role> roles;
  std::string password;
};

// What an edit of a user changes; nullopt leaves a field as it is.
struct UserChange {
  std::optional<std::string> display_name;
  std::optional<UnitId> unit;
  std::optional<std::vector<Role>> roles;
};

// A page of the user list: `q` a part of the login or display name, the unit, a role.
struct UserQuery {
  std::string q;
  std::optional<UnitId> unit;
  std::optional<Role> role;
  std::int64_t offset = 0;
  std::int64_t limit = 0;  // 0: all
};
struct UserPage {
  std::vector<User> users;  // by id
  std::int64_t total = 0;   // matching users over all pages
};

class Org {
 public:
  Org(Store& store, const Clock& clock, PasswordCost cost = {})
      : store_(store), clock_(clock), cost_(cost) {}
  // Called after a user's sessions were ended (disabled, new password), so caches drop them.
  void on_sessions_ended(std::function<void(UserId)> hook) { sessions_ended_ = std::move(hook); }

  Result<Unit> add_unit(const NewUnit& u, const Actor& actor);
  Status add_alias(UnitId unit, const std::string& alias, const Actor& actor);
  // Renames a unit; the old name stays as an alias so earlier notices still resolve to it.
  Result<Unit> rename_unit(UnitId unit, const std::string& name, const Actor& actor);
  // Edits a unit in one audited change (before and after). A new name must not be another
  // unit's name or alias; a new parent must exist and not be the unit or below it.
  Result<Unit> update_unit(UnitId unit, const UnitChange& change, const Actor& actor);
  Result<std::vector<Unit>> list_units();
  Result<Unit> get_unit(UnitId id);
  // Resolves a full name or an alias to a unit.
  Result<std::optional<UnitId>> resolve_unit(const std::string& name_or_alias);

  Result<User> add_user(const NewUser& u, const Actor& actor);
  Result<User> get_user(UserId id);
  Result<std::optional<User>> find_user(const std::string& username);
  // All users, or those of one unit.
  Result<std::vector<User>> list_users(std::optional<UnitId> unit);
  Result<UserPage> search_users(const UserQuery& query);
  // Edits a user in one audited change. Refused (kForbidden) when the actor would take their own
  // admin role away, and (kConflict) when no enabled administrator would be left. A change of
  // roles or unit drops the user's cached sessions, so the next request sees it.
  Result<User> update_user(UserId id, const UserChange& change, const Actor& actor);
  Status set_password(UserId id, const std::string& password, const Actor& actor);
  // Disabling ends the user's sessions. Refused (kConflict) when it would leave no enabled
  // administrator: nobody could then manage users from the web.
  // Nobody disables themselves (kForbidden).
  Status set_disabled(UserId id, bool disabled, const Actor& actor);

  Result<Certificate> add_certificate(const Certificate& c, const Actor& actor);
  Result<std::vector<Certificate>> certificates(UserId user);
  // 注销: the certificate stops being valid from `today` (its valid_to becomes the day before, so
  // every check of validity sees it); the reason is kept. kNotFound unless it is the user's.
  Result<Certificate> revoke_certificate(UserId user, std::int64_t certificate,
                                         const std::string& reason, Date today, const Actor& actor);

 private:
  Store& store_;
  const Clock& clock_;
  PasswordCost cost_;
  std::function<void(UserId)> sessions_ended_;
};

// A login name is 1 to kMaxUsernameBytes bytes of valid UTF-8 without control characters, so
// one cannot smuggle NUL into a lookup, a log line or a JSON dump. Errors name the field
// "username".
inline constexpr std::size_t kMaxUsernameBytes = 64;
Status validate_username(std::string_view username);

// argon2id with the given work factors (libsodium's interactive limits by default). Rejects
// passwords under 8 characters. The hash records its own factors, so a hash made with one cost
// verifies under any other.
Result<std::string> hash_password(const std::string& password, const PasswordCost& cost = {});
bool verify_password(const std::string& hash, const std::string& password);

}  // namespace zt

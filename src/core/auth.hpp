// Login, sessions and permissions. Browsers get an HttpOnly SameSite cookie plus a CSRF token;
// API clients get a bearer token. Only SHA-256 digests of tokens are stored.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "core/org.hpp"
#include "core/store.hpp"

namespace zt {

// What a route needs. Every route declares one (http::Access); the server checks the
// permission's area before the handler runs, the router the permission itself, and handlers then
// check the unit of the object they touch. Which role holds which permission is decided in one
// table (kPermissionTable in auth.cpp); handlers and domain code ask Principal::can, never a
// role.
enum class Permission {
  kPublic,         // anonymous allowed
  kAuthenticated,  // any logged-in user
  kUnitsRead,
  kUnitsWrite,
  kAllUnits,           // looks across units (admins, the office, the justice bureau)
  kUsersRead,          // users of one's own unit (all units with kAllUnits)
  kUsersWrite,         // admin only: create, disable, reset passwords, certificates
  kAuditRead,          // an object's history, as far as its module lets the caller see the object
  kAuditAny,           // the history of object types no module vouches for
  kOutboxRead,         // the webhook queue
  kSupervision,        // 督查督办 pages
  kSupervisionManage,  // the office's work: notices, plans, people, inspections, bulletins
  kSupervisionReport,  // a unit's reporters and leaders: reports, attachments, rectifications
  kEnforcement,        // 行政执法 pages
  kEnforcementStaff,   // an enforcement unit's officers and legal reviewers
  kCaseHandle,         // 执法人员: register and carry cases
  kCaseReview,         // 法制审核: legal review, the unit's rules and settings
  kDirectoryWrite,     // import the draw directories (entities, inspectors)
  kDirectoryRead,      // read the entity directory with its credit classes
  kDirectoryAll,       // maintain every unit's directory rows
  kUnitLead,           // a unit's leader: sees what the unit's staff sees
  kOversight,          // 执法监督: file reviews, complaints, statistics across units
  kTransit,            // 智能公交 pages
  kTransitPlan,        // import and validate GTFS feeds
  kTransitDispatch,    // feed vehicle positions
};
inline constexpr int kPermissionCount = int(Permission::kTransitDispatch) + 1;

struct PermissionRule {
  Permission permission;
  const char* name;  // stable, in /auth/me and the web app ("supervision.manage")
  // Checked first, by the server, with its generic message: a caller outside the area never
  // learns more than that. Equal to `permission` for an area itself.
  Permission area;
  // The refusal when the area is held but the permission is not (a route may say its own).
  const char* refusal;
  std::vector<Role> roles;  // who holds it; empty with kPublic/kAuthenticated (everyone)
};
// The one table, indexed by Permission.
const std::vector<PermissionRule>& permission_table();
const PermissionRule& permission_rule(Permission p);
std::string_view permission_name(Permission p);
bool role_grants(Role role, Permission p);

struct Principal {
  UserId id;
  std::string username;
  std::string display_name;
  UnitId unit;
  std::string unit_name;
  std::vector<Role> roles;
  std::string csrf;
  bool via_cookie = false;

  bool has(Role r) const;
  bool can(Permission p) const;
  // kAllUnits: admins, the office and the justice bureau; everyone else sees their own.
  bool sees_all_units() const { return can(Permission::kAllUnits); }
  bool may_see_unit(UnitId u) const { return sees_all_units() || u == unit; }
  Actor actor(std::string request_id) const {
    return {id.value, username, unit.value, std::move(request_id)};
  }
};

// Failed logins are counted per (login name, client address) and per login name over all
// addresses, whether the name exists or not. One address is slowed and then locked out of one
// name long before the name's own, much higher ceiling is reached, so a guesser elsewhere cannot
// lock the real user out on their own.
struct AuthPolicy {
  std::chrono::seconds idle_timeout{2 * 3600};
  std::chrono::seconds absolute_timeout{12 * 3600};
  // Per name and address:
  int free_failures = 3;                // failures before throttling starts
  std::chrono::seconds first_delay{5};  // then 5 s, 10 s, 20 s, ... between attempts
  int lock_after = 10;                  // failures that lock this address out of this name
  std::chrono::seconds lock_duration{3600};
  // Per name, all addresses together: this many failures lock the name for everyone.
  int account_lock_after = 100;
  std::chrono::seconds account_lock_duration{900};
  // A counter without a new failure for this long starts again from zero.
  std::chrono::seconds failure_memory{24 * 3600};
  // How long a looked-up session is trusted from memory before the database is asked again.
  // Logout, disabling and password changes clear it at once on this instance; other instances
  // (multi-instance PostgreSQL) notice within this bound. 0 turns the cache off.
  std::chrono::seconds session_cache{5};
  // The work factors of new password hashes, and of the hash an unknown name is checked against
  // (so that it costs what a wrong password does).
  PasswordCost password_cost;
};

enum class TokenKind { kCookie, kBearer };

struct LoginAttempt {
  std::string username;
  std::string password;
  TokenKind kind = TokenKind::kCookie;
  std::string client;  // the client's address (Request::remote); throttling is keyed on it
  std::string request_id;
};

struct LoginResult {
  std::string token;
  Principal principal;
  Instant expires_at;
};

class Auth {
 public:
  Auth(Store& store, const Clock& clock, AuthPolicy policy = {})
      : store_(store), clock_(clock), policy_(policy) {}

  // Checks the password and opens a session. A malformed name is kInvalidInput ("username");
  // an unknown name, a wrong password and a disabled account all answer the same
  // kUnauthenticated after the same work (a disabled account is named only to the right
  // password, as kForbidden); a throttled (name, address) or name is kTooMany. Every attempt
  // that reaches the password check is counted before it, so parallel guesses cannot slip past
  // the throttle. Failures and successes are audited.
  Result<LoginResult> login(const LoginAttempt& attempt);
  // Clears every failed-login counter of a user's name (all addresses and the name's ceiling);
  // audited. Returns how many counters there were.
  Result<std::int64_t> unlock(UserId user, const Actor& actor);
  // The principal behind a token, sliding the idle expiry; kUnauthenticated when expired.
  Result<Principal> authenticate(const std::string& token);
  Status logout(const std::string& token, const std::string& request_id);
  // Drops every cached session of a user (after disabling or a password change).
  void forget_user(UserId user);

 private:
  struct CachedSession {
    Principal principal;
    std::int64_t expires_at = 0;
    std::int64_t last_seen = 0;
    std::int64_t checked_at = 0;
  };
  struct Counted {
    std::int64_t here = 0;  // failures of this name from this address, this attempt included
    std::int64_t name = 0;  // of this name from every address
  };
  // Refuses a throttled attempt (kTooMany), else counts it as a failure, atomically.
  Result<Counted> admit(const std::string& username, const std::string& source, std::int64_t now_s);
  Result<Principal> authenticate_in_store(const std::string& digest, std::int64_t now_s);

  Store& store_;
  const Clock& clock_;
  AuthPolicy policy_;
  // A real argon2id hash to verify against when the user does not exist, so an unknown name costs
  // as much time as a wrong password (made on first need, not at start-up).
  std::once_flag dummy_once_;
  std::string dummy_hash_;
  std::atomic<std::int64_t> pruned_at_{0};  // when forgotten counters were last deleted
  mutable std::shared_mutex cache_mu_;
  std::unordered_map<std::string, CachedSession> cache_;  // by token digest
};

}  // namespace zt

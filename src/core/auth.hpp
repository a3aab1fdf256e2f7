// Login, sessions and permissions. Browsers get an HttpOnly SameSite cookie plus a CSRF token;
// API clients get a bearer token. Only SHA-256 digests of tokens are stored.
#pragma once

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

// What a route needs. Every route declares one; the server checks it before the handler runs,
// and handlers then check the unit of the object they touch.
enum class Permission {
  kPublic,         // anonymous allowed
  kAuthenticated,  // any logged-in user
  kUnitsRead,
  kUnitsWrite,
  kUsersRead,   // users of one's own unit (all units for admin)
  kUsersWrite,  // admin only
  kAuditRead,
  kSupervision,  // 督查督办 pages
  kEnforcement,  // 行政执法 pages
  kTransit,      // 智能公交 pages
};
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
  // Admins, the office and the justice bureau look across units; everyone else sees their own.
  bool sees_all_units() const;
  bool may_see_unit(UnitId u) const { return sees_all_units() || u == unit; }
  Actor actor(std::string request_id) const {
    return {id.value, username, unit.value, std::move(request_id)};
  }
};

struct AuthPolicy {
  std::chrono::seconds idle_timeout{2 * 3600};
  std::chrono::seconds absolute_timeout{12 * 3600};
  int free_failures = 3;                // failures before throttling starts
  std::chrono::seconds first_delay{5};  // then 5 s, 10 s, 20 s, ... between attempts
  int lock_after = 10;                  // failures that lock the account
  std::chrono::seconds lock_duration{3600};
  // How long a looked-up session is trusted from memory before the database is asked again.
  // Logout, disabling and password changes clear it at once on this instance; other instances
  // (multi-instance PostgreSQL) notice within this bound. 0 turns the cache off.
  std::chrono::seconds session_cache{5};
};

enum class TokenKind { kCookie, kBearer };

struct LoginResult {
  std::string token;
  Principal principal;
  Instant expires_at;
};

class Auth {
 public:
  Auth(Store& store, const Clock& clock, AuthPolicy policy = {})
      : store_(store), clock_(clock), policy_(policy) {}

  // Checks the password, throttling and locking after repeated failures (kTooMany), and opens a
  // session. Failures and successes are audited.
  Result<LoginResult> login(const std::string& username, const std::string& password,
                            TokenKind kind, const std::string& request_id);
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
  Result<Principal> authenticate_in_store(const std::string& digest, std::int64_t now_s);

  Store& store_;
  const Clock& clock_;
  AuthPolicy policy_;
  // A real argon2id hash to verify against when the user does not exist, so an unknown name costs
  // as much time as a wrong password (made on first need, not at start-up).
  std::once_flag dummy_once_;
  std::string dummy_hash_;
  mutable std::shared_mutex cache_mu_;
  std::unordered_map<std::string, CachedSession> cache_;  // by token digest
};

}  // namespace zt

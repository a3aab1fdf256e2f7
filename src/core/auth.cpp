#include "core/auth.hpp"

#include <algorithm>

#include "core/digest.hpp"

namespace zt {

std::string_view permission_name(Permission p) {
  switch (p) {
    case Permission::kPublic:
      return "public";
    case Permission::kAuthenticated:
      return "authenticated";
    case Permission::kUnitsRead:
      return "units.read";
    case Permission::kUnitsWrite:
      return "units.write";
    case Permission::kUsersRead:
      return "users.read";
    case Permission::kUsersWrite:
      return "users.write";
    case Permission::kAuditRead:
      return "audit.read";
    case Permission::kSupervision:
      return "supervision";
    case Permission::kEnforcement:
      return "enforcement";
    case Permission::kTransit:
      return "transit";
  }
  return "unknown";
}

bool role_grants(Role role, Permission p) {
  switch (p) {
    case Permission::kPublic:
    case Permission::kAuthenticated:
    case Permission::kUnitsRead:
    case Permission::kAuditRead:  // handlers still check the object's unit
      return true;
    case Permission::kUnitsWrite:
    case Permission::kUsersWrite:
      return role == Role::kAdmin;
    case Permission::kUsersRead:
      return role == Role::kAdmin || role == Role::kUnitLeader || role == Role::kOffice ||
             role == Role::kJusticeSupervisor;
    case Permission::kSupervision:
      return role == Role::kAdmin || role == Role::kOffice || role == Role::kUnitReporter ||
             role == Role::kUnitLeader;
    case Permission::kEnforcement:
      return role == Role::kAdmin || role == Role::kEnforcementOfficer ||
             role == Role::kLegalReviewer || role == Role::kJusticeSupervisor ||
             role == Role::kUnitLeader;
    case Permission::kTransit:
      return role == Role::kAdmin || role == Role::kDispatcher || role == Role::kPlanner;
  }
  return false;
}

bool Principal::has(Role r) const {
  return std::find(roles.begin(), roles.end(), r) != roles.end();
}

bool Principal::can(Permission p) const {
  if (p == Permission::kPublic) return true;
  return std::any_of(roles.begin(), roles.end(), [&](Role r) { return role_grants(r, p); });
}

bool Principal::sees_all_units() const {
  return has(Role::kAdmin) || has(Role::kOffice) || has(Role::kJusticeSupervisor);
}

Result<LoginResult> Auth::login(const std::string& username, const std::string& password,
                                TokenKind kind, const std::string& request_id) {
  const auto now = clock_.now();
  const std::int64_t now_s = unix_seconds(now);
  auto row = store_.query(
      "SELECT id, password_hash, disabled, failed_logins, locked_until FROM users WHERE username "
      "= $1",
      {username});
  if (!row) return fail(row.error());
  // One message for unknown user and wrong password, so names cannot be probed.
  const Error wrong = Error::unauthenticated("用户名或密码错误");
  if (row->rows.empty()) {
    // Spend the same time as a real check, so names cannot be probed by timing either.
    std::call_once(dummy_once_,
                   [this] { dummy_hash_ = hash_password(random_hex(16)).value_or(""); });
    (void)verify_password(dummy_hash_, password);
    return fail(wrong);
  }
  const auto& r = row->rows[0];
  UserId id{r.i64(0)};
  if (r.i64(2) != 0) return fail(Error::forbidden("账号已停用，请联系管理员"));
  if (r.i64(4) > now_s) {
    auto wait = r.i64(4) - now_s;
    return fail(Error{
        ErrorKind::kTooMany, "登录失败次数过多，请" + std::to_string(wait) + "秒后再试", {}, {}});
  }
  Actor sys{id.value, username, std::nullopt, request_id};
  if (!verify_password(r.str(1), password)) {
    int failures = int(r.i64(3)) + 1;
    std::int64_t locked_until = 0;
    std::string what = "登录失败";
    if (failures >= policy_.lock_after) {
      locked_until = now_s + policy_.lock_duration.count();
      what = "登录失败，账号锁定";
    } else if (failures > policy_.free_failures) {
      locked_until =
          now_s + policy_.first_delay.count() * (1LL << (failures - policy_.free_failures - 1));
    }
    auto st = store_.transact([&](Tx& tx) -> Status {
      auto u = tx.query("UPDATE users SET failed_logins = $1, locked_until = $2 WHERE id = $3",
                        {std::int64_t(failures), locked_until, id.value});
      if (!u) return fail(u.error());
      auto a = append_audit(tx,
                            sys.entry("auth.login_failed", "user", std::to_string(id.value), what,
                                      "", "{\"failures\":" + std::to_string(failures) + "}"),
                            now);
      if (!a) return fail(a.error());
      return {};
    });
    if (!st) return fail(st.error());
    if (failures >= policy_.lock_after)
      return fail(Error{ErrorKind::kTooMany, "登录失败次数过多，账号已锁定", {}, {}});
    return fail(wrong);
  }
  LoginResult out;
  out.token = random_hex(32);
  out.expires_at = now + policy_.idle_timeout;
  std::string csrf = random_hex(16);
  auto st = store_.transact([&](Tx& tx) -> Status {
    auto u =
        tx.query("UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = $1", {id.value});
    if (!u) return fail(u.error());
    auto s = tx.query(
        "INSERT INTO sessions (token_hash, user_id, csrf, kind, created_at, last_seen, expires_at) "
        "VALUES ($1, $2, $3, $4, $5, $5, $6)",
        {sha256_hex(out.token), id.value, csrf,
         std::string(kind == TokenKind::kCookie ? "cookie" : "bearer"), now_s,
         now_s + policy_.absolute_timeout.count()});
    if (!s) return fail(s.error());
    auto a = append_audit(
        tx, sys.entry("auth.login", "user", std::to_string(id.value), "登录", "", ""), now);
    if (!a) return fail(a.error());
    return {};
  });
  if (!st) return fail(st.error());
  auto p = authenticate(out.token);
  if (!p) return fail(p.error());
  out.principal = *p;
  return out;
}

Result<Principal> Auth::authenticate(const std::string& token) {
  if (token.size() != 64) return fail(Error::unauthenticated("未登录或会话已过期"));
  const std::int64_t now_s = unix_seconds(clock_.now());
  const std::string digest = sha256_hex(token);
  if (policy_.session_cache.count() > 0) {
    std::shared_lock lock(cache_mu_);
    auto it = cache_.find(digest);
    if (it != cache_.end() && now_s - it->second.checked_at < policy_.session_cache.count() &&
        it->second.expires_at > now_s &&
        it->second.last_seen + policy_.idle_timeout.count() > now_s)
      return it->second.principal;
  }
  auto p = authenticate_in_store(digest, now_s);
  if (!p && policy_.session_cache.count() > 0) {
    std::unique_lock lock(cache_mu_);
    cache_.erase(digest);
  }
  return p;
}

Result<Principal> Auth::authenticate_in_store(const std::string& digest, std::int64_t now_s) {
  auto r = store_.query(
      "SELECT s.user_id, s.csrf, s.kind, s.last_seen, s.expires_at, u.username, u.display_name, "
      "u.unit_id, u.disabled, n.name FROM sessions s JOIN users u ON u.id = s.user_id JOIN units n "
      "ON n.id = u.unit_id WHERE s.token_hash = $1",
      {digest});
  if (!r) return fail(r.error());
  if (r->rows.empty()) return fail(Error::unauthenticated("未登录或会话已过期"));
  const auto& row = r->rows[0];
  if (row.i64(8) != 0 || row.i64(4) <= now_s ||
      row.i64(3) + policy_.idle_timeout.count() <= now_s) {
    (void)store_.query("DELETE FROM sessions WHERE token_hash = $1", {digest});
    return fail(Error::unauthenticated("未登录或会话已过期"));
  }
  std::int64_t last_seen = row.i64(3);
  // Touch at most once a minute: keeps reads from turning into writes on every request.
  if (now_s - last_seen >= 60) {
    (void)store_.query("UPDATE sessions SET last_seen = $1 WHERE token_hash = $2", {now_s, digest});
    last_seen = now_s;
  }
  Principal p;
  p.id = UserId{row.i64(0)};
  p.csrf = row.str(1);
  p.via_cookie = row.str(2) == "cookie";
  p.username = row.str(5);
  p.display_name = row.str(6);
  p.unit = UnitId{row.i64(7)};
  p.unit_name = row.str(9);
  auto roles = store_.query("SELECT role FROM user_roles WHERE user_id = $1", {p.id.value});
  if (!roles) return fail(roles.error());
  for (const auto& rr : roles->rows)
    if (auto role = parse_role(rr.str(0))) p.roles.push_back(*role);
  if (policy_.session_cache.count() > 0) {
    std::unique_lock lock(cache_mu_);
    if (cache_.size() > 100000) cache_.clear();  // bounded; entries refill on demand
    cache_[digest] = {p, row.i64(4), last_seen, now_s};
  }
  return p;
}

void Auth::forget_user(UserId user) {
  std::unique_lock lock(cache_mu_);
  std::erase_if(cache_, [&](const auto& kv) { return kv.second.principal.id == user; });
}

Status Auth::logout(const std::string& token, const std::string& request_id) {
  auto p = authenticate(token);
  if (!p) return {};
  {
    std::unique_lock lock(cache_mu_);
    cache_.erase(sha256_hex(token));
  }
  return store_.transact([&](Tx& tx) -> Status {
    auto d = tx.query("DELETE FROM sessions WHERE token_hash = $1", {sha256_hex(token)});
    if (!d) return fail(d.error());
    auto a = append_audit(
        tx,
        p->actor(request_id)
            .entry("auth.logout", "user", std::to_string(p->id.value), "退出登录", "", ""),
        clock_.now());
    if (!a) return fail(a.error());
    return {};
  });
}

}  // namespace zt

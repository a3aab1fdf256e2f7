#include "core/auth.hpp"

#include <algorithm>
#include <cstdlib>

#include <boost/asio/ip/address.hpp>
#include <nlohmann/json.hpp>

#include "core/audit.hpp"
#include "core/digest.hpp"

namespace zt {

const std::vector<PermissionRule>& permission_table() {
  using P = Permission;
  using R = Role;
  // In enum order (checked below). Areas first in each module, then what narrows them.
  static const std::vector<PermissionRule> table = [] {
    std::vector<PermissionRule> t = {
        {P::kPublic, "public", P::kPublic, nullptr, {}},
        {P::kAuthenticated, "authenticated", P::kAuthenticated, nullptr, {}},
        {P::kUnitsRead, "units.read", P::kUnitsRead, nullptr, {}},
        {P::kUnitsWrite, "units.write", P::kUnitsWrite, nullptr, {R::kAdmin}},
        {P::kAllUnits,
         "units.all",
         P::kAllUnits,
         nullptr,
         {R::kAdmin, R::kOffice, R::kJusticeSupervisor}},
        {P::kUsersRead,
         "users.read",
         P::kUsersRead,
         nullptr,
         {R::kAdmin, R::kUnitLeader, R::kOffice, R::kJusticeSupervisor}},
        {P::kUsersWrite, "users.write", P::kUsersWrite, nullptr, {R::kAdmin}},
        {P::kAuditRead, "audit.read", P::kAuditRead, nullptr, {}},
        {P::kAuditAny, "audit.any", P::kAuthenticated, "无权查看该对象的记录", {R::kAdmin}},
        {P::kOutboxRead,
         "outbox.read",
         P::kAuthenticated,
         "只有管理员或督查室可以查看消息队列",
         {R::kAdmin, R::kOffice}},
        {P::kSupervision,
         "supervision",
         P::kSupervision,
         nullptr,
         {R::kAdmin, R::kOffice, R::kUnitReporter, R::kUnitLeader}},
        {P::kSupervisionManage,
         "supervision.manage",
         P::kSupervision,
         "只有督查室或管理员可以进行此操作",
         {R::kAdmin, R::kOffice}},
        {P::kSupervisionReport,
         "supervision.report",
         P::kSupervision,
         "只有单位填报员或单位领导可以进行此操作",
         {R::kUnitReporter, R::kUnitLeader}},
        {P::kEnforcement,
         "enforcement",
         P::kEnforcement,
         nullptr,
         {R::kAdmin, R::kEnforcementOfficer, R::kLegalReviewer, R::kJusticeSupervisor,
          R::kUnitLeader}},
        {P::kEnforcementStaff,
         "enforcement.staff",
         P::kEnforcement,
         nullptr,
         {R::kEnforcementOfficer, R::kLegalReviewer}},
        {P::kCaseHandle, "case.handle", P::kEnforcement, nullptr, {R::kEnforcementOfficer}},
        {P::kCaseReview, "case.review", P::kEnforcement, nullptr, {R::kLegalReviewer}},
        {P::kDirectoryWrite,
         "enforcement.directory.write",
         P::kEnforcement,
         "只有执法单位人员或管理员可以维护抽查名录",
         {R::kAdmin, R::kEnforcementOfficer, R::kLegalReviewer}},
        {P::kDirectoryRead,
         "enforcement.directory.read",
         P::kEnforcement,
         nullptr,
         {R::kAdmin, R::kJusticeSupervisor, R::kEnforcementOfficer, R::kLegalReviewer}},
        {P::kDirectoryAll, "enforcement.directory.all", P::kEnforcement, nullptr, {R::kAdmin}},
        {P::kUnitLead, "unit.lead", P::kUnitLead, nullptr, {R::kUnitLeader}},
        {P::kOversight,
         "enforcement.oversight",
         P::kEnforcement,
         nullptr,
         {R::kAdmin, R::kJusticeSupervisor}},
        {P::kTransit, "transit", P::kTransit, nullptr, {R::kAdmin, R::kDispatcher, R::kPlanner}},
        {P::kTransitPlan,
         "transit.plan",
         P::kTransit,
         "只有交通规划人员或管理员可以导入公交数据",
         {R::kAdmin, R::kPlanner}},
        {P::kTransitDispatch,
         "transit.dispatch",
         P::kTransit,
         "只有公交调度员或管理员可以上报车辆定位",
         {R::kAdmin, R::kDispatcher}},
    };
    for (std::size_t i = 0; i < t.size(); ++i)
      if (int(t[i].permission) != int(i)) std::abort();  // a row out of enum order
    if (int(t.size()) != kPermissionCount) std::abort();
    return t;
  }();
  return table;
}

const PermissionRule& permission_rule(Permission p) { return permission_table()[std::size_t(p)]; }

std::string_view permission_name(Permission p) { return permission_rule(p).name; }

bool role_grants(Role role, Permission p) {
  const auto& roles = permission_rule(p).roles;
  return roles.empty() || std::find(roles.begin(), roles.end(), role) != roles.end();
}

bool Principal::has(Role r) const {
  return std::find(roles.begin(), roles.end(), r) != roles.end();
}

bool Principal::can(Permission p) const {
  if (p == Permission::kPublic) return true;
  // A user without roles holds nothing, not even kAuthenticated.
  return std::any_of(roles.begin(), roles.end(), [&](Role r) { return role_grants(r, p); });
}

namespace {

// The account-wide counter's source; no client address is spelt like this.
const std::string kEveryAddress = "*";

// Where attempts come from, as a throttling key: IPv6 clients by their /64 (what one subscriber
// is given), IPv4 ones (mapped or not) by their address. Anything else (no address at all) shares
// one key, which can never be mistaken for kEveryAddress or carry bytes unfit for the audit JSON.
std::string client_key(const std::string& address) {
  boost::system::error_code ec;
  auto a = boost::asio::ip::make_address(address, ec);
  if (ec) return "?";
  if (a.is_v6()) {
    auto v6 = a.to_v6();
    if (v6.is_v4_mapped())
      return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6).to_string();
    auto bytes = v6.to_bytes();
    std::fill(bytes.begin() + 8, bytes.end(), 0);
    return boost::asio::ip::address_v6(bytes).to_string() + "/64";
  }
  return a.to_string();
}

// Serialises the throttle decision for one name across instances (FNV-1a: stable everywhere).
std::int64_t name_lock_key(const std::string& username) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : username) h = (h ^ c) * 1099511628211ULL;
  return std::int64_t(0x6c6f67'000000 + (h & 0xffffff));  // "log" + 24 bits
}

Error too_many(std::int64_t wait_s) {
  std::string wait =
      wait_s >= 120 ? std::to_string((wait_s + 59) / 60) + "分钟" : std::to_string(wait_s) + "秒";
  return Error{ErrorKind::kTooMany, "登录失败次数过多，请" + wait + "后再试", {}, {}};
}

// The wait a counter imposes after its last failure.
std::int64_t wait_after(const AuthPolicy& p, bool whole_name, std::int64_t failures) {
  if (whole_name) return failures >= p.account_lock_after ? p.account_lock_duration.count() : 0;
  if (failures >= p.lock_after) return p.lock_duration.count();
  if (failures <= p.free_failures) return 0;
  std::int64_t wait = p.first_delay.count();
  for (auto n = failures - p.free_failures - 1; n > 0 && wait < p.lock_duration.count(); --n)
    wait *= 2;
  return std::min(wait, p.lock_duration.count());
}

}  // namespace

Result<Auth::Counted> Auth::admit(const std::string& username, const std::string& source,
                                  std::int64_t now_s) {
  const std::int64_t forgotten = now_s - policy_.failure_memory.count();
  return store_.transact_value<Counted>([&](Tx& tx) -> Result<Counted> {
    // Without it, parallel attempts on PostgreSQL would all read the same count and all pass.
    if (auto l = tx.lock(name_lock_key(username)); !l) return fail(l.error());
    if (auto last = pruned_at_.load();
        now_s - last >= 60 && pruned_at_.compare_exchange_strong(last, now_s)) {
      auto d = tx.query("DELETE FROM login_failures WHERE last_failure <= $1", {forgotten});
      if (!d) return fail(d.error());
    }
    auto cur = tx.query(
        "SELECT source, failures, last_failure FROM login_failures WHERE username = $1 AND "
        "source IN ($2, $3)",
        {username, source, kEveryAddress});
    if (!cur) return fail(cur.error());
    std::int64_t until = 0;
    for (const auto& r : cur->rows) {
      if (r.i64(2) <= forgotten) continue;
      until = std::max(until, r.i64(2) + wait_after(policy_, r.str(0) == kEveryAddress, r.i64(1)));
    }
    if (until > now_s) return fail(too_many(until - now_s));
    // Counted before the password is checked; a success takes its own count back.
    auto up = tx.query(
        "INSERT INTO login_failures (username, source, failures, last_failure) VALUES ($1, $2, 1, "
        "$4), ($1, $3, 1, $4) ON CONFLICT (username, source) DO UPDATE SET failures = CASE WHEN "
        "login_failures.last_failure <= $5 THEN 1 ELSE login_failures.failures + 1 END, "
        "last_failure = $4 RETURNING source, failures",
        {username, source, kEveryAddress, now_s, forgotten});
    if (!up) return fail(up.error());
    Counted out;
    for (const auto& r : up->rows) (r.str(0) == kEveryAddress ? out.name : out.here) = r.i64(1);
    return out;
  });
}

Result<LoginResult> Auth::login(const LoginAttempt& in) {
  if (auto st = validate_username(in.username); !st) return fail(st.error());
  const auto now = clock_.now();
  const std::int64_t now_s = unix_seconds(now);
  const std::string source = client_key(in.client);
  auto counted = admit(in.username, source, now_s);
  if (!counted) return fail(counted.error());
  auto row = store_.query("SELECT id, password_hash, disabled FROM users WHERE username = $1",
                          {in.username});
  if (!row) return fail(row.error());
  const bool known = !row->rows.empty();
  // An unknown name is checked against a real hash too, so it costs what a wrong password does.
  if (!known)
    std::call_once(dummy_once_, [this] {
      dummy_hash_ = hash_password(random_hex(16), policy_.password_cost).value_or("");
    });
  const bool right =
      verify_password(known ? row->rows[0].str(1) : dummy_hash_, in.password) && known;
  const bool disabled = known && row->rows[0].i64(2) != 0;
  const std::optional<std::int64_t> id =
      known ? std::optional<std::int64_t>(row->rows[0].i64(0)) : std::nullopt;
  Actor actor{id, in.username, std::nullopt, in.request_id};

  if (!right || disabled) {
    // The same audit write whether or not the name exists, so the two take the same time.
    nlohmann::json after{
        {"client", source}, {"failures", counted->here}, {"name_failures", counted->name}};
    auto st = store_.transact([&](Tx& tx) -> Status {
      auto a =
          append_audit(tx,
                       actor.entry(right ? "auth.login_refused" : "auth.login_failed",
                                   id ? "user" : "login", id ? std::to_string(*id) : in.username,
                                   right ? "已停用账号登录被拒绝" : "登录失败", "", after.dump()),
                       now);
      if (!a) return fail(a.error());
      return {};
    });
    if (!st) return fail(st.error());
    // Only whoever knows the password learns that the account is disabled.
    if (right) return fail(Error::forbidden("账号已停用，请联系管理员"));
    return fail(Error::unauthenticated("用户名或密码错误"));
  }

  LoginResult out;
  out.token = random_hex(32);
  out.expires_at = now + policy_.idle_timeout;
  std::string csrf = random_hex(16);
  auto st = store_.transact([&](Tx& tx) -> Status {
    // This address starts again; the name keeps the others' failures, less this attempt's.
    auto d = tx.query("DELETE FROM login_failures WHERE username = $1 AND source = $2",
                      {in.username, source});
    if (!d) return fail(d.error());
    auto n = tx.query(
        "UPDATE login_failures SET failures = failures - 1 WHERE username = $1 AND source = $2 "
        "AND failures > 0",
        {in.username, kEveryAddress});
    if (!n) return fail(n.error());
    auto s = tx.query(
        "INSERT INTO sessions (token_hash, user_id, csrf, kind, created_at, last_seen, expires_at) "
        "VALUES ($1, $2, $3, $4, $5, $5, $6)",
        {sha256_hex(out.token), *id, csrf,
         std::string(in.kind == TokenKind::kCookie ? "cookie" : "bearer"), now_s,
         now_s + policy_.absolute_timeout.count()});
    if (!s) return fail(s.error());
    auto a = append_audit(tx,
                          actor.entry("auth.login", "user", std::to_string(*id), "登录", "",
                                      nlohmann::json{{"client", source}}.dump()),
                          now);
    if (!a) return fail(a.error());
    return {};
  });
  if (!st) return fail(st.error());
  auto p = authenticate(out.token);
  if (!p) return fail(p.error());
  out.principal = *p;
  return out;
}

Result<std::int64_t> Auth::unlock(UserId user, const Actor& actor) {
  return store_.transact_value<std::int64_t>([&](Tx& tx) -> Result<std::int64_t> {
    auto u = tx.query("SELECT username FROM users WHERE id = $1", {user.value});
    if (!u) return fail(u.error());
    if (u->rows.empty()) return fail(Error::not_found("用户不存在：" + std::to_string(user.value)));
    const std::string name = u->rows[0].str(0);
    if (auto l = tx.lock(name_lock_key(name)); !l) return fail(l.error());
    auto d = tx.query("DELETE FROM login_failures WHERE username = $1", {name});
    if (!d) return fail(d.error());
    auto a = append_audit(
        tx,
        actor.entry("user.unlock", "user", std::to_string(user.value), "解除登录限制 " + name,
                    nlohmann::json{{"counters", d->affected}}.dump(),
                    nlohmann::json{{"counters", 0}}.dump()),
        clock_.now());
    if (!a) return fail(a.error());
    return d->affected;
  });
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

#include "core/org.hpp"

#include "core/org_internal.hpp"

#include <algorithm>

#include <sodium.h>
#include <nlohmann/json.hpp>

namespace zt {
namespace {

struct RoleInfo {
  Role role;
  std::string_view name;
  std::string_view label;
};
constexpr RoleInfo kRoles[] = {
    {Role::kAdmin, "admin", "系统管理员"},
    {Role::kOffice, "office", "督查室"},
    {Role::kUnitReporter, "unit_reporter", "单位填报员"},
    {Role::kUnitLeader, "unit_leader", "单位领导"},
    {Role::kEnforcementOfficer, "enforcement_officer", "执法人员"},
    {Role::kLegalReviewer, "legal_reviewer", "法制审核人员"},
    {Role::kJusticeSupervisor, "justice_supervisor", "司法局执法监督人员"},
    {Role::kDispatcher, "dispatcher", "公交调度员"},
    {Role::kPlanner, "planner", "公交规划人员"},
};

struct KindInfo {
  UnitKind kind;
  std::string_view name;
};
constexpr KindInfo kKinds[] = {
    {UnitKind::kGovernmentOffice, "government_office"},
    {UnitKind::kDepartment, "department"},
    {UnitKind::kCountyGovernment, "county_government"},
    {UnitKind::kCompany, "company"},
    {UnitKind::kOther, "other"},
};

}  // namespace

namespace org_detail {

nlohmann::json unit_json(const Unit& u) {
  return {{"name", u.name},
          {"kind", unit_kind_name(u.kind)},
          {"parent_id", u.parent ? nlohmann::json(u.parent->value) : nullptr},
          {"division_code", u.division_code},
          {"credit_code", u.credit_code},
          {"aliases", u.aliases}};
}

Unit unit_of(const Row& row) {
  Unit u;
  u.id = UnitId{row.i64(0)};
  if (auto p = row.opt_i64(1)) u.parent = UnitId{*p};
  u.name = row.str(2);
  u.kind = parse_unit_kind(row.str(3)).value_or(UnitKind::kOther);
  u.division_code = row.str(4);
  u.credit_code = row.str(5);
  return u;
}

Result<std::vector<std::string>> load_aliases(Tx& tx, UnitId id) {
  auto al =
      tx.query("SELECT alias FROM unit_aliases WHERE unit_id = $1 ORDER BY alias", {id.value});
  if (!al) return fail(al.error());
  std::vector<std::string> out;
  for (const auto& a : al->rows) out.push_back(a.str(0));
  return out;
}

Status validate_display_name(std::string_view name) {
  if (name.empty()) return fail(Error::invalid("姓名不能为空", "display_name"));
  if (name.size() > kMaxDisplayNameBytes)
    return fail(Error::invalid("姓名过长（至多" + std::to_string(kMaxDisplayNameBytes) + "字节）",
                               "display_name"));
  if (!plain_text(name))
    return fail(Error::invalid("姓名含控制字符或无效的 UTF-8", "display_name"));
  return {};
}

nlohmann::json user_json(const User& u) {
  nlohmann::json roles = nlohmann::json::array();
  for (auto r : u.roles) roles.push_back(role_name(r));
  return {{"id", u.id.value},        {"username", u.username}, {"display_name", u.display_name},
          {"unit_id", u.unit.value}, {"roles", roles},         {"disabled", u.disabled}};
}

Result<std::vector<Role>> load_roles(Tx& tx, UserId id) {
  auto r = tx.query("SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role", {id.value});
  if (!r) return fail(r.error());
  std::vector<Role> roles;
  for (const auto& row : r->rows)
    if (auto role = parse_role(row.str(0))) roles.push_back(*role);
  return roles;
}

bool plain_text(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) return false;
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
    if (len == 0 || c > 0xf4 || i + len > s.size()) return false;
    std::uint32_t cp = c & (0x7f >> len);
    for (std::size_t k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    // Overlong forms, surrogates, beyond U+10FFFF, C1 controls.
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f))
      return false;
    i += len;
  }
  return true;
}

User user_of(const Row& row) {
  User u;
  u.id = UserId{row.i64(0)};
  u.username = row.str(1);
  u.display_name = row.str(2);
  u.unit = UnitId{row.i64(3)};
  u.disabled = row.i64(4) != 0;
  return u;
}

}  // namespace org_detail

using namespace org_detail;

std::string_view role_name(Role r) {
  for (const auto& i : kRoles)
    if (i.role == r) return i.name;
  return "unknown";
}
std::string_view role_label(Role r) {
  for (const auto& i : kRoles)
    if (i.role == r) return i.label;
  return "未知";
}
std::optional<Role> parse_role(std::string_view name) {
  for (const auto& i : kRoles)
    if (i.name == name) return i.role;
  return std::nullopt;
}
std::string_view unit_kind_name(UnitKind k) {
  for (const auto& i : kKinds)
    if (i.kind == k) return i.name;
  return "other";
}
std::optional<UnitKind> parse_unit_kind(std::string_view name) {
  for (const auto& i : kKinds)
    if (i.name == name) return i.kind;
  return std::nullopt;
}

Status validate_username(std::string_view username) {
  if (username.empty()) return fail(Error::invalid("用户名不能为空", "username"));
  if (username.size() > kMaxUsernameBytes)
    return fail(Error::invalid("用户名过长（至多" + std::to_string(kMaxUsernameBytes) + "字节）",
                               "username"));
  if (!plain_text(username))
    return fail(Error::invalid("用户名含控制字符或无效的 UTF-8", "username"));
  return {};
}

bool User::has(Role r) const { return std::find(roles.begin(), roles.end(), r) != roles.end(); }

static_assert(PasswordCost{}.ops == crypto_pwhash_OPSLIMIT_INTERACTIVE);
static_assert(PasswordCost{}.mem == crypto_pwhash_MEMLIMIT_INTERACTIVE);
static_assert(PasswordCost{1, 8192}.ops == crypto_pwhash_OPSLIMIT_MIN);
static_assert(PasswordCost{1, 8192}.mem == crypto_pwhash_MEMLIMIT_MIN);

Result<std::string> hash_password(const std::string& password, const PasswordCost& cost) {
  if (password.size() < 8) return fail(Error::invalid("密码至少8位", "password"));
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.ops, cost.mem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    return fail(Error::internal("argon2id: out of memory"));
  return std::string(out);
}

bool verify_password(const std::string& hash, const std::string& password) {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

Result<Unit> Org::add_unit(const NewUnit& nu, const Actor& actor) {
  if (nu.name.empty()) return fail(Error::invalid("单位名称不能为空", "name"));
  return store_.transact_value<Unit>([&](Tx& tx) -> Result<Unit> {
    if (nu.parent) {
      auto p = tx.query("SELECT 1 FROM units WHERE id = $1", {nu.parent->value});
      if (!p) return fail(p.error());
      if (p->rows.empty()) return fail(Error::invalid("上级单位不存在", "parent_id"));
    }
    auto ins = tx.query(
        "INSERT INTO units (parent_id, name, kind, division_code, credit_code, created_at) VALUES "
        "($1, $2, $3, $4, $5, $6) RETURNING id",
        {nu.parent ? Param{nu.parent->value} : Param{nullptr}, nu.name,
         std::string(unit_kind_name(nu.kind)), nu.division_code, nu.credit_code,
         unix_seconds(clock_.now())});
    if (!ins) {
      if (ins.error().kind == ErrorKind::kConflict)
        return fail(Error::conflict("单位已存在：" + nu.name));
      return fail(ins.error());
    }
    Unit u{UnitId{ins->rows[0].i64(0)},
           nu.parent,
           nu.name,
           nu.kind,
           nu.division_code,
           {},
           nu.credit_code};
    for (const auto& a : nu.aliases) {
      if (a == nu.name) continue;
      auto al =
          tx.query("INSERT INTO unit_aliases (alias, unit_id) VALUES ($1, $2)", {a, u.id.value});
      if (!al) {
        if (al.error().kind == ErrorKind::kConflict)
          return fail(Error::conflict("简称已被其他单位使用：" + a));
        return fail(al.error());
      }
      u.aliases.push_back(a);
    }
    auto a = append_audit(tx,
                          actor.entry("unit.create", "unit", std::to_string(u.id.value),
                                      "新增单位 " + u.name, "", unit_json(u).dump()),
                          clock_.now());
    if (!a) return fail(a.error());
    return u;
  });
}

Status Org::add_alias(UnitId unit, const std::string& alias, const Actor& actor) {
  if (alias.empty()) return fail(Error::invalid("简称不能为空", "alias"));
  return store_.transact([&](Tx& tx) -> Status {
    auto ins =
        tx.query("INSERT INTO unit_aliases (alias, unit_id) VALUES ($1, $2)", {alias, unit.value});
    if (!ins) return fail(ins.error());
    auto a =
        append_audit(tx,
                     actor.entry("unit.alias", "unit", std::to_string(unit.value),
                                 "新增简称 " + alias, "", nlohmann::json{{"alias", alias}}.dump()),
                     clock_.now());
    if (!a) return fail(a.error());
    return {};
  });
}

Result<Unit> Org::rename_unit(UnitId unit, const std::string& name, const Actor& actor) {
  UnitChange c;
  c.name = name;
  return update_unit(unit, c, actor);
}

Result<std::vector<Unit>> Org::list_units() {
  auto r = store_.query(std::string("SELECT ") + kUnitCols + " FROM units ORDER BY id");
  if (!r) return fail(r.error());
  auto al = store_.query("SELECT alias, unit_id FROM unit_aliases ORDER BY alias");
  if (!al) return fail(al.error());
  std::vector<Unit> out;
  for (const auto& row : r->rows) {
    Unit u = unit_of(row);
    for (const auto& a : al->rows)
      if (a.i64(1) == u.id.value) u.aliases.push_back(a.str(0));
    out.push_back(std::move(u));
  }
  return out;
}

Result<Unit> Org::get_unit(UnitId id) {
  auto r =
      store_.query(std::string("SELECT ") + kUnitCols + " FROM units WHERE id = $1", {id.value});
  if (!r) return fail(r.error());
  if (r->rows.empty()) return fail(Error::not_found("单位不存在：" + std::to_string(id.value)));
  Unit u = unit_of(r->rows[0]);
  auto al =
      store_.query("SELECT alias FROM unit_aliases WHERE unit_id = $1 ORDER BY alias", {id.value});
  if (!al) return fail(al.error());
  for (const auto& a : al->rows) u.aliases.push_back(a.str(0));
  return u;
}

Result<std::optional<UnitId>> Org::resolve_unit(const std::string& name) {
  auto r = store_.query(
      "SELECT id FROM units WHERE name = $1 UNION SELECT unit_id FROM unit_aliases WHERE alias = "
      "$1",
      {name});
  if (!r) return fail(r.error());
  if (r->rows.empty()) return std::optional<UnitId>{};
  return std::optional<UnitId>{UnitId{r->rows[0].i64(0)}};
}

Result<User> Org::add_user(const NewUser& nu, const Actor& actor) {
  if (auto st = validate_username(nu.username); !st) return fail(st.error());
  if (auto st = validate_display_name(nu.display_name); !st) return fail(st.error());
  if (nu.roles.empty()) return fail(Error::invalid("至少指定一个角色", "roles"));
  auto hash = hash_password(nu.password, cost_);
  if (!hash) return fail(hash.error());
  return store_.transact_value<User>([&](Tx& tx) -> Result<User> {
    auto unit = tx.query("SELECT 1 FROM units WHERE id = $1", {nu.unit.value});
    if (!unit) return fail(unit.error());
    if (unit->rows.empty()) return fail(Error::invalid("所属单位不存在", "unit_id"));
    auto ins = tx.query(
        "INSERT INTO users (username, display_name, unit_id, password_hash, created_at) VALUES "
        "($1, $2, $3, $4, $5) RETURNING id",
        {nu.username, nu.display_name, nu.unit.value, *hash, unix_seconds(clock_.now())});
    if (!ins) {
      if (ins.error().kind == ErrorKind::kConflict)
        return fail(Error::conflict("用户名已存在：" + nu.username));
      return fail(ins.error());
    }
    User u{UserId{ins->rows[0].i64(0)}, nu.username, nu.display_name, nu.unit, nu.roles, false};
    for (auto role : nu.roles) {
      auto r = tx.query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)",
                        {u.id.value, std::string(role_name(role))});
      if (!r && r.error().kind != ErrorKind::kConflict) return fail(r.error());
    }
    auto a = append_audit(tx,
                          actor.entry("user.create", "user", std::to_string(u.id.value),
                                      "新增用户 " + u.username, "", user_json(u).dump()),
                          clock_.now());
    if (!a) return fail(a.error());
    return u;
  });
}

Result<User> Org::get_user(UserId id) {
  return store_.transact_value<User>([&](Tx& tx) -> Result<User> {
    auto r = tx.query(std::string("SELECT ") + kUserCols + " FROM users WHERE id = $1", {id.value});
    if (!r) return fail(r.error());
    if (r->rows.empty()) return fail(Error::not_found("用户不存在：" + std::to_string(id.value)));
    User u = user_of(r->rows[0]);
    auto roles = load_roles(tx, u.id);
    if (!roles) return fail(roles.error());
    u.roles = *roles;
    return u;
  });
}

Result<std::optional<User>> Org::find_user(const std::string& username) {
  auto r = store_.query("SELECT id FROM users WHERE username = $1", {username});
  if (!r) return fail(r.error());
  if (r->rows.empty()) return std::optional<User>{};
  auto u = get_user(UserId{r->rows[0].i64(0)});
  if (!u) return fail(u.error());
  return std::optional<User>{std::move(*u)};
}

Result<std::vector<User>> Org::list_users(std::optional<UnitId> unit) {
  return store_.transact_value<std::vector<User>>([&](Tx& tx) -> Result<std::vector<User>> {
    auto r = unit ? tx.query(std::string("SELECT ") + kUserCols +
                                 " FROM users WHERE unit_id = $1 ORDER BY id",
                             {unit->value})
                  : tx.query(std::string("SELECT ") + kUserCols + " FROM users ORDER BY id");
    if (!r) return fail(r.error());
    auto roles = tx.query("SELECT user_id, role FROM user_roles");
    if (!roles) return fail(roles.error());
    std::vector<User> out;
    for (const auto& row : r->rows) {
      User u = user_of(row);
      for (const auto& rr : roles->rows)
        if (rr.i64(0) == u.id.value)
          if (auto role = parse_role(rr.str(1))) u.roles.push_back(*role);
      out.push_back(std::move(u));
    }
    return out;
  });
}

Status Org::set_password(UserId id, const std::string& password, const Actor& actor) {
  auto hash = hash_password(password, cost_);
  if (!hash) return fail(hash.error());
  auto st = store_.transact([&](Tx& tx) -> Status {
    auto r = tx.query("UPDATE users SET password_hash = $1 WHERE id = $2", {*hash, id.value});
    if (!r) return fail(r.error());
    if (r->affected == 0) return fail(Error::not_found("用户不存在"));
    // Guesses at the old password are moot: a reset by an admin also lifts a login lock.
    if (auto f = tx.query("DELETE FROM login_failures WHERE username = (SELECT username FROM users "
                          "WHERE id = $1)",
                          {id.value});
        !f)
      return fail(f.error());
    // A new password ends every open session of the user.
    if (auto s = tx.query("DELETE FROM sessions WHERE user_id = $1", {id.value}); !s)
      return fail(s.error());
    auto a = append_audit(tx,
                          actor.entry("user.password", "user", std::to_string(id.value), "重置密码",
                                      "", "{\"password\":\"changed\"}"),
                          clock_.now());
    if (!a) return fail(a.error());
    return {};
  });
  if (st && sessions_ended_) sessions_ended_(id);
  return st;
}

Status Org::set_disabled(UserId id, bool disabled, const Actor& actor) {
  // One could not undo it: the account is gone from the web the moment its sessions end.
  if (disabled && actor.id == id.value) return fail(Error::forbidden("不能停用自己的账号"));
  auto st = store_.transact([&](Tx& tx) -> Status {
    if (disabled) {
      // Two administrators disabling each other at once on PostgreSQL must not both pass.
      if (auto l = tx.lock(kAdminsLockKey); !l) return l;
      auto last = tx.query(
          "SELECT CASE WHEN EXISTS (SELECT 1 FROM user_roles WHERE user_id = $1 AND role = "
          "'admin') AND NOT EXISTS (SELECT 1 FROM users u JOIN user_roles r ON r.user_id = u.id "
          "WHERE r.role = 'admin' AND u.disabled = 0 AND u.id <> $1) THEN 1 ELSE 0 END",
          {id.value});
      if (!last) return fail(last.error());
      if (last->rows[0].i64(0) != 0)
        return fail(
            Error::conflict("不能停用最后一个启用的系统管理员：请先启用或新增另一个管理员"));
    }
    auto was = tx.query("SELECT disabled FROM users WHERE id = $1", {id.value});
    if (!was) return fail(was.error());
    if (was->rows.empty()) return fail(Error::not_found("用户不存在"));
    auto r = tx.query("UPDATE users SET disabled = $1 WHERE id = $2",
                      {std::int64_t(disabled ? 1 : 0), id.value});
    if (!r) return fail(r.error());
    if (disabled)
      if (auto s = tx.query("DELETE FROM sessions WHERE user_id = $1", {id.value}); !s)
        return fail(s.error());
    auto a = append_audit(tx,
                          actor.entry(disabled ? "user.disable" : "user.enable", "user",
                                      std::to_string(id.value), disabled ? "停用用户" : "启用用户",
                                      nlohmann::json{{"disabled", was->rows[0].i64(0) != 0}}.dump(),
                                      nlohmann::json{{"disabled", disabled}}.dump()),
                          clock_.now());
    if (!a) return fail(a.error());
    return {};
  });
  if (st && disabled && sessions_ended_) sessions_ended_(id);
  return st;
}

Result<Certificate> Org::add_certificate(const Certificate& c, const Actor& actor) {
  if (c.number.empty()) return fail(Error::invalid("执法证号不能为空", "number"));
  if (c.field.empty()) return fail(Error::invalid("执法领域不能为空", "field"));
  if (c.valid_to < c.valid_from) return fail(Error::invalid("有效期止早于有效期起", "valid_to"));
  return store_.transact_value<Certificate>([&](Tx& tx) -> Result<Certificate> {
    auto ins = tx.query(
        "INSERT INTO certificates (user_id, number, field, valid_from, valid_to) VALUES ($1, $2, "
        "$3, $4, $5) RETURNING id",
        {c.user.value, c.number, c.field, format_date(c.valid_from), format_date(c.valid_to)});
    if (!ins) {
      if (ins.error().kind == ErrorKind::kConflict)
        return fail(Error::conflict("执法证号已存在：" + c.number));
      return fail(ins.error());
    }
    Certificate out = c;
    out.id = ins->rows[0].i64(0);
    nlohmann::json after{{"number", c.number},
                         {"field", c.field},
                         {"valid_from", format_date(c.valid_from)},
                         {"valid_to", format_date(c.valid_to)}};
    auto a = append_audit(tx,
                          actor.entry("certificate.create", "user", std::to_string(c.user.value),
                                      "登记执法证 " + c.number, "", after.dump()),
                          clock_.now());
    if (!a) return fail(a.error());
    return out;
  });
}

Result<std::vector<Certificate>> Org::certificates(UserId user) {
  auto r = store_.query(
      "SELECT id, user_id, number, field, valid_from, valid_to, revoked_on, revoke_reason FROM "
      "certificates WHERE user_id = $1 ORDER BY id",
      {user.value});
  if (!r) return fail(r.error());
  std::vector<Certificate> out;
  for (const auto& row : r->rows) {
    Certificate c;
    c.id = row.i64(0);
    c.user = UserId{row.i64(1)};
    c.number = row.str(2);
    c.field = row.str(3);
    c.valid_from = parse_date(row.str(4)).value_or(Date{});
    c.valid_to = parse_date(row.str(5)).value_or(Date{});
    if (!row.is_null(6)) c.revoked_on = parse_date(row.str(6)).value_or(Date{});
    c.revoke_reason = row.str(7);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace zt

// Editing units and users, searching users and revoking certificates: the administration pages'
// changes, each one audited transaction with the object before and after.
#include <algorithm>
#include <cctype>
#include <set>

#include "core/org.hpp"
#include "core/org_internal.hpp"

namespace zt {

using namespace org_detail;

namespace {

// A LIKE pattern matching `text` anywhere, its wildcards taken literally (with ESCAPE '\').
std::string contains_pattern(const std::string& text) {
  std::string pat = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') pat += '\\';
    pat += char(std::tolower(static_cast<unsigned char>(c)));
  }
  return pat + "%";
}

// Whether another unit already answers to `name` (as its name or an alias).
Result<bool> name_taken(Tx& tx, const std::string& name, UnitId self) {
  auto r = tx.query(
      "SELECT 1 FROM units WHERE name = $1 AND id <> $2 UNION ALL SELECT 1 FROM unit_aliases "
      "WHERE alias = $1 AND unit_id <> $2",
      {name, self.value});
  if (!r) return fail(r.error());
  return !r->rows.empty();
}

}  // namespace

Result<Unit> Org::update_unit(UnitId id, const UnitChange& c, const Actor& actor) {
  if (c.name && c.name->empty()) return fail(Error::invalid("单位名称不能为空", "name"));
  auto st = store_.transact([&](Tx& tx) -> Status {
    auto cur =
        tx.query(std::string("SELECT ") + kUnitCols + " FROM units WHERE id = $1", {id.value});
    if (!cur) return fail(cur.error());
    if (cur->rows.empty()) return fail(Error::not_found("单位不存在：" + std::to_string(id.value)));
    Unit before = unit_of(cur->rows[0]);
    auto al = load_aliases(tx, id);
    if (!al) return fail(al.error());
    before.aliases = std::move(*al);
    Unit after = before;
    if (c.name) after.name = *c.name;
    if (c.kind) after.kind = *c.kind;
    if (c.parent) after.parent = *c.parent;
    if (c.division_code) after.division_code = *c.division_code;
    if (c.credit_code) after.credit_code = *c.credit_code;
    if (c.aliases) after.aliases = *c.aliases;
    if (after.parent && after.parent != before.parent) {
      // Walk up from the new parent: meeting the unit itself would make a cycle.
      std::set<std::int64_t> seen;
      for (std::optional<std::int64_t> at = after.parent->value; at;) {
        if (*at == id.value)
          return fail(Error::invalid("上级单位不能是本单位或其下级", "parent_id"));
        if (!seen.insert(*at).second) break;
        auto p = tx.query("SELECT parent_id FROM units WHERE id = $1", {*at});
        if (!p) return fail(p.error());
        if (p->rows.empty()) return fail(Error::invalid("上级单位不存在", "parent_id"));
        at = p->rows[0].opt_i64(0);
      }
    }
    // The old name keeps resolving (earlier notices name the unit so).
    if (after.name != before.name) {
      auto taken = name_taken(tx, after.name, id);
      if (!taken) return fail(taken.error());
      if (*taken) return fail(Error::conflict("名称已被其他单位使用：" + after.name));
      after.aliases.push_back(before.name);
    }
    std::erase(after.aliases, after.name);
    std::erase_if(after.aliases, [](const std::string& a) { return a.empty(); });
    std::sort(after.aliases.begin(), after.aliases.end());
    after.aliases.erase(std::unique(after.aliases.begin(), after.aliases.end()),
                        after.aliases.end());
    if (after.name == before.name && after.kind == before.kind && after.parent == before.parent &&
        after.division_code == before.division_code && after.credit_code == before.credit_code &&
        after.aliases == before.aliases)
      return {};
    auto upd = tx.query(
        "UPDATE units SET name = $1, kind = $2, parent_id = $3, division_code = $4, credit_code = "
        "$5 WHERE id = $6",
        {after.name, std::string(unit_kind_name(after.kind)),
         after.parent ? Param{after.parent->value} : Param{nullptr}, after.division_code,
         after.credit_code, id.value});
    if (!upd) {
      if (upd.error().kind == ErrorKind::kConflict)
        return fail(Error::conflict("名称已被其他单位使用：" + after.name));
      return fail(upd.error());
    }
    if (auto d = tx.query("DELETE FROM unit_aliases WHERE unit_id = $1", {id.value}); !d)
      return fail(d.error());
    for (const auto& a : after.aliases) {
      auto ins =
          tx.query("INSERT INTO unit_aliases (alias, unit_id) VALUES ($1, $2)", {a, id.value});
      if (!ins) {
        if (ins.error().kind == ErrorKind::kConflict)
          return fail(Error::conflict("简称已被其他单位使用：" + a));
        return fail(ins.error());
      }
      auto other = tx.query("SELECT 1 FROM units WHERE name = $1 AND id <> $2", {a, id.value});
      if (!other) return fail(other.error());
      if (!other->rows.empty()) return fail(Error::conflict("简称与其他单位的全称相同：" + a));
    }
    const bool renamed = after.name != before.name;
    auto audit = append_audit(
        tx,
        actor.entry(
            renamed ? "unit.rename" : "unit.update", "unit", std::to_string(id.value),
            renamed ? "单位更名：" + before.name + " → " + after.name : "修改单位 " + after.name,
            unit_json(before).dump(), unit_json(after).dump()),
        clock_.now());
    if (!audit) return fail(audit.error());
    return {};
  });
  if (!st) return fail(st.error());
  return get_unit(id);
}

Result<UserPage> Org::search_users(const UserQuery& q) {
  return store_.transact_value<UserPage>([&](Tx& tx) -> Result<UserPage> {
    std::string where = " WHERE 1 = 1";
    std::vector<Param> params;
    if (!q.q.empty()) {
      params.emplace_back(contains_pattern(q.q));
      where +=
          " AND (LOWER(username) LIKE $1 ESCAPE '\\' OR LOWER(display_name) LIKE $1 ESCAPE "
          "'\\')";
    }
    if (q.unit) {
      params.emplace_back(q.unit->value);
      where += " AND unit_id = $" + std::to_string(params.size());
    }
    if (q.role) {
      params.emplace_back(std::string(role_name(*q.role)));
      where += " AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = users.id AND r.role = $" +
               std::to_string(params.size()) + ")";
    }
    auto count = tx.query("SELECT COUNT(*) FROM users" + where, params);
    if (!count) return fail(count.error());
    UserPage out;
    out.total = count->rows[0].i64(0);
    std::string sql = std::string("SELECT ") + kUserCols + " FROM users" + where + " ORDER BY id";
    if (q.limit > 0) {
      params.emplace_back(q.limit);
      params.emplace_back(q.offset);
      sql += " LIMIT $" + std::to_string(params.size() - 1) + " OFFSET $" +
             std::to_string(params.size());
    }
    auto rows = tx.query(sql, params);
    if (!rows) return fail(rows.error());
    for (const auto& row : rows->rows) {
      User u = user_of(row);
      auto roles = load_roles(tx, u.id);
      if (!roles) return fail(roles.error());
      u.roles = std::move(*roles);
      out.users.push_back(std::move(u));
    }
    return out;
  });
}

Result<User> Org::update_user(UserId id, const UserChange& c, const Actor& actor) {
  if (c.display_name)
    if (auto st = validate_display_name(*c.display_name); !st) return fail(st.error());
  if (c.roles && c.roles->empty()) return fail(Error::invalid("至少指定一个角色", "roles"));
  bool changed = false;
  auto out = store_.transact_value<User>([&](Tx& tx) -> Result<User> {
    auto cur =
        tx.query(std::string("SELECT ") + kUserCols + " FROM users WHERE id = $1", {id.value});
    if (!cur) return fail(cur.error());
    if (cur->rows.empty()) return fail(Error::not_found("用户不存在：" + std::to_string(id.value)));
    User before = user_of(cur->rows[0]);
    auto roles = load_roles(tx, id);
    if (!roles) return fail(roles.error());
    before.roles = std::move(*roles);
    User after = before;
    if (c.display_name) after.display_name = *c.display_name;
    if (c.unit) after.unit = *c.unit;
    if (c.roles) {
      after.roles = *c.roles;
      std::sort(after.roles.begin(), after.roles.end());
      after.roles.erase(std::unique(after.roles.begin(), after.roles.end()), after.roles.end());
    }
    auto sorted = [](std::vector<Role> r) {
      std::sort(r.begin(), r.end());
      return r;
    };
    if (after.display_name == before.display_name && after.unit == before.unit &&
        sorted(after.roles) == sorted(before.roles))
      return before;
    if (before.has(Role::kAdmin) && !after.has(Role::kAdmin)) {
      if (actor.id == id.value)
        return fail(Error::forbidden("不能取消自己的系统管理员角色：请由另一位管理员操作"));
      if (auto l = tx.lock(kAdminsLockKey); !l) return fail(l.error());
      auto others = tx.query(
          "SELECT COUNT(*) FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = "
          "'admin' AND u.disabled = 0 AND u.id <> $1",
          {id.value});
      if (!others) return fail(others.error());
      if (!before.disabled && others->rows[0].i64(0) == 0)
        return fail(Error::conflict("不能取消最后一个启用的系统管理员的管理员角色"));
    }
    if (after.unit != before.unit) {
      auto unit = tx.query("SELECT 1 FROM units WHERE id = $1", {after.unit.value});
      if (!unit) return fail(unit.error());
      if (unit->rows.empty()) return fail(Error::invalid("所属单位不存在", "unit_id"));
    }
    auto upd = tx.query("UPDATE users SET display_name = $1, unit_id = $2 WHERE id = $3",
                        {after.display_name, after.unit.value, id.value});
    if (!upd) return fail(upd.error());
    if (auto d = tx.query("DELETE FROM user_roles WHERE user_id = $1", {id.value}); !d)
      return fail(d.error());
    for (auto role : after.roles) {
      auto r = tx.query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)",
                        {id.value, std::string(role_name(role))});
      if (!r) return fail(r.error());
    }
    auto a = append_audit(
        tx,
        actor.entry("user.update", "user", std::to_string(id.value), "修改用户 " + after.username,
                    user_json(before).dump(), user_json(after).dump()),
        clock_.now());
    if (!a) return fail(a.error());
    changed = true;
    return after;
  });
  // Cached sessions carry the roles and unit: drop them so the next request reads the new ones.
  if (out && changed && sessions_ended_) sessions_ended_(id);
  return out;
}

Result<Certificate> Org::revoke_certificate(UserId user, std::int64_t certificate,
                                            const std::string& reason, Date today,
                                            const Actor& actor) {
  if (reason.empty()) return fail(Error::invalid("请填写注销原因", "reason"));
  if (!plain_text(reason)) return fail(Error::invalid("注销原因含控制字符", "reason"));
  return store_.transact_value<Certificate>([&](Tx& tx) -> Result<Certificate> {
    auto r = tx.query(
        "SELECT number, field, valid_from, valid_to, revoked_on FROM certificates WHERE id = $1 "
        "AND user_id = $2",
        {certificate, user.value});
    if (!r) return fail(r.error());
    if (r->rows.empty()) return fail(Error::not_found("该用户没有这张执法证"));
    const auto& row = r->rows[0];
    if (!row.is_null(4)) return fail(Error::conflict("执法证已于 " + row.str(4) + " 注销"));
    Certificate c;
    c.id = certificate;
    c.user = user;
    c.number = row.str(0);
    c.field = row.str(1);
    c.valid_from = parse_date(row.str(2)).value_or(Date{});
    Date old_to = parse_date(row.str(3)).value_or(Date{});
    const Date yesterday = today - std::chrono::days{1};
    c.valid_to = std::min(old_to, yesterday);
    c.revoked_on = today;
    c.revoke_reason = reason;
    auto upd = tx.query(
        "UPDATE certificates SET valid_to = $1, revoked_on = $2, revoke_reason = $3 WHERE id = $4",
        {format_date(c.valid_to), format_date(today), reason, certificate});
    if (!upd) return fail(upd.error());
    nlohmann::json before{{"number", c.number}, {"valid_to", format_date(old_to)}};
    nlohmann::json after{{"number", c.number},
                         {"valid_to", format_date(c.valid_to)},
                         {"revoked_on", format_date(today)},
                         {"revoke_reason", reason}};
    auto a = append_audit(tx,
                          actor.entry("certificate.revoke", "user", std::to_string(user.value),
                                      "注销执法证 " + c.number, before.dump(), after.dump()),
                          clock_.now());
    if (!a) return fail(a.error());
    return c;
  });
}

}  // namespace zt

// zhengtong user add|passwd|disable|enable|unlock, unit add|list
#include <cstdio>
#include <iostream>

#include "app/cli.hpp"

namespace zt::cli {
namespace {

struct UserOptions {
  std::string name, display, unit, password;
  std::vector<std::string> roles;
  // The password given, or one line of standard input.
  std::string read_password() const {
    if (!password.empty()) return password;
    std::string pw;
    std::getline(std::cin, pw);
    return pw;
  }
};

int add_user(Env& env, const UserOptions& o) {
  auto app = env.app();
  if (!app) return report(app.error());
  auto unit_id = (*app)->org().resolve_unit(o.unit);
  if (!unit_id) return report(unit_id.error());
  if (!*unit_id) return report(Error::invalid("单位不存在：" + o.unit, "unit"));
  std::vector<Role> roles;
  for (const auto& n : o.roles) {
    auto r = parse_role(n);
    if (!r) return report(Error::invalid("未知角色 " + n, "role"));
    roles.push_back(*r);
  }
  auto u =
      (*app)->org().add_user({o.name, o.display, **unit_id, roles, o.read_password()}, env.actor());
  if (!u) return report(u.error());
  std::printf("已新增用户 %s（编号 %lld）\n", u->username.c_str(), (long long)u->id.value);
  return 0;
}

enum class UserChange { kPassword, kDisable, kEnable, kUnlock };

int change_user(Env& env, const UserOptions& o, UserChange change) {
  auto app = env.app();
  if (!app) return report(app.error());
  auto u = (*app)->org().find_user(o.name);
  if (!u) return report(u.error());
  if (!*u) return report(Error::not_found("用户不存在：" + o.name));
  const UserId id = (*u)->id;
  auto& org = (*app)->org();
  switch (change) {
    case UserChange::kUnlock: {
      auto n = (*app)->auth().unlock(id, env.actor());
      if (!n) return report(n.error());
      std::printf("已解除登录限制：%s（清除 %lld 个计数）\n", o.name.c_str(), (long long)*n);
      return 0;
    }
    case UserChange::kPassword:
      if (auto st = org.set_password(id, o.read_password(), env.actor()); !st)
        return report(st.error());
      std::printf("密码已重置：%s\n", o.name.c_str());
      return 0;
    case UserChange::kDisable:
    case UserChange::kEnable:
      if (auto st = org.set_disabled(id, change == UserChange::kDisable, env.actor()); !st)
        return report(st.error());
      std::printf("%s：%s\n", change == UserChange::kDisable ? "用户已停用" : "用户已启用",
                  o.name.c_str());
      return 0;
  }
  return 1;
}

struct UnitOptions {
  std::string name, parent, kind = "department", division;
  std::vector<std::string> aliases;
};

int add_unit(Env& env, const UnitOptions& o) {
  auto app = env.app();
  if (!app) return report(app.error());
  NewUnit nu;
  nu.name = o.name;
  auto kind = parse_unit_kind(o.kind);
  if (!kind) return report(Error::invalid("未知单位类型：" + o.kind, "kind"));
  nu.kind = *kind;
  nu.division_code = o.division;
  nu.aliases = o.aliases;
  if (!o.parent.empty()) {
    auto p = (*app)->org().resolve_unit(o.parent);
    if (!p) return report(p.error());
    if (!*p) return report(Error::invalid("上级单位不存在：" + o.parent, "parent"));
    nu.parent = **p;
  }
  auto u = (*app)->org().add_unit(nu, env.actor());
  if (!u) return report(u.error());
  std::printf("已新增单位 %s（编号 %lld）\n", u->name.c_str(), (long long)u->id.value);
  return 0;
}

int list_units(Env& env) {
  auto app = env.app();
  if (!app) return report(app.error());
  auto units = (*app)->org().list_units();
  if (!units) return report(units.error());
  for (const auto& u : *units) {
    std::string aliases;
    for (const auto& a : u.aliases) aliases += (aliases.empty() ? "" : "、") + a;
    std::printf("%lld\t%s\t%s\t%s\n", (long long)u.id.value, u.name.c_str(),
                std::string(unit_kind_name(u.kind)).c_str(), aliases.c_str());
  }
  return 0;
}

}  // namespace

void add_org_commands(CLI::App& cli, Commands& out) {
  auto u = std::make_shared<UserOptions>();
  auto* user = cli.add_subcommand("user", "用户管理");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "新增用户");
  user_add->add_option("username", u->name, "登录名")->required();
  user_add->add_option("--name", u->display, "姓名")->required();
  user_add->add_option("--unit", u->unit, "所属单位（全称或简称）")->required();
  user_add
      ->add_option("--role", u->roles,
                   "角色（可多次）：admin office unit_reporter unit_leader "
                   "enforcement_officer legal_reviewer justice_supervisor "
                   "dispatcher planner")
      ->required();
  user_add->add_option("--password", u->password, "初始密码（至少8位）；省略则从标准输入读取");
  out.on(user_add, [u](Env& env) { return add_user(env, *u); });
  auto* passwd = user->add_subcommand("passwd", "重置密码");
  passwd->add_option("username", u->name, "登录名")->required();
  passwd->add_option("--password", u->password, "新密码；省略则从标准输入读取");
  out.on(passwd, [u](Env& env) { return change_user(env, *u, UserChange::kPassword); });
  auto* disable = user->add_subcommand("disable", "停用用户（不能停用最后一个启用的管理员）");
  disable->add_option("username", u->name, "登录名")->required();
  out.on(disable, [u](Env& env) { return change_user(env, *u, UserChange::kDisable); });
  auto* enable = user->add_subcommand("enable", "启用用户");
  enable->add_option("username", u->name, "登录名")->required();
  out.on(enable, [u](Env& env) { return change_user(env, *u, UserChange::kEnable); });
  auto* unlock = user->add_subcommand("unlock", "解除登录失败限制（所有来源地址）");
  unlock->add_option("username", u->name, "登录名")->required();
  out.on(unlock, [u](Env& env) { return change_user(env, *u, UserChange::kUnlock); });

  auto n = std::make_shared<UnitOptions>();
  auto* unit = cli.add_subcommand("unit", "单位管理");
  unit->require_subcommand(1);
  auto* unit_add = unit->add_subcommand("add", "新增单位");
  unit_add->add_option("name", n->name, "单位全称")->required();
  unit_add->add_option("--parent", n->parent, "上级单位");
  unit_add->add_option("--kind", n->kind,
                       "类型：government_office department county_government company other");
  unit_add->add_option("--division", n->division, "行政区划代码（GB/T 2260）");
  unit_add->add_option("--alias", n->aliases, "简称（可多次）");
  out.on(unit_add, [n](Env& env) { return add_unit(env, *n); });
  out.on(unit->add_subcommand("list", "列出单位"), [](Env& env) { return list_units(env); });
}

}  // namespace zt::cli

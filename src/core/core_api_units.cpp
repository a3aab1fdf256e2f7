// Organisational units.
#include "core/core_api_routes.hpp"

#include "core/identifiers.hpp"

namespace zt::core_routes {

using http::Request;
using http::Response;
using nlohmann::json;

namespace {

json unit_json(const Unit& u) {
  return {{"id", u.id.value},
          {"parent_id", u.parent ? json(u.parent->value) : json(nullptr)},
          {"name", u.name},
          {"kind", unit_kind_name(u.kind)},
          {"division_code", u.division_code},
          {"credit_code", u.credit_code},
          {"aliases", u.aliases}};
}

// A division code or a credit code from a body: "" clears it, anything else must be valid.
Result<std::optional<std::string>> code_field(const json& body, const std::string& field) {
  auto v = http::optional_string(body, field, http::kMaxName);
  if (!v) return fail(v.error());
  if (*v && !(*v)->empty()) {
    auto st = field == "division_code" ? validate_division_code(**v) : validate_uscc(**v);
    if (!st) return fail(Error::invalid(st.error().message, field));
  }
  return *v;
}

}  // namespace

void register_unit_routes(http::Router& router, const Context& core) {
  router.add("GET", "/api/v1/units", Permission::kUnitsRead, "List organisational units",
             [&core](Request&) -> Result<Response> {
               auto units = core.org.list_units();
               if (!units) return fail(units.error());
               json out = json::array();
               for (const auto& u : *units) out.push_back(unit_json(u));
               return Response::json({{"units", out}});
             });
  router.add("POST", "/api/v1/units", Permission::kUnitsWrite, "Create a unit",
             [&core](Request& req) -> Result<Response> {
               auto body = http::parse_json_body(req);
               if (!body) return fail(body.error());
               NewUnit nu;
               auto name = http::require_string(*body, "name", false, http::kMaxName);
               if (!name) return fail(name.error());
               nu.name = *name;
               auto kind = http::optional_string(*body, "kind", http::kMaxName);
               if (!kind) return fail(kind.error());
               if (*kind) {
                 auto k = parse_unit_kind(**kind);
                 if (!k) return fail(Error::invalid("未知单位类型：" + **kind, "kind"));
                 nu.kind = *k;
               }
               auto pid = http::optional_int(*body, "parent_id", 1);
               if (!pid) return fail(pid.error());
               if (*pid) nu.parent = UnitId{**pid};
               auto div = code_field(*body, "division_code");
               if (!div) return fail(div.error());
               nu.division_code = div->value_or("");
               auto credit = code_field(*body, "credit_code");
               if (!credit) return fail(credit.error());
               nu.credit_code = credit->value_or("");
               auto aliases = http::string_array(*body, "aliases", 50, http::kMaxName);
               if (!aliases) return fail(aliases.error());
               nu.aliases = std::move(*aliases);
               auto u = core.org.add_unit(nu, req.actor());
               if (!u) return fail(u.error());
               return Response::json(unit_json(*u), 201);
             });
  router.add(
      "PATCH", "/api/v1/units/{id}", Permission::kUnitsWrite,
      "Edit a unit (admin): name (the old one stays as an alias), kind, parent, codes, aliases",
      [&core](Request& req) -> Result<Response> {
        auto id = http::path_id(req, "id");
        if (!id) return fail(id.error());
        auto body = http::parse_json_body(req);
        if (!body) return fail(body.error());
        UnitChange c;
        auto name = http::optional_string(*body, "name", http::kMaxName);
        if (!name) return fail(name.error());
        c.name = *name;
        auto kind = http::optional_string(*body, "kind", http::kMaxName);
        if (!kind) return fail(kind.error());
        if (*kind) {
          c.kind = parse_unit_kind(**kind);
          if (!c.kind) return fail(Error::invalid("未知单位类型：" + **kind, "kind"));
        }
        if (body->contains("parent_id")) {
          auto pid = http::optional_int(*body, "parent_id", 1);
          if (!pid) return fail(pid.error());
          c.parent = *pid ? std::optional<UnitId>{UnitId{**pid}} : std::nullopt;
        }
        auto div = code_field(*body, "division_code");
        if (!div) return fail(div.error());
        c.division_code = *div;
        auto credit = code_field(*body, "credit_code");
        if (!credit) return fail(credit.error());
        c.credit_code = *credit;
        if (body->contains("aliases")) {
          auto aliases = http::string_array(*body, "aliases", 50, http::kMaxName);
          if (!aliases) return fail(aliases.error());
          c.aliases = std::move(*aliases);
        }
        if (!c.name && !c.kind && !c.parent && !c.division_code && !c.credit_code && !c.aliases)
          return fail(Error::invalid("没有要修改的内容", "name"));
        auto u = core.org.update_unit(UnitId{*id}, c, req.actor());
        if (!u) return fail(u.error());
        return Response::json(unit_json(*u));
      });
  router.add("POST", "/api/v1/units/{id}/aliases", Permission::kUnitsWrite, "Add a unit alias",
             [&core](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               auto body = http::parse_json_body(req);
               if (!body) return fail(body.error());
               auto alias = http::require_string(*body, "alias", false, http::kMaxName);
               if (!alias) return fail(alias.error());
               if (auto u = core.org.get_unit(UnitId{*id}); !u) return fail(u.error());
               if (auto st = core.org.add_alias(UnitId{*id}, *alias, req.actor()); !st)
                 return fail(st.error());
               auto u = core.org.get_unit(UnitId{*id});
               if (!u) return fail(u.error());
               return Response::json(unit_json(*u), 201);
             });
}

}  // namespace zt::core_routes

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
          {"aliases", u.aliases}};
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
               auto div = http::optional_string(*body, "division_code", http::kMaxName);
               if (!div) return fail(div.error());
               if (*div && !(*div)->empty()) {
                 if (auto st = validate_division_code(**div); !st)
                   return fail(Error::invalid(st.error().message, "division_code"));
                 nu.division_code = **div;
               }
               auto aliases = http::string_array(*body, "aliases", 50, http::kMaxName);
               if (!aliases) return fail(aliases.error());
               nu.aliases = std::move(*aliases);
               auto u = core.org.add_unit(nu, req.actor());
               if (!u) return fail(u.error());
               return Response::json(unit_json(*u), 201);
             });
  router.add("PATCH", "/api/v1/units/{id}", Permission::kUnitsWrite,
             "Rename a unit (admin); the old name stays as an alias",
             [&core](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               auto body = http::parse_json_body(req);
               if (!body) return fail(body.error());
               auto name = http::require_string(*body, "name", false, http::kMaxName);
               if (!name) return fail(name.error());
               auto u = core.org.rename_unit(UnitId{*id}, *name, req.actor());
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

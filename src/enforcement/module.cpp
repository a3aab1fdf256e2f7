#include "enforcement/module.hpp"

#include "enforcement/schema.hpp"

namespace zt::enforcement {

EnforcementModule::EnforcementModule(const Context& ctx)
    : cases_(ctx.store, ctx.org, ctx.calendar, ctx.clock),
      publications_(ctx.store, ctx.calendar, ctx.clock),
      directory_(ctx.store, ctx.clock),
      draws_(ctx.store, ctx.calendar, ctx.clock),
      oversight_(ctx.store, ctx.calendar, ctx.clock),
      case_files_(ctx.store, ctx.clock),
      store_(ctx.store),
      documents_(ctx.store),
      metric_provider_(ctx.store, ctx.clock) {}

std::vector<MigrationSet> EnforcementModule::migrations() const {
  return {enforcement::migrations()};
}

void EnforcementModule::register_routes(http::Router& router) {
  const Services s{cases_, publications_, directory_, draws_, oversight_, case_files_, documents_};
  register_case_routes(router, s);
  register_inspection_routes(router, s);
  register_oversight_routes(router, s);
}

std::map<std::string, AuditVisibility> EnforcementModule::audit_visibility() {
  std::map<std::string, AuditVisibility> out;
  // Object type → the table whose unit_id holds it.
  const std::pair<const char*, const char*> held[] = {{"case", "ef_cases"},
                                                      {"draw", "ef_draws"},
                                                      {"publication", "ef_publications"},
                                                      {"complaint", "ef_complaints"},
                                                      {"catalogue", "ef_major_catalogue"},
                                                      {"benchmark", "ef_benchmarks"},
                                                      {"device", "ef_devices"}};
  for (const auto& [type, table] : held) {
    out[type] = [&store = store_,
                 sql = std::string("SELECT unit_id FROM ") + table + " WHERE id = $1"](
                    const Principal& p, const std::string& id) -> Status {
      auto n = http::parse_int(id, "object", 1);
      if (!n) return fail(Error::invalid("编号须为正整数", "object"));
      if (!p.can(Permission::kEnforcement)) return fail(Error::forbidden("无权查看该对象的记录"));
      auto r = store.query(sql, {*n});
      if (!r) return fail(r.error());
      if (r->rows.empty()) return fail(Error::not_found("没有这个对象"));
      // A complaint not yet referred is held by no unit: those who look across units only.
      auto unit = r->rows[0].opt_i64(0);
      if (unit ? !may_see_case_unit(p, *unit) : !p.sees_all_units())
        return fail(Error::forbidden("无权查看其他单位的记录"));
      return {};
    };
  }
  return out;
}

}  // namespace zt::enforcement

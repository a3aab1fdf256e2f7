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
      documents_(ctx.store) {}

std::vector<MigrationSet> EnforcementModule::migrations() const {
  return {enforcement::migrations()};
}

void EnforcementModule::register_routes(http::Router& router) {
  const Services s{cases_, publications_, directory_, draws_, oversight_, case_files_, documents_};
  register_case_routes(router, s);
  register_inspection_routes(router, s);
  register_oversight_routes(router, s);
}

}  // namespace zt::enforcement

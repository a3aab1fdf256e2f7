#include "core/core_api.hpp"

#include "core/core_api_routes.hpp"

namespace zt {

// In this order: the first registered route that matches a request wins.
void register_core_routes(http::Router& router, const Context& core) {
  core_routes::register_health_routes(router, core);
  core_routes::register_session_routes(router, core);
  core_routes::register_unit_routes(router, core);
  core_routes::register_user_routes(router, core);
  core_routes::register_audit_routes(router, core);
  core_routes::register_calendar_routes(router, core);
}

std::vector<MigrationSet> CoreModule::migrations() const {
  return {core_migrations(), outbox_migrations()};
}

}  // namespace zt

// The core's route files, one per area, each registering its part of register_core_routes
// (core_api.hpp), and the few helpers more than one of them needs. Internal to core.
#pragma once

#include <nlohmann/json.hpp>

#include "core/core_api.hpp"

namespace zt::core_routes {

void register_health_routes(http::Router& router, const Context& core);   // health, metrics, outbox
void register_session_routes(http::Router& router, const Context& core);  // login, logout, me
void register_unit_routes(http::Router& router, const Context& core);
void register_user_routes(http::Router& router, const Context& core);  // users, certificates
void register_audit_routes(http::Router& router, const Context& core);
void register_calendar_routes(http::Router& router, const Context& core);  // and identifiers

nlohmann::json roles_json(const std::vector<Role>& roles);
// Users of another unit are visible only to those who look across units.
Status may_see_user(const Principal& p, const User& u);

}  // namespace zt::core_routes

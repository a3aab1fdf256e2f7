// The core's HTTP API: health, metrics, login/logout, units, users, certificates, the audit
// trail, the calendar and identifier checks.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "core/auth.hpp"
#include "core/calendar.hpp"
#include "core/clock.hpp"
#include "core/http.hpp"
#include "core/org.hpp"
#include "core/outbox.hpp"
#include "core/store.hpp"

namespace zt {

// Decides whether a principal may see the history of an object of one type; modules register
// their own object types.
using AuditVisibility = std::function<Status(const Principal&, const std::string& object_id)>;

struct CoreServices {
  Store& store;
  const Clock& clock;
  const Calendar& calendar;
  Org& org;
  Auth& auth;
  AuthPolicy policy;
  std::map<std::string, AuditVisibility> audit_visibility;
  std::function<std::string()> metrics;                             // Prometheus text for /metrics
  http::SecureCookies secure_cookies = http::SecureCookies::kAuto;  // [http] secure_cookies
  Outbox* outbox = nullptr;                                         // GET /api/v1/outbox when set
};

void register_core_routes(http::Router& router, CoreServices& core);

}  // namespace zt

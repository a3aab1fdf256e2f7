// Small helpers shared by the enforcement module's route files.
#pragma once

#include <initializer_list>
#include <string>

#include <fmt/format.h>

#include "core/auth.hpp"
#include "core/http.hpp"

namespace zt::enforcement {

// Refuses unless the caller holds one of the roles (checked before any lookup, so a refusal
// never depends on whether the object exists).
inline Status need_role(const Principal& p, std::initializer_list<Role> roles, const char* what) {
  for (auto r : roles)
    if (p.has(r)) return {};
  return fail(Error::forbidden(fmt::format("您的角色不能{}", what)));
}

inline constexpr std::initializer_list<Role> kUnitStaff = {Role::kEnforcementOfficer,
                                                           Role::kLegalReviewer};
inline constexpr std::initializer_list<Role> kSupervisors = {Role::kJusticeSupervisor,
                                                             Role::kAdmin};

// ?limit= and ?offset= with bounds.
inline int query_int(const http::Request& req, const std::string& name, int fallback, int lo,
                     int hi) {
  auto v = req.q(name);
  if (!v) return fallback;
  try {
    return std::clamp(std::stoi(*v), lo, hi);
  } catch (...) {
    return fallback;
  }
}

}  // namespace zt::enforcement

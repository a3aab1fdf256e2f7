// Small helpers shared by the supervision module's route files.
#pragma once

#include <cctype>
#include <string>

#include <fmt/format.h>

#include "core/auth.hpp"
#include "core/http.hpp"

namespace zt::supervision {

inline Status office_only(const Principal& p) {
  if (p.has(Role::kAdmin) || p.has(Role::kOffice)) return {};
  return fail(Error::forbidden("只有督查室或管理员可以进行此操作"));
}

using http::download;
using http::kXlsxType;

}  // namespace zt::supervision

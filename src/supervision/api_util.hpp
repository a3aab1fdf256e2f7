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

// A file download with a Chinese file name (RFC 6266 / RFC 5987).
inline http::Response download(std::string body, const std::string& content_type,
                               const std::string& ascii_name, const std::string& name) {
  auto r = http::Response::text(std::move(body), content_type);
  std::string encoded;
  for (unsigned char c : name) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_')
      encoded += char(c);
    else
      encoded += fmt::format("%{:02X}", c);
  }
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + ascii_name +
                                                    "\"; filename*=UTF-8''" + encoded);
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

inline constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

}  // namespace zt::supervision

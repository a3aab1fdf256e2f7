// Small helpers shared by the supervision module's route files.
#pragma once

#include <cctype>
#include <string>

#include <fmt/format.h>

#include "core/auth.hpp"
#include "core/http.hpp"

namespace zt::supervision {

using http::download;
using http::kXlsxType;

}  // namespace zt::supervision

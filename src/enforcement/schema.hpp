// The enforcement module's tables (ef_*), applied by the app with every other module's.
#pragma once

#include "core/migrations.hpp"

namespace zt::enforcement {

MigrationSet migrations();

}  // namespace zt::enforcement

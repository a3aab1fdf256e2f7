// The supervision module's tables (sv_*), applied by the app with every other module's.
#pragma once

#include "core/migrations.hpp"

namespace zt::supervision {

MigrationSet migrations();

}  // namespace zt::supervision

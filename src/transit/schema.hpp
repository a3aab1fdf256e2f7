// The transit module's tables (tr_*), applied by the app with every other module's.
#pragma once

#include "core/migrations.hpp"

namespace zt::transit {

MigrationSet migrations();

}  // namespace zt::transit

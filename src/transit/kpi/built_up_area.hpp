// The stored built-up area (中心城区建成区) of the 500 m coverage: every upload a version, the
// newest the current one, each audited. Thread-safety: as the Store.
#pragma once

#include <optional>
#include <string>

#include "core/audit.hpp"
#include "core/clock.hpp"
#include "core/store.hpp"
#include "transit/kpi/geojson.hpp"

namespace zt::transit {

struct BuiltUpArea {
  std::int64_t id = 0;
  std::string name, geojson, uploaded_by;
  double area_m2 = 0;
  std::int64_t uploaded_at = 0;
};

inline constexpr std::size_t kMaxAreaBytes = 4u << 20;

// The newest version, or nullopt before any upload.
Result<std::optional<BuiltUpArea>> current_built_up_area(Store& store);

// Parses and measures `geojson` (errors name the fault), then stores it as the current version.
Result<BuiltUpArea> save_built_up_area(Store& store, const std::string& name,
                                       const std::string& geojson, Instant at, const Actor& who);

}  // namespace zt::transit

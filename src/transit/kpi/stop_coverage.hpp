// 中心城区公共交通站点500米覆盖率 (公交都市考核评价指标体系, 交通运输部 2013): the part of the
// built-up area within 500 m of a served stop, over the built-up area. A buffer measure, not a
// walking distance. Computed with GEOS (buffers, their union, the intersection and difference
// with the area) in a Lambert azimuthal equal-area projection (PROJ) centred on the area, so
// areas are true and, within a city's extent, distances too (scale error below 1e-5 at 30 km).
// Each call makes its own GEOS context and PROJ context: no state is shared, so calls may run on
// any threads at once.
#pragma once

#include <span>
#include <string>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "transit/kpi/geojson.hpp"

namespace zt::transit {

struct CoverageStop {
  std::string id;
  double lat = 0, lon = 0;
};

struct StopCoverage {
  double built_up_m2 = 0, covered_m2 = 0, uncovered_m2 = 0;
  double ratio = 0;            // covered ÷ built-up
  std::size_t stops_near = 0;  // stops whose circle reaches the area
  nlohmann::json uncovered;    // GeoJSON geometry (lon/lat): the parts no circle reaches
};

inline constexpr double kCoverageRadiusM = 500;

// The area of `area` in m², its polygons merged (overlaps counted once). An invalid polygon (a
// self-intersecting ring, say) is an invalid-input error with GEOS's reason and the polygon's
// index.
Result<double> area_m2(const AreaGeometry& area);

// Coverage of `area` by circles of `radius_m` around `stops`.
Result<StopCoverage> stop_coverage(const AreaGeometry& area, std::span<const CoverageStop> stops,
                                   double radius_m = kCoverageRadiusM);

}  // namespace zt::transit

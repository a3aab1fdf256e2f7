// The built-up area as uploaded: a GeoJSON (RFC 7946) Polygon or MultiPolygon, bare, as a Feature
// or as a FeatureCollection of polygon features. A pure parser: text in, rings of WGS 84
// longitude/latitude out, or an error naming the fault and where it is (`features[0].geometry.
// coordinates[0][3]`). Nothing geometric is judged here beyond what GeoJSON itself requires
// (closed rings of at least four positions); overlaps and self-intersections are the geometry
// library's (stop_coverage.cpp).
#pragma once

#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace zt::transit {

struct LonLat {
  double lon = 0, lat = 0;
};
using Ring = std::vector<LonLat>;  // closed: the first position repeated last
struct AreaPolygon {
  Ring outer;
  std::vector<Ring> holes;
};
struct AreaGeometry {
  std::vector<AreaPolygon> polygons;
  std::size_t positions = 0;
};

inline constexpr std::size_t kMaxAreaPositions = 200'000;
// A FeatureCollection's coordinates nest six deep; anything past this is not an area.
inline constexpr int kMaxAreaDepth = 16;

// Parses `text`; refuses other geometry types, positions outside ±180/±90, rings that are not
// closed or have fewer than four positions, more than kMaxAreaPositions positions, and nesting
// deeper than kMaxAreaDepth.
Result<AreaGeometry> parse_area_geojson(std::string_view text);

}  // namespace zt::transit

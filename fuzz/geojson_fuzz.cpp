// The built-up area GeoJSON of POST /api/v1/transit/kpi/stop-coverage/area: parse_area_geojson,
// then the error as the API answers it. (The geometry itself goes to GEOS, not fuzzed here.)
#include <cstdint>
#include <string_view>

#include "core/http.hpp"
#include "transit/kpi/geojson.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto area =
      zt::transit::parse_area_geojson(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!area) {
    (void)zt::http::Response::error(area.error());
    return 0;
  }
  std::size_t positions = 0;
  for (const auto& p : area->polygons) {
    positions += p.outer.size();
    for (const auto& h : p.holes) positions += h.size();
  }
  if (positions != area->positions) __builtin_trap();  // every position is counted once
  return 0;
}

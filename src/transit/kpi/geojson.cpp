#include "transit/kpi/geojson.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/http_fields.hpp"

namespace zt::transit {
namespace {

using nlohmann::json;

Error fault(const std::string& where, const std::string& what) {
  return Error::invalid(fmt::format("GeoJSON 有误（{}）：{}", where.empty() ? "根" : where, what),
                        "geojson");
}

class Reader {
 public:
  Status geometry(const json& g, const std::string& at) {
    if (!g.is_object()) return fail(fault(at, "几何对象须为 JSON 对象"));
    auto type = g.find("type");
    if (type == g.end() || !type->is_string()) return fail(fault(at, "缺少 type"));
    auto coords = g.find("coordinates");
    if (coords == g.end()) return fail(fault(at, "缺少 coordinates"));
    const auto where = at.empty() ? std::string("coordinates") : at + ".coordinates";
    if (*type == "Polygon") return polygon(*coords, where);
    if (*type == "MultiPolygon") {
      if (!coords->is_array()) return fail(fault(where, "须为数组"));
      for (std::size_t i = 0; i < coords->size(); ++i)
        if (auto s = polygon((*coords)[i], fmt::format("{}[{}]", where, i)); !s) return s;
      return {};
    }
    return fail(fault(
        at, fmt::format("只接受 Polygon 或 MultiPolygon，不接受 {}", type->get<std::string>())));
  }

  Status feature(const json& f, const std::string& at) {
    auto g = f.find("geometry");
    if (g == f.end() || g->is_null()) return fail(fault(at, "要素缺少 geometry"));
    return geometry(*g, at.empty() ? "geometry" : at + ".geometry");
  }

  Status any(const json& doc) {
    if (!doc.is_object()) return fail(fault("", "须为 JSON 对象"));
    auto type = doc.find("type");
    if (type == doc.end() || !type->is_string()) return fail(fault("", "缺少 type"));
    if (*type == "FeatureCollection") {
      auto fs = doc.find("features");
      if (fs == doc.end() || !fs->is_array()) return fail(fault("features", "须为数组"));
      for (std::size_t i = 0; i < fs->size(); ++i) {
        const auto at = fmt::format("features[{}]", i);
        if (!(*fs)[i].is_object()) return fail(fault(at, "须为 JSON 对象"));
        if (auto s = feature((*fs)[i], at); !s) return s;
      }
    } else if (*type == "Feature") {
      if (auto s = feature(doc, ""); !s) return s;
    } else if (auto s = geometry(doc, ""); !s) {
      return s;
    }
    if (out.polygons.empty()) return fail(fault("", "没有任何多边形"));
    return {};
  }

  AreaGeometry out;

 private:
  Status polygon(const json& rings, const std::string& at) {
    if (!rings.is_array() || rings.empty()) return fail(fault(at, "多边形须为非空的环数组"));
    AreaPolygon p;
    for (std::size_t i = 0; i < rings.size(); ++i) {
      Ring r;
      if (auto s = ring(rings[i], fmt::format("{}[{}]", at, i), r); !s) return s;
      if (i == 0)
        p.outer = std::move(r);
      else
        p.holes.push_back(std::move(r));
    }
    out.polygons.push_back(std::move(p));
    return {};
  }

  Status ring(const json& points, const std::string& at, Ring& r) {
    if (!points.is_array()) return fail(fault(at, "环须为坐标数组"));
    if (points.size() < 4) return fail(fault(at, "环至少需要 4 个坐标（首尾相同）"));
    for (std::size_t i = 0; i < points.size(); ++i) {
      const auto& p = points[i];
      const auto here = fmt::format("{}[{}]", at, i);
      if (!p.is_array() || p.size() < 2 || p.size() > 3 || !p[0].is_number() || !p[1].is_number())
        return fail(fault(here, "坐标须为 [经度, 纬度] 数字"));
      const double lon = p[0].get<double>(), lat = p[1].get<double>();
      if (!std::isfinite(lon) || !std::isfinite(lat) || std::abs(lon) > 180 || std::abs(lat) > 90)
        return fail(fault(here, fmt::format("经纬度超出范围：[{}, {}]", lon, lat)));
      if (++out.positions > kMaxAreaPositions)
        return fail(fault(here, fmt::format("坐标超过 {} 个", kMaxAreaPositions)));
      r.push_back({lon, lat});
    }
    if (r.front().lon != r.back().lon || r.front().lat != r.back().lat)
      return fail(fault(at, "环未闭合（首尾坐标须相同）"));
    return {};
  }
};

}  // namespace

Result<AreaGeometry> parse_area_geojson(std::string_view text) {
  // Depth-limited by the shape GeoJSON has: no valid area nests deeper than a few levels, and
  // nlohmann's parser is recursive, so deeper input is refused before it is parsed.
  auto doc = http::parse_json_document(text, "geojson", kMaxAreaDepth);
  if (!doc) return fail(fault("", doc.error().message + "，不是有效的 JSON 多边形"));
  Reader r;
  if (auto s = r.any(*doc); !s) return fail(s.error());
  return std::move(r.out);
}

}  // namespace zt::transit

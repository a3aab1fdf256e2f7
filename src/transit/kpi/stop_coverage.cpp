#include "transit/kpi/stop_coverage.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include <fmt/format.h>
#include <geos_c.h>
#include <proj.h>

namespace zt::transit {
namespace {

// One GEOS context per computation, its last error message kept for the Error.
class Geos {
 public:
  Geos() : h_(GEOS_init_r()) { GEOSContext_setErrorMessageHandler_r(h_, &Geos::on_error, this); }
  ~Geos() { GEOS_finish_r(h_); }
  Geos(const Geos&) = delete;
  Geos& operator=(const Geos&) = delete;

  GEOSContextHandle_t get() const { return h_; }
  const std::string& last_error() const { return error_; }

  struct Free {
    GEOSContextHandle_t h;
    void operator()(GEOSGeometry* g) const { GEOSGeom_destroy_r(h, g); }
  };
  using Geom = std::unique_ptr<GEOSGeometry, Free>;
  Geom own(GEOSGeometry* g) const { return Geom(g, Free{h_}); }

 private:
  static void on_error(const char* message, void* self) {
    static_cast<Geos*>(self)->error_ = message ? message : "";
  }
  GEOSContextHandle_t h_;
  std::string error_;
};

// WGS 84 longitude/latitude ⇄ metres in a Lambert azimuthal equal-area plane centred on the area.
// A pipeline string, so no CRS database is needed at run time.
class Plane {
 public:
  Plane(double lon0, double lat0) : ctx_(proj_context_create()) {
    const auto def = fmt::format(
        "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad "
        "+step +proj=laea +lat_0={:.8f} +lon_0={:.8f} +ellps=WGS84",
        lat0, lon0);
    pj_ = proj_create(ctx_, def.c_str());
  }
  ~Plane() {
    if (pj_) proj_destroy(pj_);
    proj_context_destroy(ctx_);
  }
  Plane(const Plane&) = delete;
  Plane& operator=(const Plane&) = delete;

  bool ok() const { return pj_ != nullptr; }
  // Forward (lon/lat → x/y) or inverse; false when PROJ cannot.
  bool trans(double& x, double& y, bool forward) const {
    PJ_COORD c = proj_coord(x, y, 0, 0);
    PJ_COORD r = proj_trans(pj_, forward ? PJ_FWD : PJ_INV, c);
    if (!std::isfinite(r.xy.x) || !std::isfinite(r.xy.y)) return false;
    x = r.xy.x;
    y = r.xy.y;
    return true;
  }

 private:
  PJ_CONTEXT* ctx_;
  PJ* pj_ = nullptr;
};

Error geos_error(const Geos& g, const std::string& what) {
  return Error::internal(fmt::format("几何计算失败（{}）：{}", what, g.last_error()));
}

// The area's centre: the middle of its bounding box (the plane's origin).
LonLat centre(const AreaGeometry& a) {
  double w = 180, e = -180, s = 90, n = -90;
  for (const auto& p : a.polygons)
    for (const auto& q : p.outer) {
      w = std::min(w, q.lon), e = std::max(e, q.lon);
      s = std::min(s, q.lat), n = std::max(n, q.lat);
    }
  return {(w + e) / 2, (s + n) / 2};
}

Result<Geos::Geom> ring(const Geos& g, const Plane& plane, const Ring& r) {
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(g.get(), unsigned(r.size()), 2);
  if (!seq) return fail(geos_error(g, "坐标序列"));
  for (unsigned i = 0; i < r.size(); ++i) {
    double x = r[i].lon, y = r[i].lat;
    if (!plane.trans(x, y, true)) {
      GEOSCoordSeq_destroy_r(g.get(), seq);
      return fail(Error::invalid("建成区坐标无法投影", "geojson"));
    }
    GEOSCoordSeq_setXY_r(g.get(), seq, i, x, y);
  }
  GEOSGeometry* lr = GEOSGeom_createLinearRing_r(g.get(), seq);  // takes the sequence
  if (!lr) return fail(Error::invalid("建成区的环无效：" + g.last_error(), "geojson"));
  return g.own(lr);
}

// The area in the plane, its polygons merged; invalid polygons refused with the reason.
Result<Geos::Geom> area_in_plane(const Geos& g, const Plane& plane, const AreaGeometry& a) {
  std::vector<GEOSGeometry*> parts;
  auto free_parts = [&] {
    for (auto* p : parts) GEOSGeom_destroy_r(g.get(), p);
  };
  for (std::size_t i = 0; i < a.polygons.size(); ++i) {
    const auto& p = a.polygons[i];
    auto shell = ring(g, plane, p.outer);
    if (!shell) return free_parts(), fail(shell.error());
    std::vector<Geos::Geom> holes;
    for (const auto& h : p.holes) {
      auto hr = ring(g, plane, h);
      if (!hr) return free_parts(), fail(hr.error());
      holes.push_back(std::move(*hr));
    }
    std::vector<GEOSGeometry*> raw;
    for (auto& h : holes) raw.push_back(h.release());
    GEOSGeometry* poly =
        GEOSGeom_createPolygon_r(g.get(), shell->release(), raw.data(), unsigned(raw.size()));
    if (!poly) return free_parts(), fail(geos_error(g, "多边形"));
    if (GEOSisValid_r(g.get(), poly) != 1) {
      char* why = GEOSisValidReason_r(g.get(), poly);
      std::string reason = why ? why : "";
      if (why) GEOSFree_r(g.get(), why);
      GEOSGeom_destroy_r(g.get(), poly);
      free_parts();
      return fail(
          Error::invalid(fmt::format("建成区第 {} 个多边形无效（{}）", i + 1, reason), "geojson"));
    }
    parts.push_back(poly);
  }
  GEOSGeometry* coll =
      GEOSGeom_createCollection_r(g.get(), GEOS_MULTIPOLYGON, parts.data(), unsigned(parts.size()));
  if (!coll) return free_parts(), fail(geos_error(g, "多边形集合"));
  auto owned = g.own(coll);
  GEOSGeometry* merged = GEOSUnaryUnion_r(g.get(), coll);
  if (!merged) return fail(geos_error(g, "合并建成区"));
  return g.own(merged);
}

// Back to lon/lat for the map (GEOSGeom_transformXY_r's callback).
int to_lonlat(double* x, double* y, void* plane) {
  return static_cast<const Plane*>(plane)->trans(*x, *y, false) ? 1 : 0;
}

}  // namespace

Result<double> area_m2(const AreaGeometry& area) {
  const auto c = centre(area);
  Plane plane(c.lon, c.lat);
  if (!plane.ok()) return fail(Error::internal("PROJ 无法建立等积投影"));
  Geos g;
  auto a = area_in_plane(g, plane, area);
  if (!a) return fail(a.error());
  double m2 = 0;
  if (!GEOSArea_r(g.get(), a->get(), &m2)) return fail(geos_error(g, "面积"));
  return m2;
}

Result<StopCoverage> stop_coverage(const AreaGeometry& area, std::span<const CoverageStop> stops,
                                   double radius_m) {
  const auto c = centre(area);
  Plane plane(c.lon, c.lat);
  if (!plane.ok()) return fail(Error::internal("PROJ 无法建立等积投影"));
  Geos g;
  auto a = area_in_plane(g, plane, area);
  if (!a) return fail(a.error());
  StopCoverage out;
  if (!GEOSArea_r(g.get(), a->get(), &out.built_up_m2)) return fail(geos_error(g, "面积"));

  // Only stops whose circle can reach the area's bounding box are buffered.
  double minx, miny, maxx, maxy;
  if (!GEOSGeom_getXMin_r(g.get(), a->get(), &minx) ||
      !GEOSGeom_getYMin_r(g.get(), a->get(), &miny) ||
      !GEOSGeom_getXMax_r(g.get(), a->get(), &maxx) ||
      !GEOSGeom_getYMax_r(g.get(), a->get(), &maxy))
    return fail(geos_error(g, "范围"));
  std::vector<GEOSGeometry*> circles;
  auto free_circles = [&] {
    for (auto* p : circles) GEOSGeom_destroy_r(g.get(), p);
  };
  for (const auto& s : stops) {
    double x = s.lon, y = s.lat;
    if (!plane.trans(x, y, true)) continue;
    if (x < minx - radius_m || x > maxx + radius_m || y < miny - radius_m || y > maxy + radius_m)
      continue;
    auto pt = g.own(GEOSGeom_createPointFromXY_r(g.get(), x, y));
    // 32 segments a quarter circle: the polygon's area is within 0.04 % of the circle's.
    GEOSGeometry* b = pt ? GEOSBuffer_r(g.get(), pt.get(), radius_m, 32) : nullptr;
    if (!b) return free_circles(), fail(geos_error(g, "缓冲区"));
    circles.push_back(b);
  }
  out.stops_near = circles.size();
  Geos::Geom uncovered;
  if (circles.empty()) {
    uncovered = g.own(GEOSGeom_clone_r(g.get(), a->get()));
  } else {
    auto coll = g.own(GEOSGeom_createCollection_r(g.get(), GEOS_MULTIPOLYGON, circles.data(),
                                                  unsigned(circles.size())));
    if (!coll) return free_circles(), fail(geos_error(g, "站点范围"));
    auto reach = g.own(GEOSUnaryUnion_r(g.get(), coll.get()));
    if (!reach) return fail(geos_error(g, "合并站点范围"));
    uncovered = g.own(GEOSDifference_r(g.get(), a->get(), reach.get()));
  }
  if (!uncovered) return fail(geos_error(g, "未覆盖部分"));
  if (!GEOSArea_r(g.get(), uncovered.get(), &out.uncovered_m2))
    return fail(geos_error(g, "未覆盖面积"));
  out.covered_m2 = std::max(0.0, out.built_up_m2 - out.uncovered_m2);
  out.ratio = out.built_up_m2 > 0 ? out.covered_m2 / out.built_up_m2 : 0;

  auto lonlat = g.own(
      GEOSGeom_transformXY_r(g.get(), uncovered.get(), &to_lonlat, const_cast<Plane*>(&plane)));
  if (!lonlat) return fail(geos_error(g, "坐标反算"));
  GEOSGeoJSONWriter* w = GEOSGeoJSONWriter_create_r(g.get());
  char* text = w ? GEOSGeoJSONWriter_writeGeometry_r(g.get(), w, lonlat.get(), -1) : nullptr;
  if (w) GEOSGeoJSONWriter_destroy_r(g.get(), w);
  if (!text) return fail(geos_error(g, "GeoJSON 输出"));
  out.uncovered = nlohmann::json::parse(text, nullptr, false);
  GEOSFree_r(g.get(), text);
  if (out.uncovered.is_discarded()) return fail(Error::internal("GEOS 输出的 GeoJSON 无法解析"));
  return out;
}

}  // namespace zt::transit

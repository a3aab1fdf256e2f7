#include "transit/kpi/built_up_area.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "transit/kpi/stop_coverage.hpp"

namespace zt::transit {

Result<std::optional<BuiltUpArea>> current_built_up_area(Store& store) {
  auto r = store.query(
      "SELECT id, name, geojson, area_m2, uploaded_at, uploaded_by FROM tr_built_up_areas "
      "ORDER BY id DESC LIMIT 1");
  if (!r) return fail(r.error());
  if (r->rows.empty()) return std::optional<BuiltUpArea>{};
  const auto& row = r->rows[0];
  return std::optional<BuiltUpArea>(
      BuiltUpArea{row.i64(0), row.str(1), row.str(2), row.str(5), row.f64(3), row.i64(4)});
}

Result<BuiltUpArea> save_built_up_area(Store& store, const std::string& name,
                                       const std::string& geojson, Instant at, const Actor& who) {
  if (geojson.size() > kMaxAreaBytes)
    return fail(Error{ErrorKind::kTooLarge,
                      fmt::format("建成区 GeoJSON 超过 {} MiB", kMaxAreaBytes >> 20),
                      "geojson",
                      {}});
  auto geometry = parse_area_geojson(geojson);
  if (!geometry) return fail(geometry.error());
  auto m2 = area_m2(*geometry);
  if (!m2) return fail(m2.error());
  if (*m2 <= 0) return fail(Error::invalid("建成区面积为零", "geojson"));
  BuiltUpArea a{0,       name.empty() ? std::string("中心城区建成区") : name,
                geojson, who.name,
                *m2,     unix_seconds(at)};
  auto st = store.transact([&](Tx& tx) -> Status {
    auto r = tx.query(
        "INSERT INTO tr_built_up_areas (name, geojson, area_m2, uploaded_at, uploaded_by) VALUES "
        "($1, $2, $3, $4, $5) RETURNING id",
        {a.name, a.geojson, a.area_m2, a.uploaded_at, a.uploaded_by});
    if (!r) return fail(r.error());
    a.id = r->rows.at(0).i64(0);
    nlohmann::json after = {{"name", a.name},
                            {"area_m2", a.area_m2},
                            {"polygons", geometry->polygons.size()},
                            {"positions", geometry->positions}};
    auto audit = append_audit(
        tx,
        who.entry("transit.built_up_area.upload", "transit_built_up_area", std::to_string(a.id),
                  fmt::format("上传建成区范围「{}」（{:.2f} 平方公里）", a.name, a.area_m2 / 1e6),
                  "", after.dump()),
        at);
    if (!audit) return fail(audit.error());
    return {};
  });
  if (!st) return fail(st.error());
  return a;
}

}  // namespace zt::transit

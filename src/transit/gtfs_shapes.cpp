// shapes.txt: each shape's points in sequence order, and the trips' shape ids checked against
// them.
#include <algorithm>

#include <fmt/format.h>

#include "transit/gtfs_loader.hpp"

namespace zt::transit::gtfs {

void Loader::shapes() {
  auto t =
      table("shapes.txt", false, {"shape_id", "shape_pt_lat", "shape_pt_lon", "shape_pt_sequence"});
  if (!t) return;
  for (std::size_t r = 0; r < t->rows(); ++r) {
    std::string_view id;
    if (!required(*t, r, "shape_id", id)) continue;
    auto lat = number(*t, r, "shape_pt_lat", true);
    auto lon = number(*t, r, "shape_pt_lon", true);
    auto seq = number(*t, r, "shape_pt_sequence", true);
    if (!lat || !lon || !seq) continue;
    ShapePoint p{*lat, *lon, number(*t, r, "shape_dist_traveled", false).value_or(-1), int(*seq)};
    feed_.shapes[std::string(id)].push_back(p);
  }
  for (auto& [id, pts] : feed_.shapes)
    std::stable_sort(pts.begin(), pts.end(), [](const ShapePoint& a, const ShapePoint& b) {
      return a.sequence < b.sequence;
    });
  for (const auto& [id, pts] : feed_.shapes)
    for (std::size_t k = 1; k < pts.size(); ++k)
      if (pts[k].sequence == pts[k - 1].sequence)
        issue(Severity::kError, "duplicate_key", "shapes.txt", 0, "shape_pt_sequence",
              fmt::format("线形 {} 的 shape_pt_sequence {} 重复", id, pts[k].sequence));
  for (std::size_t i = 0; i < feed_.trips.size(); ++i) {
    const auto& tr = feed_.trips[i];
    if (!tr.shape_id.empty() && !feed_.shapes.count(tr.shape_id))
      issue(Severity::kError, "foreign_key_violation", "trips.txt", trip_lines_[i], "shape_id",
            "shapes.txt 中没有 shape_id " + tr.shape_id);
  }
}

}  // namespace zt::transit::gtfs

#include "transit/geometry.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

namespace zt::transit {
namespace {

// Distance from (px, py) to segment a-b and the fraction along it.
std::pair<double, double> to_segment(double px, double py, double ax, double ay, double bx,
                                     double by) {
  const double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
  const double t = len2 > 0 ? std::clamp(((px - ax) * dx + (py - ay) * dy) / len2, 0.0, 1.0) : 0.0;
  const double qx = ax + t * dx - px, qy = ay + t * dy - py;
  return {std::sqrt(qx * qx + qy * qy), t};
}

double angle_between(double a, double b) {
  double d = std::fmod(std::fabs(a - b), 360.0);
  return d > 180 ? 360 - d : d;
}

}  // namespace

Projection Geometry::project(const Path& path, double x, double y, double from, double to) {
  Projection best;
  if (path.x.size() < 2) return best;
  // First segment that ends at or after `from`.
  auto it = std::lower_bound(path.cum.begin() + 1, path.cum.end(), from);
  for (std::size_t s = std::size_t(it - path.cum.begin()) - 1;
       s + 1 < path.x.size() && path.cum[s] <= to; ++s) {
    auto [d, u] = to_segment(x, y, path.x[s], path.y[s], path.x[s + 1], path.y[s + 1]);
    if (d < best.offset) {
      const double along = path.cum[s] + u * (path.cum[s + 1] - path.cum[s]);
      best = {std::clamp(along, from, to), d, std::uint32_t(s)};
    }
  }
  return best;
}

std::pair<double, double> Geometry::point_at(const Path& path, double dist,
                                             std::uint32_t* segment) {
  auto it = std::upper_bound(path.cum.begin(), path.cum.end(), dist);
  std::size_t s = it == path.cum.begin() ? 0 : std::size_t(it - path.cum.begin()) - 1;
  s = std::min(s, path.x.size() - 2);
  const double len = path.cum[s + 1] - path.cum[s];
  const double u = len > 0 ? std::clamp((dist - path.cum[s]) / len, 0.0, 1.0) : 0.0;
  if (segment) *segment = std::uint32_t(s);
  return {path.x[s] + u * (path.x[s + 1] - path.x[s]), path.y[s] + u * (path.y[s + 1] - path.y[s])};
}

double Geometry::heading(const Path& path, std::uint32_t s) {
  const double dx = path.x[s + 1] - path.x[s], dy = path.y[s + 1] - path.y[s];
  return std::fmod(std::atan2(dx, dy) * 180 / M_PI + 360, 360);
}

void Geometry::near(double x, double y, double radius, const double* bearing,
                    std::vector<Pass>& out) const {
  out.clear();
  // Candidate segments per path, in path order; consecutive runs of near segments are one pass.
  std::map<std::uint32_t, std::vector<std::uint32_t>> hits;
  const auto ix0 = std::int64_t(std::floor((x - radius) / kCell)),
             ix1 = std::int64_t(std::floor((x + radius) / kCell));
  const auto iy0 = std::int64_t(std::floor((y - radius) / kCell)),
             iy1 = std::int64_t(std::floor((y + radius) / kCell));
  for (auto ix = ix0; ix <= ix1; ++ix)
    for (auto iy = iy0; iy <= iy1; ++iy)
      if (auto it = grid_.find(cell_key(ix, iy)); it != grid_.end())
        for (auto [p, s] : it->second) hits[p].push_back(s);
  for (auto& [p, segs] : hits) {
    std::sort(segs.begin(), segs.end());
    segs.erase(std::unique(segs.begin(), segs.end()), segs.end());
    const Path& path = paths_[p];
    Pass cur{p, {}};
    std::uint32_t last = 0;
    bool open = false;
    for (auto s : segs) {
      auto [d, u] = to_segment(x, y, path.x[s], path.y[s], path.x[s + 1], path.y[s + 1]);
      if (d > radius) continue;
      if (bearing && angle_between(*bearing, heading(path, s)) > 100) continue;
      // A gap of more than a few segments (or 300 m) starts another pass of the same place.
      if (open && (s > last + 3 || path.cum[s] - path.cum[last + 1] > 300)) {
        out.push_back(cur);
        cur = Pass{p, {}};
      }
      if (d < cur.at.offset) cur.at = {path.cum[s] + u * (path.cum[s + 1] - path.cum[s]), d, s};
      last = s;
      open = true;
    }
    if (open) out.push_back(cur);
  }
}

Geometry Geometry::build(const Feed& f,
                         const std::vector<std::pair<std::size_t, std::size_t>>& spans) {
  Geometry g;
  // The plane's origin: the stops' mean, so distances hold to a fraction of a percent city-wide.
  double lat = 0, lon = 0;
  for (const auto& s : f.stops) lat += s.lat, lon += s.lon;
  if (!f.stops.empty()) lat /= double(f.stops.size()), lon /= double(f.stops.size());
  g.lat0_ = lat, g.lon0_ = lon, g.cos0_ = std::cos(lat * M_PI / 180);

  auto add_path = [&](const std::vector<std::pair<double, double>>& pts) {
    Path p;
    for (auto [la, lo] : pts) {
      auto [x, y] = g.to_plane(la, lo);
      if (!p.x.empty() && std::fabs(x - p.x.back()) < 1e-6 && std::fabs(y - p.y.back()) < 1e-6)
        continue;  // repeated vertex
      const double step = p.x.empty() ? 0 : std::hypot(x - p.x.back(), y - p.y.back());
      p.cum.push_back(p.cum.empty() ? 0 : p.cum.back() + step);
      p.x.push_back(x);
      p.y.push_back(y);
    }
    if (p.x.size() == 1) {  // a single point: make it a zero-length segment
      p.x.push_back(p.x[0]), p.y.push_back(p.y[0]), p.cum.push_back(0);
    }
    g.paths_.push_back(std::move(p));
    return std::uint32_t(g.paths_.size() - 1);
  };

  std::unordered_map<std::string, std::uint32_t> shape_path, pattern_index;
  g.trip_pattern_.assign(f.trips.size(), 0);
  for (std::uint32_t t = 0; t < f.trips.size(); ++t) {
    auto [b, e] = spans[t];
    std::string key = f.trips[t].shape_id + '|';
    for (auto k = b; k < e; ++k) key += std::to_string(f.stop_times[k].stop) + ',';
    if (auto it = pattern_index.find(key); it != pattern_index.end()) {
      g.trip_pattern_[t] = it->second;
      g.patterns_[it->second].trips.push_back(t);
      continue;
    }
    // The path: the trip's shape when it has a usable one, otherwise its stops joined.
    std::uint32_t path;
    auto shape = f.shapes.find(f.trips[t].shape_id);
    if (shape != f.shapes.end() && shape->second.size() >= 2) {
      auto sp = shape_path.find(shape->first);
      if (sp == shape_path.end()) {
        std::vector<std::pair<double, double>> pts;
        for (const auto& q : shape->second) pts.push_back({q.lat, q.lon});
        sp = shape_path.emplace(shape->first, add_path(pts)).first;
      }
      path = sp->second;
    } else {
      std::vector<std::pair<double, double>> pts;
      for (auto k = b; k < e; ++k)
        pts.push_back({f.stops[f.stop_times[k].stop].lat, f.stops[f.stop_times[k].stop].lon});
      if (pts.empty()) pts.push_back({lat, lon});
      path = add_path(pts);
    }
    // Each stop onto the path, in order: the earliest close approach after the previous stop, so
    // a loop that passes a place twice gives each visit its own pass.
    Pattern pat;
    pat.path = path;
    const Path& P = g.paths_[path];
    double prev = 0;
    std::size_t seg = 0;
    for (auto k = b; k < e; ++k) {
      auto [x, y] =
          g.to_plane(f.stops[f.stop_times[k].stop].lat, f.stops[f.stop_times[k].stop].lon);
      double best = 1e18;
      for (std::size_t s = seg; s + 1 < P.x.size(); ++s)
        best = std::min(best, to_segment(x, y, P.x[s], P.y[s], P.x[s + 1], P.y[s + 1]).first);
      const double good_enough = std::max(best * 1.5, best + 25);
      double dist = prev;
      for (std::size_t s = seg; s + 1 < P.x.size(); ++s) {
        auto [d, u] = to_segment(x, y, P.x[s], P.y[s], P.x[s + 1], P.y[s + 1]);
        if (d <= good_enough) {
          // Stay on this approach while it gets closer.
          while (s + 2 < P.x.size()) {
            auto next = to_segment(x, y, P.x[s + 1], P.y[s + 1], P.x[s + 2], P.y[s + 2]);
            if (next.first >= d) break;
            ++s, d = next.first, u = next.second;
          }
          dist = std::max(prev, P.cum[s] + u * (P.cum[s + 1] - P.cum[s]));
          seg = s;
          break;
        }
      }
      pat.stop_dist.push_back(dist);
      prev = dist;
    }
    pat.trips.push_back(t);
    const auto id = std::uint32_t(g.patterns_.size());
    pattern_index.emplace(std::move(key), id);
    g.trip_pattern_[t] = id;
    g.patterns_.push_back(std::move(pat));
  }
  g.path_patterns_.assign(g.paths_.size(), {});
  for (std::uint32_t p = 0; p < g.patterns_.size(); ++p)
    g.path_patterns_[g.patterns_[p].path].push_back(p);
  // The grid: every segment in each cell its bounding box touches.
  for (std::uint32_t p = 0; p < g.paths_.size(); ++p) {
    const Path& P = g.paths_[p];
    for (std::uint32_t s = 0; s + 1 < P.x.size(); ++s) {
      const auto ix0 = std::int64_t(std::floor(std::min(P.x[s], P.x[s + 1]) / kCell)),
                 ix1 = std::int64_t(std::floor(std::max(P.x[s], P.x[s + 1]) / kCell));
      const auto iy0 = std::int64_t(std::floor(std::min(P.y[s], P.y[s + 1]) / kCell)),
                 iy1 = std::int64_t(std::floor(std::max(P.y[s], P.y[s + 1]) / kCell));
      if ((ix1 - ix0 + 1) * (iy1 - iy0 + 1) > 4096) continue;  // a bogus 100 km jump
      for (auto ix = ix0; ix <= ix1; ++ix)
        for (auto iy = iy0; iy <= iy1; ++iy) g.grid_[cell_key(ix, iy)].push_back({p, s});
    }
  }
  return g;
}

}  // namespace zt::transit

// Where trips run: each distinct path (a trip's shape, or its stops joined when it has none) as a
// polyline in metres on a local plane, each distinct stop pattern on it with its stops' distances
// along the path, and a grid over the city that finds the paths near a GPS fix. Built once per
// network; read-only afterwards.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include "transit/gtfs.hpp"

namespace zt::transit {

struct Path {
  std::vector<double> x, y, cum;  // vertices in metres and the length up to each
  double length() const { return cum.empty() ? 0 : cum.back(); }
};

// A trip's stops on its path. Trips with the same path and the same stops share one.
struct Pattern {
  std::uint32_t path = 0;
  std::vector<double> stop_dist;  // metres along the path of each stop, non-decreasing
  std::vector<std::uint32_t> trips;
};

struct Projection {
  double dist = 0;       // metres along the path
  double offset = 1e18;  // metres from the path
  std::uint32_t segment = 0;
};

// One pass of a path near a point: a loop passes the same place twice and gives two.
struct Pass {
  std::uint32_t path = 0;
  Projection at;
};

class Geometry {
 public:
  // `spans[t]` is trip t's [begin, end) in f.stop_times.
  static Geometry build(const Feed& f,
                        const std::vector<std::pair<std::size_t, std::size_t>>& spans);

  std::pair<double, double> to_plane(double lat, double lon) const {
    return {(lon - lon0_) * kMetresPerDegree * cos0_, (lat - lat0_) * kMetresPerDegree};
  }
  std::pair<double, double> to_latlon(double x, double y) const {
    return {lat0_ + y / kMetresPerDegree, lon0_ + x / (kMetresPerDegree * cos0_)};
  }
  // The point `dist` metres along a path and the segment it is on.
  static std::pair<double, double> point_at(const Path& path, double dist, std::uint32_t* segment);
  std::uint32_t pattern_of(std::uint32_t trip) const { return trip_pattern_[trip]; }
  const Pattern& pattern(std::uint32_t p) const { return patterns_[p]; }
  const Path& path(std::uint32_t p) const { return paths_[p]; }
  std::size_t patterns() const { return patterns_.size(); }
  const std::vector<std::uint32_t>& patterns_on(std::uint32_t path) const {
    return path_patterns_[path];
  }

  // The nearest point of `path` to (x, y) on the segments that overlap [from, to] metres along it.
  static Projection project(const Path& path, double x, double y, double from, double to);
  // Every pass of every path within `radius` metres of (x, y). When `bearing` (degrees) is given,
  // segments heading more than 100° away from it are left out (the opposite direction of a street).
  void near(double x, double y, double radius, const double* bearing, std::vector<Pass>& out) const;
  // Direction of travel of a path's segment in compass degrees.
  static double heading(const Path& path, std::uint32_t segment);

 private:
  static constexpr double kMetresPerDegree = 111320.0;
  static constexpr double kCell = 250.0;  // grid cell, metres
  static std::uint64_t cell_key(std::int64_t ix, std::int64_t iy) {
    return (std::uint64_t(std::uint32_t(ix)) << 32) | std::uint32_t(iy);
  }
  double lat0_ = 0, lon0_ = 0, cos0_ = 1;
  std::vector<Path> paths_;
  std::vector<Pattern> patterns_;
  std::vector<std::vector<std::uint32_t>> path_patterns_;
  std::vector<std::uint32_t> trip_pattern_;
  std::unordered_map<std::uint64_t, std::vector<std::pair<std::uint32_t, std::uint32_t>>> grid_;
};

}  // namespace zt::transit

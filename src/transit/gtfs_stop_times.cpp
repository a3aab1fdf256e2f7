// stop_times.txt, the largest file of a feed: read in pieces, rows grouped by trip in sequence
// order, blank times interpolated along the trip's distance, and each trip checked (times that
// run backwards, distances that shrink, stops far from the trip's shape).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <tuple>

#include <fmt/format.h>

#include "transit/gtfs_loader.hpp"

namespace zt::transit::gtfs {

void Loader::stop_time_rows(const CsvTable& t,
                            const std::unordered_map<std::string_view, std::uint32_t>& stop_ids,
                            std::vector<std::pair<StopTime, int>>& rows) {
  const int c_trip = t.column("trip_id"), c_stop = t.column("stop_id"),
            c_seq = t.column("stop_sequence"), c_arr = t.column("arrival_time"),
            c_dep = t.column("departure_time"), c_dist = t.column("shape_dist_traveled"),
            c_tp = t.column("timepoint");
  // Lookups by view: stop_times rows come grouped by trip, so the last trip is usually it.
  std::string_view last_trip;
  auto last_ti = feed_.trip_index.end();
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const int line = t.line(r);
    auto trip = t.at(r, c_trip);
    auto stop = t.at(r, c_stop);
    auto ti = last_ti;
    if (ti == feed_.trip_index.end() || trip != last_trip) {
      ti = feed_.trip_index.find(std::string(trip));
      last_trip = trip;
      last_ti = ti;
    }
    if (ti == feed_.trip_index.end()) {
      issue(Severity::kError, "foreign_key_violation", "stop_times.txt", line, "trip_id",
            "trips.txt 中没有 trip_id " + std::string(trip));
      continue;
    }
    auto si = stop_ids.find(stop);
    if (si == stop_ids.end()) {
      issue(Severity::kError, "foreign_key_violation", "stop_times.txt", line, "stop_id",
            "stops.txt 中没有 stop_id " + std::string(stop));
      continue;
    }
    StopTime st;
    st.trip = ti->second;
    st.stop = si->second;
    auto seq = t.at(r, c_seq);
    auto [p, ec] = std::from_chars(seq.data(), seq.data() + seq.size(), st.sequence);
    if (ec != std::errc() || p != seq.data() + seq.size() || st.sequence < 0) {
      issue(Severity::kError, "invalid_integer", "stop_times.txt", line, "stop_sequence",
            fmt::format("stop_sequence 须为非负整数：{}", seq));
      continue;
    }
    for (auto [col, dest, name] : {std::tuple{c_arr, &st.arrival, "arrival_time"},
                                   {c_dep, &st.departure, "departure_time"}}) {
      auto v = t.at(r, col);
      if (v.empty()) continue;
      auto s = parse_gtfs_time(v);
      if (!s)
        issue(Severity::kError, "invalid_time", "stop_times.txt", line, name,
              fmt::format("{} 须为 HH:MM:SS：{}", name, v));
      else
        *dest = *s;
    }
    if (st.arrival < 0) st.arrival = st.departure;
    if (st.departure < 0) st.departure = st.arrival;
    auto dist = t.at(r, c_dist);
    if (!dist.empty()) std::from_chars(dist.data(), dist.data() + dist.size(), st.dist);
    st.timepoint = t.at(r, c_tp) != "0";
    rows.push_back({st, line});
  }
}

void Loader::stop_times() {
  std::vector<std::pair<StopTime, int>> rows;  // with their lines
  // Lookups by view: stop_times rows come grouped by trip, so the last trip is usually it.
  std::unordered_map<std::string_view, std::uint32_t> stop_ids;
  stop_ids.reserve(feed_.stops.size());
  for (const auto& [id, k] : feed_.stop_index) stop_ids.emplace(id, k);
  // The largest file of a feed by far: read in pieces, only the parsed rows kept.
  bool ok = table_pieces("stop_times.txt", true, {"trip_id", "stop_id", "stop_sequence"},
                         [&](const CsvTable& piece) { stop_time_rows(piece, stop_ids, rows); });
  if (!ok) return;
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.first.trip != b.first.trip ? a.first.trip < b.first.trip
                                        : a.first.sequence < b.first.sequence;
  });
  for (std::size_t i = 0; i < rows.size();) {
    std::size_t j = i;
    while (j < rows.size() && rows[j].first.trip == rows[i].first.trip) ++j;
    trip_times(rows, i, j);
    i = j;
  }
  feed_.stop_times.reserve(rows.size());
  for (auto& [st, line] : rows) feed_.stop_times.push_back(st);
  std::vector<bool> has_times(feed_.trips.size(), false);
  for (const auto& st : feed_.stop_times) has_times[st.trip] = true;
  for (std::size_t i = 0; i < feed_.trips.size(); ++i)
    if (!has_times[i])
      issue(Severity::kWarning, "unusable_trip", "trips.txt", trip_lines_[i], "trip_id",
            "行程没有停站时刻：" + feed_.trips[i].id);
}

void Loader::trip_times(std::vector<std::pair<StopTime, int>>& rows, std::size_t i, std::size_t j) {
  const auto& trip = feed_.trips[rows[i].first.trip];
  for (std::size_t k = i + 1; k < j; ++k)
    if (rows[k].first.sequence == rows[k - 1].first.sequence)
      issue(Severity::kError, "duplicate_key", "stop_times.txt", rows[k].second, "stop_sequence",
            fmt::format("行程 {} 的 stop_sequence {} 重复", trip.id, rows[k].first.sequence));
  for (std::size_t k : {i, j - 1})
    if (rows[k].first.arrival < 0) {
      issue(Severity::kError, "missing_trip_edge", "stop_times.txt", rows[k].second, "arrival_time",
            fmt::format("行程 {} 的首末站必须有时刻", trip.id));
      return;
    }
  // Distance along the trip: shape_dist_traveled where every row has it, else straight lines
  // between stops.
  bool shape_dist = std::all_of(rows.begin() + long(i), rows.begin() + long(j),
                                [](const auto& r) { return r.first.dist >= 0; });
  std::vector<double> along(j - i, 0);
  for (std::size_t k = i + 1; k < j; ++k) {
    const auto& a = feed_.stops[rows[k - 1].first.stop];
    const auto& b = feed_.stops[rows[k].first.stop];
    along[k - i] = shape_dist ? rows[k].first.dist
                              : along[k - i - 1] + haversine_m(a.lat, a.lon, b.lat, b.lon);
  }
  std::size_t prev = i;
  for (std::size_t k = i + 1; k < j; ++k) {
    if (rows[k].first.arrival < 0) continue;
    // Fill (prev, k) in proportion to distance (or evenly if the stops coincide).
    const double d0 = along[prev - i], d1 = along[k - i];
    const int t0 = rows[prev].first.departure, t1 = rows[k].first.arrival;
    for (std::size_t m = prev + 1; m < k; ++m) {
      double f = d1 > d0 ? (along[m - i] - d0) / (d1 - d0) : double(m - prev) / double(k - prev);
      int at = t0 + int(std::lround(f * (t1 - t0)));
      rows[m].first.arrival = rows[m].first.departure = at;
      rows[m].first.interpolated = true;
      feed_.interpolated++;
    }
    prev = k;
  }
  for (std::size_t k = i; k < j; ++k) {
    const auto& st = rows[k].first;
    if (st.departure < st.arrival)
      issue(Severity::kError, "stop_time_with_departure_before_arrival_time", "stop_times.txt",
            rows[k].second, "departure_time", fmt::format("行程 {} 离站早于到站", trip.id));
    if (k > i && st.arrival < rows[k - 1].first.departure)
      issue(Severity::kError, "stop_time_with_arrival_before_previous_departure_time",
            "stop_times.txt", rows[k].second, "arrival_time",
            fmt::format("行程 {} 到站早于上一站离站（时刻倒退）", trip.id));
    if (shape_dist && k > i && st.dist < rows[k - 1].first.dist)
      issue(Severity::kError, "decreasing_shape_distance", "stop_times.txt", rows[k].second,
            "shape_dist_traveled", fmt::format("行程 {} 的 shape_dist_traveled 递减", trip.id));
  }
  // Stops far from their trip's shape (checked once per shape and stop), on a plane local to
  // the shape: squared distances to its segments, no trigonometry per segment.
  auto shape = feed_.shapes.find(trip.shape_id);
  if (shape == feed_.shapes.end() || shape->second.size() < 2) return;
  auto& plane = planes_[trip.shape_id];
  const auto& pts = shape->second;
  constexpr double kM = 111320.0;
  if (plane.x.empty()) {
    plane.c = std::cos(pts[0].lat * M_PI / 180);
    for (const auto& p : pts)
      plane.x.push_back(p.lon * kM * plane.c), plane.y.push_back(p.lat * kM);
  }
  for (std::size_t k = i; k < j; ++k) {
    const auto stop = rows[k].first.stop;
    if (!plane.checked.insert(stop).second) continue;
    const auto& s = feed_.stops[stop];
    const double sx = s.lon * kM * plane.c, sy = s.lat * kM;
    double best2 = 1e300;
    for (std::size_t p = 1; p < pts.size(); ++p) {
      const double ax = plane.x[p - 1] - sx, ay = plane.y[p - 1] - sy;
      const double bx = plane.x[p] - sx, by = plane.y[p] - sy;
      // The segment's bounding box is already farther than the best: skip it.
      const double lx = std::max({0.0, std::min(ax, bx), -std::max(ax, bx)});
      const double ly = std::max({0.0, std::min(ay, by), -std::max(ay, by)});
      if (lx * lx + ly * ly >= best2) continue;
      const double dx = bx - ax, dy = by - ay;
      const double len2 = dx * dx + dy * dy;
      const double t = len2 > 0 ? std::clamp(-(ax * dx + ay * dy) / len2, 0.0, 1.0) : 0.0;
      const double px = ax + t * dx, py = ay + t * dy;
      best2 = std::min(best2, px * px + py * py);
    }
    const double best = std::sqrt(best2);
    if (best > 100)
      issue(Severity::kWarning, "stop_too_far_from_shape", "stop_times.txt", rows[k].second,
            "stop_id", fmt::format("站点 {} 距行程 {} 的线形 {:.0f} 米", s.id, trip.id, best));
  }
}

}  // namespace zt::transit::gtfs

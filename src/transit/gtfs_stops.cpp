// stops.txt: ids, names, coordinates in range; and afterwards the stops no trip serves.
#include <fmt/format.h>

#include "transit/gtfs_loader.hpp"

namespace zt::transit::gtfs {

void Loader::stops() {
  auto t = table("stops.txt", true, {"stop_id"});
  if (!t) return;
  for (std::size_t r = 0; r < t->rows(); ++r) {
    Stop s;
    std::string_view id;
    if (!required(*t, r, "stop_id", id)) continue;
    s.id = id;
    s.code = t->at(r, t->column("stop_code"));
    s.name = t->at(r, t->column("stop_name"));
    s.parent = t->at(r, t->column("parent_station"));
    auto lt = t->at(r, t->column("location_type"));
    s.location_type = lt.empty() ? 0 : lt[0] - '0';
    bool located = s.location_type <= 2;  // generic nodes and boarding areas may omit them
    auto lat = number(*t, r, "stop_lat", located);
    auto lon = number(*t, r, "stop_lon", located);
    if (lat && (*lat < -90 || *lat > 90))
      issue(Severity::kError, "coordinate_out_of_range", "stops.txt", t->line(r), "stop_lat",
            fmt::format("纬度超出范围：{}", *lat));
    if (lon && (*lon < -180 || *lon > 180))
      issue(Severity::kError, "coordinate_out_of_range", "stops.txt", t->line(r), "stop_lon",
            fmt::format("经度超出范围：{}", *lon));
    s.lat = lat.value_or(0);
    s.lon = lon.value_or(0);
    if (!feed_.stop_index.emplace(s.id, std::uint32_t(feed_.stops.size())).second) {
      issue(Severity::kError, "duplicate_key", "stops.txt", t->line(r), "stop_id",
            "stop_id 重复：" + s.id);
      continue;
    }
    feed_.stops.push_back(std::move(s));
  }
}

void Loader::unused() {
  std::vector<bool> used(feed_.stops.size(), false);
  for (const auto& st : feed_.stop_times) used[st.stop] = true;
  std::set<std::string> parents;
  for (const auto& s : feed_.stops)
    if (!s.parent.empty()) parents.insert(s.parent);
  int unused = 0;
  for (std::size_t i = 0; i < feed_.stops.size(); ++i)
    if (!used[i] && feed_.stops[i].location_type == 0 && !parents.count(feed_.stops[i].id))
      ++unused;
  if (unused)
    issue(Severity::kWarning, "unused_stop", "stops.txt", 0, "stop_id",
          fmt::format("{} 个站点没有任何停站时刻", unused));
}

}  // namespace zt::transit::gtfs

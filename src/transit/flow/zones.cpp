#include "transit/flow/zones.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include <fmt/format.h>

namespace zt::transit::flow {

ZoneFlow zone_flow(const Network& n, const std::vector<OdRow>& od,
                   const std::map<std::string, std::pair<double, double>>& onoff, int cell_m) {
  ZoneFlow out;
  out.cell_m = cell_m;
  const auto& stops = n.feed().stops;
  double lat0 = std::numeric_limits<double>::max(), lon0 = lat0;
  for (const auto& s : stops) lat0 = std::min(lat0, s.lat), lon0 = std::min(lon0, s.lon);
  // Metres per degree at the network's latitude (equirectangular, as stop_metres).
  const double per_lat = 111'320.0, per_lon = 111'320.0 * std::cos(lat0 * M_PI / 180);
  auto cell_of = [&](const Stop& s) {
    const int row = int(std::floor((s.lat - lat0) * per_lat / cell_m));
    const int col = int(std::floor((s.lon - lon0) * per_lon / cell_m));
    return fmt::format("r{}c{}", row, col);
  };
  struct Acc {
    Zone zone;
    double best = -1;
  };
  std::map<std::string, Acc> cells;
  std::unordered_map<std::string, std::string> zone_of_stop;
  auto add_stop = [&](const std::string& id) -> const std::string* {
    if (auto it = zone_of_stop.find(id); it != zone_of_stop.end()) return &it->second;
    auto s = n.find_stop(id);
    if (!s) return nullptr;
    const auto& stop = n.stop(*s);
    auto cell = cell_of(stop);
    auto& a = cells[cell];
    a.zone.id = cell;
    ++a.zone.stops;
    a.zone.lat += stop.lat, a.zone.lon += stop.lon;
    auto oo = onoff.find(id);
    const double on = oo == onoff.end() ? 0 : oo->second.first;
    const double off = oo == onoff.end() ? 0 : oo->second.second;
    a.zone.boardings += on, a.zone.alightings += off;
    if (on + off > a.best) a.best = on + off, a.zone.name = stop.name + "一带";
    return &(zone_of_stop[id] = cell);
  };
  for (const auto& [id, _] : onoff) add_stop(id);
  std::map<std::pair<std::string, std::string>, double> pairs;
  for (const auto& o : od) {
    const std::string* a = add_stop(o.from_stop);
    if (!a) continue;
    const std::string from = *a;
    const std::string* b = add_stop(o.to_stop);
    if (!b) continue;
    if (from == *b)
      out.intrazonal += o.riders;
    else
      pairs[{from, *b}] += o.riders;
  }
  for (auto& [_, a] : cells) {
    a.zone.lat /= a.zone.stops, a.zone.lon /= a.zone.stops;
    out.zones.push_back(std::move(a.zone));
  }
  std::stable_sort(out.zones.begin(), out.zones.end(), [](const Zone& a, const Zone& b) {
    return a.boardings + a.alightings > b.boardings + b.alightings;
  });
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < out.zones.size(); ++i) index[out.zones[i].id] = i;
  for (const auto& [p, riders] : pairs) out.od.push_back({index[p.first], index[p.second], riders});
  std::stable_sort(out.od.begin(), out.od.end(),
                   [](const ZoneOd& a, const ZoneOd& b) { return a.riders > b.riders; });
  return out;
}

}  // namespace zt::transit::flow

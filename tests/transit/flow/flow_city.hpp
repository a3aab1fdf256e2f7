// A small city for the passenger-flow tests, built in code: an east-west line (route 1) and a
// north-south line (route 2) crossing at their middle stops, ten stops each 400 m apart, both
// directions (the opposite stop 30 m across the street), a trip every 8 minutes 06:00-22:00.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "transit/gtfs.hpp"

namespace zt::transit::flow::testing {

inline Feed flow_city() {
  Feed f;
  f.agencies.push_back({"A", "三门峡公交", "http://example.cn", "Asia/Shanghai"});
  f.services.push_back({"WK", 0b0011111, *parse_date("2024-01-01"), *parse_date("2024-12-31")});
  const double lat0 = 34.77, lon0 = 111.19, dlat = 400.0 / 111'000, dlon = 400.0 / 91'200;
  for (int route = 0; route < 2; ++route) {
    const std::string r = std::to_string(route + 1);
    f.routes.push_back({r, "A", r, r + "路", "", 3, ""});
    for (int dir = 0; dir < 2; ++dir) {
      std::vector<std::uint32_t> stops;
      for (int i = 0; i < 10; ++i) {
        const std::string id = "R" + r + "D" + std::to_string(dir) + "S" + std::to_string(i);
        const double side = dir ? 30.0 / 111'000 : 0;
        const double lat = route ? lat0 + (i - 5) * dlat : lat0 + side;
        const double lon = route ? lon0 + side : lon0 + (i - 5) * dlon;
        f.stop_index[id] = std::uint32_t(f.stops.size());
        stops.push_back(std::uint32_t(f.stops.size()));
        f.stops.push_back({id, "", r + "路" + std::to_string(i) + "站", "", lat, lon, 0});
      }
      if (dir) std::reverse(stops.begin(), stops.end());
      for (int k = 0; k * 480 < 16 * 3600; ++k) {
        const std::string id = r + "-" + std::to_string(dir) + "-" + std::to_string(k);
        const auto t = std::uint32_t(f.trips.size());
        f.trip_index[id] = t;
        f.trips.push_back({id, r, "WK", "", "", "", dir});
        for (int s = 0; s < 10; ++s) {
          const int at = 6 * 3600 + k * 480 + route * 120 + s * 90;
          f.stop_times.push_back({t, stops[std::size_t(s)], s + 1, at, at + 20, -1, true, false});
        }
      }
    }
  }
  return f;
}

}  // namespace zt::transit::flow::testing

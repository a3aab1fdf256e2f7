// The small networks the transit tests run on, built in code: route 1 with four stops
// (line_feed) and a city of two routes, one of them a loop (city); `at` is a time in Sanmenxia.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/clock.hpp"
#include "transit/gtfs.hpp"
#include "transit/realtime.hpp"

namespace zt::transit::fixtures {

inline std::int64_t at(const char* day, int h, int m, int s = 0) {
  return unix_seconds(shanghai_time(*parse_date(day), h, m, s));
}

inline const std::vector<VehicleReport> kNoBuses;

// Route 1 with four stops, a weekday trip every 10 minutes from 06:00 to 22:00 (Asia/Shanghai).
inline Feed line_feed() {
  Feed f;
  f.agencies.push_back({"A", "三门峡公交", "http://example.cn", "Asia/Shanghai"});
  const char* names[] = {"火车站", "市政府", "黄河公园", "陕州公园"};
  for (int i = 0; i < 4; ++i) {
    f.stop_index["S" + std::to_string(i + 1)] = std::uint32_t(i);
    f.stops.push_back(
        {"S" + std::to_string(i + 1), "", names[i], "", 34.77 + 0.003 * i, 111.19 + 0.005 * i, 0});
  }
  f.routes.push_back({"R1", "A", "1", "火车站—陕州公园", "", 3, ""});
  f.services.push_back({"WK", 0b0011111, *parse_date("2024-01-01"), *parse_date("2024-12-31")});
  for (int t = 0; t < 97; ++t) {
    std::string id = "T" + std::to_string(t);
    f.trip_index[id] = std::uint32_t(f.trips.size());
    f.trips.push_back({id, "R1", "WK", "陕州公园", "", "", 0});
    for (int s = 0; s < 4; ++s) {
      int at = 6 * 3600 + t * 600 + s * 180;
      f.stop_times.push_back({std::uint32_t(t), std::uint32_t(s), s + 1, at, at, -1, true, false});
    }
  }
  return f;
}

// Two routes in Sanmenxia. Route 1 runs east along a street with five stops, a trip every 10 min.
// Route 2 is a loop: it leaves its terminal T, goes round a square and passes T's corner again
// (stop L5 shares the place of L1), every 15 min. Weekdays 06:00-22:00.
inline Feed city() {
  Feed f;
  f.agencies.push_back({"A", "三门峡公交", "http://example.cn", "Asia/Shanghai"});
  auto stop = [&](const std::string& id, const std::string& name, double lat, double lon) {
    f.stop_index[id] = std::uint32_t(f.stops.size());
    f.stops.push_back({id, "", name, "", lat, lon, 0});
  };
  for (int i = 0; i < 5; ++i)
    stop("E" + std::to_string(i + 1), "东站" + std::to_string(i + 1), 34.770, 111.180 + 0.006 * i);
  // The loop: a square of about 900 m a side north of route 1.
  stop("L1", "环线起点", 34.780, 111.180);
  stop("L2", "环线东北", 34.780, 111.190);
  stop("L3", "环线东南", 34.788, 111.190);
  stop("L4", "环线西南", 34.788, 111.180);
  f.routes.push_back({"R1", "A", "1", "东西线", "", 3, ""});
  f.routes.push_back({"R2", "A", "2", "环线", "", 3, ""});
  f.services.push_back({"WK", 0b0011111, *parse_date("2024-01-01"), *parse_date("2024-12-31")});
  // Route 2's shape goes round the square and ends back at L1's corner.
  auto& shape = f.shapes["loop"];
  const double corners[][2] = {{34.780, 111.180},
                               {34.780, 111.190},
                               {34.788, 111.190},
                               {34.788, 111.180},
                               {34.780, 111.180}};
  for (int i = 0; i < 5; ++i) shape.push_back({corners[i][0], corners[i][1], -1, i + 1});
  for (int t = 0; t < 96; ++t) {
    std::string id = "E" + std::to_string(t);
    f.trip_index[id] = std::uint32_t(f.trips.size());
    f.trips.push_back({id, "R1", "WK", "东站5", "", "", 0});
    for (int s = 0; s < 5; ++s) {
      int a = 6 * 3600 + t * 600 + s * 120;
      f.stop_times.push_back(
          {std::uint32_t(f.trips.size() - 1), std::uint32_t(s), s + 1, a, a + (s ? 20 : 0), -1});
    }
  }
  for (int t = 0; t < 64; ++t) {
    std::string id = "L" + std::to_string(t);
    f.trip_index[id] = std::uint32_t(f.trips.size());
    f.trips.push_back({id, "R2", "WK", "环线", "", "loop", 0});
    const std::uint32_t stops[] = {5, 6, 7, 8, 5};
    for (int s = 0; s < 5; ++s) {
      int a = 6 * 3600 + t * 900 + s * 150;
      f.stop_times.push_back({std::uint32_t(f.trips.size() - 1), stops[s], s + 1, a, a, -1});
    }
  }
  return f;
}

}  // namespace zt::transit::fixtures

// A hand-computed service day for the KPI tests (Wednesday 2024-03-20, Asia/Shanghai).
// Route R1 (timetabled, A→B→C): T1 07:00, T2 07:30, T3 08:00, T4 23:50 (arrives 00:02 the next
// morning), T5 17:30. Route R2 (headway-based, D→E): a bus every 10 min 07:00-08:00
// (frequencies, exact_times=0), 8 min a trip.
// What happened: T1 left 07:01:30 and reached C 07:13:00; T2 left 07:34 (late) and reached C
// 07:47; T3 was picked up at B, never seen leaving A, reached C 08:12:30; T4 left 23:49:30 and
// reached C 00:03; T5 never ran. On R2 buses left D at 07:01, 07:09, 07:22, 07:31 and 07:40, each
// reaching E 8 min later; the 07:50 slot never ran.
#pragma once

#include <string>
#include <vector>

#include "transit/network.hpp"
#include "transit/test_feeds.hpp"
#include "transit/tracker.hpp"

namespace zt::transit::fixtures {

inline const char* kKpiDay = "2024-03-20";

inline Feed kpi_feed() {
  Feed f;
  f.agencies.push_back({"A", "三门峡公交", "http://example.cn", "Asia/Shanghai"});
  auto stop = [&](const std::string& id, double lat, double lon) {
    f.stop_index[id] = std::uint32_t(f.stops.size());
    f.stops.push_back({id, "", "站" + id, "", lat, lon, 0});
  };
  stop("A", 34.770, 111.180);
  stop("B", 34.770, 111.191);
  stop("C", 34.770, 111.202);
  stop("D", 34.800, 111.180);
  stop("E", 34.800, 111.202);
  f.routes.push_back({"R1", "A", "1", "甲线", "", 3, ""});
  f.routes.push_back({"R2", "A", "2", "乙线", "", 3, ""});
  f.services.push_back({"WK", 0b0011111, *parse_date("2024-01-01"), *parse_date("2024-12-31")});
  auto trip = [&](const std::string& id, const std::string& route, std::vector<int> times) {
    const auto t = std::uint32_t(f.trips.size());
    f.trip_index[id] = t;
    f.trips.push_back({id, route, "WK", "", "", "", 0});
    const std::uint32_t first = route == "R1" ? 0 : 3;
    for (std::size_t s = 0; s < times.size(); ++s)
      f.stop_times.push_back(
          {t, first + std::uint32_t(s), int(s + 1), times[s], times[s], -1, true, false});
  };
  auto hm = [](int h, int m) { return h * 3600 + m * 60; };
  for (auto [id, h, m] :
       {std::tuple{"T1", 7, 0}, {"T2", 7, 30}, {"T3", 8, 0}, {"T4", 23, 50}, {"T5", 17, 30}})
    trip(id, "R1", {hm(h, m), hm(h, m) + 360, hm(h, m) + 720});
  trip("H", "R2", {hm(7, 0), hm(7, 8)});
  f.frequencies.push_back({std::uint32_t(f.trips.size() - 1), hm(7, 0), hm(8, 0), 600, false});
  return f;
}

inline StopEvent visit(const Network& n, const std::string& vehicle, const std::string& trip,
                       std::uint32_t index, std::int64_t arrived, std::int64_t departed,
                       int shift = 0, const char* day = kKpiDay) {
  return {vehicle, *n.find_trip(trip), *parse_date(day), shift, index, arrived, departed};
}

// The day's stop visits, as the tracker would have stored them.
inline std::vector<StopEvent> kpi_visits(const Network& n) {
  const char* d = kKpiDay;
  std::vector<StopEvent> v;
  v.push_back(visit(n, "V1", "T1", 0, 0, at(d, 7, 1, 30)));
  v.push_back(visit(n, "V1", "T1", 1, at(d, 7, 7), at(d, 7, 7, 30)));
  v.push_back(visit(n, "V1", "T1", 2, at(d, 7, 13), at(d, 7, 13)));
  v.push_back(visit(n, "V2", "T2", 0, 0, at(d, 7, 34)));
  v.push_back(visit(n, "V2", "T2", 1, at(d, 7, 40), at(d, 7, 40, 20)));
  v.push_back(visit(n, "V2", "T2", 2, at(d, 7, 47), at(d, 7, 47)));
  v.push_back(visit(n, "V3", "T3", 1, at(d, 8, 6), at(d, 8, 6, 30)));
  v.push_back(visit(n, "V3", "T3", 2, at(d, 8, 12, 30), at(d, 8, 12, 30)));
  v.push_back(visit(n, "V1", "T4", 0, 0, at(d, 23, 49, 30)));
  v.push_back(visit(n, "V1", "T4", 1, at(d, 23, 56), at(d, 23, 56, 30)));
  v.push_back(visit(n, "V1", "T4", 2, at("2024-03-21", 0, 3), at("2024-03-21", 0, 3)));
  // R2: the tracker put each bus on the slot nearest its position, bunched ones on the same.
  const int leave[] = {1, 9, 22, 31, 40};
  const int shift[] = {0, 600, 1200, 1800, 2400};
  for (int k = 0; k < 5; ++k) {
    const std::string bus = "H" + std::to_string(k + 1);
    v.push_back(visit(n, bus, "H", 0, 0, at(d, 7, leave[k]), shift[k]));
    v.push_back(visit(n, bus, "H", 1, at(d, 7, leave[k] + 8), at(d, 7, leave[k] + 8), shift[k]));
  }
  return v;
}

}  // namespace zt::transit::fixtures

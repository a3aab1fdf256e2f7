// Hand-built buses for the dispatch tests: a route "R1" direction 0 with stops S1…S6 every
// 400 m and two minutes apart in the timetable, buses placed by their predicted arrivals.
#pragma once

#include <string>
#include <vector>

#include "transit/dispatch/fleet_view.hpp"

namespace zt::transit::dispatch::test {

inline constexpr std::int64_t kNow = 1'700'000'000;

// A bus on R1 whose next stop is S<next> (1-based), predicted there at `arrive`; each later stop
// two minutes on. `scheduled` is its timetable's arrival at S1 (trip start).
inline BusState bus(const std::string& id, int next, std::int64_t arrive, std::int64_t scheduled,
                    int direction = 0, const std::string& route = "R1") {
  BusState b;
  b.vehicle_id = id;
  b.label = id;
  b.route_id = route;
  b.route_name = "1路";
  b.trip_id = "T-" + id;
  b.block_id = "B-" + id;
  b.assigned_block = b.block_id;
  b.direction = direction;
  b.fix_at = kNow;
  b.on_trip = true;
  b.next = std::uint32_t(next - 1);
  b.dist = (next - 1) * 400.0 - 100;
  b.off_path_m = 5;
  b.planned_departure = scheduled;
  for (int k = next; k <= 6; ++k) {
    StopAhead s;
    const std::string side = direction == 0 ? "S" : "N";
    s.stop_id = side + std::to_string(k);
    s.stop_name = (direction == 0 ? "南站" : "北站") + std::to_string(k);
    s.predicted = arrive + (k - next) * 120;
    s.scheduled = scheduled + (k - 1) * 120;
    s.control = k == 3;
    s.dist = (k - 1) * 400.0;
    s.lat = 34.77 + (direction == 0 ? k : 7 - k) * 0.0036;  // opposite stops face each other
    s.lon = 111.19;
    b.ahead.push_back(s);
  }
  return b;
}

}  // namespace zt::transit::dispatch::test

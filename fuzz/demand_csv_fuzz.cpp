// The planner's demand table of POST /api/v1/transit/scheduling/timetable: parse_demand_csv,
// then what a parsed table promises (fields in range, faults naming their lines), and the
// frequencies computed from it are finite and at least F_min.
#include <cmath>
#include <cstdint>
#include <string>

#include "transit/scheduling/frequencies.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace zt::transit::scheduling;
  auto rows = parse_demand_csv(std::string(reinterpret_cast<const char*>(data), size));
  if (!rows) {
    for (const auto& f : rows.error().fields)
      if (f.message.find("第 ") != 0) __builtin_trap();
    return 0;
  }
  for (const auto& r : *rows)
    if (r.hour < 0 || r.hour > 23 || r.segment < 0 || r.segment >= 200 || !(r.load >= 0) ||
        r.direction < 0 || r.direction > 1)
      __builtin_trap();
  auto p = load_profile(*rows, rows->front().route_id, rows->front().direction, 10);
  if (!p) return 0;
  FrequencyParams q;
  for (const auto& h : hourly_frequencies(*p, q))
    for (double f : h.f)
      if (!std::isfinite(f) || f < q.f_min) __builtin_trap();
  return 0;
}

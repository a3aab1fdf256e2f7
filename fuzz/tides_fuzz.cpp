// TIDES CSV bodies of POST /api/v1/transit/kpi/tides/{trips_performed,stop_visits,
// vehicle_locations}: each table's row reader (tides_rows.hpp) on the same bytes, then the refusal
// as the API answers it. (Laying the rows on a network is not fuzzed: it takes checked rows.)
#include <cstdint>
#include <string>

#include "core/http.hpp"
#include "transit/kpi/tides_rows.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  namespace kpi = zt::transit::kpi;
  if (auto t = kpi::read_trips_performed_rows(text, "trips_performed.csv"); !t)
    (void)zt::http::Response::error(t.error());
  if (auto v = kpi::read_stop_visit_rows(text, "stop_visits.csv"); !v)
    (void)zt::http::Response::error(v.error());
  if (auto l = kpi::read_vehicle_locations(text, "vehicle_locations.csv"); !l)
    (void)zt::http::Response::error(l.error());
  else
    for (const auto& r : *l) (void)r.to_json().dump();
  return 0;
}

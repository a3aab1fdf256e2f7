// Counter files as a stranger uploads them: the same bytes read as TIDES passenger_events and as
// TIDES stop_visits counts, under small limits so a long input hits the row cap.
#include <cstdint>
#include <string>

#include "transit/flow/count_files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace zt::transit::flow;
  CountReadOptions o;
  o.limits.max_rows = 1000;
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::size_t total = 0;
  if (auto e = read_passenger_events(text, o))
    total += e->size();
  else
    total += e.error().fields.size();
  if (auto e = read_stop_visit_counts(text, o))
    total += e->size();
  else
    total += e.error().fields.size();
  return total == std::size_t(-1) ? 1 : 0;
}

// Fare taps as a stranger uploads them: the same bytes read as a clearing-system export and as a
// TIDES fare_transactions CSV, under small limits so a long input hits the row cap.
#include <cstdint>
#include <string>

#include "transit/flow/fare_taps.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace zt::transit::flow;
  static const TokenHasher hasher = *TokenHasher::make("fuzz-secret-0123456789");
  TapReadOptions o;
  o.limits.max_rows = 1000;
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::size_t total = 0;
  if (auto t = read_clearing_export(text, hasher, o))
    total += t->size();
  else
    total += t.error().fields.size();
  if (auto t = read_tides_fare_transactions(text, hasher, o))
    total += t->size();
  else
    total += t.error().fields.size();
  return total == std::size_t(-1) ? 1 : 0;
}

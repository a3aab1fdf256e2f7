// The depots file of `zhengtong transit blocks --depots`: parse_depots_csv, then what a parsed
// list promises (1-100 depots, distinct ids, coordinates on the globe, limits not negative).
#include <cmath>
#include <cstdint>
#include <set>
#include <string_view>

#include "transit/scheduling/depots.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto d = zt::transit::scheduling::parse_depots_csv(
      std::string_view(reinterpret_cast<const char*>(data), size));
  if (!d) {
    if (d.error().message.empty() || d.error().field.empty()) __builtin_trap();
    return 0;
  }
  if (d->empty() || d->size() > 100) __builtin_trap();
  std::set<std::string> ids;
  for (const auto& x : *d) {
    if (x.id.empty() || x.name.empty() || !ids.insert(x.id).second) __builtin_trap();
    if (!std::isfinite(x.at.lat) || std::fabs(x.at.lat) > 90 || std::fabs(x.at.lon) > 180)
      __builtin_trap();
    if (x.vehicles < 0) __builtin_trap();
  }
  return 0;
}

// The ORLIB set-partitioning reader of `zhengtong transit duties --set-partition`:
// parse_set_partition, then what a parsed instance promises (rows in range, sorted, distinct).
#include <algorithm>
#include <cstdint>
#include <string_view>

#include "transit/scheduling/set_partition.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto sp = zt::transit::scheduling::parse_set_partition(
      std::string_view(reinterpret_cast<const char*>(data), size));
  if (!sp) {
    if (sp.error().message.find("第 ") != 0) __builtin_trap();  // every fault names its line
    return 0;
  }
  for (const auto& c : sp->columns) {
    if (c.rows.empty() || c.cost < 0) __builtin_trap();
    if (!std::is_sorted(c.rows.begin(), c.rows.end())) __builtin_trap();
    if (std::adjacent_find(c.rows.begin(), c.rows.end()) != c.rows.end()) __builtin_trap();
    if (c.rows.front() < 0 || c.rows.back() >= sp->rows) __builtin_trap();
  }
  return 0;
}

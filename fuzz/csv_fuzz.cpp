// CSV as GTFS files, replays and the market-entity import read it: CsvTable::parse, then every
// field by header name and by index (out of range included), as the loaders look them up.
#include <cstdint>
#include <string>

#include "core/csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto t = zt::CsvTable::parse(std::string(reinterpret_cast<const char*>(data), size), "fuzz.csv");
  if (!t) return 0;
  std::size_t total = 0;
  const int columns = int(t->header().size());
  for (std::size_t r = 0; r < t->rows(); ++r) {
    total += std::size_t(t->line(r));
    for (int c = -1; c <= columns; ++c) total += t->at(r, c).size();
    for (const auto& name : t->header()) total += t->at(r, t->column(name)).size();
  }
  return total == std::size_t(-1) ? 1 : 0;  // keeps the reads from being optimised away
}

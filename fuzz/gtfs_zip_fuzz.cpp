// A GTFS feed upload through load_feed_zip (zip reading, CSV, validation, interpolation) and its
// summary. An input that is not an archive is taken as the feed's files, each after a line
// "@@ stops.txt" (text before the first marker is agency.txt), and packed.
#include <cstdint>
#include <string>

#include "fuzz_zip.hpp"
#include "transit/gtfs.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  if (!zt::fuzz::is_zip(data, size))
    bytes = zt::fuzz::make_zip(zt::fuzz::split_entries(bytes, "agency.txt"));
  auto feed = zt::transit::load_feed_zip(std::move(bytes), "fuzz.zip");
  if (feed) (void)feed->summary().dump();
  return 0;
}

// Helpers shared by the harnesses whose parsers read ZIP archives (.docx, .xlsx, GTFS): the
// fuzzer rarely forges a valid archive (CRCs, offsets), so a harness may take its input as the
// entries' text and pack it, stored uncompressed, the way an office or a GTFS exporter would.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zt::fuzz {

using Entries = std::vector<std::pair<std::string, std::string>>;

// An in-memory ZIP of `entries`, stored (no compression); "" if libzip refuses.
std::string make_zip(const Entries& entries);

// Splits `text` into entries at lines "@@ NAME": what follows each marker, up to the next, is the
// entry NAME. Text before the first marker is the entry `first_name`.
Entries split_entries(std::string_view text, const std::string& first_name);

// Whether the input is an archive already (PK\x03\x04), to be parsed as it is.
inline bool is_zip(const std::uint8_t* data, std::size_t size) {
  return size >= 4 && data[0] == 'P' && data[1] == 'K' && data[2] == 3 && data[3] == 4;
}

}  // namespace zt::fuzz

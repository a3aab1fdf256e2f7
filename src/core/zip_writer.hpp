// A zip archive built in memory with libzip, for downloads made of several files (a .docx's
// parts, an ODS export). Pure function; safe from any thread.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "core/error.hpp"

namespace zt {

struct ZipPart {
  std::string_view name;  // path inside the archive, UTF-8
  std::string_view data;  // must stay alive for the call
};

// The archive's bytes, parts in the given order (deflated). Fails (internal) only when libzip
// does, naming the part.
Result<std::string> zip_archive(std::span<const ZipPart> parts);

}  // namespace zt

// Reading ZIP archives (GTFS feeds, .docx, .xlsx) with libzip: entries by name, each read with a
// cap checked while inflating, and a budget for the whole archive, so a crafted archive (a zip
// bomb, entries that overlap, a header that lies about sizes) cannot exhaust memory.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace zt {

// What one archive may cost. `total_bytes` counts every byte inflated (an entry read twice counts
// twice, so entries that share their data cannot multiply work) plus what parsers charge for the
// structures they build from it; `entries` bounds the central directory. `setting` names the
// configuration that set the cap, for the error message ("server.inflate_ratio …").
struct ZipLimits {
  std::size_t total_bytes = std::size_t(1) << 30;
  std::size_t entries = 10000;
  std::string setting;
};

class ZipReader {
 public:
  // From a file on disk or from bytes in memory (an upload). `what` names the source in errors.
  // An archive with more entries than `limits.entries` is refused (kTooLarge).
  static Result<ZipReader> open_file(const std::string& path, ZipLimits limits = {});
  static Result<ZipReader> open_bytes(std::string bytes, std::string what, ZipLimits limits = {});
  ZipReader(ZipReader&&) noexcept;
  ZipReader& operator=(ZipReader&&) noexcept;
  ~ZipReader();

  std::vector<std::string> names() const;
  bool contains(const std::string& name) const;
  // The entry's bytes; fails if it is missing or damaged, or (kTooLarge) once it inflates past
  // `max_bytes` or past the archive's remaining budget. The declared size is never trusted.
  Result<std::string> read(const std::string& name, std::size_t max_bytes = 256u << 20) const;
  // The entry inflated in pieces of at most 64 KiB, each handed to `sink` (which may stop the
  // read by returning an error); the same caps as read() without holding the entry whole.
  Status read_chunks(const std::string& name, std::size_t max_bytes,
                     const std::function<Status(std::string_view)>& sink) const;
  // Counts `bytes` of memory a parser derives from the archive (a DOM, table cells) against the
  // same budget; kTooLarge naming `part` and the limit when it is exhausted.
  Status charge(std::size_t bytes, const std::string& part) const;
  const std::string& what() const;

 private:
  struct Impl;
  explicit ZipReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The kTooLarge error for an upload whose content outgrows `limits` (also used by parsers that
// count their own output).
Error inflate_limit_error(const std::string& what, const std::string& part,
                          const ZipLimits& limits);

}  // namespace zt

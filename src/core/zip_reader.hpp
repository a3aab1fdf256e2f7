// Reading ZIP archives (GTFS feeds, .docx, .xlsx) with libzip: entries by name, each read whole
// with a size cap so a crafted archive cannot exhaust memory.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace zt {

class ZipReader {
 public:
  // From a file on disk or from bytes in memory (an upload). `what` names the source in errors.
  static Result<ZipReader> open_file(const std::string& path);
  static Result<ZipReader> open_bytes(std::string bytes, std::string what);
  ZipReader(ZipReader&&) noexcept;
  ZipReader& operator=(ZipReader&&) noexcept;
  ~ZipReader();

  std::vector<std::string> names() const;
  bool contains(const std::string& name) const;
  // The entry's bytes; fails if it is missing, damaged or larger than `max_bytes` uncompressed.
  Result<std::string> read(const std::string& name, std::size_t max_bytes = 256u << 20) const;
  const std::string& what() const;

 private:
  struct Impl;
  explicit ZipReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace zt

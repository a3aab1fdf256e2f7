// Where a feed's files come from (not part of transit's API): a .zip (on disk or uploaded), a
// folder, or texts in memory. The readers see only names and contents.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/zip_reader.hpp"
#include "transit/gtfs.hpp"

namespace zt::transit::gtfs {

class Source {
 public:
  // A folder of .txt files, or a .zip file.
  static Result<Source> open(const std::string& path);
  static Result<Source> of_zip(ZipReader zip);
  // The caller's texts, which must outlive the Source; fails on a name that is not a file name.
  static Result<Source> of_texts(const FeedTexts& files);

  bool has(const std::string& name) const { return names_.count(name) > 0; }
  const std::set<std::string>& names() const { return names_; }
  // Charges what a CSV table of `text` will index (a view per field, a start and a line per row)
  // to the archive's budget before it is built: a file of bare commas is 16 bytes a byte.
  Status charge_table(const std::string& name, std::string_view text) const;
  // The file in pieces as it is inflated or read (see ZipReader::read_chunks).
  Status read_chunks(const std::string& name,
                     const std::function<Status(std::string_view)>& sink) const;
  Result<std::string> read(const std::string& name) const;

 private:
  std::string dir_;
  std::unique_ptr<ZipReader> zip_;
  std::map<std::string, std::string> zip_paths_;
  std::map<std::string, std::string_view> texts_;  // of_texts: the caller's
  bool in_memory_ = false;
  std::set<std::string> names_;
};

}  // namespace zt::transit::gtfs

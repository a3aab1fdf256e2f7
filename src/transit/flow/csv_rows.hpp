// What every passenger-flow file reader shares: the limits a stranger's file is held to, the
// per-row error list ("第N行 列名": the fault, every bad row counted, the first ones listed) and
// the time forms the fare and counter systems write. Depends on core alone (fuzzed through the
// readers that use it).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.hpp"
#include "core/error.hpp"

namespace zt::transit::flow {

struct FileLimits {
  std::size_t max_bytes = 512u << 20;  // refused whole beyond this (413)
  std::size_t max_rows = 5'000'000;
  std::size_t max_errors = 100;  // errors listed; the message counts them all
};

// Collects the faults of a file's rows; not thread-safe (one reader's).
class RowErrors {
 public:
  explicit RowErrors(std::size_t cap);
  void add(int line, std::string_view column, std::string message);
  bool any() const { return count_ > 0; }
  // kInvalidInput naming `file` and the count, one FieldError per listed row. Requires any().
  Error error(const std::string& file) const;

 private:
  std::size_t cap_, count_ = 0;
  std::vector<FieldError> errors_;
};

// kTooLarge (413) past max_bytes.
Status check_file_size(const std::string& text, const FileLimits& limits);
// kTooLarge (413) past max_rows.
Status check_row_count(const CsvTable& t, const FileLimits& limits);

// A column by any of its names (English first, then the Chinese headers), or -1.
int column_of(const CsvTable& t, std::initializer_list<std::string_view> names);

// "YYYY-MM-DD[T ]HH:MM:SS[.fff][Z|±HH:MM]" or "YYYYMMDDHHMMSS" to unix seconds; times without an
// offset are read at `offset_s` from UTC. nullopt for anything else or an impossible date.
std::optional<std::int64_t> parse_flow_time(std::string_view s, int offset_s);

}  // namespace zt::transit::flow

// CSV as GTFS writes it (RFC 4180): an optional UTF-8 BOM, quoted fields with doubled quotes and
// embedded commas or line breaks, CRLF or LF, blank lines skipped. Fields are views into the
// buffer; a quoted field with doubled quotes is unescaped into the table's own storage.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"

namespace zt {

class CsvTable {
 public:
  // Parses `text` (kept alive by the table). `file` names the source in errors; text that is
  // not UTF-8 (a GBK export, say) is refused with the line of its first bad byte. `first_line` is
  // the line `text` starts on in the file (a piece of a larger one, its header repeated first).
  static Result<CsvTable> parse(std::string text, std::string file, int first_line = 1);

  const std::string& file() const { return file_; }
  const std::vector<std::string>& header() const { return header_; }
  std::size_t rows() const { return lines_.size(); }
  // Column index of a header name, or -1.
  int column(std::string_view name) const;
  // Field of a row ("" when the row is short); line is the 1-based line the row starts on.
  std::string_view at(std::size_t row, int column) const;
  int line(std::size_t row) const { return lines_[row]; }

 private:
  std::string file_;
  std::unique_ptr<std::string> text_;  // on the heap: views stay valid when the table moves
  std::deque<std::string> unescaped_;
  std::vector<std::string> header_;
  std::unordered_map<std::string, int> columns_;
  // Every row's fields, one after another: row r is cells_[starts_[r] .. starts_[r + 1]).
  std::vector<std::string_view> cells_;
  std::vector<std::uint32_t> starts_;
  std::vector<int> lines_;
};

// One field as RFC 4180 writes it: quoted, quotes doubled, when it holds a comma, quote or line
// break; as it is otherwise.
std::string csv_field(std::string_view v);

// Appends one CRLF-terminated row of `fields` (each convertible to std::string_view).
template <class... Fields>
void csv_row(std::string& out, const Fields&... fields) {
  bool first = true;
  ((out += (first ? "" : ","), out += csv_field(std::string_view(fields)), first = false), ...);
  out += "\r\n";
}

}  // namespace zt

// Excel (.xlsx) exports through libxlsxwriter: sheets with a bold, frozen header row and
// bordered, wrapped cells, returned as bytes for a download.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace zt {

class XlsxWriter {
 public:
  XlsxWriter();
  ~XlsxWriter();
  XlsxWriter(const XlsxWriter&) = delete;
  XlsxWriter& operator=(const XlsxWriter&) = delete;

  // Adds a sheet with its header (column title, width in characters); returns its handle.
  int sheet(const char* name, const std::vector<std::pair<const char*, double>>& columns);
  void text(int sheet, int row, int col, const std::string& s);
  void number(int sheet, int row, int col, double v);
  // Closes the workbook and returns the file's bytes.
  Result<std::string> finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zt

#include "core/xlsx_writer.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <xlsxwriter.h>

#include "core/digest.hpp"

namespace zt {

// libxlsxwriter writes to a file: write to a private temp file, read it back, remove it.
struct XlsxWriter::Impl {
  std::string path;
  lxw_workbook* wb = nullptr;
  lxw_format* header = nullptr;
  lxw_format* cell = nullptr;
  std::vector<lxw_worksheet*> sheets;
};

XlsxWriter::XlsxWriter() : impl_(std::make_unique<Impl>()) {
  impl_->path =
      (std::filesystem::temp_directory_path() / ("zt-" + random_hex(8) + ".xlsx")).string();
  impl_->wb = workbook_new(impl_->path.c_str());
  impl_->header = workbook_add_format(impl_->wb);
  format_set_bold(impl_->header);
  format_set_bg_color(impl_->header, 0xDDEBF7);
  format_set_border(impl_->header, LXW_BORDER_THIN);
  format_set_text_wrap(impl_->header);
  format_set_align(impl_->header, LXW_ALIGN_CENTER);
  impl_->cell = workbook_add_format(impl_->wb);
  format_set_border(impl_->cell, LXW_BORDER_THIN);
  format_set_text_wrap(impl_->cell);
  format_set_align(impl_->cell, LXW_ALIGN_VERTICAL_TOP);
}

XlsxWriter::~XlsxWriter() {
  if (impl_->wb) workbook_close(impl_->wb);
  std::error_code ec;
  std::filesystem::remove(impl_->path, ec);
}

int XlsxWriter::sheet(const char* name,
                      const std::vector<std::pair<const char*, double>>& columns) {
  auto* ws = workbook_add_worksheet(impl_->wb, name);
  for (std::size_t c = 0; c < columns.size(); ++c) {
    worksheet_set_column(ws, lxw_col_t(c), lxw_col_t(c), columns[c].second, nullptr);
    worksheet_write_string(ws, 0, lxw_col_t(c), columns[c].first, impl_->header);
  }
  worksheet_freeze_panes(ws, 1, 0);
  impl_->sheets.push_back(ws);
  return int(impl_->sheets.size() - 1);
}

void XlsxWriter::text(int sheet, int row, int col, const std::string& s) {
  worksheet_write_string(impl_->sheets.at(std::size_t(sheet)), lxw_row_t(row), lxw_col_t(col),
                         s.c_str(), impl_->cell);
}

void XlsxWriter::number(int sheet, int row, int col, double v) {
  worksheet_write_number(impl_->sheets.at(std::size_t(sheet)), lxw_row_t(row), lxw_col_t(col), v,
                         impl_->cell);
}

Result<std::string> XlsxWriter::finish() {
  lxw_error err = workbook_close(impl_->wb);
  impl_->wb = nullptr;
  if (err != LXW_NO_ERROR) return fail(Error::internal(std::string("xlsx: ") + lxw_strerror(err)));
  std::ifstream in(impl_->path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace zt

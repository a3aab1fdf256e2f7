#include "support/office_files.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <unistd.h>

#include <xlsxwriter.h>
#include <zip.h>

namespace zt::test {
namespace {

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

std::string runs(const std::string& text) {
  // Split near the middle on a UTF-8 boundary.
  std::size_t mid = text.size() / 2;
  while (mid < text.size() && (static_cast<unsigned char>(text[mid]) & 0xC0) == 0x80) ++mid;
  return "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">" +
         xml_escape(text.substr(0, mid)) + "</w:t></w:r><w:r><w:t>" + xml_escape(text.substr(mid)) +
         "</w:t></w:r>";
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

std::string make_zip(const std::vector<std::pair<std::string, std::string>>& entries) {
  auto path = std::filesystem::temp_directory_path() /
              ("zt-zip-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()) + ".zip");
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!z) throw std::runtime_error("zip_open");
  for (const auto& [name, data] : entries) {
    auto* src = zip_source_buffer(z, data.data(), data.size(), 0);
    if (!src || zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8) < 0)
      throw std::runtime_error("zip_file_add");
  }
  if (zip_close(z) != 0) throw std::runtime_error("zip_close");
  auto bytes = slurp(path);
  std::filesystem::remove(path);
  return bytes;
}

std::string make_docx(const std::vector<std::string>& lines) {
  std::string body;
  bool in_table = false;
  for (const auto& line : lines) {
    bool row = line.find('\t') != std::string::npos;
    if (row && !in_table) body += "<w:tbl><w:tblPr/>";
    if (!row && in_table) body += "</w:tbl>";
    in_table = row;
    if (row) {
      body += "<w:tr>";
      std::size_t at = 0;
      for (;;) {
        auto tab = line.find('\t', at);
        auto cell = line.substr(at, tab == std::string::npos ? std::string::npos : tab - at);
        body += "<w:tc><w:tcPr/><w:p>" + runs(cell) + "</w:p></w:tc>";
        if (tab == std::string::npos) break;
        at = tab + 1;
      }
      body += "</w:tr>";
    } else {
      body += "<w:p><w:pPr><w:jc w:val=\"both\"/></w:pPr>" + runs(line) + "</w:p>";
    }
  }
  if (in_table) body += "</w:tbl>";
  std::string document =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
      "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
      "<w:body>" +
      body + "<w:sectPr/></w:body></w:document>";
  return make_zip({{"[Content_Types].xml",
                    "<?xml version=\"1.0\"?><Types "
                    "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"},
                   {"word/document.xml", document}});
}

std::string make_raw_xlsx(const std::string& sheet_data, const std::string& shared_strings) {
  const std::string ns = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"";
  std::vector<std::pair<std::string, std::string>> parts = {
      {"xl/workbook.xml",
       "<workbook " + ns +
           " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
           "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
      {"xl/_rels/workbook.xml.rels",
       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
       "<Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>"},
      {"xl/worksheets/sheet1.xml",
       "<worksheet " + ns + "><sheetData>" + sheet_data + "</sheetData></worksheet>"}};
  if (!shared_strings.empty())
    parts.emplace_back("xl/sharedStrings.xml", "<sst " + ns + ">" + shared_strings + "</sst>");
  return make_zip(parts);
}

std::string make_xlsx(const std::vector<Sheet>& sheets) {
  auto path =
      std::filesystem::temp_directory_path() /
      ("zt-xlsx-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()) + ".xlsx");
  lxw_workbook* wb = workbook_new(path.c_str());
  for (const auto& sheet : sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.name.c_str());
    for (std::size_t r = 0; r < sheet.rows.size(); ++r)
      for (std::size_t c = 0; c < sheet.rows[r].size(); ++c) {
        const auto& v = sheet.rows[r][c];
        if (v.empty()) continue;
        char* end = nullptr;
        long n = std::strtol(v.c_str(), &end, 10);
        if (*end == '\0')
          worksheet_write_number(ws, lxw_row_t(r), lxw_col_t(c), double(n), nullptr);
        else
          worksheet_write_string(ws, lxw_row_t(r), lxw_col_t(c), v.c_str(), nullptr);
      }
  }
  if (workbook_close(wb) != LXW_NO_ERROR) throw std::runtime_error("workbook_close");
  auto bytes = slurp(path);
  std::filesystem::remove(path);
  return bytes;
}

}  // namespace zt::test

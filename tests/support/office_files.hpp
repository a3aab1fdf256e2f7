// Building .docx and .xlsx files in tests, the way Word and Excel lay them out (libzip for the
// .docx package, libxlsxwriter for real workbooks).
#pragma once

#include <string>
#include <vector>

namespace zt::test {

// Each line a paragraph, its text split over two runs (as Word does after an edit); a line with
// tabs becomes a table row with one cell per field; consecutive such lines form one table.
std::string make_docx(const std::vector<std::string>& lines);

// A workbook with one sheet per entry; cells that parse as whole numbers are written as numbers.
struct Sheet {
  std::string name;
  std::vector<std::vector<std::string>> rows;
};
std::string make_xlsx(const std::vector<Sheet>& sheets);

// A one-sheet workbook from raw XML (for hostile workbooks): `sheet_data` is the content of
// <sheetData>, `shared_strings` (if any) the <si> elements of xl/sharedStrings.xml.
std::string make_raw_xlsx(const std::string& sheet_data, const std::string& shared_strings = {});

// Zips arbitrary entries (for damaged or hostile packages).
std::string make_zip(const std::vector<std::pair<std::string, std::string>>& entries);

}  // namespace zt::test

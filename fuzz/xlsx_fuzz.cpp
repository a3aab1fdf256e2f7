// An .xlsx upload (a ledger or directory sheet) through xlsx_rows, by first sheet and by name.
// An input that is not an archive is taken as its entries ("@@ xl/workbook.xml" ... lines; text
// before the first marker is xl/worksheets/sheet1.xml) and packed.
#include <cstdint>
#include <string>

#include "core/ooxml.hpp"
#include "fuzz_zip.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  if (!zt::fuzz::is_zip(data, size))
    bytes = zt::fuzz::make_zip(zt::fuzz::split_entries(bytes, "xl/worksheets/sheet1.xml"));
  (void)zt::xlsx_rows(bytes, "fuzz.xlsx");
  (void)zt::xlsx_rows(std::move(bytes), "fuzz.xlsx", "项目台账");
  return 0;
}

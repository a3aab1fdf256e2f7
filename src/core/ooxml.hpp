// Office Open XML read in core: a .docx as plain text (one line per paragraph, a table row as its
// cells joined by tabs, as a PDF-to-text export would give it) and the first sheet of an .xlsx as
// rows of cell strings. Enough for notices, ledgers and directories that offices keep in Word
// and Excel; formatting is ignored.
#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/zip_reader.hpp"

namespace zt {

// Each reader refuses (kTooLarge) a package whose inflated parts, DOM and output together outgrow
// `limits`, and walks the XML iteratively, so no nesting depth exhausts the stack.
Result<std::string> docx_text(std::string bytes, const std::string& what, ZipLimits limits = {});

struct SheetRow {
  int line = 0;                    // the row number Excel shows (1-based)
  std::vector<std::string> cells;  // by column, "" where empty; numbers as written by Excel
};
// The sheet named `sheet` if the workbook has one, else its first sheet; blank rows left out.
Result<std::vector<SheetRow>> xlsx_rows(std::string bytes, const std::string& what,
                                        const std::string& sheet = {}, ZipLimits limits = {});

// Whether bytes look like a ZIP archive (PK\x03\x04): tells a .docx upload from plain text.
bool looks_like_zip(const std::string& bytes);

}  // namespace zt

// Word (.docx) documents written from paragraphs and tables: a minimal WordprocessingML package
// (content types, relationships, styles, document) zipped in memory with libzip. Enough for forms
// an office prints, signs and seals; A4 portrait, 仿宋 body and 黑体 headings.
//
// Not thread-safe: one writer per document. Text is UTF-8; '\n' inside a text breaks the line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace zt {

class DocxWriter {
 public:
  enum class Align { kLeft, kCenter, kRight, kJustify };
  struct Paragraph {
    Align align = Align::kJustify;
    bool bold = false;
    bool heading = false;  // 黑体 instead of 仿宋
    int size_pt = 16;      // 三号
    bool indent = false;   // first line indented two characters (正文)
    int space_before = 0;  // points
  };
  struct Cell {
    std::string text;
    int span = 1;  // columns it covers
    Align align = Align::kLeft;
  };

  void paragraph(std::string_view text, const Paragraph& style);
  // A bordered table; `widths` are the columns' shares of the text width (any positive units).
  // Each row's spans should add up to widths.size().
  void table(const std::vector<int>& widths, const std::vector<std::vector<Cell>>& rows,
             int size_pt = 14);
  // The package's bytes.
  Result<std::string> finish() const;

 private:
  std::string body_;
};

// `s` with &, <, >, " escaped and the characters XML 1.0 forbids (C0 controls but tab and line
// ends) dropped.
std::string xml_text(std::string_view s);

}  // namespace zt

#include "core/docx_writer.hpp"

#include "core/zip_writer.hpp"

#include <cstdio>
#include <memory>
#include <numeric>

#include <fmt/format.h>

namespace zt {
namespace {

// A4 with 25 mm top and bottom and 20 mm side margins, in twentieths of a point.
constexpr int kPageW = 11906, kPageH = 16838, kMarginTB = 1417, kMarginLR = 1134;
constexpr int kTextW = kPageW - 2 * kMarginLR;

const char* jc(DocxWriter::Align a) {
  switch (a) {
    case DocxWriter::Align::kLeft:
      return "left";
    case DocxWriter::Align::kCenter:
      return "center";
    case DocxWriter::Align::kRight:
      return "right";
    case DocxWriter::Align::kJustify:
      return "both";
  }
  return "both";
}

// Runs of `text`, each line its own <w:t> with a <w:br/> between (Word keeps no raw newlines).
std::string runs(std::string_view text, const std::string& rpr) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    auto nl = text.find('\n', start);
    auto line = text.substr(start, nl == std::string_view::npos ? nl : nl - start);
    out += "<w:r>" + rpr;
    if (start > 0) out += "<w:br/>";
    out += "<w:t xml:space=\"preserve\">" + xml_text(line) + "</w:t></w:r>";
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return out;
}

std::string run_props(bool bold, bool heading, int size_pt) {
  const char* font = heading ? "黑体" : "仿宋";
  return fmt::format(
      "<w:rPr><w:rFonts w:ascii=\"{0}\" w:hAnsi=\"{0}\" w:eastAsia=\"{0}\"/>{1}"
      "<w:sz w:val=\"{2}\"/><w:szCs w:val=\"{2}\"/></w:rPr>",
      font, bold ? "<w:b/>" : "", size_pt * 2);
}

constexpr std::string_view kContentTypes =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>)";

constexpr std::string_view kRootRels =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>)";

constexpr std::string_view kDocumentRels =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>)";

constexpr std::string_view kStyles =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="仿宋" w:hAnsi="仿宋" w:eastAsia="仿宋" w:cs="仿宋"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="360" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblCellMar><w:left w:w="108" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>)";

// libzip handles, released on every path.
}  // namespace

std::string xml_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        if (u < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') break;
        out += ch;
    }
  }
  return out;
}

void DocxWriter::paragraph(std::string_view text, const Paragraph& style) {
  body_ += fmt::format("<w:p><w:pPr><w:spacing w:before=\"{}\"/>{}<w:jc w:val=\"{}\"/></w:pPr>",
                       style.space_before * 20,
                       style.indent ? "<w:ind w:firstLineChars=\"200\"/>" : "", jc(style.align));
  body_ += runs(text, run_props(style.bold, style.heading, style.size_pt)) + "</w:p>";
}

void DocxWriter::table(const std::vector<int>& widths, const std::vector<std::vector<Cell>>& rows,
                       int size_pt) {
  const int total = std::max(1, std::accumulate(widths.begin(), widths.end(), 0));
  std::vector<int> twips;
  for (int w : widths) twips.push_back(kTextW * w / total);
  body_ += fmt::format(
      "<w:tbl><w:tblPr><w:tblW w:w=\"{}\" w:type=\"dxa\"/><w:tblBorders>"
      "<w:top w:val=\"single\" w:sz=\"6\" w:color=\"000000\"/>"
      "<w:left w:val=\"single\" w:sz=\"6\" w:color=\"000000\"/>"
      "<w:bottom w:val=\"single\" w:sz=\"6\" w:color=\"000000\"/>"
      "<w:right w:val=\"single\" w:sz=\"6\" w:color=\"000000\"/>"
      "<w:insideH w:val=\"single\" w:sz=\"6\" w:color=\"000000\"/>"
      "<w:insideV w:val=\"single\" w:sz=\"6\" w:color=\"000000\"/>"
      "</w:tblBorders><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>",
      kTextW);
  for (int t : twips) body_ += fmt::format("<w:gridCol w:w=\"{}\"/>", t);
  body_ += "</w:tblGrid>";
  const auto rpr = run_props(false, false, size_pt);
  for (const auto& row : rows) {
    body_ += "<w:tr><w:trPr><w:trHeight w:val=\"567\"/></w:trPr>";
    std::size_t col = 0;
    for (const auto& cell : row) {
      int w = 0;
      for (int k = 0; k < cell.span && col + std::size_t(k) < twips.size(); ++k)
        w += twips[col + std::size_t(k)];
      col += std::size_t(std::max(1, cell.span));
      body_ += fmt::format(
          "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/>{}"
          "<w:vAlign w:val=\"center\"/></w:tcPr>",
          w, cell.span > 1 ? fmt::format("<w:gridSpan w:val=\"{}\"/>", cell.span) : std::string());
      body_ += fmt::format("<w:p><w:pPr><w:jc w:val=\"{}\"/></w:pPr>{}</w:p></w:tc>",
                           jc(cell.align), runs(cell.text, rpr));
    }
    body_ += "</w:tr>";
  }
  // Word needs a paragraph between a table and what follows it.
  body_ += "</w:tbl><w:p/>";
}

Result<std::string> DocxWriter::finish() const {
  const std::string document = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
      "<w:body>{}<w:sectPr><w:pgSz w:w=\"{}\" w:h=\"{}\"/><w:pgMar w:top=\"{}\" w:right=\"{}\" "
      "w:bottom=\"{}\" w:left=\"{}\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/>"
      "</w:sectPr></w:body></w:document>",
      body_, kPageW, kPageH, kMarginTB, kMarginLR, kMarginTB, kMarginLR);
  const ZipPart parts[] = {
      {"[Content_Types].xml", kContentTypes},
      {"_rels/.rels", kRootRels},
      {"word/_rels/document.xml.rels", kDocumentRels},
      {"word/styles.xml", kStyles},
      {"word/document.xml", document},
  };

  return zip_archive(parts);
}

}  // namespace zt

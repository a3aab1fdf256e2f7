// A case document's blocks as printable A4 HTML and as Word: the same text, the same order.
#include <fmt/format.h>

#include "core/docx_writer.hpp"
#include "core/html.hpp"
#include "enforcement/documents.hpp"

namespace zt::enforcement {
namespace {

// Escaped, with line breaks kept.
std::string html_lines(std::string_view s) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    auto nl = s.find('\n', start);
    out += html_escape(s.substr(start, nl == std::string_view::npos ? nl : nl - start));
    if (nl == std::string_view::npos) break;
    out += "<br>";
    start = nl + 1;
  }
  return out;
}

}  // namespace

std::string document_html(const Document& d) {
  std::string body;
  for (const auto& b : d.blocks) {
    switch (b.kind) {
      case DocumentBlock::Kind::kParagraph:
        body += "<p>" + html_lines(b.text) + "</p>\n";
        break;
      case DocumentBlock::Kind::kSignature:
        body += "<p class=\"sign\">" + html_lines(b.text) + "</p>\n";
        break;
      case DocumentBlock::Kind::kForm:
        body += "<table class=\"form\">";
        for (const auto& r : b.rows) {
          if (r.size() == 1)
            body += "<tr><td colspan=\"2\">" + html_lines(r[0]) + "</td></tr>";
          else
            body +=
                "<tr><th>" + html_lines(r.at(0)) + "</th><td>" + html_lines(r.at(1)) + "</td></tr>";
        }
        body += "</table>\n";
        break;
      case DocumentBlock::Kind::kGrid:
        body += "<table class=\"grid\">";
        for (std::size_t i = 0; i < b.rows.size(); ++i) {
          body += "<tr>";
          for (const auto& cell : b.rows[i])
            body += (i == 0 ? "<th>" : "<td>") + html_lines(cell) + (i == 0 ? "</th>" : "</td>");
          body += "</tr>";
        }
        body += "</table>\n";
        break;
    }
  }
  return fmt::format(R"(<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{0} {1}</title>
<style>
@page {{ size: A4; margin: 25mm 20mm; }}
body {{ font-family: "FangSong", "STFangsong", "仿宋", serif; font-size: 16pt; line-height: 1.8; max-width: 170mm; margin: 0 auto; }}
h1 {{ font-family: "SimHei", "黑体", sans-serif; text-align: center; font-size: 22pt; margin: 0.3em 0 0; }}
p {{ text-indent: 2em; margin: 0.4em 0; }}
.unit {{ text-align: center; font-size: 18pt; text-indent: 0; }}
.no {{ text-align: right; text-indent: 0; }}
table {{ width: 100%; border-collapse: collapse; font-size: 14pt; margin: 0.5em 0; }}
td, th {{ border: 1px solid #000; padding: 4px 8px; vertical-align: middle; }}
.form th {{ width: 24%; font-weight: normal; text-align: center; }}
.grid th {{ font-weight: normal; text-align: center; }}
.sign {{ text-align: right; text-indent: 0; margin-top: 2em; }}
</style></head><body>
<p class="unit">{2}</p>
<h1>{1}</h1>
<p class="no">{0}</p>
{3}</body></html>
)",
                     html_escape(d.number), html_escape(d.title), html_escape(d.unit), body);
}

Result<std::string> document_docx(const Document& d) {
  using A = DocxWriter::Align;
  DocxWriter w;
  w.paragraph(d.unit, {.align = A::kCenter, .size_pt = 18});
  w.paragraph(d.title, {.align = A::kCenter, .bold = true, .heading = true, .size_pt = 22});
  w.paragraph(d.number, {.align = A::kRight, .size_pt = 14, .space_before = 6});
  for (const auto& b : d.blocks) {
    switch (b.kind) {
      case DocumentBlock::Kind::kParagraph:
        w.paragraph(b.text, {.indent = true, .space_before = 6});
        break;
      case DocumentBlock::Kind::kSignature:
        w.paragraph(b.text, {.align = A::kRight, .space_before = 24});
        break;
      case DocumentBlock::Kind::kForm: {
        std::vector<std::vector<DocxWriter::Cell>> rows;
        for (const auto& r : b.rows) {
          if (r.size() == 1)
            rows.push_back({{r[0], 2}});
          else
            rows.push_back({{r.at(0), 1, A::kCenter}, {r.at(1)}});
        }
        w.table({24, 76}, rows);
        break;
      }
      case DocumentBlock::Kind::kGrid: {
        std::vector<std::vector<DocxWriter::Cell>> rows;
        for (std::size_t i = 0; i < b.rows.size(); ++i) {
          rows.emplace_back();
          for (const auto& cell : b.rows[i])
            rows.back().push_back({cell, 1, i == 0 ? A::kCenter : A::kLeft});
        }
        auto widths = b.widths;
        if (widths.empty() && !b.rows.empty()) widths.assign(b.rows[0].size(), 1);
        w.table(widths, rows);
        break;
      }
    }
  }
  return w.finish();
}

}  // namespace zt::enforcement

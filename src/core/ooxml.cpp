#include "core/ooxml.hpp"

#include <map>

#include <pugixml.hpp>

#include "core/zip_reader.hpp"

namespace zt {
namespace {

constexpr std::size_t kMaxPart = 64u << 20;

// An upper bound on what pugixml allocates for `xml`: a node per start tag and per text run, an
// attribute per '='. A DOM costs ten times its text or more (a 4-byte "<c/>" is a 64-byte node),
// so it is charged to the archive's budget before it is built.
std::size_t dom_cost(std::string_view xml) {
  std::size_t nodes = 1, attributes = 0;
  for (std::size_t i = 0; i + 1 < xml.size(); ++i) {
    char c = xml[i], next = xml[i + 1];
    if (c == '<' && next != '/') ++nodes;
    if (c == '>' && next != '<') ++nodes;
    if (c == '=') ++attributes;
  }
  return nodes * 8 * sizeof(void*) + attributes * 5 * sizeof(void*);
}

Result<pugi::xml_document> load_part(const ZipReader& zip, const std::string& name) {
  auto xml = zip.read(name, kMaxPart);
  if (!xml) return fail(xml.error());
  if (auto st = zip.charge(xml->size() + dom_cost(*xml), name); !st) return fail(st.error());
  pugi::xml_document doc;
  auto r = doc.load_buffer(xml->data(), xml->size());
  if (!r)
    return fail(Error::invalid(zip.what() + "：" + name + " 不是有效的 XML（偏移 " +
                                   std::to_string(r.offset) + "：" + r.description() + "）",
                               name));
  return doc;
}

// The next node after `n` in document order once `n`'s subtree is done, staying inside `root`
// (null when the walk is over). `skip_up` names a wrapper whose parent is climbed to as well.
pugi::xml_node next_after(pugi::xml_node n, const pugi::xml_node& root,
                          std::string_view skip_up = {}) {
  while (n != root && !n.next_sibling()) {
    n = n.parent();
    if (!skip_up.empty() && n != root && skip_up == n.name()) n = n.parent();
  }
  return n == root ? pugi::xml_node() : n.next_sibling();
}

// Text of a paragraph: runs' w:t, tabs and breaks, at any depth of w:r, w:hyperlink, w:ins,
// w:smartTag, … The walk is iterative: a crafted file nests runs 100,000 deep, which recursion
// turns into a stack overflow.
void paragraph_text(const pugi::xml_node& p, std::string& out) {
  for (auto n = p.first_child(); n;) {
    std::string_view name = n.name();
    if (name == "w:t")
      out += n.text().get();
    else if (name == "w:tab")
      out += '\t';
    else if (name == "w:br" || name == "w:cr")
      out += '\n';
    else if (name != "w:pPr" && name != "w:rPr" && name != "w:instrText" && name != "w:delText" &&
             n.first_child()) {
      n = n.first_child();
      continue;
    }
    n = next_after(n, p);
  }
}

void table_text(const pugi::xml_node& tbl, std::string& out) {
  for (auto tr : tbl.children("w:tr")) {
    bool first = true;
    for (auto tc : tr.children("w:tc")) {
      if (!first) out += '\t';
      first = false;
      std::string cell;
      for (auto p : tc.children("w:p")) {
        if (!cell.empty()) cell += ' ';
        paragraph_text(p, cell);
      }
      out += cell;
    }
    out += '\n';
  }
}

// Paragraphs and tables of the body, including those inside content controls (w:sdt, which nest
// without bound: iterative like paragraph_text).
void block_text(const pugi::xml_node& body, std::string& out) {
  for (auto n = body.first_child(); n;) {
    std::string_view name = n.name();
    if (name == "w:p") {
      paragraph_text(n, out);
      out += '\n';
    } else if (name == "w:tbl") {
      table_text(n, out);
    } else if (name == "w:sdt") {
      if (auto inner = n.child("w:sdtContent").first_child()) {
        n = inner;
        continue;
      }
    }
    n = next_after(n, body, "w:sdtContent");
  }
}

// "BC12" -> 54 (0-based column); -1 if malformed or past Excel's last column (XFD). Stops
// before the sum can overflow: 16 letters once did (fuzz/xlsx_fuzz).
int column_of(std::string_view ref) {
  int col = 0;
  std::size_t i = 0;
  for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) {
    col = col * 26 + (ref[i] - 'A' + 1);
    if (col > 16384) return -1;
  }
  return i == 0 ? -1 : col - 1;
}

std::string inline_text(const pugi::xml_node& si) {
  std::string s;
  if (auto t = si.child("t")) return t.text().get();
  for (auto r : si.children("r")) s += r.child("t").text().get();
  return s;
}

}  // namespace

bool looks_like_zip(const std::string& bytes) {
  return bytes.size() >= 4 && bytes.compare(0, 4, "PK\x03\x04") == 0;
}

Result<std::string> docx_text(std::string bytes, const std::string& what, ZipLimits limits) {
  auto zip = ZipReader::open_bytes(std::move(bytes), what, std::move(limits));
  if (!zip) return fail(zip.error());
  auto doc = load_part(*zip, "word/document.xml");
  if (!doc) return fail(doc.error());
  auto body = doc->child("w:document").child("w:body");
  if (!body) return fail(Error::invalid(what + "：word/document.xml 中没有 w:body", "file"));
  std::string out;
  block_text(body, out);
  return out;
}

Result<std::vector<SheetRow>> xlsx_rows(std::string bytes, const std::string& what,
                                        const std::string& sheet_name, ZipLimits limits) {
  auto zip = ZipReader::open_bytes(std::move(bytes), what, std::move(limits));
  if (!zip) return fail(zip.error());
  // The first sheet: workbook order, resolved through the workbook's relationships.
  auto wb = load_part(*zip, "xl/workbook.xml");
  if (!wb) return fail(wb.error());
  auto sheet = wb->child("workbook").child("sheets").child("sheet");
  for (auto sh : wb->child("workbook").child("sheets").children("sheet"))
    if (!sheet_name.empty() && sheet_name == sh.attribute("name").value()) sheet = sh;
  if (!sheet) return fail(Error::invalid(what + "：工作簿中没有工作表", "file"));
  std::string rid = sheet.attribute("r:id").value();
  std::string path = "xl/worksheets/sheet1.xml";
  if (auto rels = load_part(*zip, "xl/_rels/workbook.xml.rels")) {
    for (auto rel : rels->child("Relationships").children("Relationship"))
      if (rid == rel.attribute("Id").value()) {
        std::string target = rel.attribute("Target").value();
        path = target.starts_with("/") ? target.substr(1) : "xl/" + target;
      }
  }
  std::vector<std::string> shared;
  if (zip->contains("xl/sharedStrings.xml")) {
    auto ss = load_part(*zip, "xl/sharedStrings.xml");
    if (!ss) return fail(ss.error());
    for (auto si : ss->child("sst").children("si")) shared.push_back(inline_text(si));
    if (auto st = zip->charge(shared.size() * sizeof(std::string), "xl/sharedStrings.xml"); !st)
      return fail(st.error());
  }
  auto ws = load_part(*zip, path);
  if (!ws) return fail(ws.error());
  std::vector<SheetRow> out;
  int next_line = 1;
  for (auto row : ws->child("worksheet").child("sheetData").children("row")) {
    SheetRow r;
    r.line = row.attribute("r").as_int(next_line);
    if (r.line < 1 || r.line > 1048576)  // Excel's rows; also keeps next_line from overflowing
      return fail(Error::invalid(
          what + "：行号无效（" + std::string(row.attribute("r").value()) + "）", "file"));
    next_line = r.line + 1;
    int next_col = 0;
    bool any = false;
    for (auto c : row.children("c")) {
      int col = c.attribute("r") ? column_of(c.attribute("r").value()) : next_col;
      if (col < 0 || col > 16383)
        return fail(
            Error::invalid(what + "：第" + std::to_string(r.line) + "行单元格引用无效", "file"));
      next_col = col + 1;
      std::string_view type = c.attribute("t").value();
      std::string value;
      if (type == "s") {
        auto idx = c.child("v").text().as_llong(-1);
        if (idx < 0 || std::size_t(idx) >= shared.size())
          return fail(Error::invalid(
              what + "：第" + std::to_string(r.line) + "行引用了不存在的共享字符串", "file"));
        value = shared[std::size_t(idx)];
      } else if (type == "inlineStr") {
        value = inline_text(c.child("is"));
      } else {
        value = c.child("v").text().get();
      }
      // The cells are charged as they are made: one short shared string referenced from a
      // million cells, or a lone cell in column XFD of every row, multiplies a few bytes of XML
      // into gigabytes.
      std::size_t grown =
          r.cells.size() <= std::size_t(col) ? std::size_t(col) + 1 - r.cells.size() : 0;
      if (auto st = zip->charge(grown * sizeof(std::string) + value.size(), path); !st)
        return fail(st.error());
      if (grown) r.cells.resize(std::size_t(col) + 1);
      any |= !value.empty();
      r.cells[std::size_t(col)] = std::move(value);
    }
    if (any) out.push_back(std::move(r));
  }
  return out;
}

}  // namespace zt

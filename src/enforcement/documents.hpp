// The standard documents of a penalty case (执法文书): 立案审批表, 询问（调查）笔录, 行政处罚事先
// 告知书, 行政处罚决定审批表, 行政处罚决定书, 送达回证, 信用修复告知书, 结案报告. Each is built
// once as blocks (document_build) from the case, its steps and the registers (document_facts), then
// rendered as printable A4 HTML or as a .docx for signing and sealing (document_render.cpp).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/store.hpp"
#include "enforcement/cases.hpp"

namespace zt::enforcement {

struct DocumentKind {
  std::string_view name, title;
};
const std::vector<DocumentKind>& document_kinds();
const DocumentKind* find_document_kind(std::string_view name);

// Whether the case has reached the step `kind` records (a 决定书 once decided, …), from the case
// row alone; false for an unknown kind. The case page offers only these.
bool document_available(const CaseRecord& c, std::string_view kind);

// An officer as the documents name them: 张三（执法证号 16010001）.
struct Signatory {
  std::string name, certificate;  // certificate "" when none is on the register
};
// What the documents need beyond the case and its steps, read from the registers.
struct DocumentFacts {
  std::map<std::string, Signatory> officers;  // by username, every officer the steps list
  std::string catalogue_basis;  // the unit's benchmark basis for the violation, "" if none
};
// Reads what the documents need from the registers. Thread-safe as the store is.
class CaseDocuments {
 public:
  explicit CaseDocuments(Store& store) : store_(store) {}
  // The officers of `steps` with their names and 执法证 (the one for the case's field first),
  // and the unit's catalogue basis for the case's violation.
  Result<DocumentFacts> facts(const CaseRecord& c, const std::vector<Step>& steps);

 private:
  Store& store_;
};

// A document as blocks, the same for HTML and Word.
struct DocumentBlock {
  enum class Kind {
    kParagraph,  // body text, first line indented
    kSignature,  // right-aligned lines (机关、日期)
    kForm,       // a two-column table: label, value (one cell spanning both when alone)
    kGrid,       // a table whose first row is its header
  };
  Kind kind = Kind::kParagraph;
  std::string text;                            // kParagraph, kSignature ('\n' breaks lines)
  std::vector<std::vector<std::string>> rows;  // kForm, kGrid
  std::vector<int> widths;                     // kGrid: the columns' shares
};
struct Document {
  std::string kind, title, unit, number;
  std::vector<DocumentBlock> blocks;
};

// The document, or kNotFound for an unknown kind, or a rule error (state-order) when the case has
// not yet reached the step the document records (document_available is false).
Result<Document> document_build(const CaseRecord& c, std::string_view kind,
                                const std::vector<Step>& steps, const DocumentFacts& facts);
// Printable A4 HTML, every value escaped.
std::string document_html(const Document& d);
// A Word document (.docx) of the same blocks.
Result<std::string> document_docx(const Document& d);

}  // namespace zt::enforcement

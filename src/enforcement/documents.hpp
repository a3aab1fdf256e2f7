// The standard documents of a penalty case (执法文书), generated from the case as printable A4
// HTML: 立案审批表, 行政处罚事先告知书, 行政处罚决定书, 送达回证, 信用修复告知书, 结案报告.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "enforcement/cases.hpp"

namespace zt::enforcement {

struct DocumentKind {
  std::string_view name, title;
};
const std::vector<DocumentKind>& document_kinds();

// The document, or kNotFound for an unknown kind, or a rule error when the case has not yet
// reached the step the document records.
Result<std::string> render_document(const CaseRecord& c, std::string_view kind,
                                    const std::vector<Step>& steps);

}  // namespace zt::enforcement

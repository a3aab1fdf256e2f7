// A notice's text as a PDF or a PDF viewer's export gives it, with the page furniture taken out:
// running headers and footers (found by repeating at the top or bottom of many pages, digits
// aside, not by a list of titles; also when glued to the first words of a page), page numbers
// (— 12 —, -12-, 第 12 页, 12/32, a bare number at a page's edge), form feeds, CRLF, and the hard
// line wraps of a fixed-width layout joined back into paragraphs (inside unit names too). Text
// already one paragraph a line (the seed's, a .docx's) comes back as it was.
#pragma once

#include <string>
#include <string_view>

namespace zt::supervision {

std::string remove_page_furniture(std::string_view text);

}  // namespace zt::supervision

// Text into HTML: the printable documents (执法文书, 通报) are HTML pages built from user input.
#pragma once

#include <string>
#include <string_view>

namespace zt {

// `s` with &, <, > and " escaped, for element text and double-quoted attribute values.
std::string html_escape(std::string_view s);

}  // namespace zt

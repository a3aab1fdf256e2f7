// Text into HTML: the printable documents (执法文书, 通报) are HTML pages built from user input.
#pragma once

#include <string>
#include <string_view>

#include "core/http.hpp"

namespace zt {

// `s` with &, <, > and " escaped, for element text and double-quoted attribute values.
std::string html_escape(std::string_view s);

// The policy of a printed document: one page with its own <style>; nothing else loads or runs.
inline constexpr std::string_view kDocumentCsp =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'none'";

// A printable page built from user data (its text escaped with html_escape), sent under
// kDocumentCsp instead of the app's policy.
http::Response document_response(std::string html);

}  // namespace zt

#include "core/html.hpp"

namespace zt {

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
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
        out += c;
    }
  }
  return out;
}

http::Response document_response(std::string html) {
  auto r = http::Response::text(std::move(html), "text/html; charset=utf-8");
  r.headers.emplace_back("Content-Security-Policy", std::string(kDocumentCsp));
  return r;
}

}  // namespace zt

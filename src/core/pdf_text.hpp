// The text of a PDF (a gazette as published), read by poppler (Debian libpoppler-cpp-dev): each
// page's text in poppler's reading order, pages separated by a form feed ('\f'), as UTF-8. Page
// furniture (running headers, page numbers, hard wraps) is left for the caller to remove.
// Stateless; safe to call from several threads (each call has its own document).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace zt {

struct PdfLimits {
  std::size_t max_bytes = 64u << 20;  // the file
  int max_pages = 2000;
  std::size_t max_text = 32u << 20;  // the text it yields
};

// "%PDF-" within the file's first 1 KiB, as readers accept it.
bool looks_like_pdf(std::string_view bytes);

// Fails (400) on a file poppler cannot open, an encrypted one, or one without text (a scan);
// kTooLarge past `limits`. `what` names the file in errors.
Result<std::string> pdf_text(const std::string& bytes, const std::string& what,
                             const PdfLimits& limits = {});

}  // namespace zt

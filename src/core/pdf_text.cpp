#include "core/pdf_text.hpp"

#include <memory>
#include <mutex>

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

namespace zt {
namespace {

// poppler prints a broken file's complaints to stderr; they are ours to report, not its.
void quiet(const std::string&, void*) {}

void silence_poppler() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function(quiet, nullptr); });
}

}  // namespace

bool looks_like_pdf(std::string_view bytes) {
  return bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos;
}

Result<std::string> pdf_text(const std::string& bytes, const std::string& what,
                             const PdfLimits& limits) {
  if (bytes.size() > limits.max_bytes)
    return fail(Error{ErrorKind::kTooLarge,
                      what + "：PDF 超过 " + std::to_string(limits.max_bytes >> 20) + " MB",
                      {},
                      {}});
  silence_poppler();
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), int(bytes.size())));
  if (!doc) return fail(Error::invalid(what + "：不是可读的 PDF 文件", "file"));
  if (doc->is_locked()) return fail(Error::invalid(what + "：PDF 已加密，无法读取", "file"));
  const int pages = doc->pages();
  if (pages > limits.max_pages)
    return fail(Error{ErrorKind::kTooLarge,
                      what + "：PDF 超过 " + std::to_string(limits.max_pages) + " 页",
                      {},
                      {}});
  std::string out;
  for (int i = 0; i < pages; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (i) out += '\f';
    if (!page) continue;
    const auto utf8 = page->text().to_utf8();
    out.append(utf8.data(), utf8.size());
    if (out.size() > limits.max_text)
      return fail(Error{ErrorKind::kTooLarge, what + "：PDF 的文字过多", {}, {}});
  }
  if (out.find_first_not_of(" \t\r\n\f") == std::string::npos)
    return fail(Error::invalid(what + "：PDF 中没有文字（扫描件请先做文字识别）", "file"));
  return out;
}

}  // namespace zt

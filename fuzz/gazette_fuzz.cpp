// Gazette and notice text as the import route takes it: notice_text (UTF-8 check, page furniture
// removed) then parse_gazette, answered as the server answers (Response::json). Archives go to
// docx_fuzz.
#include <cstdint>
#include <string>

#include "core/http.hpp"
#include "core/ooxml.hpp"
#include "core/pdf_text.hpp"
#include "supervision/gazette.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  if (zt::looks_like_zip(bytes)) return -1;  // not kept in the corpus: the .docx harness's job
  // A PDF goes to poppler, which OSS-Fuzz fuzzes as its own project; the text it gives comes
  // here as plain text does.
  if (zt::looks_like_pdf(bytes)) return -1;
  auto text = zt::supervision::notice_text(std::move(bytes), "fuzz.txt");
  if (!text) return 0;
  auto g = zt::supervision::parse_gazette(*text);
  if (g) (void)zt::http::Response::json(zt::supervision::to_json(*g));
  return 0;
}

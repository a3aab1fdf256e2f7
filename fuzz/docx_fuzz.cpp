// A .docx upload (a notice in Word) through docx_text. An input that is not an archive is taken
// as word/document.xml (more entries after "@@ NAME" lines) and packed, so the fuzzer reaches
// the XML walk without forging CRCs.
#include <cstdint>
#include <string>

#include "core/ooxml.hpp"
#include "fuzz_zip.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  if (!zt::fuzz::is_zip(data, size)) {
    auto entries = zt::fuzz::split_entries(bytes, "word/document.xml");
    entries.emplace_back("[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>");
    bytes = zt::fuzz::make_zip(entries);
  }
  (void)zt::docx_text(std::move(bytes), "fuzz.docx");
  return 0;
}

#include "core/zip_writer.hpp"

#include <memory>

#include <fmt/format.h>
#include <zip.h>

namespace zt {
namespace {

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct SourceFreer {
  void operator()(zip_source_t* s) const { zip_source_free(s); }
};

Error zip_failure(const char* what, zip_error_t* e) {
  return Error::internal(fmt::format("zip: {}: {}", what, zip_error_strerror(e)));
}

}  // namespace

Result<std::string> zip_archive(std::span<const ZipPart> parts) {
  zip_error_t err;
  zip_error_init(&err);
  std::unique_ptr<zip_source_t, SourceFreer> out(zip_source_buffer_create(nullptr, 0, 0, &err));
  if (!out) return fail(zip_failure("buffer", &err));
  std::unique_ptr<zip_t, ZipCloser> z(zip_open_from_source(out.get(), ZIP_TRUNCATE, &err));
  if (!z) return fail(zip_failure("open", &err));
  zip_source_keep(out.get());  // the archive takes a reference; ours reads the bytes after close
  for (const auto& p : parts) {
    // The parts outlive zip_close, which is when libzip reads them.
    zip_source_t* s = zip_source_buffer(z.get(), p.data.data(), p.data.size(), 0);
    const std::string name(p.name);
    if (!s || zip_file_add(z.get(), name.c_str(), s, ZIP_FL_ENC_UTF_8) < 0) {
      if (s) zip_source_free(s);
      return fail(Error::internal("zip: add " + name + ": " + zip_strerror(z.get())));
    }
  }
  if (zip_close(z.get()) < 0)
    return fail(Error::internal(std::string("zip: close: ") + zip_strerror(z.get())));
  (void)z.release();  // closed: nothing left to discard

  if (zip_source_open(out.get()) < 0)
    return fail(zip_failure("reopen", zip_source_error(out.get())));
  std::string bytes;
  char buf[1 << 14];
  for (zip_int64_t n; (n = zip_source_read(out.get(), buf, sizeof buf)) > 0;)
    bytes.append(buf, std::size_t(n));
  zip_source_close(out.get());
  return bytes;
}

}  // namespace zt

#include "core/zip_reader.hpp"

#include <zip.h>

namespace zt {

struct ZipReader::Impl {
  std::string what;
  std::string bytes;  // keeps an in-memory archive alive for libzip
  zip_t* archive = nullptr;
  ~Impl() {
    if (archive) zip_discard(archive);
  }
};

ZipReader::ZipReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ZipReader::ZipReader(ZipReader&&) noexcept = default;
ZipReader& ZipReader::operator=(ZipReader&&) noexcept = default;
ZipReader::~ZipReader() = default;

Result<ZipReader> ZipReader::open_file(const std::string& path) {
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &err);
  if (!z) {
    zip_error_t e;
    zip_error_init_with_code(&e, err);
    std::string msg = path + "：不是可读的 ZIP 文件（" + zip_error_strerror(&e) + "）";
    zip_error_fini(&e);
    return fail(Error::invalid(msg, "file"));
  }
  auto impl = std::make_unique<Impl>();
  impl->what = path;
  impl->archive = z;
  return ZipReader(std::move(impl));
}

Result<ZipReader> ZipReader::open_bytes(std::string bytes, std::string what) {
  auto impl = std::make_unique<Impl>();
  impl->what = std::move(what);
  impl->bytes = std::move(bytes);
  zip_error_t e;
  zip_error_init(&e);
  zip_source_t* src = zip_source_buffer_create(impl->bytes.data(), impl->bytes.size(), 0, &e);
  if (!src) {
    zip_error_fini(&e);
    return fail(Error::internal("zip_source_buffer_create"));
  }
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &e);
  if (!z) {
    std::string msg = impl->what + "：不是可读的 ZIP 文件（" + zip_error_strerror(&e) + "）";
    zip_source_free(src);
    zip_error_fini(&e);
    return fail(Error::invalid(msg, "file"));
  }
  zip_error_fini(&e);
  impl->archive = z;
  return ZipReader(std::move(impl));
}

std::vector<std::string> ZipReader::names() const {
  std::vector<std::string> out;
  zip_int64_t n = zip_get_num_entries(impl_->archive, 0);
  for (zip_int64_t i = 0; i < n; ++i)
    if (const char* name = zip_get_name(impl_->archive, zip_uint64_t(i), 0)) out.emplace_back(name);
  return out;
}

bool ZipReader::contains(const std::string& name) const {
  return zip_name_locate(impl_->archive, name.c_str(), 0) >= 0;
}

const std::string& ZipReader::what() const { return impl_->what; }

Result<std::string> ZipReader::read(const std::string& name, std::size_t max_bytes) const {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(impl_->archive, name.c_str(), 0, &st) != 0)
    return fail(Error::invalid(impl_->what + "：缺少 " + name, name));
  if ((st.valid & ZIP_STAT_SIZE) && st.size > max_bytes)
    return fail(
        Error{ErrorKind::kTooLarge,
              impl_->what + "：" + name + " 解压后超过 " + std::to_string(max_bytes) + " 字节",
              name,
              {}});
  zip_file_t* f = zip_fopen(impl_->archive, name.c_str(), 0);
  if (!f) return fail(Error::invalid(impl_->what + "：无法打开 " + name, name));
  std::string out;
  out.reserve(std::size_t(st.size));
  char buf[65536];
  for (;;) {
    zip_int64_t n = zip_fread(f, buf, sizeof buf);
    if (n < 0) {
      std::string msg = impl_->what + "：" + name + " 已损坏（" +
                        zip_error_strerror(zip_file_get_error(f)) + "）";
      zip_fclose(f);
      return fail(Error::invalid(msg, name));
    }
    if (n == 0) break;
    // The declared size can lie; the cap holds on what is actually inflated.
    if (out.size() + std::size_t(n) > max_bytes) {
      zip_fclose(f);
      return fail(Error{ErrorKind::kTooLarge, impl_->what + "：" + name + " 解压后过大", name, {}});
    }
    out.append(buf, std::size_t(n));
  }
  zip_fclose(f);
  return out;
}

}  // namespace zt

#include "core/zip_reader.hpp"

#include <zip.h>

namespace zt {
namespace {

std::string describe(std::size_t bytes) {
  std::string s = std::to_string(bytes) + " 字节";
  if (bytes >= (1u << 20)) s += "（" + std::to_string(bytes >> 20) + " MiB）";
  return s;
}

}  // namespace

Error inflate_limit_error(const std::string& what, const std::string& part,
                          const ZipLimits& limits) {
  std::string msg = what + "：" + (part.empty() ? "" : part + " ") + "解压后的内容超过上限 " +
                    describe(limits.total_bytes);
  if (!limits.setting.empty()) msg += "，由 " + limits.setting + " 决定";
  return {ErrorKind::kTooLarge, std::move(msg), part.empty() ? "file" : part, {}};
}

struct ZipReader::Impl {
  std::string what;
  std::string bytes;  // keeps an in-memory archive alive for libzip
  zip_t* archive = nullptr;
  ZipLimits limits;
  // Bytes inflated or charged so far; mutable because reading is logically const.
  mutable std::size_t spent = 0;
  ~Impl() {
    if (archive) zip_discard(archive);
  }
};

ZipReader::ZipReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ZipReader::ZipReader(ZipReader&&) noexcept = default;
ZipReader& ZipReader::operator=(ZipReader&&) noexcept = default;
ZipReader::~ZipReader() = default;

namespace {

Status check_entries(zip_t* z, const std::string& what, const ZipLimits& limits) {
  zip_int64_t n = zip_get_num_entries(z, 0);
  if (n >= 0 && std::uint64_t(n) <= limits.entries) return {};
  std::string msg =
      what + "：文件数 " + std::to_string(n) + " 超过上限 " + std::to_string(limits.entries);
  return fail(Error{ErrorKind::kTooLarge, std::move(msg), "file", {}});
}

}  // namespace

Result<ZipReader> ZipReader::open_file(const std::string& path, ZipLimits limits) {
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
  impl->limits = std::move(limits);
  if (auto st = check_entries(z, path, impl->limits); !st) return fail(st.error());
  return ZipReader(std::move(impl));
}

Result<ZipReader> ZipReader::open_bytes(std::string bytes, std::string what, ZipLimits limits) {
  auto impl = std::make_unique<Impl>();
  impl->what = std::move(what);
  impl->bytes = std::move(bytes);
  impl->limits = std::move(limits);
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
  if (auto st = check_entries(z, impl->what, impl->limits); !st) return fail(st.error());
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

Status ZipReader::charge(std::size_t bytes, const std::string& part) const {
  if (bytes > impl_->limits.total_bytes - impl_->spent)
    return fail(inflate_limit_error(impl_->what, part, impl_->limits));
  impl_->spent += bytes;
  return {};
}

Status ZipReader::read_chunks(const std::string& name, std::size_t max_bytes,
                              const std::function<Status(std::string_view)>& sink) const {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(impl_->archive, name.c_str(), 0, &st) != 0)
    return fail(Error::invalid(impl_->what + "：缺少 " + name, name));
  auto too_large = [&] {
    return Error{ErrorKind::kTooLarge,
                 impl_->what + "：" + name + " 解压后超过 " + describe(max_bytes),
                 name,
                 {}};
  };
  // A declared size over the cap is refused before any work; one under it proves nothing.
  if ((st.valid & ZIP_STAT_SIZE) && st.size > max_bytes) return fail(too_large());
  zip_file_t* f = zip_fopen(impl_->archive, name.c_str(), 0);
  if (!f) return fail(Error::invalid(impl_->what + "：无法打开 " + name, name));
  std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> closer(f, zip_fclose);
  std::string buf(65536, '\0');
  std::size_t total = 0;
  for (;;) {
    zip_int64_t n = zip_fread(f, buf.data(), buf.size());
    if (n < 0)
      return fail(Error::invalid(impl_->what + "：" + name + " 已损坏（" +
                                     zip_error_strerror(zip_file_get_error(f)) + "）",
                                 name));
    if (n == 0) return {};
    total += std::size_t(n);
    if (total > max_bytes) return fail(too_large());
    if (auto c = charge(std::size_t(n), name); !c) return c;
    if (auto s = sink(std::string_view(buf.data(), std::size_t(n))); !s) return s;
  }
}

Result<std::string> ZipReader::read(const std::string& name, std::size_t max_bytes) const {
  std::string out;
  auto st = read_chunks(name, max_bytes, [&out](std::string_view piece) -> Status {
    out.append(piece);  // grows with what is inflated, never with what the header declares
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

}  // namespace zt

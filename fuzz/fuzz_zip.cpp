#include "fuzz_zip.hpp"

#include <zip.h>

namespace zt::fuzz {

std::string make_zip(const Entries& entries) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &err);
  if (!buffer) return {};
  zip_t* z = zip_open_from_source(buffer, ZIP_TRUNCATE, &err);
  if (!z) {
    zip_source_free(buffer);
    zip_error_fini(&err);
    return {};
  }
  zip_source_keep(buffer);  // read back after zip_close
  for (const auto& [name, data] : entries) {
    zip_source_t* src = zip_source_buffer(z, data.data(), data.size(), 0);
    if (!src) continue;
    zip_int64_t i = zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (i < 0) {
      zip_source_free(src);
      continue;
    }
    zip_set_file_compression(z, zip_uint64_t(i), ZIP_CM_STORE, 0);
  }
  std::string out;
  if (zip_close(z) != 0) {
    zip_discard(z);
  } else if (zip_source_open(buffer) == 0) {
    char chunk[65536];
    zip_int64_t n;
    while ((n = zip_source_read(buffer, chunk, sizeof chunk)) > 0) out.append(chunk, size_t(n));
    zip_source_close(buffer);
  }
  zip_source_free(buffer);
  zip_error_fini(&err);
  return out;
}

Entries split_entries(std::string_view text, const std::string& first_name) {
  Entries out{{first_name, {}}};
  std::size_t at = 0;
  while (at <= text.size()) {
    auto nl = text.find('\n', at);
    auto line = text.substr(at, nl == std::string_view::npos ? std::string_view::npos : nl - at);
    if (line.starts_with("@@ ") && line.size() > 3) {
      out.emplace_back(std::string(line.substr(3)), std::string{});
    } else {
      out.back().second += line;
      if (nl != std::string_view::npos) out.back().second += '\n';
    }
    if (nl == std::string_view::npos) break;
    at = nl + 1;
  }
  if (out.front().second.empty() && out.size() > 1) out.erase(out.begin());
  return out;
}

}  // namespace zt::fuzz

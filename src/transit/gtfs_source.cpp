#include "transit/gtfs_source.hpp"

#include <filesystem>
#include <fstream>

#include "core/utf8.hpp"

namespace zt::transit::gtfs {
namespace {

// Pieces as a folder's file is read in: the in-memory texts go through the readers the same way.
constexpr std::size_t kReadPiece = 65536;

}  // namespace

Result<Source> Source::open(const std::string& path) {
  Source s;
  if (std::filesystem::is_directory(path)) {
    s.dir_ = path;
    for (const auto& e : std::filesystem::directory_iterator(path))
      if (e.is_regular_file()) s.names_.insert(e.path().filename().string());
    return s;
  }
  // The operator's own file: bounded only against a broken archive, not sized like an upload.
  auto zip = ZipReader::open_file(path, {std::size_t(16) << 30, 100000, {}});
  if (!zip) return fail(zip.error());
  return of_zip(std::move(*zip));
}

Result<Source> Source::of_zip(ZipReader zip) {
  Source s;
  for (auto& n : zip.names()) {
    // Feeds zipped with their folder: take the files by their base name.
    auto base = n.substr(n.rfind('/') + 1);
    // GTFS names its files in ASCII; a name that is not even UTF-8 is no table of ours, and
    // listing it made the feed summary's JSON dump throw (fuzz/gtfs_zip_fuzz).
    if (base.empty() || !valid_utf8(base)) continue;
    s.names_.insert(base);
    s.zip_paths_[base] = n;
  }
  s.zip_ = std::make_unique<ZipReader>(std::move(zip));
  return s;
}

Result<Source> Source::of_texts(const FeedTexts& files) {
  Source s;
  s.in_memory_ = true;
  for (const auto& [name, text] : files) {
    if (name.empty() || name.find('/') != std::string::npos || !valid_utf8(name))
      return fail(Error::invalid("不是 GTFS 文件名：" + name, "feed"));
    s.names_.insert(name);
    s.texts_.emplace(name, text);
  }
  return s;
}

Status Source::charge_table(const std::string& name, std::string_view text) const {
  if (!zip_) return {};
  std::size_t fields = 1, rows = 1;
  for (char c : text) {
    fields += c == ',' || c == '\n';
    rows += c == '\n';
  }
  return zip_->charge(fields * sizeof(std::string_view) + rows * 2 * sizeof(std::uint32_t), name);
}

Status Source::read_chunks(const std::string& name,
                           const std::function<Status(std::string_view)>& sink) const {
  if (zip_) return zip_->read_chunks(zip_paths_.at(name), std::size_t(2) << 30, sink);
  if (in_memory_) {
    for (std::string_view rest = texts_.at(name); !rest.empty();) {
      auto piece = rest.substr(0, kReadPiece);
      rest.remove_prefix(piece.size());
      if (auto st = sink(piece); !st) return st;
    }
    return {};
  }
  std::ifstream in(std::filesystem::path(dir_) / name, std::ios::binary);
  if (!in) return fail(Error::invalid("无法读取 " + name, name));
  std::string buf(kReadPiece, '\0');
  while (in.read(buf.data(), std::streamsize(buf.size())) || in.gcount() > 0)
    if (auto st = sink(std::string_view(buf.data(), std::size_t(in.gcount()))); !st) return st;
  return {};
}

Result<std::string> Source::read(const std::string& name) const {
  if (zip_) return zip_->read(zip_paths_.at(name), std::size_t(2) << 30);
  if (in_memory_) return std::string(texts_.at(name));
  std::ifstream in(std::filesystem::path(dir_) / name, std::ios::binary);
  if (!in) return fail(Error::invalid("无法读取 " + name, name));
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace zt::transit::gtfs

#include "app/paths.hpp"

#include <filesystem>

namespace zt {

std::string shipped_path(std::string_view relative) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path rel(relative);
  if (fs::exists(rel, ec)) return rel.string();
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return rel.string();
  // build/src/app/zhengtong is four levels below the root; an installed bin/ is one.
  auto dir = exe.parent_path();
  for (int up = 0; up < 5 && !dir.empty(); ++up, dir = dir.parent_path()) {
    if (fs::exists(dir / rel, ec)) return (dir / rel).string();
    if (dir == dir.parent_path()) break;
  }
  return rel.string();
}

}  // namespace zt

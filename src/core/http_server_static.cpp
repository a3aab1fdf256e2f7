// The built web app from ServerConfig::static_dir: files inside it only, index.html for the
// single-page app's own paths, assets cached for good.
#include <filesystem>
#include <fstream>

#include "core/http_server_impl.hpp"

namespace zt::http {
namespace {

std::string mime_type(const std::filesystem::path& p) {
  auto ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".ttf") return "font/ttf";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

}  // namespace

Response Server::Impl::serve_static(const Request& req) {
  if (config.static_dir.empty() || (req.method != "GET" && req.method != "HEAD"))
    return Response::error(Error::not_found("没有这个地址：" + req.path));
  namespace fs = std::filesystem;
  // The error_code forms: a path the file system refuses (a segment over NAME_MAX, say) is
  // simply not a file here, never an exception.
  std::error_code ec;
  fs::path root = fs::weakly_canonical(config.static_dir, ec);
  if (ec) return Response::error(Error::not_found("没有这个文件：" + req.path));
  fs::path target = fs::weakly_canonical(root / req.path.substr(1), ec);
  bool inside = false;
  if (!ec) {
    auto rel = target.lexically_relative(root);
    inside = !rel.empty() && *rel.begin() != "..";
  }
  if (!inside || !fs::is_regular_file(target, ec)) {
    // A single-page app: unknown paths get index.html, assets do not.
    if (req.path.starts_with("/assets/") || req.path.starts_with("/api/"))
      return Response::error(Error::not_found("没有这个文件：" + req.path));
    target = root / "index.html";
  }
  std::ifstream in(target, std::ios::binary);
  if (!in) return Response::error(Error::not_found("没有这个文件：" + req.path));
  std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto resp = Response::text(std::move(body), mime_type(target));
  if (req.path.starts_with("/assets/"))
    resp.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
  else
    resp.headers.emplace_back("Cache-Control", "no-cache");
  return resp;
}

}  // namespace zt::http

#include "core/http.hpp"

namespace zt::http {
namespace {

// Matches "/a/{x}/b" against "/a/42/b".
bool match_pattern(std::string_view pattern, std::string_view path,
                   std::map<std::string, std::string>& params) {
  std::map<std::string, std::string> found;
  while (true) {
    if (pattern.empty() || path.empty()) {
      if (pattern.empty() && path.empty()) break;
      return false;
    }
    if (pattern.front() != '/' || path.front() != '/') return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    auto pseg_end = pattern.find('/');
    auto seg_end = path.find('/');
    std::string_view pseg = pattern.substr(0, pseg_end);
    std::string_view seg = path.substr(0, seg_end);
    if (pseg.size() > 2 && pseg.front() == '{' && pseg.back() == '}') {
      if (seg.empty()) return false;
      found[std::string(pseg.substr(1, pseg.size() - 2))] = std::string(seg);
    } else if (pseg != seg) {
      return false;
    }
    pattern.remove_prefix(pseg.size());
    path.remove_prefix(seg.size());
  }
  params = std::move(found);
  return true;
}

}  // namespace

void Router::add(std::string method, std::string pattern, Permission permission,
                 std::string summary, Handler handler) {
  prefixes_.push_back(pattern.substr(0, pattern.find('{')));
  routes_.push_back({std::move(method),
                     std::move(pattern),
                     permission,
                     std::move(summary),
                     std::move(handler),
                     {}});
}

void Router::websocket(std::string pattern, Permission permission, std::string summary,
                       TopicResolver resolver) {
  prefixes_.push_back(pattern.substr(0, pattern.find('{')));
  routes_.push_back(
      {"GET", std::move(pattern), permission, std::move(summary), {}, std::move(resolver)});
}

const Route* Router::match(std::string_view method, std::string_view path,
                           std::map<std::string, std::string>& params,
                           bool& method_mismatch) const {
  method_mismatch = false;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    const auto& r = routes_[i];
    if (!path.starts_with(prefixes_[i])) continue;
    std::map<std::string, std::string> p;
    if (!match_pattern(r.pattern, path, p)) continue;
    if (r.method != method && !(method == "HEAD" && r.method == "GET")) {
      method_mismatch = true;
      continue;
    }
    params = std::move(p);
    return &r;
  }
  return nullptr;
}

}  // namespace zt::http

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

// The path up to its fourth "/": "/api/v1/transit" of "/api/v1/transit/stops/1".
std::string_view head(std::string_view path) {
  std::size_t at = 0;
  for (int i = 0; i < 4 && at != std::string_view::npos; ++i) at = path.find('/', at + 1);
  return path.substr(0, at);
}

}  // namespace

void Router::index_last() {
  const std::size_t i = routes_.size() - 1;
  const auto& pattern = routes_[i].pattern;
  auto h = head(pattern);
  if (pattern.find('{') < h.size())
    general_.push_back(i);
  else
    by_head_[std::string(h)].push_back(i);
}

Error refusal(const Access& access) {
  if (!access.refusal.empty()) return Error::forbidden(access.refusal);
  const auto& rule = permission_rule(access.permission);
  if (rule.refusal) return Error::forbidden(rule.refusal);
  return Error::forbidden("无权访问：需要权限 " + std::string(rule.name));
}

Status admit(const Route& route, const Request& req) {
  if (route.permission == Permission::kPublic) return {};
  if (!req.principal) return fail(Error::unauthenticated("未登录或会话已过期"));
  if (!req.principal->can(route.permission))
    return fail(
        Error::forbidden("无权访问：需要权限 " + std::string(permission_name(route.permission))));
  return {};
}

// Two routes of one method whose paths differ only in their parameters' names match the same
// requests, and the first registered always wins (a fleet WebSocket was shadowed this way).
void Router::note_shape(const std::string& method, const std::string& pattern) {
  std::string shape = method + " ";
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{') {
      const auto close = pattern.find('}', i);
      shape += "{}";
      if (close == std::string::npos) break;
      i = close;
    } else {
      shape += pattern[i];
    }
  }
  if (std::find(shapes_.begin(), shapes_.end(), shape) != shapes_.end())
    duplicates_.push_back(method + " " + pattern);
  else
    shapes_.push_back(std::move(shape));
}

void Router::add(std::string method, std::string pattern, Access access, std::string summary,
                 Handler handler) {
  note_shape(method, pattern);
  const Permission area = permission_rule(access.permission).area;
  if (area != access.permission && !access.by_handler) {
    // The server has checked the area; the permission is checked here, before the handler
    // reads anything, so a refusal never depends on the request's body or objects.
    handler = [need = access, inner = std::move(handler)](Request& req) -> Result<Response> {
      if (!req.who().can(need.permission)) return fail(refusal(need));
      return inner(req);
    };
  }
  prefixes_.push_back(pattern.substr(0, pattern.find('{')));
  routes_.push_back({std::move(method),
                     std::move(pattern),
                     area,
                     std::move(access),
                     std::move(summary),
                     std::move(handler),
                     {}});
  index_last();
}

void Router::websocket(std::string pattern, Access access, std::string summary,
                       TopicResolver resolver) {
  note_shape("GET", pattern);
  const Permission area = permission_rule(access.permission).area;
  if (area != access.permission) {
    resolver = [need = access, inner = std::move(resolver)](Request& req) -> Result<std::string> {
      if (!req.who().can(need.permission)) return fail(refusal(need));
      return inner(req);
    };
  }
  prefixes_.push_back(pattern.substr(0, pattern.find('{')));
  routes_.push_back({"GET",
                     std::move(pattern),
                     area,
                     std::move(access),
                     std::move(summary),
                     {},
                     std::move(resolver)});
  index_last();
}

const Route* Router::match(std::string_view method, std::string_view path,
                           std::map<std::string, std::string>& params,
                           bool& method_mismatch) const {
  method_mismatch = false;
  static const std::vector<std::size_t> kNone;
  auto group = by_head_.find(std::string(head(path)));
  const auto& own = group == by_head_.end() ? kNone : group->second;
  // The two lists merged by index: the first registered route that matches wins.
  for (std::size_t a = 0, b = 0; a < own.size() || b < general_.size();) {
    const std::size_t i =
        b == general_.size() || (a < own.size() && own[a] < general_[b]) ? own[a++] : general_[b++];
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

std::string Router::allowed_methods(std::string_view path) const {
  std::vector<std::string> methods;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    if (!path.starts_with(prefixes_[i])) continue;
    std::map<std::string, std::string> p;
    if (!match_pattern(routes_[i].pattern, path, p)) continue;
    methods.push_back(routes_[i].method);
    if (routes_[i].method == "GET") methods.emplace_back("HEAD");
  }
  std::sort(methods.begin(), methods.end());
  methods.erase(std::unique(methods.begin(), methods.end()), methods.end());
  std::string out;
  for (const auto& m : methods) out += (out.empty() ? "" : ", ") + m;
  return out;
}

}  // namespace zt::http

#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "core/http.hpp"

namespace zt::http {

std::string Request::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string{} : it->second;
}

std::string Request::cookie(const std::string& name) const {
  const std::string header_value = header("cookie");
  std::string_view all = header_value;
  while (!all.empty()) {
    auto semi = all.find(';');
    std::string_view part = all.substr(0, semi);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    auto eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name)
      return std::string(part.substr(eq + 1));
    if (semi == std::string_view::npos) break;
    all.remove_prefix(semi + 1);
  }
  return {};
}

std::optional<std::string> Request::q(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

Actor Request::actor() const {
  if (principal) return principal->actor(request_id);
  return Actor{std::nullopt, "anonymous", std::nullopt, request_id};
}

Response Response::json(const nlohmann::json& j, int status) {
  Response r;
  r.status = status;
  r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response Response::error(const Error& e) {
  nlohmann::json err{{"code", error_code(e.kind)}, {"message", e.message}};
  if (!e.field.empty()) err["field"] = e.field;
  if (!e.rule.empty()) err["rule"] = e.rule;
  if (!e.fields.empty()) {
    err["fields"] = nlohmann::json::array();
    for (const auto& f : e.fields)
      err["fields"].push_back({{"field", f.field}, {"message", f.message}});
  }
  return json({{"error", err}}, http_status(e.kind));
}

Response Response::text(std::string body, std::string content_type, int status) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.content_type = std::move(content_type);
  return r;
}

Result<nlohmann::json> parse_json_body(const Request& req) {
  auto ct = req.header("content-type");
  if (!ct.empty() && ct.find("application/json") == std::string::npos)
    return fail(Error::invalid("请求体须为 JSON（Content-Type: application/json），实为 " + ct));
  if (req.body.empty()) return fail(Error::invalid("请求体为空，需要一个 JSON 对象"));
  auto j = parse_json_document(req.body);
  if (j && !j->is_object()) return fail(Error::invalid("请求体须为 JSON 对象", "body"));
  return j;
}

Result<std::int64_t> path_id(const Request& req, const std::string& name, std::int64_t max) {
  auto it = req.params.find(name);
  if (it == req.params.end()) return fail(Error::invalid("缺少路径参数 " + name, name));
  std::int64_t v = 0;
  auto r = std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);
  if (r.ec != std::errc{} || r.ptr != it->second.data() + it->second.size() || v <= 0 || v > max)
    return fail(Error::invalid(max == kIntMax
                                   ? "路径参数 " + name + " 须为正整数"
                                   : fmt::format("路径参数 {} 须为 1 到 {} 的整数", name, max),
                               name));
  return v;
}

Status check_file_name(const std::string& name) {
  if (name.empty()) return fail(Error::invalid("缺少文件名", "name"));
  if (name.size() > 200) return fail(Error::invalid("文件名过长（上限200字节）", "name"));
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f || c == '/' || c == '\\' || c == '"')
      return fail(Error::invalid("文件名含有不允许的字符", "name"));
  if (name == "." || name == "..") return fail(Error::invalid("文件名无效", "name"));
  return {};
}

Response download(std::string body, const std::string& content_type, const std::string& ascii_name,
                  const std::string& name) {
  auto r = Response::text(std::move(body), content_type);
  std::string encoded;
  for (unsigned char c : name) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_')
      encoded += char(c);
    else
      encoded += fmt::format("%{:02X}", c);
  }
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + ascii_name +
                                                    "\"; filename*=UTF-8''" + encoded);
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace zt::http

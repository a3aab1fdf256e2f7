#include "core/http_fields.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "core/http.hpp"

namespace zt::http {
namespace {

using nlohmann::json;

// How a message names the input: "字段 percent" for a body member, "参数 limit" for a query one.
enum class Place { kBody, kQuery };

std::string named(Place place, const std::string& field) {
  return (place == Place::kBody ? "字段 " : "参数 ") + field;
}

Error bad(Place place, const std::string& field, std::string_view what) {
  return Error::invalid(named(place, field) + std::string(what), field);
}

Error out_of_range(Place place, const std::string& field, auto min, auto max) {
  return bad(place, field, fmt::format(" 须在 {} 到 {} 之间", min, max));
}

const json* member(const json& body, const std::string& field) {
  if (!body.is_object()) return nullptr;
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return nullptr;
  return &*it;
}

Error missing(const std::string& field) { return Error::invalid("缺少字段 " + field, field); }

// The deepest nesting of arrays and objects in `text`, stopping once past `limit`. Brackets
// inside strings do not count; the parser reports malformed text itself.
int nesting(std::string_view text, int limit) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) break;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

std::string choices(std::initializer_list<std::string_view> allowed) {
  std::string out;
  for (auto a : allowed) {
    if (!out.empty()) out += "、";
    out += a;
  }
  return out;
}

Result<std::string> check_enum(Place place, const std::string& field, std::string value,
                               std::initializer_list<std::string_view> allowed) {
  for (auto a : allowed)
    if (value == a) return value;
  return fail(bad(place, field, " 须为以下之一：" + choices(allowed)));
}

Result<std::string> check_text(Place place, const std::string& field, std::string value,
                               std::size_t max_bytes) {
  if (value.size() > max_bytes)
    return fail(bad(place, field, fmt::format(" 过长（上限 {} 字节）", max_bytes)));
  if (value.find('\0') != std::string::npos) return fail(bad(place, field, " 含有 NUL 字符"));
  return value;
}

Result<Date> check_date(Place place, const std::string& field, std::string_view text) {
  auto d = parse_date(text);
  if (!d) return fail(bad(place, field, " 须为有效日期 YYYY-MM-DD"));
  return *d;
}

// A query value, nullopt when absent or empty.
std::optional<std::string> query_value(const Request& req, const std::string& name) {
  auto v = req.q(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

Result<std::int64_t> parse_int_at(Place place, std::string_view text, const std::string& field,
                                  std::int64_t min, std::int64_t max) {
  std::int64_t v = 0;
  auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (r.ec == std::errc::result_out_of_range && r.ptr == text.data() + text.size())
    return fail(out_of_range(place, field, min, max));
  if (text.empty() || r.ec != std::errc{} || r.ptr != text.data() + text.size())
    return fail(bad(place, field, " 须为整数"));
  if (v < min || v > max) return fail(out_of_range(place, field, min, max));
  return v;
}

}  // namespace

Result<json> parse_json_document(std::string_view text, const std::string& field, int max_depth) {
  if (nesting(text, max_depth) > max_depth)
    return fail(Error::invalid(fmt::format("JSON 嵌套过深（上限 {} 层）", max_depth), field));
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    return fail(
        Error::invalid(fmt::format("JSON 格式错误（第 {} 字节）：{}", e.byte, e.what()), field));
  } catch (const json::exception& e) {
    // out_of_range 406: a number too large for a double (1e400).
    return fail(Error::invalid(fmt::format("JSON 数值超出范围：{}", e.what()), field));
  }
}

Result<std::int64_t> as_int(const json& v, const std::string& field, std::int64_t min,
                            std::int64_t max) {
  constexpr Place kBody = Place::kBody;
  if (v.is_number_unsigned()) {
    auto u = v.get<std::uint64_t>();
    if (max < 0 || u > std::uint64_t(max)) return fail(out_of_range(kBody, field, min, max));
    auto i = std::int64_t(u);
    if (i < min) return fail(out_of_range(kBody, field, min, max));
    return i;
  }
  if (v.is_number_integer()) {
    auto i = v.get<std::int64_t>();
    if (i < min || i > max) return fail(out_of_range(kBody, field, min, max));
    return i;
  }
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (!std::isfinite(d) || d != std::floor(d)) return fail(bad(kBody, field, " 须为整数"));
    // 2^63 is the first double past int64; comparing in double keeps the cast defined.
    if (d < double(min) || d > double(max) || d >= 9223372036854775808.0)
      return fail(out_of_range(kBody, field, min, max));
    return std::int64_t(d);
  }
  return fail(bad(kBody, field, " 须为整数"));
}

Result<std::int64_t> require_int(const json& body, const std::string& field, std::int64_t min,
                                 std::int64_t max) {
  const json* v = member(body, field);
  if (!v) return fail(missing(field));
  return as_int(*v, field, min, max);
}

Result<std::optional<std::int64_t>> optional_int(const json& body, const std::string& field,
                                                 std::int64_t min, std::int64_t max) {
  const json* v = member(body, field);
  if (!v) return std::optional<std::int64_t>{};
  return as_int(*v, field, min, max).map([](auto i) { return std::optional<std::int64_t>{i}; });
}

Result<double> as_number(const json& v, const std::string& field, double min, double max) {
  if (!v.is_number()) return fail(bad(Place::kBody, field, " 须为数值"));
  double d = v.get<double>();
  if (!std::isfinite(d) || d < min || d > max)
    return fail(out_of_range(Place::kBody, field, min, max));
  return d;
}

Result<double> require_number(const json& body, const std::string& field, double min, double max) {
  const json* v = member(body, field);
  if (!v) return fail(missing(field));
  return as_number(*v, field, min, max);
}

Result<std::optional<double>> optional_number(const json& body, const std::string& field,
                                              double min, double max) {
  const json* v = member(body, field);
  if (!v) return std::optional<double>{};
  return as_number(*v, field, min, max).map([](double d) { return std::optional<double>{d}; });
}

Result<bool> as_bool(const json& v, const std::string& field) {
  if (!v.is_boolean()) return fail(bad(Place::kBody, field, " 须为 true 或 false"));
  return v.get<bool>();
}

Result<std::optional<bool>> optional_bool(const json& body, const std::string& field) {
  const json* v = member(body, field);
  if (!v) return std::optional<bool>{};
  return as_bool(*v, field).map([](bool b) { return std::optional<bool>{b}; });
}

Result<std::string> as_string(const json& v, const std::string& field, std::size_t max_bytes) {
  if (!v.is_string()) return fail(bad(Place::kBody, field, " 须为字符串"));
  return check_text(Place::kBody, field, v.get<std::string>(), max_bytes);
}

Result<std::string> require_string(const json& body, const std::string& field, bool allow_empty,
                                   std::size_t max_bytes) {
  const json* v = member(body, field);
  if (!v) return fail(missing(field));
  auto s = as_string(*v, field, max_bytes);
  if (s && !allow_empty && s->empty()) return fail(bad(Place::kBody, field, " 不能为空"));
  return s;
}

Result<std::optional<std::string>> optional_string(const json& body, const std::string& field,
                                                   std::size_t max_bytes) {
  const json* v = member(body, field);
  if (!v) return std::optional<std::string>{};
  return as_string(*v, field, max_bytes).map([](std::string s) {
    return std::optional<std::string>{std::move(s)};
  });
}

Result<std::vector<std::string>> string_array(const json& body, const std::string& field,
                                              std::size_t max_items, std::size_t max_bytes) {
  std::vector<std::string> out;
  const json* v = member(body, field);
  if (!v) return out;
  if (!v->is_array()) return fail(bad(Place::kBody, field, " 须为字符串数组"));
  if (v->size() > max_items)
    return fail(bad(Place::kBody, field, fmt::format(" 最多 {} 项", max_items)));
  for (std::size_t i = 0; i < v->size(); ++i) {
    auto s = as_string((*v)[i], fmt::format("{}[{}]", field, i), max_bytes);
    if (!s) return fail(s.error());
    out.push_back(std::move(*s));
  }
  return out;
}

Result<Date> require_date(const json& body, const std::string& field) {
  const json* v = member(body, field);
  if (!v) return fail(missing(field));
  if (!v->is_string()) return fail(bad(Place::kBody, field, " 须为有效日期 YYYY-MM-DD"));
  return check_date(Place::kBody, field, v->get_ref<const std::string&>());
}

Result<std::optional<Date>> optional_date(const json& body, const std::string& field) {
  const json* v = member(body, field);
  if (!v || (v->is_string() && v->get_ref<const std::string&>().empty()))
    return std::optional<Date>{};
  return require_date(body, field).map([](Date d) { return std::optional<Date>{d}; });
}

Result<std::string> require_enum(const json& body, const std::string& field,
                                 std::initializer_list<std::string_view> allowed) {
  auto s = require_string(body, field, true, kMaxName);
  if (!s) return fail(s.error());
  return check_enum(Place::kBody, field, std::move(*s), allowed);
}

Result<std::optional<std::string>> optional_enum(const json& body, const std::string& field,
                                                 std::initializer_list<std::string_view> allowed) {
  if (!member(body, field)) return std::optional<std::string>{};
  return require_enum(body, field, allowed).map([](std::string s) {
    return std::optional<std::string>{std::move(s)};
  });
}

Result<std::int64_t> parse_int(std::string_view text, const std::string& field, std::int64_t min,
                               std::int64_t max) {
  return parse_int_at(Place::kBody, text, field, min, max);
}

Result<std::optional<std::int64_t>> query_int(const Request& req, const std::string& name,
                                              std::int64_t min, std::int64_t max) {
  auto v = query_value(req, name);
  if (!v) return std::optional<std::int64_t>{};
  return parse_int_at(Place::kQuery, *v, name, min, max).map([](auto i) {
    return std::optional<std::int64_t>{i};
  });
}

Result<std::int64_t> query_int_or(const Request& req, const std::string& name,
                                  std::int64_t fallback, std::int64_t min, std::int64_t max) {
  return query_int(req, name, min, max).map([fallback](auto v) { return v.value_or(fallback); });
}

Result<std::optional<double>> query_number(const Request& req, const std::string& name, double min,
                                           double max) {
  auto v = query_value(req, name);
  if (!v) return std::optional<double>{};
  double d = 0;
  auto r = std::from_chars(v->data(), v->data() + v->size(), d);
  if (r.ec != std::errc{} || r.ptr != v->data() + v->size() || !std::isfinite(d))
    return fail(bad(Place::kQuery, name, " 须为数值"));
  if (d < min || d > max) return fail(out_of_range(Place::kQuery, name, min, max));
  return std::optional<double>{d};
}

Result<bool> query_flag(const Request& req, const std::string& name) {
  auto v = query_value(req, name);
  if (!v) return false;
  if (*v == "1" || *v == "true") return true;
  if (*v == "0" || *v == "false") return false;
  return fail(bad(Place::kQuery, name, " 须为 1 或 0"));
}

Result<std::optional<std::string>> query_string(const Request& req, const std::string& name,
                                                std::size_t max_bytes) {
  auto v = query_value(req, name);
  if (!v) return std::optional<std::string>{};
  return check_text(Place::kQuery, name, std::move(*v), max_bytes).map([](std::string s) {
    return std::optional<std::string>{std::move(s)};
  });
}

Result<std::optional<Date>> query_date(const Request& req, const std::string& name) {
  auto v = query_value(req, name);
  if (!v) return std::optional<Date>{};
  return check_date(Place::kQuery, name, *v).map([](Date d) { return std::optional<Date>{d}; });
}

Result<Date> require_query_date(const Request& req, const std::string& name) {
  auto d = query_date(req, name);
  if (!d) return fail(d.error());
  if (!*d) return fail(Error::invalid("缺少参数 " + name, name));
  return **d;
}

Result<std::optional<std::string>> query_enum(const Request& req, const std::string& name,
                                              std::initializer_list<std::string_view> allowed) {
  auto v = query_value(req, name);
  if (!v) return std::optional<std::string>{};
  return check_enum(Place::kQuery, name, std::move(*v), allowed).map([](std::string s) {
    return std::optional<std::string>{std::move(s)};
  });
}

}  // namespace zt::http

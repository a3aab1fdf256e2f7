#include "transit/flow/csv_rows.hpp"

#include <algorithm>
#include <chrono>

namespace zt::transit::flow {
namespace {

std::optional<int> digits(std::string_view s, std::size_t at, std::size_t n) {
  if (at + n > s.size()) return std::nullopt;
  int v = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

}  // namespace

RowErrors::RowErrors(std::size_t cap) : cap_(std::max<std::size_t>(cap, 1)) {}

void RowErrors::add(int line, std::string_view column, std::string message) {
  if (errors_.size() < cap_)
    errors_.push_back(
        {"第" + std::to_string(line) + "行 " + std::string(column), std::move(message)});
  ++count_;
}

Error RowErrors::error(const std::string& file) const {
  Error e = Error::invalid(file + "：" + std::to_string(count_) + " 行有误，未导入任何记录",
                           errors_.front().field);
  e.fields = errors_;
  return e;
}

Status check_file_size(const std::string& text, const FileLimits& limits) {
  if (text.size() > limits.max_bytes)
    return tl::unexpected(Error{ErrorKind::kTooLarge,
                                "文件超过 " + std::to_string(limits.max_bytes >> 20) + " MB",
                                {},
                                {}});
  return {};
}

Status check_row_count(const CsvTable& t, const FileLimits& limits) {
  if (t.rows() > limits.max_rows)
    return tl::unexpected(Error{ErrorKind::kTooLarge,
                                t.file() + "：超过 " + std::to_string(limits.max_rows) + " 行",
                                {},
                                {}});
  return {};
}

int column_of(const CsvTable& t, std::initializer_list<std::string_view> names) {
  for (auto n : names)
    if (int c = t.column(n); c >= 0) return c;
  return -1;
}

std::optional<std::int64_t> parse_flow_time(std::string_view s, int offset) {
  std::optional<int> y, mo, d, h, mi, se;
  std::size_t rest = 0;
  if (s.size() == 14 && s.find_first_not_of("0123456789") == std::string_view::npos) {
    y = digits(s, 0, 4), mo = digits(s, 4, 2), d = digits(s, 6, 2);
    h = digits(s, 8, 2), mi = digits(s, 10, 2), se = digits(s, 12, 2);
    rest = 14;
  } else {
    if (s.size() < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
        s[13] != ':' || s[16] != ':')
      return std::nullopt;
    y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2);
    h = digits(s, 11, 2), mi = digits(s, 14, 2), se = digits(s, 17, 2);
    rest = 19;
  }
  if (!y || !mo || !d || !h || !mi || !se || *h > 23 || *mi > 59 || *se > 60) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year(*y), std::chrono::month(unsigned(*mo)),
                                        std::chrono::day(unsigned(*d))};
  if (!ymd.ok()) return std::nullopt;
  if (rest < s.size() && s[rest] == '.') {
    ++rest;
    while (rest < s.size() && s[rest] >= '0' && s[rest] <= '9') ++rest;
  }
  if (rest < s.size()) {
    if (s.substr(rest) == "Z") {
      offset = 0;
    } else if (s.size() - rest == 6 && (s[rest] == '+' || s[rest] == '-') && s[rest + 3] == ':') {
      auto oh = digits(s, rest + 1, 2), om = digits(s, rest + 4, 2);
      if (!oh || !om || *oh > 14 || *om > 59) return std::nullopt;
      offset = (s[rest] == '-' ? -1 : 1) * (*oh * 3600 + *om * 60);
    } else {
      return std::nullopt;
    }
  }
  const auto days = std::chrono::sys_days(ymd).time_since_epoch().count();
  return std::int64_t(days) * 86400 + *h * 3600 + *mi * 60 + *se - offset;
}

}  // namespace zt::transit::flow

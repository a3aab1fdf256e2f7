// The table and field helpers every GTFS reader uses: a file as a CSV table (or in pieces, for
// stop_times.txt), required columns and fields, numbers and dates, each problem an Issue naming
// file, line and field.
#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "transit/gtfs_loader.hpp"

namespace zt::transit::gtfs {

void Loader::issue(Severity sev, std::string code, std::string file, int line, std::string field,
                   std::string message) {
  feed_.issues.push_back(
      {sev, std::move(code), std::move(file), line, std::move(field), std::move(message)});
}

std::optional<CsvTable> Loader::table(const std::string& name, bool required,
                                      std::initializer_list<const char*> required_columns) {
  if (too_large_) return std::nullopt;
  if (!src_.has(name)) {
    if (required)
      issue(Severity::kError, "missing_required_file", name, 0, "", "缺少必需文件 " + name);
    return std::nullopt;
  }
  auto text = src_.read(name);
  if (!text && text.error().kind == ErrorKind::kTooLarge) {
    too_large_ = text.error();
    return std::nullopt;
  }
  if (!text) {
    issue(Severity::kError, "unreadable_file", name, 0, "", text.error().message);
    return std::nullopt;
  }
  if (auto st = src_.charge_table(name, *text); !st) {
    too_large_ = st.error();
    return std::nullopt;
  }
  auto t = CsvTable::parse(std::move(*text), name);
  if (!t) {
    issue(Severity::kError, "csv_parsing_failed", name, 0, "", t.error().message);
    return std::nullopt;
  }
  bool ok = true;
  for (const char* c : required_columns)
    if (t->column(c) < 0) {
      issue(Severity::kError, "missing_required_column", name, 1, c,
            fmt::format("{} 缺少必需列 {}", name, c));
      ok = false;
    }
  if (!ok) return std::nullopt;
  return std::move(*t);
}

bool Loader::table_pieces(const std::string& name, bool required,
                          std::initializer_list<const char*> required_columns,
                          const std::function<void(const CsvTable&)>& on_table) {
  constexpr std::size_t kPiece = 4u << 20;
  if (too_large_) return false;
  if (!src_.has(name)) {
    if (required)
      issue(Severity::kError, "missing_required_file", name, 0, "", "缺少必需文件 " + name);
    return false;
  }
  std::string header;   // the header line as written, repeated before every later piece
  std::string pending;  // bytes read since the last piece was cut
  std::size_t cut = 0;  // end of pending's last whole row (0: none yet)
  std::size_t scanned = 0;
  bool quoted = false;  // inside a quoted field at pending[scanned]
  int line = 1;         // the line pending starts on
  bool failed = false;  // an issue stopped the read
  auto flush = [&](std::size_t end) -> bool {
    std::string text = pending.substr(0, end);
    int lines = int(std::count(text.begin(), text.end(), '\n'));
    bool first = header.empty();
    if (first) {
      // The header is the first row: up to the first line end outside quotes.
      bool q = false;
      std::size_t i = 0;
      for (; i < text.size() && (q || text[i] != '\n'); ++i)
        if (text[i] == '"') q = !q;
      header = text.substr(0, std::min(text.size(), i + 1));
    }
    if (auto st = src_.charge_table(name, text); !st) {
      too_large_ = st.error();
      return false;
    }
    auto t = first ? CsvTable::parse(std::move(text), name)
                   : CsvTable::parse(header + text, name, line - 1);
    if (!t) {
      issue(Severity::kError, "csv_parsing_failed", name, 0, "", t.error().message);
      return false;
    }
    if (first) {
      bool ok = true;
      for (const char* c : required_columns)
        if (t->column(c) < 0) {
          issue(Severity::kError, "missing_required_column", name, 1, c,
                fmt::format("{} 缺少必需列 {}", name, c));
          ok = false;
        }
      if (!ok) return false;
    }
    on_table(*t);
    pending.erase(0, end);
    scanned -= end;
    cut = 0;
    line += lines;
    return true;
  };
  auto st = src_.read_chunks(name, [&](std::string_view piece) -> Status {
    pending.append(piece);
    for (; scanned < pending.size(); ++scanned) {
      char c = pending[scanned];
      if (c == '"') quoted = !quoted;  // a doubled quote flips twice
      if (c == '\n' && !quoted) cut = scanned + 1;
    }
    if (pending.size() >= kPiece && cut > 0 && !flush(cut)) {
      failed = true;
      return fail(Error::invalid("stop", name));
    }
    return {};
  });
  if (failed) return false;
  if (!st) {
    if (st.error().kind == ErrorKind::kTooLarge)
      too_large_ = st.error();
    else
      issue(Severity::kError, "unreadable_file", name, 0, "", st.error().message);
    return false;
  }
  if (header.empty() || !pending.empty()) return flush(pending.size());
  return true;
}

bool Loader::required(const CsvTable& t, std::size_t r, const char* field, std::string_view& out) {
  out = t.at(r, t.column(field));
  if (out.empty()) {
    issue(Severity::kError, "missing_required_field", t.file(), t.line(r), field,
          fmt::format("{} 为空", field));
    return false;
  }
  return true;
}

std::optional<double> Loader::number(const CsvTable& t, std::size_t r, const char* field,
                                     bool req) {
  auto v = t.at(r, t.column(field));
  if (v.empty()) {
    if (req)
      issue(Severity::kError, "missing_required_field", t.file(), t.line(r), field,
            fmt::format("{} 为空", field));
    return std::nullopt;
  }
  double d = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
  if (ec != std::errc() || p != v.data() + v.size() || !std::isfinite(d)) {
    issue(Severity::kError, "invalid_number", t.file(), t.line(r), field,
          fmt::format("{} 不是数值：{}", field, v));
    return std::nullopt;
  }
  return d;
}

std::optional<Date> Loader::date(const CsvTable& t, std::size_t r, const char* field) {
  auto v = t.at(r, t.column(field));
  if (v.size() != 8 ||
      !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    issue(Severity::kError, "invalid_date", t.file(), t.line(r), field,
          fmt::format("{} 须为 YYYYMMDD：{}", field, v));
    return std::nullopt;
  }
  auto d = parse_date(fmt::format("{}-{}-{}", v.substr(0, 4), v.substr(4, 2), v.substr(6, 2)));
  if (!d) {
    issue(Severity::kError, "invalid_date", t.file(), t.line(r), field,
          fmt::format("{} 不是有效日期：{}", field, v));
    return std::nullopt;
  }
  return *d;
}

}  // namespace zt::transit::gtfs

#include "core/csv.hpp"

#include <algorithm>

#include "core/utf8.hpp"

namespace zt {

Result<CsvTable> CsvTable::parse(std::string text, std::string file, int first_line) {
  CsvTable t;
  t.file_ = std::move(file);
  t.text_ = std::make_unique<std::string>(std::move(text));
  std::string_view s = *t.text_;
  if (auto bad = first_invalid_utf8(s)) {
    const auto line_no = first_line + std::count(s.begin(), s.begin() + std::ptrdiff_t(*bad), '\n');
    return fail(Error::invalid(t.file_ + ":" + std::to_string(line_no) +
                                   ": 不是有效的 UTF-8 文本（请以 UTF-8 编码另存后再导入）",
                               t.file_));
  }
  if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
  std::size_t i = 0;
  int line = first_line;
  bool first = true;
  std::vector<std::string_view> fields;  // one row's, reused
  t.starts_.push_back(0);
  while (i < s.size()) {
    const int row_line = line;
    fields.clear();
    bool row_done = false;
    while (!row_done) {
      if (i < s.size() && s[i] == '"') {
        // Quoted field: up to the closing quote; "" is a literal quote.
        std::size_t start = ++i;
        bool escaped = false;
        for (;;) {
          if (i >= s.size())
            return fail(
                Error::invalid(t.file_ + ":" + std::to_string(row_line) + ": 引号未闭合", t.file_));
          if (s[i] == '"') {
            if (i + 1 < s.size() && s[i + 1] == '"') {
              escaped = true;
              i += 2;
              continue;
            }
            break;
          }
          if (s[i] == '\n') ++line;
          ++i;
        }
        std::string_view raw = s.substr(start, i - start);
        ++i;  // closing quote
        if (escaped) {
          std::string u;
          for (std::size_t k = 0; k < raw.size(); ++k) {
            u += raw[k];
            if (raw[k] == '"') ++k;
          }
          t.unescaped_.push_back(std::move(u));
          fields.push_back(t.unescaped_.back());
        } else {
          fields.push_back(raw);
        }
        // Stray characters after a closing quote are kept out of the field, as readers do.
        while (i < s.size() && s[i] != ',' && s[i] != '\n' && s[i] != '\r') ++i;
      } else {
        std::size_t start = i;
        while (i < s.size() && s[i] != ',' && s[i] != '\n' && s[i] != '\r') ++i;
        fields.push_back(s.substr(start, i - start));
      }
      if (i < s.size() && s[i] == ',') {
        ++i;
        continue;
      }
      if (i < s.size() && s[i] == '\r') ++i;
      if (i < s.size() && s[i] == '\n') ++i;
      ++line;
      row_done = true;
    }
    bool blank = fields.size() == 1 && fields[0].empty();
    if (blank) continue;
    if (first) {
      for (std::size_t c = 0; c < fields.size(); ++c) {
        std::string name(fields[c]);
        // Trim spaces some exporters leave around names.
        while (!name.empty() && name.back() == ' ') name.pop_back();
        while (!name.empty() && name.front() == ' ') name.erase(0, 1);
        t.columns_.emplace(name, int(c));
        t.header_.push_back(std::move(name));
      }
      first = false;
      continue;
    }
    t.cells_.insert(t.cells_.end(), fields.begin(), fields.end());
    t.starts_.push_back(std::uint32_t(t.cells_.size()));
    t.lines_.push_back(row_line);
  }
  if (first) return fail(Error::invalid(t.file_ + ": 文件为空（缺少表头）", t.file_));
  return t;
}

int CsvTable::column(std::string_view name) const {
  auto it = columns_.find(std::string(name));
  return it == columns_.end() ? -1 : it->second;
}

std::string_view CsvTable::at(std::size_t row, int column) const {
  if (column < 0) return {};
  const std::size_t b = starts_[row], n = starts_[row + 1] - b;
  if (std::size_t(column) >= n) return {};
  std::string_view v = cells_[b + std::size_t(column)];
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  return v;
}

std::string csv_field(std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(v);
  std::string out = "\"";
  for (char c : v) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

}  // namespace zt

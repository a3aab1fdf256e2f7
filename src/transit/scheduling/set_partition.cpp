#include "transit/scheduling/set_partition.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string>

namespace zt::transit::scheduling {
namespace {

// The numbers of the text one by one, each with the line it is on.
class Numbers {
 public:
  explicit Numbers(std::string_view text) : text_(text) {}
  int line() const { return line_; }
  // The line of the last number read (1 before any): where a missing one is reported.
  int last_line() const { return last_line_; }
  // Skips blanks; false at the end of the text.
  bool more() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '\n') {
        ++line_;
      } else if (c != ' ' && c != '\t' && c != '\r') {
        return true;
      }
      ++pos_;
    }
    return false;
  }
  bool at_line_end() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\r'))
      ++pos_;
    return pos_ >= text_.size() || text_[pos_] == '\n';
  }
  std::string_view word() {
    last_line_ = line_;
    const std::size_t b = pos_;
    while (pos_ < text_.size() && !std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    return text_.substr(b, pos_ - b);
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  int line_ = 1, last_line_ = 1;
};

Error at(int line, const std::string& fault) {
  return Error::invalid("第 " + std::to_string(line) + " 行：" + fault, "set-partition");
}

std::string shown(std::string_view w) {
  return std::string(w.substr(0, 20)) + (w.size() > 20 ? "…" : "");
}

Result<long long> integer(Numbers& in, const std::string& what) {
  if (!in.more()) return fail(at(in.last_line(), "缺少" + what + "（文件提前结束）"));
  const int line = in.line();
  auto w = in.word();
  long long v = 0;
  auto [p, ec] = std::from_chars(w.data(), w.data() + w.size(), v);
  if (ec != std::errc() || p != w.data() + w.size())
    return fail(at(line, what + "应为整数，而不是“" + shown(w) + "”"));
  return v;
}

Result<double> number(Numbers& in, const std::string& what) {
  if (!in.more()) return fail(at(in.last_line(), "缺少" + what + "（文件提前结束）"));
  const int line = in.line();
  auto w = in.word();
  double v = 0;
  auto [p, ec] = std::from_chars(w.data(), w.data() + w.size(), v);
  if (ec != std::errc() || p != w.data() + w.size() || !std::isfinite(v))
    return fail(at(line, what + "应为数，而不是“" + shown(w) + "”"));
  return v;
}

}  // namespace

Result<SetPartition> parse_set_partition(std::string_view text, SetPartitionLimits limits) {
  Numbers in(text);
  SetPartition sp;
  auto rows = integer(in, "行数");
  if (!rows) return fail(rows.error());
  auto cols = integer(in, "列数");
  if (!cols) return fail(cols.error());
  if (*rows < 1 || *rows > limits.max_rows)
    return fail(at(1, "行数 " + std::to_string(*rows) + " 应在 1–" +
                          std::to_string(limits.max_rows) + " 之间"));
  if (*cols < 1 || *cols > limits.max_columns)
    return fail(at(1, "列数 " + std::to_string(*cols) + " 应在 1–" +
                          std::to_string(limits.max_columns) + " 之间"));
  // Each column takes at least two numbers: more declared than the text holds is a lie.
  if (std::size_t(*cols) > text.size() / 4 + 1)
    return fail(at(1, "声明 " + std::to_string(*cols) + " 列，但文件不够长"));
  sp.rows = int(*rows);
  if (!in.at_line_end()) {
    auto known = integer(in, "已知解的列数");
    if (!known) return fail(known.error());
    if (*known < 0 || *known > *rows)
      return fail(at(1, "已知解的列数 " + std::to_string(*known) + " 应在 0–" +
                            std::to_string(*rows) + " 之间"));
    sp.known = int(*known);
    if (!in.at_line_end()) return fail(at(1, "首行只应有行数、列数和已知解的列数"));
  }
  sp.columns.resize(std::size_t(*cols));
  for (long long c = 0; c < *cols; ++c) {
    const std::string name = "第 " + std::to_string(c) + " 列";
    auto cost = number(in, name + "的费用");
    if (!cost) return fail(cost.error());
    const int line = in.line();
    if (*cost < 0) return fail(at(line, name + "的费用不能为负"));
    auto count = integer(in, name + "覆盖的行数");
    if (!count) return fail(count.error());
    if (*count < 1 || *count > *rows)
      return fail(at(in.line(), name + "覆盖的行数 " + std::to_string(*count) + " 应在 1–" +
                                    std::to_string(*rows) + " 之间"));
    auto& col = sp.columns[std::size_t(c)];
    col.cost = *cost;
    col.rows.reserve(std::size_t(std::min<long long>(*count, 64)));
    for (long long k = 0; k < *count; ++k) {
      auto r = integer(in, name + "的第 " + std::to_string(k + 1) + " 个行号");
      if (!r) return fail(r.error());
      if (*r < 0 || *r >= *rows)
        return fail(at(in.line(), name + "的行号 " + std::to_string(*r) + " 超出 0–" +
                                      std::to_string(*rows - 1) + "（行号从 0 起）"));
      col.rows.push_back(int(*r));
    }
    std::sort(col.rows.begin(), col.rows.end());
    if (auto d = std::adjacent_find(col.rows.begin(), col.rows.end()); d != col.rows.end())
      return fail(at(in.line(), name + "重复覆盖第 " + std::to_string(*d) + " 行"));
  }
  if (in.more())
    return fail(at(in.line(), "声明的 " + std::to_string(*cols) + " 列之后还有多余内容"));
  return sp;
}

}  // namespace zt::transit::scheduling

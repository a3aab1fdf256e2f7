#include "supervision/gazette.hpp"

#include "core/ooxml.hpp"
#include "core/pdf_text.hpp"

#include <cstdlib>
#include <map>

#include "core/calendar.hpp"
#include "supervision/page_furniture.hpp"
#include "supervision/text.hpp"
#include "supervision/units_clause.hpp"

namespace zt::supervision {
namespace {

// Whether a numbered item (task, target) of the notice came before: a number used twice is
// reported, not stored twice.
template <class T>
bool numbered_before(const std::vector<T>& items, const std::string& notice, int no) {
  return std::any_of(items.begin(), items.end(),
                     [&](const T& x) { return x.notice == notice && x.no == no; });
}

struct Paragraph {
  std::u32string text;
  int line = 0;
  bool standalone = false;  // a heading, document number, date or address line
};

bool is_doc_no(std::u32string_view s) {
  // 三政办〔2024〕4号 (also with （）or [] around the year, normalised to 〔〕 or （）).
  auto open = s.find_first_of(U"〔（");
  if (open == std::u32string_view::npos || open == 0 || open > 8 || !ends_with(s, U"号"))
    return false;
  if (s.size() > open + 12) return false;
  for (std::size_t i = 0; i < open; ++i)
    if (!is_cjk(s[i])) return false;
  int year = 0;
  std::size_t n = 0;
  while (open + 1 + n < s.size() && is_digit(s[open + 1 + n]))
    year = year * 10 + int(s[open + 1 + n++] - U'0');
  return n == 4 && year > 1990;
}

// "2024年2月5日" alone on its line.
std::optional<std::string> date_line(std::u32string_view s) {
  if (s.size() > 12 || !ends_with(s, U"日")) return std::nullopt;
  int y = 0, m = 0, d = 0;
  std::string u = to_utf8(s);
  if (std::sscanf(u.c_str(), "%d年%d月%d日", &y, &m, &d) != 3) return std::nullopt;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  if (!parse_date(buf)) return std::nullopt;
  return std::string(buf);
}

// Level-1 heading "一、工作目标": returns the text after the marker.
std::optional<std::u32string> level1(std::u32string_view s) {
  auto p = s.find(U'、');
  if (p == std::u32string_view::npos || p == 0 || p > 3) return std::nullopt;
  if (chinese_number(s.substr(0, p)) == 0) return std::nullopt;
  return std::u32string(s.substr(p + 1));
}

// Level-2 heading "（一）统筹消费投资…": marker and the rest.
std::optional<std::pair<std::u32string, std::u32string>> level2(std::u32string_view s) {
  if (!starts_with(s, U"（")) return std::nullopt;
  auto close = s.find(U'）');
  if (close == std::u32string_view::npos || close < 2 || close > 4) return std::nullopt;
  if (chinese_number(s.substr(1, close - 1)) == 0) return std::nullopt;
  return std::make_pair(std::u32string(s.substr(0, close + 1)),
                        std::u32string(s.substr(close + 1)));
}

// Numbered item "12. text" / "12、text" / "67.text": number and text.
std::optional<std::pair<int, std::u32string>> item(std::u32string_view s) {
  int n = 0;
  std::size_t i = 0;
  while (i < s.size() && i < 3 && is_digit(s[i])) n = n * 10 + int(s[i++] - U'0');
  if (i == 0 || i >= s.size() || (s[i] != U'.' && s[i] != U'、')) return std::nullopt;
  if (i + 1 < s.size() && is_digit(s[i + 1])) return std::nullopt;  // "6.5%" is not an item
  return std::make_pair(n, trim(s.substr(i + 1)));
}

bool structural(std::u32string_view s) {
  return level1(s) || level2(s) || item(s) || is_doc_no(s) || date_line(s) ||
         starts_with(s, U"附件");
}

bool ends_sentence(std::u32string_view s) {
  if (s.empty()) return true;
  char32_t c = s.back();
  // A closing bracket ends an item's unit clause, the usual last thing on its line.
  return c == U'。' || c == U'；' || c == U'！' || c == U'？' || c == U'：' || c == U'”' ||
         c == U'）' || c == U'」';
}

bool page_artifact(std::u32string_view s) {
  bool digits_only = !s.empty();
  for (char32_t c : s)
    if (!is_digit(c) && c != U'—' && c != U'-' && c != U' ') digits_only = false;
  return digits_only;
}

std::u32string strip_markdown(std::u32string s, bool& heading) {
  heading = false;
  std::size_t i = 0;
  while (i < s.size() && s[i] == U'#') ++i;
  if (i > 0) heading = true;
  s = trim(std::u32string_view(s).substr(i));
  for (std::u32string_view bold : {U"**", U"__"}) {
    if (starts_with(s, bold) && ends_with(s, bold) && s.size() > 4) {
      s = s.substr(2, s.size() - 4);
      heading = true;
    }
  }
  return trim(s);
}

// The closing parenthetical of an item: (body, clause) when the text ends with "（…）" or
// "（…）。".
std::optional<std::pair<std::u32string, std::u32string>> closing_clause(std::u32string_view s) {
  std::u32string t(s);
  while (!t.empty() && (t.back() == U'。' || t.back() == U' ')) t.pop_back();
  if (t.empty() || t.back() != U'）') return std::nullopt;
  int depth = 0;
  for (std::size_t i = t.size(); i-- > 0;) {
    if (t[i] == U'）') ++depth;
    if (t[i] == U'（' && --depth == 0) {
      return std::make_pair(trim(std::u32string_view(t).substr(0, i)),
                            t.substr(i + 1, t.size() - i - 2));
    }
  }
  return std::nullopt;
}

std::vector<std::string> utf8_all(const std::vector<std::u32string>& v) {
  std::vector<std::string> out;
  for (const auto& s : v) out.push_back(to_utf8(s));
  return out;
}

// Ledger units: "市发展改革委 市财政局", and the export's glitches "渑池县政府市文化 广电旅游局".
std::vector<std::string> ledger_units(std::u32string_view field) {
  static constexpr std::u32string_view kEnds[] = {
      U"局", U"委", U"办", U"政府", U"公司", U"集团", U"海关", U"院", U"中心", U"部", U"管委会"};
  auto complete = [](std::u32string_view u) {
    for (auto e : kEnds)
      if (ends_with(u, e)) return true;
    return false;
  };
  std::vector<std::u32string> tokens;
  std::u32string cur;
  for (char32_t c : field) {
    if (c == U' ' || c == U'\t' || c == 0x3000) {
      if (!cur.empty()) tokens.push_back(cur), cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) tokens.push_back(cur);
  std::vector<std::u32string> merged;
  for (auto& t : tokens) {
    if (!merged.empty() && !complete(merged.back()))
      merged.back() += t;
    else
      merged.push_back(t);
  }
  // Split names glued together: "渑池县政府市文化广电旅游局".
  std::vector<std::u32string> out;
  for (auto& m : merged) {
    std::size_t start = 0;
    for (std::size_t i = 1; i < m.size(); ++i) {
      bool boundary = (m[i] == U'市' || starts_with(std::u32string_view(m).substr(i), U"三门峡")) &&
                      complete(std::u32string_view(m).substr(start, i - start));
      if (boundary) {
        out.push_back(m.substr(start, i - start));
        start = i;
      }
    }
    out.push_back(m.substr(start));
  }
  return utf8_all(out);
}

class Parser {
 public:
  Gazette run(std::string_view text) {
    auto lines = split_lines(text);
    std::vector<Paragraph> paragraphs;
    std::size_t ledger_from = lines.size();
    for (std::size_t i = 0; i < lines.size(); ++i) {
      std::u32string raw = to_u32(lines[i]);
      auto norm = normalise(raw);
      if (contains(norm, U"序号") && contains(norm, U"责任单位") &&
          raw.find(U'\t') != std::u32string::npos) {
        ledger_from = i;
        break;
      }
      add_line(paragraphs, norm, int(i + 1));
    }
    for (const auto& p : paragraphs) walk(p);
    if (ledger_from < lines.size()) parse_ledger(lines, ledger_from);
    return std::move(g_);
  }

 private:
  static std::vector<std::string> split_lines(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
      if (i == text.size() || text[i] == '\n') {
        std::string l(text.substr(start, i - start));
        if (!l.empty() && l.back() == '\r') l.pop_back();
        if (out.empty() && l.starts_with("\xEF\xBB\xBF")) l = l.substr(3);  // BOM
        out.push_back(std::move(l));
        start = i + 1;
      }
    }
    return out;
  }

  void add_line(std::vector<Paragraph>& ps, const std::u32string& norm, int line) {
    bool heading = false;
    auto s = strip_markdown(norm, heading);
    if (s.empty() || page_artifact(s)) return;
    bool standalone = heading || is_doc_no(s) || date_line(s).has_value();
    bool continues = !ps.empty() && !ps.back().standalone && !ends_sentence(ps.back().text) &&
                     !structural(s) && !standalone;
    if (continues) {
      ps.back().text += s;
      return;
    }
    ps.push_back({s, line, standalone});
  }

  void walk(const Paragraph& p) {
    const auto& s = p.text;
    if (is_doc_no(s)) {
      Notice n;
      n.doc_no = to_utf8(s);
      n.line = p.line;
      if (last_ && contains(last_->text, U"关于")) n.title = to_utf8(last_->text);
      g_.notices.push_back(n);
      section1_.clear();
      section2_.clear();
      section2_title_.clear();
      last_ = &p;
      return;
    }
    last_ = &p;
    if (g_.notices.empty()) return;  // front matter before the first notice
    auto& notice = g_.notices.back();
    if (auto d = date_line(s)) {
      if (notice.issued.empty()) notice.issued = *d;
      return;
    }
    if (auto h = level1(s)) {
      section1_ = *h;
      section_by_.clear();
      section2_.clear();
      section2_title_.clear();
      scan(s, p.line, {});
      return;
    }
    if (auto h = level2(s)) {
      section2_ = h->first;
      auto title = h->second;
      if (auto stop = title.find(U'。'); stop != std::u32string::npos)
        title = title.substr(0, stop);
      section2_title_ = title;
      scan(h->second, p.line, {});
      return;
    }
    if (auto it = item(s)) {
      handle_item(it->first, it->second, p.line);
      return;
    }
    scan(s, p.line, {});
  }

  void handle_item(int no, const std::u32string& text, int line) {
    const std::string& notice = g_.notices.back().doc_no;
    auto clause = closing_clause(text);
    bool target_section = contains(section1_, U"目标");
    if (!clause || !looks_like_units_clause(clause->second)) {
      if (target_section) {
        if (numbered_before(g_.targets, notice, no)) {
          g_.unplaced.push_back({line, to_utf8(trim(text)), "目标序号重复"});
          return;
        }
        g_.targets.push_back({no, notice, to_utf8(text), {}, line});
        g_.unplaced.push_back({line, to_utf8(text), "目标未写明责任单位"});
      } else {
        scan(text, line, {});
      }
      return;
    }
    auto roles = parse_units_clause(clause->second);
    const auto& body = clause->first;
    if (starts_with(trim(clause->second), U"责任单位")) {
      std::vector<std::string> units = roles.lead;
      units.insert(units.end(), roles.cooperating.begin(), roles.cooperating.end());
      scan(body, line, units);
      return;
    }
    if (!roles.had_marker && target_section) {
      if (numbered_before(g_.targets, notice, no)) {
        g_.unplaced.push_back({line, to_utf8(trim(text)), "目标序号重复"});
        return;
      }
      g_.targets.push_back({no, notice, to_utf8(body), roles.lead, line});
      // A target's figures are numeric targets for the year the section names.
      auto by = find_deadline(U"到" + section1_);
      for (auto& part : split_top_level(body, U"，；。")) {
        if (auto k = find_kpi(part); k && !k->indicator.empty()) {
          k->notice = notice;
          k->by = by.value_or("");
          k->line = line;
          g_.kpi_targets.push_back(*k);
        }
      }
      return;
    }
    Task t;
    t.no = no;
    t.notice = notice;
    t.section = to_utf8(section2_);
    t.section_title = to_utf8(section2_title_);
    t.text = to_utf8(body);
    t.lead_units = roles.lead;
    t.cooperating_units = roles.cooperating;
    t.line = line;
    if (t.lead_units.empty()) g_.unplaced.push_back({line, t.text, "任务没有牵头单位"});
    // A task's own numeric targets ("到2025年…达到350台") are what its reports give figures for.
    scan(body, line, t.lead_units, /*commitments=*/false);
    if (numbered_before(g_.tasks, t.notice, t.no)) {
      g_.unplaced.push_back({line, t.text, "任务序号 " + std::to_string(t.no) + " 重复"});
      return;
    }
    g_.tasks.push_back(std::move(t));
  }

  // Dated commitments and numeric targets in free text.
  // "三政办〔2024〕4号" -> "2024-12-31": the year a notice's work plan is for.
  std::optional<std::string> notice_year_end() const {
    const auto& no = g_.notices.back().doc_no;
    for (std::size_t i = 0; i + 4 <= no.size(); ++i)
      if (std::all_of(no.begin() + long(i), no.begin() + long(i) + 4,
                      [](char c) { return c >= '0' && c <= '9'; }))
        return no.substr(i, 4) + "-12-31";
    return std::nullopt;
  }

  void scan(std::u32string_view text, int line, const std::vector<std::string>& units,
            bool commitments = true) {
    const std::string& notice = g_.notices.back().doc_no;
    bool target_section = contains(section1_, U"目标");
    for (auto& sentence : split_top_level(text, U"。；")) {
      if (sentence.empty()) continue;
      auto clauses = split_top_level(sentence, U"，");
      // The year a sentence is about ("到2025年，…") applies to its numeric targets; in a
      // targets section it carries on to the sentences after it.
      std::optional<std::string> sentence_by;
      for (const auto& c : clauses)
        if (auto d = find_deadline(c)) {
          sentence_by = d;
          break;
        }
      if (sentence_by && target_section) section_by_ = *sentence_by;
      // A task of a year's work plan is for the notice's year unless it names another.
      if (!sentence_by && !commitments) sentence_by = notice_year_end();
      std::optional<std::string> by = sentence_by;
      if (!by && target_section && !section_by_.empty()) by = section_by_;
      bool has_kpi = false;
      std::string last_indicator;
      for (const auto& c : clauses) {
        bool explicit_comparator = contains(c, U"不低于") || contains(c, U"不少于") ||
                                   contains(c, U"不高于") || contains(c, U"率100%") ||
                                   (sentence_by && (contains(c, U"以上") || contains(c, U"达到")));
        if (!target_section && !explicit_comparator) continue;
        auto k = find_kpi(c);
        if (!k) continue;
        // "2024年新建5G基站" names the year, which `by` already carries.
        if (k->indicator.size() > 7 && k->indicator.compare(4, 3, "年") == 0 &&
            std::all_of(k->indicator.begin(), k->indicator.begin() + 4,
                        [](char ch) { return ch >= '0' && ch <= '9'; }))
          k->indicator.erase(0, 7);
        // "且不少于1人" continues the indicator of the clause before it.
        if (k->indicator.empty()) k->indicator = last_indicator;
        if (k->indicator.empty()) continue;
        last_indicator = k->indicator;
        k->notice = notice;
        k->by = by.value_or("");
        k->line = line;
        g_.kpi_targets.push_back(*k);
        has_kpi = true;
      }
      if ((has_kpi && target_section) || !commitments) continue;
      for (std::size_t i = 0; i < clauses.size(); ++i) {
        if (contains(clauses[i], U"每月") || contains(clauses[i], U"月起")) continue;
        auto d = find_deadline(clauses[i]);
        if (!d) continue;
        // The commitment runs from its clause to the next dated clause or the sentence's end.
        std::u32string what = clauses[i];
        for (std::size_t j = i + 1; j < clauses.size() && !find_deadline(clauses[j]); ++j)
          what += U"，" + clauses[j];
        g_.dated_commitments.push_back({notice, to_utf8(what), *d, units, line});
      }
    }
  }

  void parse_ledger(const std::vector<std::string>& lines, std::size_t from) {
    for (std::size_t i = from; i < lines.size(); ++i) {
      auto raw = to_u32(lines[i]);
      auto norm = trim(raw);
      if (norm.empty()) continue;
      if (contains(norm, U"序号") && contains(norm, U"责任单位")) continue;  // repeated header
      auto fields = split_tabs(raw);
      if (fields.size() != 4) {
        if (raw.find(U'\t') != std::u32string::npos || item(norm))
          g_.unplaced.push_back(
              {int(i + 1), lines[i], "台账行应有4列（序号、项目、责任领导、责任单位）"});
        continue;
      }
      int no = std::atoi(to_utf8(fields[0]).c_str());
      if (no <= 0) {
        g_.unplaced.push_back({int(i + 1), lines[i], "台账行序号无效"});
        continue;
      }
      LedgerRow r;
      r.no = no;
      r.task = to_utf8(normalise(fields[1]));
      for (auto& leader : split_top_level(fields[2], U" "))
        if (!leader.empty()) r.leaders.push_back(to_utf8(leader));
      r.units = ledger_units(fields[3]);
      r.line = int(i + 1);
      if (std::any_of(g_.ledger.begin(), g_.ledger.end(),
                      [&](const LedgerRow& x) { return x.no == r.no; })) {
        g_.unplaced.push_back({int(i + 1), lines[i], "台账序号重复"});
        continue;
      }
      g_.ledger.push_back(std::move(r));
    }
  }

  static std::vector<std::u32string> split_tabs(const std::u32string& s) {
    std::vector<std::u32string> out;
    std::u32string cur;
    for (char32_t c : s) {
      if (c == U'\t') {
        out.push_back(trim(cur));
        cur.clear();
      } else {
        cur.push_back(c);
      }
    }
    out.push_back(trim(cur));
    return out;
  }

  Gazette g_;
  const Paragraph* last_ = nullptr;
  std::u32string section1_, section2_, section2_title_;
  std::string section_by_;  // the year a targets section is about, once named
};

}  // namespace

Result<Gazette> parse_gazette(std::string_view text) {
  if (text.empty()) return fail(Error::invalid("公报文本为空"));
  Parser parser;
  auto g = parser.run(text);
  if (g.notices.empty())
    return fail(Error::invalid("没有找到发文字号（如“三政办〔2024〕4号”）：这不像一份通知或公报"));
  return g;
}

nlohmann::json to_json(const Gazette& g) {
  using nlohmann::json;
  json out;
  out["notices"] = json::array();
  for (const auto& n : g.notices)
    out["notices"].push_back({{"doc_no", n.doc_no}, {"title", n.title}, {"issued", n.issued}});
  out["targets"] = json::array();
  for (const auto& t : g.targets)
    out["targets"].push_back(
        {{"no", t.no}, {"notice", t.notice}, {"text", t.text}, {"units", t.units}});
  out["tasks"] = json::array();
  for (const auto& t : g.tasks)
    out["tasks"].push_back({{"no", t.no},
                            {"notice", t.notice},
                            {"section", t.section},
                            {"section_title", t.section_title},
                            {"text", t.text},
                            {"lead_units", t.lead_units},
                            {"cooperating_units", t.cooperating_units}});
  out["ledger"] = json::array();
  for (const auto& r : g.ledger)
    out["ledger"].push_back(
        {{"no", r.no}, {"task", r.task}, {"leaders", r.leaders}, {"units", r.units}});
  out["dated_commitments"] = json::array();
  for (const auto& c : g.dated_commitments)
    out["dated_commitments"].push_back(
        {{"notice", c.notice}, {"text", c.text}, {"deadline", c.deadline}, {"units", c.units}});
  out["kpi_targets"] = json::array();
  for (const auto& k : g.kpi_targets)
    out["kpi_targets"].push_back({{"notice", k.notice},
                                  {"indicator", k.indicator},
                                  {"comparator", k.comparator},
                                  {"value", k.value},
                                  {"unit", k.unit},
                                  {"by", k.by.empty() ? json(nullptr) : json(k.by)}});
  out["unplaced"] = json::array();
  for (const auto& u : g.unplaced)
    out["unplaced"].push_back({{"line", u.line}, {"text", u.text}, {"reason", u.reason}});
  return out;
}

Result<std::string> notice_text(std::string bytes, const std::string& what,
                                const ZipLimits& limits) {
  if (looks_like_zip(bytes)) return docx_text(std::move(bytes), what, limits);
  if (looks_like_pdf(bytes)) {
    auto text = pdf_text(bytes, what);
    if (!text) return fail(text.error());
    return remove_page_furniture(*text);
  }
  // Plain text must be UTF-8 (GB 18030 exports are converted before upload).
  std::size_t i = 0;
  while (i < bytes.size()) {
    auto c = static_cast<unsigned char>(bytes[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = n > 0 && i + n <= bytes.size();
    for (std::size_t k = 1; ok && k < n; ++k)
      ok = (static_cast<unsigned char>(bytes[i + k]) & 0xC0) == 0x80;
    if (!ok)
      return fail(Error::invalid(what + "：第 " + std::to_string(i) +
                                     " 字节处不是有效的 UTF-8（请先转为 UTF-8 或上传 .docx）",
                                 "text"));
    i += n;
  }
  // A PDF viewer's export keeps the pages' headers, numbers and line wraps.
  return remove_page_furniture(bytes);
}

}  // namespace zt::supervision

// The month's bulletin as a printable A4 page: red masthead, title, summary, ranking table,
// units that did not report, tasks behind schedule.
#include <fmt/format.h>

#include "core/html.hpp"

#include "core/date_words.hpp"
#include "supervision/reporting.hpp"
#include "supervision/system_figures.hpp"

namespace zt::supervision {
namespace {

// The period as the 通报 names it; a key that is not a period is never echoed (callers validate
// it, and the page escapes what it prints regardless).
std::string period_label(const std::string& period) {
  if (!is_period_key(period)) return "本期";
  if (period.ends_with("年度")) return period.substr(0, 4) + "年度";
  return period.substr(0, 4) + "年" + std::to_string(std::stoi(period.substr(5, 2))) + "月";
}

// How a target's comparator reads before its figure.
std::string comparator_words(const std::string& c) {
  if (c == ">") return "高于";
  if (c == "<=") return "不高于";
  if (c == "~") return "约";
  return "不低于";
}

}  // namespace

std::string bulletin_html(const Bulletin& b, const std::string& issuer, bool print_dialog) {
  const std::string period = html_escape(period_label(b.period));
  const auto& totals = b.totals;
  std::string rows;
  for (const auto& u : b.units)
    rows += fmt::format(
        "<tr><td>{}</td><td class=l>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td>{:.1f}%</td></tr>\n",
        u.rank, html_escape(u.unit), u.due, u.on_time, u.late, u.supplemented, u.missing,
        u.on_time_rate);
  std::string missing;
  for (const auto& u : b.units) {
    if (u.missing == 0) continue;
    std::string tasks;
    for (int t : u.missing_tasks) tasks += (tasks.empty() ? "" : "、") + std::to_string(t);
    missing += fmt::format("<li>{}（第{}项）</li>", html_escape(u.unit), tasks);
  }
  std::string behind;
  for (const auto& t : b.behind)
    behind += fmt::format("<li>第{}项 {}：{}，完成{}%。{}</li>", t.task_no, html_escape(t.unit),
                          html_escape(std::string(report_status_label(t.status))), t.percent,
                          html_escape(t.problems));
  std::string targets;
  for (const auto& t : b.targets)
    targets += fmt::format(
        "<tr><td class=l>{}</td><td>{}{}{}</td><td>{}{}</td><td>{}</td><td>{}</td></tr>\n",
        html_escape(t.indicator), html_escape(comparator_words(t.comparator)), t.target,
        html_escape(t.unit), t.value, html_escape(t.unit),
        t.system ? "<span title=\"" + html_escape(t.query) + "\">" +
                       std::string(kSystemSourceLabel) + "</span>"
                 : html_escape(t.source),
        t.met ? "达标" : "未达标");
  const std::string targets_part =
      targets.empty()
          ? ""
          : "<h2>四、量化目标月度数值</h2>\n<table><thead><tr><th>指标</th><th>目标</th>"
            "<th>本月数值</th><th>来源</th><th>是否达标</th></tr></thead>\n<tbody>\n" +
                targets + "</tbody></table>\n";
  return fmt::format(
      R"html(<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{period}重点工作进展情况通报</title>
<style>
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
body {{ font-family: "FangSong", "STFangsong", "Noto Serif CJK SC", serif; font-size: 16pt; line-height: 1.6; color: #000; max-width: 156mm; margin: 0 auto; }}
.masthead {{ color: #c00; text-align: center; font-size: 30pt; font-weight: bold; letter-spacing: 4pt; font-family: "SimSun", "Noto Serif CJK SC", serif; }}
.rule {{ border-top: 2pt solid #c00; margin: 8pt 0 24pt; }}
h1 {{ text-align: center; font-size: 20pt; font-family: "SimHei", "Noto Sans CJK SC", sans-serif; font-weight: normal; margin: 0 0 18pt; }}
h2 {{ font-size: 16pt; font-family: "SimHei", "Noto Sans CJK SC", sans-serif; font-weight: normal; margin: 12pt 0 6pt; }}
p {{ text-indent: 2em; margin: 0 0 6pt; }}
table {{ width: 100%; border-collapse: collapse; font-size: 11pt; margin: 6pt 0 12pt; }}
th, td {{ border: 0.5pt solid #000; padding: 3pt 4pt; text-align: center; }}
td.l {{ text-align: left; }}
.docno {{ text-align: center; font-size: 16pt; margin: 12pt 0 0; }}
.sign {{ text-align: right; margin-top: 36pt; }}
@media screen {{ body {{ padding: 24px 0; }} }}
</style>{script}</head><body>
<div class="masthead">{issuer}</div>{docno}<div class="rule"></div>
<h1>关于{period}重点工作进展情况的通报</h1>
<p>按照《政府工作报告》重点工作分工要求，各责任单位应于每月25日前报送当月重点工作进展情况。现将{period}报送情况通报如下：</p>
<p>本期应报{due}项，已报{filed}项，其中按时报送{on_time}项，按时报送率{rate:.1f}%。</p>
<h2>一、各单位报送情况</h2>
<table><thead><tr><th>排名</th><th>责任单位</th><th>应报</th><th>按时</th><th>迟报</th><th>补报</th><th>未报</th><th>按时报送率</th></tr></thead>
<tbody>
{rows}</tbody></table>
<h2>二、未按时报送的单位</h2>
<ul>{missing}</ul>
<h2>三、进度滞后或受阻的任务</h2>
<ul>{behind}</ul>
{targets}<p>请未报送的单位抓紧补报，进度滞后的单位认真分析原因、采取有效措施加快推进。</p>
<div class="sign">{issuer}<br>{generated}</div>
</body></html>
)html",
      fmt::arg("period", period), fmt::arg("issuer", html_escape(issuer)),
      fmt::arg("due", totals.due), fmt::arg("filed", totals.filed),
      fmt::arg("on_time", totals.on_time), fmt::arg("rate", totals.on_time_rate),
      fmt::arg("rows", rows), fmt::arg("missing", missing.empty() ? "<li>无</li>" : missing),
      fmt::arg("behind", behind.empty() ? "<li>无</li>" : behind),
      fmt::arg("targets", targets_part), fmt::arg("generated", chinese_date(bulletin_date(b))),
      fmt::arg("docno",
               b.doc_no ? "<div class=\"docno\">" + html_escape(*b.doc_no) + "</div>" : ""),
      fmt::arg("script", print_dialog ? "<script src=\"/bulletin-print.js\" defer></script>" : ""));
}

}  // namespace zt::supervision

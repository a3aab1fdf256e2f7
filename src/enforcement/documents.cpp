#include "enforcement/documents.hpp"

#include <fmt/format.h>

#include "core/html.hpp"
#include "enforcement/acts.hpp"

namespace zt::enforcement {
namespace {

const std::vector<DocumentKind> kKinds = {
    {"filing", "立案审批表"},         {"inquiry", "询问（调查）笔录"},
    {"notice", "行政处罚事先告知书"}, {"decision", "行政处罚决定书"},
    {"service", "送达回证"},          {"credit-repair", "信用修复告知书"},
    {"closing", "结案报告"},
};

std::string page(const CaseRecord& c, std::string_view title, const std::string& body) {
  return fmt::format(R"(<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{0} {1}</title>
<style>
@page {{ size: A4; margin: 25mm 20mm; }}
body {{ font-family: "FangSong", "STFangsong", "仿宋", serif; font-size: 16pt; line-height: 1.8; max-width: 170mm; margin: 0 auto; }}
h1 {{ font-family: "SimHei", "黑体", sans-serif; text-align: center; font-size: 22pt; margin: 0.5em 0 0; }}
.unit {{ text-align: center; font-size: 18pt; }}
.no {{ text-align: right; }}
table {{ width: 100%; border-collapse: collapse; }}
td, th {{ border: 1px solid #000; padding: 4px 8px; vertical-align: top; }}
th {{ width: 28%; font-weight: normal; text-align: center; }}
.sign {{ text-align: right; margin-top: 3em; }}
</style></head><body>
<div class="unit">{2}</div>
<h1>{1}</h1>
<p class="no">{0}</p>
{3}
</body></html>
)",
                     html_escape(c.no), title, html_escape(c.unit_name), body);
}

std::string party_line(const CaseRecord& c) {
  return fmt::format("<p>当事人：{}<br>{}：{}<br>地址：{}</p>", html_escape(c.party_name),
                     c.party_kind == "organisation" ? "统一社会信用代码" : "身份证件号码",
                     html_escape(c.party_id), html_escape(c.party_address));
}

std::string penalty_text(const std::optional<std::string>& kind,
                         const std::optional<double>& fine) {
  auto p = parse_penalty(kind.value_or(""));
  if (!p) return "";
  if (*p == Penalty::kFine) return fmt::format("罚款人民币{}元", fine.value_or(0));
  return std::string(penalty_label(*p));
}

Error not_yet(std::string_view title, const char* step) {
  return Error::rule_violation("state-order", fmt::format("本案尚未{}，不能生成{}", step, title));
}

}  // namespace

const std::vector<DocumentKind>& document_kinds() { return kKinds; }

Result<std::string> render_document(const CaseRecord& c, std::string_view kind,
                                    const std::vector<Step>& steps) {
  auto it = std::find_if(kKinds.begin(), kKinds.end(),
                         [&](const DocumentKind& k) { return k.name == kind; });
  if (it == kKinds.end()) return fail(Error::not_found("没有这种文书"));
  const auto title = it->title;
  auto officers_of = [&](std::string_view action) {
    for (const auto& s : steps)
      if (s.action == action) {
        std::string out;
        for (const auto& o : s.officers) out += (out.empty() ? "" : "、") + o;
        return out;
      }
    return std::string();
  };
  if (kind == "filing") {
    if (!c.filed_on && c.procedure == "general") return fail(not_yet(title, "立案"));
    return page(
        c, title,
        fmt::format(
            "<table><tr><th>案件来源</th><td>{}</td></tr><tr><th>当事人</th><td>{}（{}）</td></tr>"
            "<tr><th>违法行为</th><td>{} {}</td></tr><tr><th>案情摘要</th><td>{}</td></tr>"
            "<tr><th>违法行为终了日期</th><td>{}</td></tr><tr><th>执法领域</th><td>{}</td></tr>"
            "<tr><th>承办人</th><td>{}</td></tr><tr><th>立案日期</th><td>{}</td></tr></table>",
            html_escape(c.source), html_escape(c.party_name), html_escape(c.party_id),
            html_escape(c.violation_code), html_escape(c.violation_name), html_escape(c.facts),
            html_escape(c.act_ended_on), html_escape(c.field),
            html_escape(officers_of(c.procedure == "general" ? "file" : "on_the_spot")),
            html_escape(c.filed_on.value_or(""))));
  }
  if (kind == "inquiry") {
    std::string rows;
    int n = 0;
    for (const auto& s : steps) {
      if (s.action != "evidence") continue;
      std::string officers;
      for (const auto& o : s.officers) officers += (officers.empty() ? "" : "、") + o;
      rows += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", ++n,
                          html_escape(s.on_date), html_escape(officers),
                          html_escape(s.value(kEvidenceDescription)));
    }
    if (n == 0) return fail(not_yet(title, "调查取证"));
    return page(c, title,
                party_line(c) +
                    "<p>执法人员已出示执法证件，告知被询问人依法享有陈述、申辩和申请回避的权利，"
                    "并有如实回答询问、协助调查的义务。</p><table><tr><th>序号</th><th>日期</th>"
                    "<th>执法人员</th><th>调查内容</th></tr>" +
                    rows + "</table><p class=\"sign\">被询问人签名：　　　　执法人员签名：</p>");
  }
  if (kind == "notice") {
    if (!c.notice_on) return fail(not_yet(title, "事先告知"));
    return page(
        c, title,
        party_line(c) +
            fmt::format("<p>经查，{}</p><p>本机关拟对你（单位）作出如下行政处罚：{}。</p>"
                        "<p>根据《中华人民共和国行政处罚法》第四十四条、第四十五条{}"
                        "的规定，你（单位）享有陈述、申辩{}的权利。"
                        "你（单位）可自收到本告知书之日起五个工作日内向本机关提出陈述、申辩{}"
                        "，逾期视为放弃。</p>"
                        "<p class=\"sign\">{}<br>{}</p>",
                        html_escape(c.facts), penalty_text(c.proposed_penalty, c.proposed_fine),
                        c.hearing_right ? "、第六十三条、第六十四条" : "",
                        c.hearing_right ? "和要求听证" : "", c.hearing_right ? "或者申请听证" : "",
                        html_escape(c.unit_name), html_escape(*c.notice_on)));
  }
  if (kind == "decision") {
    if (!c.decided_on) return fail(not_yet(title, "作出处罚决定"));
    return page(
        c, title,
        party_line(c) +
            fmt::format("<p>违法事实：{}</"
                        "p><p>本机关已于{}"
                        "告知你（单位）拟作出行政处罚的事实、理由、依据及依法享有的权利。</p>"
                        "<p>决定给予如下行政处罚：{}。</p>{}"
                        "<p>"
                        "罚款自收到本决定书之日起十五日内缴至指定银行；逾期不缴纳的，每日按罚款数额"
                        "的百分之三加处罚款，加处罚款的数额不超出罚款的数额。</p>"
                        "<p>"
                        "如不服本决定，可在收到本决定书之日起六十日内申请行政复议，或者六个月内依法"
                        "提起行政诉讼。</p>"
                        "<p class=\"sign\">{}<br>{}</p>",
                        html_escape(c.facts), html_escape(c.notice_on.value_or(*c.decided_on)),
                        penalty_text(c.penalty, c.fine),
                        c.discretion_reason
                            ? fmt::format("<p>裁量说明：{}</p>", html_escape(*c.discretion_reason))
                            : std::string(),
                        html_escape(c.unit_name), html_escape(*c.decided_on)));
  }
  if (kind == "service") {
    if (!c.served_on) return fail(not_yet(title, "送达"));
    return page(
        c, title,
        fmt::format(
            "<table><tr><th>受送达人</th><td>{}</td></tr><tr><th>送达文书</"
            "th><td>行政处罚决定书（{}）{}</td></tr>"
            "<tr><th>送达方式</th><td>{}</td></tr><tr><th>送达日期</th><td>{}</td></tr>"
            "<tr><th>送达人</th><td>{}</td></tr><tr><th>受送达人签收</th><td></td></tr></table>",
            html_escape(c.party_name), html_escape(c.no),
            c.repair_notice_served ? "、信用修复告知书" : "",
            html_escape(c.service_method.value_or("")), html_escape(*c.served_on),
            html_escape(officers_of(c.procedure == "general" ? "serve" : "on_the_spot"))));
  }
  if (kind == "credit-repair") {
    if (c.party_kind != "organisation" || !c.decided_on)
      return fail(not_yet(title, "对法人或其他组织作出处罚决定"));
    auto b =
        parse_breach_class(c.breach_class.value_or("ordinary")).value_or(BreachClass::kOrdinary);
    auto decided = *parse_date(*c.decided_on);
    return page(
        c, title,
        party_line(c) +
            fmt::format(
                "<p>本机关于{}对你单位作出行政处罚决定（{}），属{}信息。依据《信用修复管理办法》，"
                "该信息公示期限至{}，自{}起你单位可向本机关或信用中国网站申请信用修复。"
                "申请受理后三个工作日内作出是否受理的决定，受理后七个工作日内办结。</p>"
                "<p class=\"sign\">{}<br>{}</p>",
                html_escape(*c.decided_on), html_escape(c.no), breach_label(b),
                format_date(publish_until(b, decided)), format_date(repair_from(b, decided)),
                html_escape(c.unit_name), html_escape(*c.decided_on)));
  }
  // closing
  using enum CaseState;
  if (c.state != kArchived && c.state != kExecuted && c.state != kClosed && c.state != kWithdrawn)
    return fail(not_yet(title, "执行完毕或结案"));
  return page(
      c, title,
      fmt::format(
          "<table><tr><th>当事人</th><td>{}</td></tr><tr><th>立案日期</th><td>{}</td></tr>"
          "<tr><th>处理结果</th><td>{}</td></tr><tr><th>执行情况</th><td>{}</td></tr>"
          "<tr><th>结案理由</th><td>{}</td></tr></table>",
          html_escape(c.party_name), html_escape(c.filed_on.value_or("")),
          c.penalty ? penalty_text(c.penalty, c.fine) : html_escape(c.close_reason.value_or("")),
          c.paid_on ? fmt::format("{}缴纳{}元（含加处罚款{}元）", html_escape(*c.paid_on),
                                  c.paid_amount.value_or(0), c.late_fee.value_or(0))
                    : std::string("—"),
          html_escape(c.close_reason.value_or("执行完毕"))));
}

}  // namespace zt::enforcement

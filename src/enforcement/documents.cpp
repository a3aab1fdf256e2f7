#include "enforcement/documents.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "core/date_words.hpp"
#include "enforcement/acts.hpp"

namespace zt::enforcement {
namespace {

using Block = DocumentBlock;
using BK = DocumentBlock::Kind;

const std::vector<DocumentKind> kKinds = {
    {"filing", "立案审批表"},
    {"inquiry", "询问（调查）笔录"},
    {"notice", "行政处罚事先告知书"},
    {"decision-approval", "行政处罚决定审批表"},
    {"decision", "行政处罚决定书"},
    {"service", "送达回证"},
    {"credit-repair", "信用修复告知书"},
    {"closing", "结案报告"},
};

// A blank for a signature by hand: the approver signs and dates the printed form.
constexpr std::string_view kBlankSignature = "签名：　　　　　　　　　　　　　　年　　月　　日";

// A choice field's label ("direct" → 直接送达), as the act table names it.
std::string choice_text(std::string_view act, std::string_view field, std::string_view value) {
  if (const Act* a = find_act(act))
    for (const auto& f : a->fields)
      if (f.name == field)
        for (const auto& c : f.choices)
          if (c.value == value) return std::string(c.label);
  return std::string(value);
}

std::string money(double v) {
  auto s = fmt::format("{:.2f}", v);
  if (s.ends_with(".00")) s.resize(s.size() - 3);
  return s;
}

std::string penalty_text(const std::optional<std::string>& kind,
                         const std::optional<double>& fine) {
  auto p = parse_penalty(kind.value_or(""));
  if (!p) return "";
  if (*p == Penalty::kFine) return "罚款人民币" + money(fine.value_or(0)) + "元";
  return std::string(penalty_label(*p));
}

const Step* last_step(const std::vector<Step>& steps, std::string_view action) {
  for (auto it = steps.rbegin(); it != steps.rend(); ++it)
    if (it->action == action) return &*it;
  return nullptr;
}

// 张三（执法证号 16010001）、李四（执法证号 16010002）
std::string officers_text(const std::vector<std::string>& usernames, const DocumentFacts& facts) {
  std::string out;
  for (const auto& u : usernames) {
    auto it = facts.officers.find(u);
    std::string one = it == facts.officers.end() ? u : it->second.name;
    if (it != facts.officers.end() && !it->second.certificate.empty())
      one += "（执法证号 " + it->second.certificate + "）";
    out += (out.empty() ? "" : "、") + one;
  }
  return out;
}

std::string names_text(const std::vector<std::string>& usernames, const DocumentFacts& facts) {
  std::string out;
  for (const auto& u : usernames) {
    auto it = facts.officers.find(u);
    out += (out.empty() ? "" : "、") + (it == facts.officers.end() ? u : it->second.name);
  }
  return out;
}

// An approval block's text: the opinion, then who gave it and when (blank to sign by hand when
// the platform has no record of it).
std::string approval(const std::string& opinion, const std::string& who, const std::string& on) {
  if (who.empty()) return (opinion.empty() ? "" : opinion + "\n") + std::string(kBlankSignature);
  return (opinion.empty() ? "" : opinion + "\n") + "签名：" + who + "　　" + chinese_date(on);
}

Block form(std::vector<std::vector<std::string>> rows) {
  return {BK::kForm, {}, std::move(rows), {}};
}
Block para(std::string text) { return {BK::kParagraph, std::move(text), {}, {}}; }
Block sign(std::string text) { return {BK::kSignature, std::move(text), {}, {}}; }

std::vector<std::vector<std::string>> party_rows(const CaseRecord& c) {
  const bool org = c.party_kind == "organisation";
  std::vector<std::vector<std::string>> rows = {
      {org ? "当事人（单位）" : "当事人（姓名）", c.party_name},
      {org ? "统一社会信用代码" : "身份证件号码", c.party_id}};
  if (!c.party_address.empty()) rows.push_back({org ? "住所" : "住址", c.party_address});
  if (!c.party_phone.empty()) rows.push_back({"联系电话", c.party_phone});
  return rows;
}

std::string party_lines(const CaseRecord& c) {
  std::string out = "当事人：" + c.party_name + "\n" +
                    (c.party_kind == "organisation" ? "统一社会信用代码：" : "身份证件号码：") +
                    c.party_id;
  if (!c.party_address.empty()) out += "\n地址：" + c.party_address;
  return out;
}

// The legal basis the officer entered when notifying, else the unit's catalogue basis.
std::string basis_of(const std::vector<Step>& steps, const DocumentFacts& facts) {
  if (const Step* n = last_step(steps, "notify"); n && !n->value("basis").empty())
    return n->value("basis");
  return facts.catalogue_basis;
}

std::string seal(const CaseRecord& c, const std::optional<std::string>& on) {
  return c.unit_name + "（印章）\n" + chinese_date(on.value_or(""));
}

// The facts as a sentence of the notice: "经查，…。" without doubling what the officer typed.
std::string findings(const std::string& facts) {
  std::string out = facts.starts_with("经查") ? facts : "经查，" + facts;
  if (!out.ends_with("。")) out += "。";
  return out;
}

Error not_yet(std::string_view title, const char* step) {
  return Error::rule_violation("state-order", fmt::format("本案尚未{}，不能生成{}", step, title));
}

const char* reached_step(std::string_view kind) {
  if (kind == "filing") return "立案";
  if (kind == "inquiry") return "调查取证";
  if (kind == "notice" || kind == "decision-approval") return "事先告知";
  if (kind == "decision") return "作出处罚决定";
  if (kind == "service") return "送达";
  if (kind == "credit-repair") return "对法人或其他组织作出处罚决定";
  return "执行完毕或结案";
}

}  // namespace

const std::vector<DocumentKind>& document_kinds() { return kKinds; }

const DocumentKind* find_document_kind(std::string_view name) {
  auto it = std::find_if(kKinds.begin(), kKinds.end(),
                         [&](const DocumentKind& k) { return k.name == name; });
  return it == kKinds.end() ? nullptr : &*it;
}

bool document_available(const CaseRecord& c, std::string_view kind) {
  using enum CaseState;
  if (kind == "filing") return c.filed_on.has_value() || c.procedure != "general";
  if (kind == "inquiry") return c.evidence_count > 0;
  if (kind == "notice" || kind == "decision-approval") return c.notice_on.has_value();
  if (kind == "decision") return c.decided_on.has_value();
  if (kind == "service") return c.served_on.has_value();
  if (kind == "credit-repair") return c.party_kind == "organisation" && c.decided_on.has_value();
  if (kind == "closing")
    return c.state == kArchived || c.state == kExecuted || c.state == kClosed ||
           c.state == kWithdrawn;
  return false;
}

Result<DocumentFacts> CaseDocuments::facts(const CaseRecord& c, const std::vector<Step>& steps) {
  DocumentFacts facts;
  std::set<std::string> names;
  for (const auto& s : steps) names.insert(s.officers.begin(), s.officers.end());
  if (!names.empty()) {
    std::vector<Param> params{c.field};
    std::string in;
    for (const auto& n : names) {
      params.emplace_back(n);
      in += fmt::format("{}${}", in.empty() ? "" : ", ", params.size());
    }
    // The certificate for the case's field first, the longest-valid first among those.
    auto r = store_.query(
        "SELECT u.username, u.display_name, k.number FROM users u LEFT JOIN certificates k ON "
        "k.user_id = u.id WHERE u.username IN (" +
            in + ") ORDER BY u.username, CASE WHEN k.field = $1 THEN 0 ELSE 1 END, k.valid_to DESC",
        std::span<const Param>(params));
    if (!r) return fail(r.error());
    for (const auto& row : r->rows)
      facts.officers.try_emplace(row.str(0), Signatory{row.str(1), row.opt_str(2).value_or("")});
  }
  auto b = store_.query(
      "SELECT basis FROM ef_benchmarks WHERE unit_id = $1 AND violation_code = $2 ORDER BY id "
      "LIMIT 1",
      {c.unit_id, c.violation_code});
  if (!b) return fail(b.error());
  if (!b->rows.empty()) facts.catalogue_basis = b->rows[0].str(0);
  return facts;
}

Result<Document> document_build(const CaseRecord& c, std::string_view kind,
                                const std::vector<Step>& steps, const DocumentFacts& facts) {
  const DocumentKind* k = find_document_kind(kind);
  if (!k) return fail(Error::not_found("没有这种文书"));
  if (!document_available(c, kind)) return fail(not_yet(k->title, reached_step(kind)));
  Document d{std::string(k->name), std::string(k->title), c.unit_name, c.no, {}};
  auto& out = d.blocks;
  const std::string violation = c.violation_name.empty() ? c.violation_code : c.violation_name;
  const std::string basis = basis_of(steps, facts);

  if (kind == "filing") {
    const Step* filed = last_step(steps, c.procedure == "general" ? "file" : "on_the_spot");
    const std::vector<std::string> officers = filed ? filed->officers : std::vector<std::string>{};
    auto rows =
        std::vector<std::vector<std::string>>{{"案件来源", std::string(source_label(c.source))}};
    for (auto& r : party_rows(c)) rows.push_back(std::move(r));
    rows.push_back({"违法行为", violation});
    rows.push_back({"违法行为终了日期", chinese_date(c.act_ended_on)});
    if (!facts.catalogue_basis.empty()) rows.push_back({"处罚依据", facts.catalogue_basis});
    rows.push_back({"案情摘要", c.facts});
    rows.push_back({"执法领域", c.field});
    rows.push_back({"承办人", officers_text(officers, facts)});
    rows.push_back(
        {"承办人意见",
         approval("经初步核查，当事人涉嫌" + violation + "，符合立案条件，建议立案调查。",
                  names_text(officers, facts), c.filed_on.value_or(filed ? filed->on_date : ""))});
    rows.push_back({"审核意见", approval("", "", "")});
    rows.push_back({"负责人审批意见", approval("", "", "")});
    out.push_back(form(std::move(rows)));
    return d;
  }
  if (kind == "inquiry") {
    out.push_back(form(party_rows(c)));
    out.push_back(
        para("执法人员已出示执法证件，告知被询问人依法享有陈述、申辩和申请回避的权利，"
             "并有如实回答询问、协助调查的义务。"));
    Block grid{BK::kGrid, {}, {{"序号", "日期", "执法人员", "调查内容"}}, {8, 22, 30, 40}};
    int n = 0;
    for (const auto& s : steps)
      if (s.action == "evidence")
        grid.rows.push_back({std::to_string(++n), chinese_date(s.on_date),
                             officers_text(s.officers, facts), s.value(kEvidenceDescription)});
    out.push_back(std::move(grid));
    out.push_back(sign("被询问人签名：　　　　　　　　　　执法人员签名：　　　　　　　　　　"));
    return d;
  }
  if (kind == "notice") {
    out.push_back(para(party_lines(c)));
    out.push_back(para(findings(c.facts)));
    out.push_back(para((basis.empty() ? std::string() : "依据" + basis + "的规定，") +
                       "本机关拟对你（单位）作出如下行政处罚：" +
                       penalty_text(c.proposed_penalty, c.proposed_fine) + "。"));
    out.push_back(para(fmt::format(
        "根据《中华人民共和国行政处罚法》第四十四条、第四十五条{}的规定，你（单位）享有陈述、申辩{}"
        "的权利。你（单位）可自收到本告知书之日起五个工作日内向本机关提出陈述、申辩{}"
        "，逾期视为放弃。",
        c.hearing_right ? "、第六十三条、第六十四条" : "", c.hearing_right ? "和要求听证" : "",
        c.hearing_right ? "或者申请听证" : "")));
    if (const Step* n = last_step(steps, "notify"))
      out.push_back(para("执法人员：" + officers_text(n->officers, facts)));
    out.push_back(sign(seal(c, c.notice_on)));
    return d;
  }
  if (kind == "decision-approval") {
    const Step* n = last_step(steps, "notify");
    const Step* review = last_step(steps, "review");
    const Step* discuss = last_step(steps, "discuss");
    auto rows = party_rows(c);
    rows.push_back({"违法事实", c.facts});
    rows.push_back({"处罚依据", basis});
    rows.push_back({"拟处罚决定", penalty_text(c.proposed_penalty, c.proposed_fine)});
    rows.push_back({"承办人意见",
                    approval("建议给予" + penalty_text(c.proposed_penalty, c.proposed_fine) + "。",
                             n ? names_text(n->officers, facts) : "", n ? n->on_date : "")});
    rows.push_back(
        {"审核意见", review ? approval(choice_text("review", "result", review->value("result")) +
                                           "。" + review->value("opinion"),
                                       review->actor, review->on_date)
                            : approval(c.major ? "（重大执法决定，须经法制审核）" : "", "", "")});
    rows.push_back({"负责人审批意见", discuss
                                          ? approval("经集体讨论（" + discuss->value("members") +
                                                         "）：" + discuss->value("conclusion"),
                                                     "", "")
                                          : approval("", "", "")});
    out.push_back(form(std::move(rows)));
    return d;
  }
  if (kind == "decision") {
    out.push_back(para(party_lines(c)));
    out.push_back(para("违法事实：" + c.facts));
    out.push_back(para("本机关已于" + chinese_date(c.notice_on.value_or(*c.decided_on)) +
                       "告知你（单位）拟作出行政处罚的事实、理由、依据及依法享有的权利。"));
    out.push_back(para((basis.empty() ? std::string() : "依据" + basis + "的规定，") +
                       "本机关决定给予如下行政处罚：" + penalty_text(c.penalty, c.fine) + "。"));
    if (c.discretion_reason) out.push_back(para("裁量说明：" + *c.discretion_reason));
    if (c.fine && *c.fine > 0)
      out.push_back(
          para("罚款自收到本决定书之日起十五日内缴至指定银行；逾期不缴纳的，每日按罚款"
               "数额的百分之三加处罚款，加处罚款的数额不超出罚款的数额。"));
    out.push_back(
        para("如不服本决定，可在收到本决定书之日起六十日内申请行政复议，或者六个月内"
             "依法提起行政诉讼。"));
    out.push_back(sign(seal(c, c.decided_on)));
    return d;
  }
  if (kind == "service") {
    const Step* served = last_step(steps, c.procedure == "general" ? "serve" : "on_the_spot");
    out.push_back(
        form({{"受送达人", c.party_name},
              {"送达文书", "行政处罚决定书（" + c.no + "）" +
                               (c.repair_notice_served ? "、信用修复告知书" : "")},
              {"送达方式", choice_text("serve", "method", c.service_method.value_or("direct"))},
              {"送达地点", c.party_address},
              {"送达日期", chinese_date(*c.served_on)},
              {"送达人", served ? officers_text(served->officers, facts) : ""},
              {"受送达人签收", "签名：　　　　　　　　　　　　　　年　　月　　日"}}));
    return d;
  }
  if (kind == "credit-repair") {
    auto b =
        parse_breach_class(c.breach_class.value_or("ordinary")).value_or(BreachClass::kOrdinary);
    auto decided = *parse_date(*c.decided_on);
    out.push_back(para(party_lines(c)));
    out.push_back(para(fmt::format(
        "本机关于{}对你单位作出行政处罚决定（{}），属{}信息。依据《信用修复管理办法》，该信息公示"
        "期限至{}，自{}起你单位可向本机关或信用中国网站申请信用修复。申请受理后三个工作日内作出"
        "是否受理的决定，受理后七个工作日内办结。",
        chinese_date(decided), c.no, breach_label(b), chinese_date(publish_until(b, decided)),
        chinese_date(repair_from(b, decided)))));
    out.push_back(sign(seal(c, c.decided_on)));
    return d;
  }
  // closing
  const std::string result =
      c.penalty ? penalty_text(c.penalty, c.fine) : c.close_reason.value_or("");
  const std::string executed =
      c.paid_on ? chinese_date(*c.paid_on) + "缴纳" + money(c.paid_amount.value_or(0)) + "元" +
                      (c.late_fee.value_or(0) > 0 ? "（含加处罚款" + money(*c.late_fee) + "元）"
                                                  : std::string())
                : std::string("—");
  const Step* closing = last_step(steps, "execute");
  if (!closing) closing = last_step(steps, c.state == CaseState::kWithdrawn ? "withdraw" : "close");
  std::vector<std::string> officers;
  for (const auto* a : {"decide", "close", "on_the_spot", "file"})
    if (const Step* s = last_step(steps, a); s && !s->officers.empty()) {
      officers = s->officers;
      break;
    }
  const std::string ended =
      c.closed_on.value_or(c.paid_on.value_or(closing ? closing->on_date : ""));
  auto rows = party_rows(c);
  rows.push_back({"违法行为", violation});
  rows.push_back({"立案日期", chinese_date(c.filed_on.value_or(""))});
  rows.push_back({"处理结果", result});
  rows.push_back({"执行情况", executed});
  rows.push_back({"承办人", officers_text(officers, facts)});
  rows.push_back(
      {"承办人意见", approval("本案" + c.close_reason.value_or("已执行完毕") + "，建议结案。",
                              names_text(officers, facts), ended)});
  rows.push_back({"审核意见", approval("", "", "")});
  rows.push_back({"负责人审批意见", approval("", "", "")});
  out.push_back(form(std::move(rows)));
  return d;
}

}  // namespace zt::enforcement

#include "enforcement/rules.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace zt::enforcement {
namespace {

struct PenaltyName {
  Penalty p;
  std::string_view name, label;
};
constexpr PenaltyName kPenalties[] = {
    {Penalty::kWarning, "warning", "警告"},
    {Penalty::kCriticism, "criticism", "通报批评"},
    {Penalty::kFine, "fine", "罚款"},
    {Penalty::kConfiscation, "confiscation", "没收违法所得、没收非法财物"},
    {Penalty::kSuspend, "suspend", "暂扣许可证件、降低资质等级"},
    {Penalty::kRestrict, "restrict", "限制开展生产经营活动、责令停产停业"},
    {Penalty::kRevoke, "revoke", "吊销许可证件"},
};

}  // namespace

Status apply_setting(Settings& s, std::string_view name, std::string_view value) {
  double v = 0;
  auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (ec != std::errc{} || p != value.data() + value.size() || !std::isfinite(v) || v < 0 ||
      v > 1e12)
    return fail(Error::invalid(fmt::format("设置 {} 的值须为非负数：{}", name, value), "value"));
  if (name == "hearing_fine_individual")
    s.hearing_fine_individual = v;
  else if (name == "hearing_fine_organisation")
    s.hearing_fine_organisation = v;
  else if (name == "statement_days") {
    if (v < 3 || v > 15 || v != std::floor(v))
      return fail(Error::invalid("陈述申辩期限须为 3 至 15 个工作日", "value"));
    s.statement_days = int(v);
  } else
    return fail(Error::invalid(fmt::format("没有这个设置：{}", name), "name"));
  return {};
}

std::optional<Penalty> parse_penalty(std::string_view name) {
  for (const auto& p : kPenalties)
    if (p.name == name) return p.p;
  return std::nullopt;
}
std::string_view penalty_name(Penalty p) { return kPenalties[int(p)].name; }
std::string_view penalty_label(Penalty p) { return kPenalties[int(p)].label; }

std::optional<PartyKind> parse_party_kind(std::string_view name) {
  if (name == "individual") return PartyKind::kIndividual;
  if (name == "organisation") return PartyKind::kOrganisation;
  return std::nullopt;
}

std::optional<BreachClass> parse_breach_class(std::string_view name) {
  if (name == "minor") return BreachClass::kMinor;
  if (name == "ordinary") return BreachClass::kOrdinary;
  if (name == "serious") return BreachClass::kSerious;
  return std::nullopt;
}
std::string_view breach_label(BreachClass b) {
  switch (b) {
    case BreachClass::kMinor:
      return "轻微失信";
    case BreachClass::kOrdinary:
      return "一般失信";
    case BreachClass::kSerious:
      return "严重失信";
  }
  return "";
}

Date add_days(Date d, int n) { return d + std::chrono::days{n}; }

Date add_months(Date d, int months) {
  std::chrono::year_month_day ymd{d};
  auto ym = std::chrono::year_month{ymd.year(), ymd.month()} + std::chrono::months{months};
  auto last = std::chrono::year_month_day_last{ym.year(), std::chrono::month_day_last{ym.month()}};
  auto day = std::min(ymd.day(), last.day());
  return std::chrono::sys_days{std::chrono::year_month_day{ym.year(), ym.month(), day}};
}

// Minor breaches: published at most 3 months; ordinary: 1 year (repair after 3 months);
// serious: 3 years (repair after 1 year).
Date publish_until(BreachClass b, Date published) {
  switch (b) {
    case BreachClass::kMinor:
      return add_months(published, 3);
    case BreachClass::kOrdinary:
      return add_months(published, 12);
    case BreachClass::kSerious:
      return add_months(published, 36);
  }
  return published;
}
Date repair_from(BreachClass b, Date published) {
  switch (b) {
    case BreachClass::kMinor:
      return published;
    case BreachClass::kOrdinary:
      return add_months(published, 3);
    case BreachClass::kSerious:
      return add_months(published, 12);
  }
  return published;
}

Date time_bar_end(Date act_ended, bool harms_safety) {
  return add_months(act_ended, 12 * (harms_safety ? kTimeBarYearsSafety : kTimeBarYears));
}

bool hearing_right(Penalty p, double fine, PartyKind party, const Settings& s) {
  if (p >= Penalty::kSuspend) return true;
  if (p == Penalty::kFine || p == Penalty::kConfiscation)
    return fine >= (party == PartyKind::kIndividual ? s.hearing_fine_individual
                                                    : s.hearing_fine_organisation);
  return false;
}

Status check_simplified(Penalty p, double fine, PartyKind party) {
  if (p == Penalty::kWarning) return {};
  double cap =
      party == PartyKind::kIndividual ? kSimplifiedCapIndividual : kSimplifiedCapOrganisation;
  if (p == Penalty::kFine && fine > 0 && fine <= cap) return {};
  return fail(Error::rule_violation(
      "simplified-cap",
      fmt::format("简易程序只能当场给予警告或{}{}元以下罚款（行政处罚法第五十一条）",
                  party == PartyKind::kIndividual ? "对公民" : "对法人或其他组织", cap)));
}

Status check_on_spot_collection(double amount) {
  if (amount <= kOnSpotCollectionCap) return {};
  return fail(Error::rule_violation(
      "on-spot-collection",
      "当场收缴罚款只限100元以下（行政处罚法第六十八条），请当事人到银行缴纳"));
}

double late_fee(double fine, Date due, Date paid) {
  if (paid <= due) return 0;
  auto days = (paid - due).count();
  return std::min(fine, std::round(fine * kLateFeePerDay * double(days) * 100) / 100);
}

const std::vector<RuleInfo>& rule_glossary() {
  static const std::vector<RuleInfo> kRules = {
      {"state-order", "办案环节顺序", "本案当前状态不能进行此环节"},
      {"two-officers", "两名执法人员", "《中华人民共和国行政处罚法》第四十二条"},
      {"recusal", "执法人员回避", "《中华人民共和国行政处罚法》第四十三条"},
      {"time-bar", "追责时效", "《中华人民共和国行政处罚法》第三十六条"},
      {"evidence-first", "先调查取证后告知", "《中华人民共和国行政处罚法》第五十四条"},
      {"notice-before-decision", "先告知后决定", "《中华人民共和国行政处罚法》第四十四条"},
      {"no-increase", "不因陈述申辩加重处罚", "《中华人民共和国行政处罚法》第四十五条"},
      {"hearing-right", "听证权利", "《中华人民共和国行政处罚法》第六十三条"},
      {"hearing-window", "五日内申请听证", "《中华人民共和国行政处罚法》第六十四条"},
      {"hearing-notice", "听证七日前通知", "《中华人民共和国行政处罚法》第六十四条"},
      {"hearing-chair", "听证主持人非本案调查人员", "《中华人民共和国行政处罚法》第六十四条"},
      {"hearing-before-decision", "依听证笔录作出决定", "《中华人民共和国行政处罚法》第六十五条"},
      {"legal-review", "重大执法决定法制审核", "《中华人民共和国行政处罚法》第五十八条"},
      {"collective-discussion", "负责人集体讨论", "《中华人民共和国行政处罚法》第五十七条"},
      {"decision-deadline", "九十日内作出决定", "《中华人民共和国行政处罚法》第六十条"},
      {"discretion-benchmark", "行政裁量权基准", "《中华人民共和国行政处罚法》第三十四条"},
      {"service-deadline", "七日内送达决定书", "《中华人民共和国行政处罚法》第六十一条"},
      {"e-service-consent", "电子送达须经当事人同意", "《中华人民共和国行政处罚法》第六十一条"},
      {"credit-repair", "双书同达（信用修复告知书）", "三政办〔2024〕2号"},
      {"simplified-cap", "简易程序适用范围", "《中华人民共和国行政处罚法》第五十一条"},
      {"on-spot-collection", "当场收缴罚款", "《中华人民共和国行政处罚法》第六十八条"},
      {"offsite-device", "电子技术监控设备经审核并公布", "《中华人民共和国行政处罚法》第四十一条"},
      {"draw-superseded", "已重新抽取的抽查不再录入结果", "双随机、一公开"},
      {"draw-inspectors", "检查人员须持证且无利害关系", "双随机、一公开"},
  };
  return kRules;
}

}  // namespace zt::enforcement

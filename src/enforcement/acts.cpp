// The act table: the penalty procedure of the Administrative Penalty Law as data. The order of
// `preconditions` and `checks` is the order the rules are checked in, so a request breaking two
// rules is refused by the first.
#include "enforcement/acts.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "enforcement/act_handlers.hpp"

namespace zt::enforcement {
namespace {

using enum CaseState;
using enum FieldType;
using enum Need;

const std::vector<Choice> kReviewResults = {{"pass", "同意"}, {"return", "退回补正"}};
const std::vector<Choice> kBreachClasses = {
    {"minor", "轻微失信"}, {"ordinary", "一般失信"}, {"serious", "严重失信"}};
const std::vector<Choice> kServiceMethods = {{"direct", "直接送达"},
                                             {"mail", "邮寄送达"},
                                             {"electronic", "电子送达"},
                                             {"announcement", "公告送达"}};
const std::vector<Choice> kExecutionMethods = {{"enforced", "强制执行"}};

std::vector<Act> make_acts() {
  namespace a = act;
  const auto officer = Permission::kCaseHandle;
  const auto unit_staff = Permission::kEnforcementStaff;
  const ActField penalty{"penalty", "处罚种类", kPenalty};
  const ActField fine{"fine", "罚款金额（元）", kAmount, kWithFine};
  return {
      {.name = "file",
       .label = "立案",
       .from = {kRegistered},
       .to = {kFiled},
       .two_officers = true,
       .procedure = "general",
       .procedure_refusal = "简易程序案件当场处罚，不经立案",
       .preconditions = {{"time-bar", a::time_bar}},
       .handler = a::file},
      {.name = "evidence",
       .label = "调查取证",
       .from = {kFiled, kInvestigating},
       .to = {kInvestigating},
       .two_officers = true,
       .fields = {{kEvidenceDescription, "证据内容", kLongText},
                  {"device", "监控设备编号", kText, kOptional}},
       .checks = {{"offsite-device", a::offsite_device}},
       .handler = a::evidence},
      {.name = "recuse",
       .label = "当事人申请回避",
       .from = {kFiled, kInvestigating, kNotified},
       .permission = unit_staff,
       .roles_refusal = "只有本单位执法或法制人员可以登记回避申请",
       .fields = {{"officer", "被申请回避的执法人员", kStaff}, {"reason", "回避理由", kLongText}},
       .handler = a::recuse},
      {.name = "notify",
       .label = "事先告知",
       .from = {kFiled, kInvestigating},
       .to = {kNotified},
       .two_officers = true,
       .fields = {{"penalty", "拟处罚种类", kPenalty},
                  {"fine", "拟罚款金额（元）", kAmount, kWithFine},
                  {"basis", "法律依据"},
                  {"waived", "当事人书面放弃陈述申辩", kCheck, kOptional}},
       .preconditions = {{"evidence-first", a::evidence_first}},
       .handler = a::notify},
      {.name = "statement",
       .label = "陈述申辩",
       .from = {kNotified},
       .fields = {{"content", "陈述申辩内容", kLongText}},
       .handler = a::statement},
      {.name = "request_hearing",
       .label = "申请听证",
       .from = {kNotified},
       .preconditions = {{"hearing-right", a::has_hearing_right},
                         {"hearing-window", a::hearing_window}},
       .handler = a::request_hearing},
      {.name = "schedule_hearing",
       .label = "听证通知",
       .from = {kNotified},
       .fields = {{"date", "听证日期", kDate}, {"chair", "听证主持人", kStaff}},
       .preconditions = {{"state-order", a::hearing_requested}},
       .checks = {{"hearing-notice", a::hearing_notice_ahead},
                  {"hearing-chair", a::chair_not_investigator}},
       .handler = a::schedule_hearing},
      {.name = "hold_hearing",
       .label = "举行听证",
       .from = {kNotified},
       .fields = {{"record", "听证笔录", kLongText}},
       .preconditions = {{"state-order", a::hearing_scheduled},
                         {"hearing-chair", a::caller_is_chair},
                         {"hearing-notice", a::hearing_day_reached}},
       .handler = a::hold_hearing},
      {.name = "review",
       .label = "法制审核",
       .from = {kNotified},
       .permission = Permission::kCaseReview,
       .roles_refusal = "只有法制审核人员可以进行法制审核",
       .fields = {{.name = "result",
                   .label = "审核结论",
                   .type = kChoice,
                   .choices = kReviewResults,
                   .invalid = "审核结论须为 pass（同意）或 return（退回）"},
                  {"opinion", "审核意见", kLongText}},
       .preconditions = {{"legal-review", a::reviewer_qualified},
                         {"legal-review", a::reviewer_not_investigator}},
       .handler = a::review},
      {.name = "discuss",
       .label = "集体讨论",
       .from = {kNotified},
       .fields = {{"members", "参加人员"}, {"conclusion", "讨论结论", kLongText}},
       .handler = a::discuss},
      {.name = "extend",
       .label = "延长办案期限",
       .from = {kFiled, kInvestigating, kNotified},
       .fields = {{"basis", "延长期限的依据"},
                  {"approved_by", "批准负责人"},
                  {.name = "days", .label = "延长天数", .type = kAmount, .min = 1, .max = 90}},
       .preconditions = {{"decision-deadline", a::extension_in_time}},
       .handler = a::extend},
      {.name = "decide",
       .label = "作出处罚决定",
       .from = {kNotified},
       .to = {kDecided},
       .two_officers = true,
       .refuse_state = a::decide_refuse_state,
       .fields = {penalty,
                  fine,
                  {.name = "breach_class",
                   .label = "失信程度",
                   .type = kChoice,
                   .need = kOptional,
                   .choices = kBreachClasses,
                   .fallback = "ordinary",
                   .invalid = "失信程度须为 minor、ordinary 或 serious"},
                  {"discretion_reason", "超出裁量基准的理由", kLongText, kOptional}},
       .checks = {{"notice-before-decision", a::statement_period_over},
                  {"hearing-before-decision", a::hearing_held},
                  {"no-increase", a::no_increase},
                  {"decision-deadline", a::decision_in_time},
                  {"legal-review", a::legal_review_passed},
                  {"collective-discussion", a::discussed_if_major},
                  {"discretion-benchmark", a::within_benchmark}},
       .handler = a::decide},
      {.name = "serve",
       .label = "送达",
       .from = {kDecided},
       .to = {kServed, kExecuted},  // executed when nothing is to be paid
       .two_officers = true,
       .fields = {{.name = "method",
                   .label = "送达方式",
                   .type = kChoice,
                   .need = kOptional,
                   .choices = kServiceMethods,
                   .fallback = "direct"},
                  {"consent", "当事人已签署电子送达确认书", kCheck, kOptional}},
       .checks = {{"e-service-consent", a::e_service_consent},
                  {"service-deadline", a::service_in_time}},
       .handler = a::serve},
      {.name = "execute",
       .label = "执行",
       .from = {kServed},
       .to = {kExecuted},
       .fields = {{"amount", "缴纳金额（元）", kAmount},
                  {.name = "method",
                   .label = "执行方式",
                   .type = kChoice,
                   .need = kOptional,
                   .choices = kExecutionMethods,
                   .open = true}},
       .handler = a::execute},
      {.name = "on_the_spot",
       .label = "简易程序当场处罚",
       .from = {kRegistered},
       .to = {kServed, kExecuted},  // executed when warned or paid on the spot
       .two_officers = true,
       .procedure = "simplified",
       .procedure_refusal = "普通程序案件须立案调查，不能当场处罚",
       .fields = {penalty, fine, {"collected", "当场收缴（元）", kAmount, kOptional}},
       .preconditions = {{"time-bar", a::time_bar}},
       .checks = {{"simplified-cap", a::simplified_cap},
                  {"on-spot-collection", a::on_spot_collection}},
       .handler = a::on_the_spot},
      {.name = "close",
       .label = "不予处罚结案",
       .from = {kFiled, kInvestigating, kNotified},
       .to = {kClosed},
       .two_officers = true,
       .fields = {{"reason", "不予处罚的理由", kLongText}},
       .handler = a::close},
      {.name = "withdraw",
       .label = "撤销立案",
       .from = {kRegistered, kFiled, kInvestigating},
       .to = {kWithdrawn},
       .permission = officer,
       .roles_refusal = "只有执法人员可以撤销立案",
       .fields = {{"reason", "撤销理由", kLongText}},
       .handler = a::withdraw},
      {.name = "revoke",
       .label = "决定变更或撤销",
       .from = {kDecided, kServed, kExecuted, kArchived},
       .permission = unit_staff,
       .roles_refusal = "只有本单位执法或法制人员可以登记决定的变更或撤销",
       .fields = {{"reason", "变更或撤销的理由", kLongText}},
       .handler = a::revoke},
      {.name = "archive",
       .label = "归档",
       .from = {kExecuted, kClosed, kWithdrawn},
       .to = {kArchived},
       .permission = officer,
       .roles_refusal = "只有执法人员可以归档",
       .handler = a::archive},
  };
}

// from_chars reads "nan" and "inf" too, which no comparison of amounts would refuse.
std::optional<double> non_negative(const std::string& v) {
  double d = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
  if (ec != std::errc{} || p != v.data() + v.size() || !std::isfinite(d) || d < 0 || d > 1e12)
    return std::nullopt;
  return d;
}

Error invalid(const ActField& f) {
  return Error::invalid(f.invalid.empty() ? fmt::format("{}无效", f.label) : std::string(f.invalid),
                        std::string(f.name));
}

}  // namespace

std::string_view field_type_name(FieldType t) {
  switch (t) {
    case kText:
      return "text";
    case kLongText:
      return "textarea";
    case kAmount:
      return "number";
    case kDate:
      return "date";
    case kCheck:
      return "check";
    case kStaff:
      return "staff";
    case kPenalty:
      return "penalty";
    case kChoice:
      return "choice";
  }
  return "text";
}

const std::vector<Act>& acts() {
  static const std::vector<Act> kActs = make_acts();
  return kActs;
}

const Act* find_act(std::string_view name) {
  const auto& all = acts();
  auto it = std::find_if(all.begin(), all.end(), [&](const Act& a) { return a.name == name; });
  return it == all.end() ? nullptr : &*it;
}

Result<ActValues> ActValues::read(const Act& act, const ActionInput& in) {
  ActValues out;
  for (const auto& f : act.fields) {
    const std::string key(f.name);
    auto v = in.get(key);
    if (!v && f.type == kChoice && !f.fallback.empty()) v = std::string(f.fallback);
    if (!v) {
      bool required =
          f.need == kRequired || (f.need == kWithFine && out.penalty_ == Penalty::kFine);
      if (!required) continue;
      switch (f.type) {
        case kAmount:
          return fail(Error::invalid("请填写金额", key));
        case kDate:
          return fail(Error::invalid(fmt::format("{}须为 YYYY-MM-DD", f.label), key));
        case kPenalty:
        case kChoice:
          return fail(invalid(f));
        default:
          return fail(Error::invalid(fmt::format("请填写{}", f.label), key));
      }
    }
    switch (f.type) {
      case kAmount: {
        auto d = non_negative(*v);
        if (!d) return fail(Error::invalid(fmt::format("金额须为非负数：{}", *v), key));
        if (f.max > 0 && (*d < f.min || *d > f.max || *d != std::floor(*d)))
          return fail(
              Error::invalid(fmt::format("{}须为 {} 至 {} 的整数", f.label, f.min, f.max), key));
        out.amounts_[key] = *d;
        break;
      }
      case kDate: {
        auto d = parse_date(*v);
        if (!d) return fail(Error::invalid(fmt::format("{}须为 YYYY-MM-DD", f.label), key));
        out.dates_[key] = *d;
        break;
      }
      case kPenalty: {
        auto p = parse_penalty(*v);
        if (!p) return fail(invalid(f));
        out.penalty_ = *p;
        break;
      }
      case kChoice:
        if (!f.open && std::none_of(f.choices.begin(), f.choices.end(),
                                    [&](const Choice& c) { return c.value == *v; }))
          return fail(invalid(f));
        break;
      default:
        break;
    }
    out.text_[key] = *v;
  }
  return out;
}

std::optional<std::string> ActValues::text(std::string_view field) const {
  auto it = text_.find(field);
  if (it == text_.end()) return std::nullopt;
  return it->second;
}

double ActValues::amount(std::string_view field) const {
  auto it = amounts_.find(field);
  return it == amounts_.end() ? 0.0 : it->second;
}

Date ActValues::date(std::string_view field) const {
  auto it = dates_.find(field);
  return it == dates_.end() ? Date{} : it->second;
}

Status ActContext::update(std::string_view set, std::vector<Param> params) {
  params.emplace_back(now);
  params.emplace_back(c.id.value);
  auto r = tx.query(fmt::format("UPDATE ef_cases SET {}, updated_at = ${} WHERE id = ${}", set,
                                params.size() - 1, params.size()),
                    std::span<const Param>(params));
  if (!r) return fail(r.error());
  return {};
}

std::string ActContext::wrong_state() const {
  return fmt::format("案件当前为「{}」，不能进行「{}」", state_label(c.state), act.label);
}

}  // namespace zt::enforcement

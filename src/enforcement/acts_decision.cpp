// Legal review, the leaders' collective discussion and the penalty decision (APL arts. 44, 45,
// 57, 58, 60), with the discretion benchmark and the decision's publication.
#include <algorithm>

#include <fmt/format.h>

#include "enforcement/act_handlers.hpp"
#include "enforcement/publications.hpp"

namespace zt::enforcement::act {
namespace {

constexpr const char* kNoNotice = "未经事先告知，不得作出处罚决定（行政处罚法第四十四条）";

Date decision_due(const CaseRecord& c) {
  return add_days(date_of(c.filed_on), kDecisionDays + c.extension_days);
}

struct Benchmark {
  double lo = 0, hi = 0;
};

// The unit's published fine range for the case's violation, if any.
Result<std::optional<Benchmark>> benchmark_of(ActContext& x) {
  auto b = x.tx.query(
      "SELECT fine_min, fine_max FROM ef_benchmarks WHERE unit_id = $1 AND violation_code = $2",
      {x.c.unit_id, x.c.violation_code});
  if (!b) return fail(b.error());
  if (b->rows.empty()) return std::optional<Benchmark>{};
  return std::optional<Benchmark>{Benchmark{b->rows[0].f64(0), b->rows[0].f64(1)}};
}

// Whether the decided fine lies outside the benchmark (then a reason is due and the justice
// bureau sees the case flagged).
Result<bool> outside_benchmark(ActContext& x) {
  if (x.values.penalty() != Penalty::kFine) return false;
  auto b = benchmark_of(x);
  if (!b) return fail(b.error());
  const double fine = x.values.amount("fine");
  return *b && (fine < (*b)->lo || fine > (*b)->hi);
}

}  // namespace

Result<Refusal> reviewer_qualified(ActContext& x) {
  auto q = x.tx.query(
      "SELECT COUNT(*) FROM certificates WHERE user_id = $1 AND field = $2 AND valid_from <= $3 "
      "AND valid_to >= $3",
      {x.p.id.value, std::string(kLegalQualification), x.day()});
  if (!q) return fail(q.error());
  if (q->rows[0].i64(0) > 0) return Refusal{};
  return Refusal{"法制审核人员须具有法律职业资格（行政处罚法第五十八条）"};
}

Result<Refusal> reviewer_not_investigator(ActContext& x) {
  const auto& inv = x.c.investigators;
  if (std::find(inv.begin(), inv.end(), x.p.id.value) == inv.end()) return Refusal{};
  return Refusal{"本案调查人员不得审核本案"};
}

Status review(ActContext& x) {
  if (x.values.choice("result") == "pass")
    return x.update("review_passed_on = $1, reviewer_id = $2", {x.day(), x.p.id.value});
  return x.update("review_passed_on = NULL, reviewer_id = $1", {x.p.id.value});
}

Status discuss(ActContext& x) { return x.update("discussion_on = $1", {x.day()}); }

// Before notice, a decision is refused by the notice rule rather than by the state order.
Error decide_refuse_state(const ActContext& x) {
  const auto s = x.c.state;
  if (s == CaseState::kFiled || s == CaseState::kInvestigating || !x.c.notice_on)
    return Error::rule_violation("notice-before-decision", kNoNotice);
  return Error::rule_violation("state-order", x.wrong_state());
}

Result<Refusal> statement_period_over(ActContext& x) {
  const auto& c = x.c;
  int wait = std::max(x.settings.statement_days, c.hearing_right ? kHearingRequestWorkingDays : 0);
  auto period_end = x.calendar.add_working_days(date_of(c.notice_on), wait);
  bool may_skip = c.notice_waived || (c.statement_on && !c.hearing_right);
  if (may_skip || x.today > period_end) return Refusal{};
  return Refusal{fmt::format(
      "当事人陈述申辩{}期至{}止，期满或当事人书面放弃后方可决定（行政处罚法第四十四、四十五条）",
      c.hearing_right ? "及申请听证" : "", format_date(period_end))};
}

Result<Refusal> hearing_held(ActContext& x) {
  if (!x.c.hearing_requested_on || x.c.hearing_held_on) return Refusal{};
  return Refusal{"当事人已申请听证，听证结束后方可决定"};
}

Result<Refusal> no_increase(ActContext& x) {
  const auto& c = x.c;
  auto proposed = parse_penalty(c.proposed_penalty.value_or(""));
  if (!proposed || (x.values.penalty() <= *proposed &&
                    x.values.amount("fine") <= c.proposed_fine.value_or(0) + 1e-9))
    return Refusal{};
  return Refusal{fmt::format(
      "处罚不得重于告知的拟处罚（{}{}元），不得因当事人陈述申辩而加重（行政处罚法第四十五条）",
      penalty_label(*proposed), c.proposed_fine.value_or(0))};
}

Result<Refusal> decision_in_time(ActContext& x) {
  auto due = decision_due(x.c);
  if (x.today <= due) return Refusal{};
  return Refusal{fmt::format("应自立案之日起九十日内作出决定（{}届满，行政处罚法第六十条）",
                             format_date(due))};
}

Result<Refusal> legal_review_passed(ActContext& x) {
  auto major = is_major(x.tx, x.c, x.values.amount("fine"));
  if (!major) return fail(major.error());
  if (!*major || x.c.review_passed_on) return Refusal{};
  return Refusal{"重大执法决定须经法制审核通过后方可作出（行政处罚法第五十八条）"};
}

Result<Refusal> discussed_if_major(ActContext& x) {
  auto major = is_major(x.tx, x.c, x.values.amount("fine"));
  if (!major) return fail(major.error());
  if (!*major || x.c.discussion_on) return Refusal{};
  return Refusal{"情节复杂或重大违法行为给予处罚，须经负责人集体讨论（行政处罚法第五十七条）"};
}

Result<Refusal> within_benchmark(ActContext& x) {
  if (x.values.text("discretion_reason")) return Refusal{};
  auto outside = outside_benchmark(x);
  if (!outside) return fail(outside.error());
  if (!*outside) return Refusal{};
  auto b = benchmark_of(x);
  if (!b) return fail(b.error());
  return Refusal{fmt::format("罚款{}元超出本单位公布的裁量基准（{}–{}元），须书面说明理由",
                             x.values.amount("fine"), (*b)->lo, (*b)->hi)};
}

Status decide(ActContext& x) {
  const auto& c = x.c;
  const auto pen = x.values.penalty();
  const double fine = x.values.amount("fine");
  auto major = is_major(x.tx, c, fine);
  if (!major) return fail(major.error());
  auto flag = outside_benchmark(x);  // shown to the justice bureau
  if (!flag) return fail(flag.error());
  const auto breach = x.values.choice("breach_class");
  const auto reason = x.values.text("discretion_reason");
  const auto day = x.day();
  auto r = x.update(
      "state = $1, decided_on = $2, penalty = $3, fine = $4, breach_class = $5, "
      "discretion_reason = $6, discretion_flag = $7, major = $8",
      {std::string(state_name(CaseState::kDecided)), day, std::string(penalty_name(pen)), fine,
       breach, reason ? Param(*reason) : Param(nullptr), std::int64_t(*flag),
       std::int64_t(*major)});
  if (!r) return r;
  auto until = publish_until(*parse_breach_class(breach), x.today);
  auto pub = queue_publication(
      x.tx, x.calendar,
      {c.unit_id, c.id.value, "penalty", fmt::format("行政处罚决定书（{}）", c.no), c.party_kind,
       c.party_name, c.party_id,
       fmt::format("违法事实：{}\n处罚种类：{}\n罚款金额：{}元", c.facts, penalty_label(pen), fine),
       day, format_date(until)});
  if (!pub) return fail(pub.error());
  return {};
}

}  // namespace zt::enforcement::act

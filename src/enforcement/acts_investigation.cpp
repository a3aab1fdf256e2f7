// Filing a case (or punishing on the spot), collecting evidence, recusal, extending the time
// limit, and the ends without a penalty: closing without one and withdrawing the filing.
#include <fmt/format.h>

#include "enforcement/act_handlers.hpp"
#include "enforcement/publications.hpp"

namespace zt::enforcement::act {
namespace {

std::vector<std::int64_t> officer_ids(const ActContext& x) {
  std::vector<std::int64_t> ids;
  for (const auto& o : x.officers) ids.push_back(o.id);
  return ids;
}

}  // namespace

std::string join_ids(const std::vector<std::int64_t>& ids) {
  std::string s;
  for (auto id : ids) s += (s.empty() ? "" : ",") + std::to_string(id);
  return s;
}

Result<Refusal> time_bar(ActContext& x) {
  const auto& c = x.c;
  auto end = time_bar_end(*parse_date(c.act_ended_on), c.harms_safety);
  if (x.today <= end) return Refusal{};
  return Refusal{fmt::format("违法行为终了于{}，已超过{}年追责时效（{}届满，行政处罚法第三十六条）",
                             c.act_ended_on, c.harms_safety ? kTimeBarYearsSafety : kTimeBarYears,
                             format_date(end))};
}

Status file(ActContext& x) {
  return x.update("state = $1, filed_on = $2, investigators = $3",
                  {std::string(state_name(CaseState::kFiled)), x.day(), join_ids(officer_ids(x))});
}

Result<Refusal> simplified_cap(ActContext& x) {
  auto s = check_simplified(x.values.penalty(), x.values.amount("fine"),
                            *parse_party_kind(x.c.party_kind));
  if (s) return Refusal{};
  return Refusal{s.error().message};
}

Result<Refusal> on_spot_collection(ActContext& x) {
  double collected = x.values.amount("collected");
  if (collected <= 0) return Refusal{};
  auto s = check_on_spot_collection(collected);
  if (s) return Refusal{};
  return Refusal{s.error().message};
}

Status on_the_spot(ActContext& x) {
  const auto pen = x.values.penalty();
  const double fine = x.values.amount("fine"), collected = x.values.amount("collected");
  const auto day = x.day();
  bool done = pen == Penalty::kWarning || collected + 1e-9 >= fine;
  auto r = x.update(
      "state = $1, filed_on = $2, decided_on = $2, served_on = $2, service_method = 'direct', "
      "penalty = $3, fine = $4, investigators = $5, paid_on = $6, paid_amount = $7, "
      "breach_class = 'minor'",
      {std::string(state_name(done ? CaseState::kExecuted : CaseState::kServed)), day,
       std::string(penalty_name(pen)), fine, join_ids(officer_ids(x)),
       collected > 0 ? Param(day) : Param(nullptr), collected});
  if (!r) return r;
  const auto& c = x.c;
  auto pub = queue_publication(
      x.tx, x.calendar,
      {c.unit_id, c.id.value, "penalty", fmt::format("当场行政处罚决定书（{}）", c.no),
       c.party_kind, c.party_name, c.party_id,
       fmt::format("违法事实：{}\n处罚种类：{}\n罚款金额：{}元", c.facts, penalty_label(pen), fine),
       day, format_date(publish_until(BreachClass::kMinor, x.today))});
  if (!pub) return fail(pub.error());
  return {};
}

Result<Refusal> offsite_device(ActContext& x) {
  auto code = x.values.text("device");
  if (!code) return Refusal{};
  auto d = x.tx.query(
      "SELECT reviewed_on, published_on FROM ef_devices WHERE code = $1 AND unit_id = $2",
      {*code, x.c.unit_id});
  if (!d) return fail(d.error());
  if (!d->rows.empty() && !d->rows[0].is_null(0) && !d->rows[0].is_null(1)) return Refusal{};
  return Refusal{fmt::format(
      "电子技术监控设备 {} 未经审核或未向社会公布设置地点，其记录不得作为处罚证据（行政处罚法第四十"
      "一条）",
      *code)};
}

Status evidence(ActContext& x) {
  if (auto code = x.values.text("device")) {
    auto d = x.tx.query("SELECT location FROM ef_devices WHERE code = $1 AND unit_id = $2",
                        {*code, x.c.unit_id});
    if (!d) return fail(d.error());
    if (!d->rows.empty()) x.detail["device_location"] = d->rows[0].str(0);
  }
  return x.update("state = $1, evidence_count = evidence_count + 1",
                  {std::string(state_name(CaseState::kInvestigating))});
}

Status recuse(ActContext& x) {
  const auto who = *x.values.text("officer");
  auto u =
      x.tx.query("SELECT id FROM users WHERE username = $1 AND unit_id = $2", {who, x.c.unit_id});
  if (!u) return fail(u.error());
  if (u->rows.empty()) return fail(Error::invalid("本单位没有这个执法人员：" + who, "officer"));
  auto uid = u->rows[0].i64(0);
  auto r = x.tx.query(
      "INSERT INTO ef_recusals (case_id, user_id, reason, on_date) VALUES ($1, $2, $3, $4)",
      {x.c.id.value, uid, *x.values.text("reason"), x.day()});
  if (!r) return fail(r.error());
  std::vector<std::int64_t> rest;
  for (auto id : x.c.investigators)
    if (id != uid) rest.push_back(id);
  // The case goes on meanwhile (APL art. 43); acts need two other officers from now on.
  return x.update("investigators = $1", {join_ids(rest)});
}

Result<Refusal> extension_in_time(ActContext& x) {
  auto due = add_days(date_of(x.c.filed_on), kDecisionDays + x.c.extension_days);
  if (x.today <= due) return Refusal{};
  return Refusal{"办案期限已届满，不能再延长"};
}

Status extend(ActContext& x) {
  return x.update("extension_days = extension_days + $1", {std::int64_t(x.values.amount("days"))});
}

Status close(ActContext& x) {
  return x.update("state = $1, closed_on = $2, close_reason = $3",
                  {std::string(state_name(CaseState::kClosed)), x.day(), *x.values.text("reason")});
}

Status withdraw(ActContext& x) {
  return x.update(
      "state = $1, closed_on = $2, close_reason = $3",
      {std::string(state_name(CaseState::kWithdrawn)), x.day(), *x.values.text("reason")});
}

}  // namespace zt::enforcement::act

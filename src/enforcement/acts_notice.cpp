// Prior notice of the intended penalty, the party's statement, and the hearing: its request, its
// notice and its holding (APL arts. 44, 45, 63, 64).
#include <algorithm>

#include <fmt/format.h>

#include "enforcement/act_handlers.hpp"

namespace zt::enforcement::act {

Result<Refusal> evidence_first(ActContext& x) {
  if (x.c.evidence_count > 0) return Refusal{};
  return Refusal{"尚未调查取证，不能告知拟处罚决定（行政处罚法第五十四条）"};
}

Status notify(ActContext& x) {
  const auto pen = x.values.penalty();
  const double fine = x.values.amount("fine");
  bool hearing = hearing_right(pen, fine, *parse_party_kind(x.c.party_kind), x.settings);
  x.detail["hearing_right"] = hearing;
  return x.update(
      "state = $1, notice_on = $2, proposed_penalty = $3, proposed_fine = $4, hearing_right = $5, "
      "notice_waived = $6",
      {std::string(state_name(CaseState::kNotified)), x.day(), std::string(penalty_name(pen)), fine,
       std::int64_t(hearing), std::int64_t(x.values.yes("waived"))});
}

Status statement(ActContext& x) { return x.update("statement_on = $1", {x.day()}); }

Result<Refusal> has_hearing_right(ActContext& x) {
  if (x.c.hearing_right) return Refusal{};
  return Refusal{"拟作出的处罚不属于听证范围（行政处罚法第六十三条）"};
}

Result<Refusal> hearing_window(ActContext& x) {
  auto last = x.calendar.add_working_days(date_of(x.c.notice_on), kHearingRequestWorkingDays);
  if (x.today <= last) return Refusal{};
  return Refusal{fmt::format("听证申请须在告知后五个工作日内提出（截至{}，行政处罚法第六十四条）",
                             format_date(last))};
}

Status request_hearing(ActContext& x) { return x.update("hearing_requested_on = $1", {x.day()}); }

Result<Refusal> hearing_requested(ActContext& x) {
  if (x.c.hearing_requested_on && !x.c.hearing_held_on) return Refusal{};
  return Refusal{x.wrong_state()};
}

Result<Refusal> hearing_notice_ahead(ActContext& x) {
  auto earliest = x.calendar.add_working_days(x.today, kHearingNoticeWorkingDays);
  if (x.values.date("date") >= earliest) return Refusal{};
  return Refusal{fmt::format("须在听证七个工作日前通知当事人，最早可定于{}（行政处罚法第六十四条）",
                             format_date(earliest))};
}

namespace {

struct Person {
  std::int64_t id = 0;
  std::string name;
};

// The hearing chair named in the act: a user of the case's unit.
Result<Person> chair_of(ActContext& x) {
  const auto chair = *x.values.text("chair");
  auto u = x.tx.query("SELECT id, display_name FROM users WHERE username = $1 AND unit_id = $2",
                      {chair, x.c.unit_id});
  if (!u) return fail(u.error());
  if (u->rows.empty()) return fail(Error::invalid("本单位没有这个人员：" + chair, "chair"));
  return Person{u->rows[0].i64(0), u->rows[0].str(1)};
}

}  // namespace

Result<Refusal> chair_not_investigator(ActContext& x) {
  auto chair = chair_of(x);
  if (!chair) return fail(chair.error());
  const auto& inv = x.c.investigators;
  if (std::find(inv.begin(), inv.end(), chair->id) == inv.end()) return Refusal{};
  return Refusal{
      fmt::format("{}是本案调查人员，不得主持听证（行政处罚法第六十四条）", chair->name)};
}

Status schedule_hearing(ActContext& x) {
  auto chair = chair_of(x);
  if (!chair) return fail(chair.error());
  return x.update("hearing_on = $1, hearing_chair = $2",
                  {format_date(x.values.date("date")), chair->id});
}

Result<Refusal> hearing_scheduled(ActContext& x) {
  if (x.c.hearing_on && !x.c.hearing_held_on) return Refusal{};
  return Refusal{x.wrong_state()};
}

Result<Refusal> caller_is_chair(ActContext& x) {
  if (x.c.hearing_chair && *x.c.hearing_chair == x.p.id.value) return Refusal{};
  return Refusal{"听证由通知所定的主持人举行"};
}

Result<Refusal> hearing_day_reached(ActContext& x) {
  if (x.today >= date_of(x.c.hearing_on)) return Refusal{};
  return Refusal{"未到通知的听证日期：" + *x.c.hearing_on};
}

// A hearing makes the decision major: legal review is due (APL art. 58).
Status hold_hearing(ActContext& x) { return x.update("hearing_held_on = $1", {x.day()}); }

}  // namespace zt::enforcement::act

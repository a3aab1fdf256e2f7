// Lists of report slots as the pages ask for them: a period's slots filtered and paged on the
// server (进展报送), and a task's slots (the task page).
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "supervision/list_query.hpp"
#include "supervision/reporting.hpp"
#include "supervision/scope.hpp"

namespace zt::supervision {
namespace {

std::string next(std::vector<Param>& params, Param value) {
  params.push_back(std::move(value));
  return "$" + std::to_string(params.size());
}

// The SQL condition of a state on the slot `s`; slot_state() is the same rule for one slot.
std::string state_condition(StateFilter f, std::vector<Param>& params, Instant now) {
  switch (f) {
    case StateFilter::kNotFiled:
      return "s.first_filed_at IS NULL";
    case StateFilter::kOverdue:
      return "s.first_filed_at IS NULL AND s.due_at < " + next(params, unix_seconds(now));
    case StateFilter::kOnTime:
      return "s.first_filed_at <= s.due_at";
    case StateFilter::kLate:
      return "s.first_filed_at > s.due_at AND (s.flagged_at IS NULL OR s.first_filed_at <= "
             "s.flagged_at)";
    case StateFilter::kSupplemented:
      return "s.first_filed_at > s.due_at AND s.flagged_at IS NOT NULL AND s.first_filed_at > "
             "s.flagged_at";
  }
  return "1 = 1";
}

}  // namespace

std::optional<StateFilter> parse_state_filter(std::string_view label) {
  if (label == "未报") return StateFilter::kNotFiled;
  if (label == "逾期未报") return StateFilter::kOverdue;
  if (label == "按时") return StateFilter::kOnTime;
  if (label == "迟报") return StateFilter::kLate;
  if (label == "补报") return StateFilter::kSupplemented;
  return std::nullopt;
}

Result<SlotPage> Reporting::list_slots(const Principal& p, const SlotQuery& q) {
  std::vector<Param> params{q.period};
  const std::string scoped = "s.period = $1 AND " + slot_scope(p, "s", params);
  const std::string from = "FROM sv_slots s JOIN sv_tasks t ON t.id = s.task_id WHERE ";
  SlotPage out;
  auto all = store_.query("SELECT COUNT(*) " + from + scoped, std::span<const Param>(params));
  if (!all) return fail(all.error());
  out.period_total = int(all->rows[0].i64(0));

  std::string where = scoped;
  if (q.units) {
    if (q.units->empty()) return out;  // no unit of that name: nothing to list
    std::string ids;
    for (auto u : *q.units) ids += (ids.empty() ? "" : ",") + std::to_string(u.value);
    where += " AND s.unit_id IN (" + ids + ")";
  }
  if (q.state) where += " AND " + state_condition(*q.state, params, clock_.now());
  if (!q.keyword.empty()) {
    const std::string like = next(params, like_pattern(q.keyword));
    std::string cond = "t.text LIKE " + like + " ESCAPE '\\'";
    if (is_task_number(q.keyword)) cond += " OR t.no = " + next(params, std::stoll(q.keyword));
    where += " AND (" + cond + ")";
  }
  auto count = store_.query("SELECT COUNT(*) " + from + where, std::span<const Param>(params));
  if (!count) return fail(count.error());
  out.total = int(count->rows[0].i64(0));
  std::string limit;
  if (q.per_page > 0)
    limit = fmt::format("LIMIT {} OFFSET {}", q.per_page,
                        std::int64_t(std::max(q.page, 1) - 1) * q.per_page);
  auto slots = query_slots(where, std::move(params), limit);
  if (!slots) return fail(slots.error());
  out.slots = std::move(*slots);
  return out;
}

Result<std::vector<SlotView>> Reporting::task_slots(const Principal& p, TaskId task) {
  auto all = query_slots("s.task_id = $1", {task.value});
  if (!all || p.sees_all_units()) return all;
  // may_see_slot's rule for the lot: the unit's own slots; every slot of a task the principal
  // answers for as its leader; and a lead unit's view of its cooperating units' slots of the
  // periods it leads in (not a co-lead's).
  auto led = store_.query(
      "SELECT 1 FROM sv_tasks t WHERE t.id = $1 AND t.id IN (SELECT l.task_id "
      "FROM sv_ledger l JOIN sv_ledger_leaders ll ON ll.ledger_id = l.id JOIN "
      "sv_people pp ON pp.id = ll.person_id WHERE pp.user_id = $2)",
      {task.value, p.id.value});
  if (!led) return fail(led.error());
  if (!led->rows.empty()) return all;
  std::set<std::string> leads_in;
  for (const auto& s : *all)
    if (s.unit_id == p.unit && s.role == "lead") leads_in.insert(s.period);
  std::vector<SlotView> out;
  for (auto& s : *all)
    if (p.may_see_unit(s.unit_id) || (s.role != "lead" && leads_in.contains(s.period)))
      out.push_back(std::move(s));
  return out;
}

Result<bool> Reporting::any_report_filed() {
  auto r = store_.query("SELECT 1 FROM sv_reports LIMIT 1");
  if (!r) return fail(r.error());
  return !r->rows.empty();
}

}  // namespace zt::supervision

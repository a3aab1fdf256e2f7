#include "supervision/reminders.hpp"

#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/calendar.hpp"
#include "core/outbox.hpp"

namespace zt::supervision {
namespace {

// The unit's enabled reporters and leaders, whom a reminder addresses.
Result<nlohmann::json> recipients_of(Tx& tx, UnitId unit) {
  auto people = tx.query(
      "SELECT u.id, u.username, u.display_name FROM users u WHERE u.unit_id = $1 AND "
      "u.disabled = 0 AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND "
      "r.role IN ('unit_reporter', 'unit_leader')) ORDER BY u.id",
      {unit.value});
  if (!people) return fail(people.error());
  nlohmann::json recipients = nlohmann::json::array();
  for (const auto& r : people->rows)
    recipients.push_back(
        {{"user_id", r.i64(0)}, {"username", r.str(1)}, {"display_name", r.str(2)}});
  return recipients;
}

// "2024-09-20 10:00", as a message shows a time.
std::string minute_of(Instant t) {
  auto s = format_shanghai(t).substr(0, 16);
  s[10] = ' ';
  return s;
}

nlohmann::json item_json(const SlotView& s) {
  return {{"slot_id", s.id.value},
          {"task_no", s.task_no},
          {"task", s.task_text},
          {"period", s.period},
          {"due_at", format_shanghai(s.due)},
          {"overdue", s.overdue}};
}

}  // namespace

Result<ReminderRun> queue_reminders(Store& store, Reporting& reporting, const Clock& clock,
                                    int days) {
  // The office's view: every unit's unfiled slots due within `days` or overdue.
  Principal office;
  office.roles = {Role::kOffice};
  auto slots = reporting.todo(office, days);
  if (!slots) return fail(slots.error());
  std::map<UnitId, std::vector<const SlotView*>> by_unit;
  for (const auto& s : *slots) by_unit[s.unit_id].push_back(&s);

  const auto now = clock.now();
  const std::string today = format_date(shanghai_date(now));
  ReminderRun run;
  run.units = int(by_unit.size());
  auto st = store.transact([&](Tx& tx) -> Status {
    for (const auto& [unit, items] : by_unit) {
      auto recipients = recipients_of(tx, unit);
      if (!recipients) return fail(recipients.error());
      nlohmann::json list = nlohmann::json::array();
      int overdue = 0;
      for (const auto* s : items) {
        overdue += s->overdue;
        list.push_back(item_json(*s));
      }
      const std::string& name = items.front()->unit_name;
      std::string text =
          fmt::format("【督查督办】{}：您单位有{}项重点工作进展待报送", name, items.size());
      if (overdue) text += fmt::format("，其中{}项已逾期", overdue);
      text +=
          fmt::format("，最近截止 {}。请登录政通平台报送。", format_shanghai(items.front()->due));
      nlohmann::json payload{{"type", "supervision.reminder"},
                             {"date", today},
                             {"unit_id", unit.value},
                             {"unit", name},
                             {"text", text},
                             {"recipients", *recipients},
                             {"items", list}};
      auto q = Outbox::enqueue(tx, "supervision.reminder",
                               "sv-remind:" + std::to_string(unit.value) + ":" + today,
                               payload.dump(), now);
      if (!q) return fail(q.error());
      run.queued += *q;
    }
    return {};
  });
  if (!st) return fail(st.error());
  return run;
}

Result<SlotReminder> remind_slot(Store& store, Reporting& reporting, const Clock& clock,
                                 const Principal& p, SlotId slot_id,
                                 const std::string& request_id) {
  if (!p.can(Permission::kSupervisionManage)) return fail(Error::forbidden("只有督查室可以催报"));
  auto slot = reporting.slot(p, slot_id);
  if (!slot) return fail(slot.error());
  if (slot->state != SlotState::kNotFiled) return fail(Error::conflict("该事项已报送，无需催报"));
  // Before the deadline the daily reminders speak for the office; 催报 is for what is late.
  if (!slot->overdue)
    return fail(
        Error::conflict("该事项尚未到报送截止时间（" + minute_of(slot->due) + "），无需催报"));
  const auto now = clock.now();
  const auto at = unix_seconds(now);
  SlotReminder out;
  auto st = store.transact([&](Tx& tx) -> Status {
    // Claimed by the update itself, so two clicks (or two instances) remind once.
    auto claim = tx.query(
        "UPDATE sv_slots SET reminded_at = $1 WHERE id = $2 AND first_filed_at IS NULL AND "
        "(reminded_at IS NULL OR reminded_at <= $3)",
        {at, slot_id.value, at - kRemindInterval.count()});
    if (!claim) return fail(claim.error());
    if (claim->affected == 0) {
      auto last = tx.query("SELECT reminded_at FROM sv_slots WHERE id = $1", {slot_id.value});
      if (!last) return fail(last.error());
      if (last->rows.empty() || last->rows[0].is_null(0))
        return fail(Error::conflict("该事项已报送，无需催报"));
      return fail(Error::conflict(
          fmt::format("该事项已于 {} 催报，24 小时内不再重复催报",
                      minute_of(Instant{std::chrono::seconds{last->rows[0].i64(0)}}))));
    }
    auto recipients = recipients_of(tx, slot->unit_id);
    if (!recipients) return fail(recipients.error());
    out.recipients = int(recipients->size());
    const std::string text = fmt::format(
        "【督查督办】{}：第{}项重点工作{}进展已逾期未报（截止 {}），请尽快登录政通平台报送。"
        "（督查室催报）",
        slot->unit_name, slot->task_no, slot->period, minute_of(slot->due));
    nlohmann::json payload{{"type", "supervision.reminder"},
                           {"kind", "urge"},
                           {"date", format_date(shanghai_date(now))},
                           {"unit_id", slot->unit_id.value},
                           {"unit", slot->unit_name},
                           {"text", text},
                           {"from", p.username},
                           {"recipients", *recipients},
                           {"items", nlohmann::json::array({item_json(*slot)})}};
    auto q = Outbox::enqueue(tx, "supervision.reminder",
                             fmt::format("sv-urge:{}:{}", slot_id.value, at), payload.dump(), now);
    if (!q) return fail(q.error());
    auto a = append_audit(
        tx,
        p.actor(request_id)
            .entry("slot.remind", "task", std::to_string(slot->task_id.value),
                   fmt::format("催报 {} {} 第{}项", slot->unit_name, slot->period, slot->task_no),
                   slot->reminded_at
                       ? nlohmann::json{{"reminded_at", format_shanghai(*slot->reminded_at)}}.dump()
                       : "",
                   nlohmann::json{{"slot_id", slot_id.value},
                                  {"period", slot->period},
                                  {"unit", slot->unit_name},
                                  {"reminded_at", format_shanghai(now)},
                                  {"recipients", out.recipients}}
                       .dump()),
        now);
    if (!a) return fail(a.error());
    return {};
  });
  if (!st) return fail(st.error());
  auto after = reporting.slot(p, slot_id);
  if (!after) return fail(after.error());
  out.slot = std::move(*after);
  return out;
}

}  // namespace zt::supervision

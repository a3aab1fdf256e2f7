#include "supervision/reminders.hpp"

#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/calendar.hpp"
#include "core/outbox.hpp"

namespace zt::supervision {

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
      nlohmann::json list = nlohmann::json::array();
      int overdue = 0;
      for (const auto* s : items) {
        overdue += s->overdue;
        list.push_back({{"slot_id", s->id.value},
                        {"task_no", s->task_no},
                        {"task", s->task_text},
                        {"period", s->period},
                        {"due_at", format_shanghai(s->due)},
                        {"overdue", s->overdue}});
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
                             {"recipients", recipients},
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

}  // namespace zt::supervision

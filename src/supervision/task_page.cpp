#include "supervision/task_page.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "supervision/dashboard.hpp"
#include "supervision/scope.hpp"

namespace zt::supervision {

Result<TaskPage> task_page(Store& store, Ledger& ledger, Reporting& reporting,
                           Inspections& inspections, const Principal& p, TaskId task) {
  auto exists = store.query("SELECT 1 FROM sv_tasks WHERE id = $1", {task.value});
  if (!exists) return fail(exists.error());
  if (exists->rows.empty()) return fail(Error::not_found("没有这项重点任务"));
  auto ok = may_see_task(store, p, task);
  if (!ok) return fail(ok.error());
  if (!*ok) return fail(Error::forbidden("无权查看其他单位的重点任务"));

  TaskPage out;
  Ledger::TaskQuery one;
  one.id = task;
  auto list = ledger.find_tasks(p, one);
  if (!list) return fail(list.error());
  if (list->tasks.empty()) return fail(Error::not_found("没有这项重点任务"));
  out.task = std::move(list->tasks.front());

  auto slots = reporting.task_slots(p, task);
  if (!slots) return fail(slots.error());
  out.slots = std::move(*slots);
  // By period (the keys sort as dates; 年度 after the months), then lead first, then unit.
  std::stable_sort(out.slots.begin(), out.slots.end(),
                   [](const SlotView& a, const SlotView& b) { return a.due < b.due; });
  std::map<SlotId, const SlotView*> visible;
  for (const auto& s : out.slots) visible[s.id] = &s;

  auto reports = store.query(
      "SELECT r.id, r.slot_id, r.revision, r.filed_at, COALESCE(u.display_name, ''), r.progress, "
      "r.percent, r.status, r.problems, r.next_steps FROM sv_reports r JOIN sv_slots s ON s.id = "
      "r.slot_id LEFT JOIN users u ON u.id = r.filed_by WHERE s.task_id = $1 ORDER BY r.filed_at "
      "DESC, r.id DESC",
      {task.value});
  if (!reports) return fail(reports.error());
  std::map<ReportId, std::size_t> by_id;
  for (const auto& r : reports->rows) {
    auto it = visible.find(SlotId{r.i64(1)});
    if (it == visible.end()) continue;
    auto status = parse_report_status(r.str(7));
    if (!status) return fail(Error::internal("报送状态无效：" + r.str(7)));
    TaskReport t{ReportId{r.i64(0)},
                 it->first,
                 it->second->period,
                 it->second->unit_name,
                 it->second->role,
                 int(r.i64(2)),
                 Instant{std::chrono::seconds{r.i64(3)}},
                 r.str(4),
                 {r.str(5), int(r.i64(6)), *status, r.str(8), r.str(9), {}}};
    by_id[t.id] = out.reports.size();
    out.reports.push_back(std::move(t));
  }
  auto figures = store.query(
      "SELECT f.report_id, f.kpi_id, f.value FROM sv_report_figures f JOIN sv_reports r ON r.id = "
      "f.report_id JOIN sv_slots s ON s.id = r.slot_id WHERE s.task_id = $1 ORDER BY f.kpi_id",
      {task.value});
  if (!figures) return fail(figures.error());
  for (const auto& r : figures->rows)
    if (auto it = by_id.find(ReportId{r.i64(0)}); it != by_id.end())
      out.reports[it->second].report.figures.push_back({r.i64(1), r.f64(2)});

  // The numeric targets of every unit the principal sees a slot of, once each.
  std::set<UnitId> units;
  for (const auto& s : out.slots) units.insert(s.unit_id);
  std::set<std::int64_t> seen;
  for (auto unit : units) {
    auto kpis = reporting.targets_of(task, unit);
    if (!kpis) return fail(kpis.error());
    for (auto& k : *kpis)
      if (seen.insert(k.id).second)
        out.targets.push_back({std::move(k), {}, std::nullopt, {}, false});
  }
  std::sort(out.targets.begin(), out.targets.end(),
            [](const auto& a, const auto& b) { return a.kpi.id < b.kpi.id; });
  // Each slot's latest revision gives its figures; reports are newest first.
  std::set<SlotId> latest_seen;
  for (const auto& r : out.reports) {
    if (!latest_seen.insert(r.slot).second) continue;
    for (const auto& f : r.report.figures)
      for (auto& t : out.targets)
        if (t.kpi.id == f.kpi_id) t.figures.push_back({r.period, r.unit, f.value, r.filed_at});
  }
  for (auto& t : out.targets) {
    std::sort(t.figures.begin(), t.figures.end(),
              [](const auto& a, const auto& b) { return a.filed_at < b.filed_at; });
    if (!t.figures.empty())
      t.met = target_met(t.kpi.comparator, t.kpi.value, t.figures.back().value);
  }
  std::vector<std::int64_t> kpi_ids;
  for (const auto& t : out.targets) kpi_ids.push_back(t.kpi.id);
  auto system = system_figures(store, kpi_ids);
  if (!system) return fail(system.error());
  for (auto& t : out.targets) {
    auto it = system->find(t.kpi.id);
    if (it == system->end()) continue;
    t.system = std::move(it->second);
    const auto& f = t.system.back();
    if (!t.figures.empty() && unit_figure_wins(t.figures.back().period, f.period)) continue;
    t.met = target_met(t.kpi.comparator, t.kpi.value, f.value);
    t.met_by_system = true;
  }

  auto records = inspections.list(p, task);
  if (!records) return fail(records.error());
  out.inspections = std::move(*records);
  auto history = audit_history(store, "task", std::to_string(task.value));
  if (!history) return fail(history.error());
  std::string ids;
  for (const auto& h : *history)
    if (h.actor_id) ids += (ids.empty() ? "" : ",") + std::to_string(*h.actor_id);
  std::map<std::int64_t, std::string> names;
  if (!ids.empty()) {
    auto users = store.query("SELECT id, display_name FROM users WHERE id IN (" + ids + ")");
    if (!users) return fail(users.error());
    for (const auto& r : users->rows) names[r.i64(0)] = r.str(1);
  }
  for (auto& h : *history) {
    std::string name = h.actor_id && names.contains(*h.actor_id) ? names[*h.actor_id] : "";
    out.history.push_back({std::move(h), std::move(name)});
  }
  return out;
}

}  // namespace zt::supervision

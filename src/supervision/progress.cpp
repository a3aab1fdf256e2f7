#include "supervision/progress.hpp"

#include <fmt/format.h>

#include "supervision/scope.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/audit.hpp"
#include "core/calendar.hpp"

namespace zt::supervision {

std::string_view colour_name(Colour c) {
  switch (c) {
    case Colour::kGreen:
      return "green";
    case Colour::kYellow:
      return "yellow";
    case Colour::kRed:
      return "red";
  }
  return "green";
}

std::string_view colour_label(Colour c) {
  switch (c) {
    case Colour::kGreen:
      return "正常";
    case Colour::kYellow:
      return "滞后";
    case Colour::kRed:
      return "逾期";
  }
  return "正常";
}

double expected_percent(Instant start, Instant deadline, Instant now) {
  if (deadline <= start) return now >= deadline ? 100 : 0;
  double f = double((now - start).count()) / double((deadline - start).count());
  return std::clamp(f, 0.0, 1.0) * 100;
}

Colour colour_of(double expected, int reported, bool overdue, bool was_red) {
  if (overdue && reported < 100) return Colour::kRed;
  if (reported + 1e-9 < expected) return Colour::kYellow;
  return was_red ? Colour::kYellow : Colour::kGreen;
}

Result<std::vector<TaskProgress>> ProgressBoard::evaluate(const Principal& p,
                                                          std::optional<int> year) {
  const Instant now = clock_.now();
  std::vector<Param> params;
  std::string scope = " WHERE " + task_scope(p, "t.id", params);
  // A year's work plan: the notices issued that year (and the queries below only read its tasks).
  std::string in_year = "1 = 1";
  if (year) {
    in_year = fmt::format("n.issued >= '{:04}-01-01' AND n.issued <= '{:04}-12-31'", *year, *year);
    scope += " AND " + in_year;
  }
  const std::string year_tasks =
      "SELECT t.id FROM sv_tasks t JOIN sv_notices n ON n.id = t.notice_id WHERE " + in_year;
  auto tasks = store_.query(
      "SELECT t.id, t.no, t.text, t.section, n.issued, t.section_title FROM sv_tasks t JOIN "
      "sv_notices n ON n.id = t.notice_id" +
          scope + " ORDER BY n.doc_no, t.no",
      std::span<const Param>(params));
  if (!tasks) return fail(tasks.error());
  // The lowest latest percent among a task's lead units: a task is as far as its slowest lead.
  auto latest = store_.query(
      "SELECT l.task_id, l.unit_id, l.percent FROM sv_latest l WHERE l.role = 'lead' AND "
      "l.task_id IN (" +
      year_tasks + ")");
  if (!latest) return fail(latest.error());
  std::map<TaskId, std::map<UnitId, int>> by_task;  // task -> unit -> percent
  for (const auto& r : latest->rows) by_task[TaskId{r.i64(0)}][UnitId{r.i64(1)}] = int(r.i64(2));
  auto history = store_.query("SELECT task_id, colour, at FROM sv_task_colours WHERE task_id IN (" +
                              year_tasks + ") ORDER BY id");
  if (!history) return fail(history.error());
  std::map<TaskId, std::vector<std::pair<std::string, std::int64_t>>> past;
  for (const auto& r : history->rows) past[TaskId{r.i64(0)}].push_back({r.str(1), r.i64(2)});

  std::vector<TaskProgress> out;
  std::vector<std::pair<TaskId, Colour>> changes;
  for (const auto& r : tasks->rows) {
    TaskProgress t;
    t.task_id = TaskId{r.i64(0)};
    t.no = int(r.i64(1));
    t.text = r.str(2);
    t.section = r.str(3);
    t.section_title = r.str(5);
    auto issued = parse_date(r.str(4));
    if (!issued) continue;  // a notice without an issue date has no schedule
    std::chrono::year_month_day ymd{*issued};
    Instant start = shanghai_time(*issued, 0, 0, 0);
    Instant deadline = shanghai_time(last_day_of_month(int(ymd.year()), 12), 23, 59, 59);
    t.expected = std::round(expected_percent(start, deadline, now) * 10) / 10;
    if (auto it = by_task.find(t.task_id); it != by_task.end()) {
      int lowest = 100;
      for (const auto& [unit, percent] : it->second) lowest = std::min(lowest, percent);
      t.reported = lowest;
    }
    const auto& h = past[t.task_id];
    bool was_red = std::any_of(h.begin(), h.end(), [](const auto& e) { return e.first == "red"; });
    t.colour = colour_of(t.expected, t.reported, now > deadline, was_red);
    std::string current = h.empty() ? "green" : h.back().first;
    if (current != colour_name(t.colour)) changes.push_back({t.task_id, t.colour});
    for (const auto& [c, at] : h)
      t.history.push_back({format_shanghai(Instant{std::chrono::seconds{at}}), c});
    if (current != colour_name(t.colour))
      t.history.push_back({format_shanghai(now), std::string(colour_name(t.colour))});
    out.push_back(std::move(t));
  }
  if (!changes.empty()) {
    auto st = store_.transact([&](Tx& tx) -> Status {
      for (const auto& [task, colour] : changes) {
        auto ins = tx.query("INSERT INTO sv_task_colours (task_id, colour, at) VALUES ($1, $2, $3)",
                            {task.value, std::string(colour_name(colour)), unix_seconds(now)});
        if (!ins) return fail(ins.error());
        Actor system;
        auto a =
            append_audit(tx,
                         system.entry("task.colour", "task", std::to_string(task.value),
                                      "序时进度评估：" + std::string(colour_label(colour)), "",
                                      "{\"colour\":\"" + std::string(colour_name(colour)) + "\"}"),
                         now);
        if (!a) return fail(a.error());
      }
      return {};
    });
    if (!st) return fail(st.error());
  }
  return out;
}

}  // namespace zt::supervision

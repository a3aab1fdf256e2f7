// One task as its page shows it (/supervision/tasks/:id): what it is and who answers for it, its
// report slots per period with their state, every report with its revisions, the figures
// reported against its numeric targets, its 督查 records and its history in the audit trail.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/audit.hpp"
#include "core/auth.hpp"
#include "core/store.hpp"
#include "supervision/inspections.hpp"
#include "supervision/ledger.hpp"
#include "supervision/reporting.hpp"
#include "supervision/system_figures.hpp"

namespace zt::supervision {

// One revision of a slot's report.
struct TaskReport {
  ReportId id;
  SlotId slot;
  std::string period, unit, role;
  int revision = 0;
  Instant filed_at;
  std::string filed_by;  // the filer's name
  NewReport report;      // with its figures
};

// A figure of a slot's latest report against a numeric target.
struct TaskFigure {
  std::string period, unit;
  double value = 0;
  Instant filed_at;
};
struct TaskTarget {
  KpiView kpi;
  std::vector<TaskFigure> figures;   // by period
  std::optional<bool> met;           // by the latest figure (target_met)
  std::vector<SystemFigure> system;  // the automatic monthly figures, oldest first
  bool met_by_system = false;  // `met` stands on the latest automatic figure: no unit figure of
                               // its period or later
};

// A record of the task's history with the name of who acted ("" for the system's own).
struct TaskEvent {
  AuditRecord record;
  std::string actor_name;
};

struct TaskPage {
  Ledger::TaskView task;
  std::vector<SlotView> slots;      // those the principal may see, by period then role and unit
  std::vector<TaskReport> reports;  // of those slots, newest first
  std::vector<TaskTarget> targets;  // the task's own and its units' 预期目标
  std::vector<InspectionView> inspections;
  std::vector<TaskEvent> history;  // object task:<id>, oldest first
};

// The page of `task` for `p`: not-found for no such task, forbidden outside the principal's
// task scope (may_see_task); slots and reports narrowed as Reporting::task_slots.
Result<TaskPage> task_page(Store& store, Ledger& ledger, Reporting& reporting,
                           Inspections& inspections, const Principal& p, TaskId task);

}  // namespace zt::supervision

#include "supervision/schema.hpp"

namespace zt::supervision {
namespace {

constexpr Migration kSupervision[] = {
    {1, "notices, targets, tasks, ledger, commitments, numeric targets", R"sql(
CREATE TABLE sv_notices (
  id {{pk}},
  doc_no TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  issued TEXT NOT NULL,
  source_digest TEXT NOT NULL,
  imported_at BIGINT NOT NULL
);
CREATE TABLE sv_people (
  id {{pk}},
  name TEXT NOT NULL UNIQUE,
  user_id BIGINT REFERENCES users(id)
);
CREATE TABLE sv_targets (
  id {{pk}},
  notice_id BIGINT NOT NULL REFERENCES sv_notices(id),
  no INTEGER NOT NULL,
  text TEXT NOT NULL,
  UNIQUE (notice_id, no)
);
CREATE TABLE sv_tasks (
  id {{pk}},
  notice_id BIGINT NOT NULL REFERENCES sv_notices(id),
  no INTEGER NOT NULL,
  section TEXT NOT NULL,
  section_title TEXT NOT NULL,
  text TEXT NOT NULL,
  UNIQUE (notice_id, no)
);
CREATE TABLE sv_commitments (
  id {{pk}},
  notice_id BIGINT NOT NULL REFERENCES sv_notices(id),
  text TEXT NOT NULL,
  deadline TEXT NOT NULL,
  UNIQUE (notice_id, text)
);
CREATE TABLE sv_kpis (
  id {{pk}},
  notice_id BIGINT NOT NULL REFERENCES sv_notices(id),
  indicator TEXT NOT NULL,
  comparator TEXT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  unit TEXT NOT NULL,
  by_date TEXT,
  UNIQUE (notice_id, indicator, unit)
);
CREATE TABLE sv_ledger (
  id {{pk}},
  notice_id BIGINT NOT NULL REFERENCES sv_notices(id),
  no INTEGER NOT NULL,
  task_text TEXT NOT NULL,
  UNIQUE (notice_id, no)
);
CREATE TABLE sv_ledger_leaders (
  ledger_id BIGINT NOT NULL REFERENCES sv_ledger(id),
  person_id BIGINT NOT NULL REFERENCES sv_people(id),
  PRIMARY KEY (ledger_id, person_id)
);
-- Who answers for what. `name` is the unit as the notice writes it; `unit_id` is where the alias
-- table resolved it (NULL while unresolved, e.g. "相关县〔市、区〕政府").
CREATE TABLE sv_assignments (
  id {{pk}},
  object_type TEXT NOT NULL,
  object_id BIGINT NOT NULL,
  role TEXT NOT NULL,
  name TEXT NOT NULL,
  unit_id BIGINT REFERENCES units(id)
);
CREATE INDEX sv_assignments_object ON sv_assignments(object_type, object_id);
CREATE INDEX sv_assignments_unit ON sv_assignments(unit_id);
)sql"},
    {2, "report slots and reports", R"sql(
CREATE TABLE sv_slots (
  id {{pk}},
  task_id BIGINT NOT NULL REFERENCES sv_tasks(id),
  unit_id BIGINT NOT NULL REFERENCES units(id),
  role TEXT NOT NULL,
  period TEXT NOT NULL,
  due_at BIGINT NOT NULL,
  flagged_at BIGINT,
  UNIQUE (task_id, unit_id, period)
);
CREATE INDEX sv_slots_period ON sv_slots(period, unit_id);
CREATE TABLE sv_reports (
  id {{pk}},
  slot_id BIGINT NOT NULL REFERENCES sv_slots(id),
  revision INTEGER NOT NULL,
  filed_at BIGINT NOT NULL,
  filed_by BIGINT NOT NULL REFERENCES users(id),
  progress TEXT NOT NULL,
  percent INTEGER NOT NULL,
  status TEXT NOT NULL,
  problems TEXT NOT NULL,
  next_steps TEXT NOT NULL,
  UNIQUE (slot_id, revision)
);
)sql"},
    {3, "task colour history", R"sql(
CREATE TABLE sv_task_colours (
  id {{pk}},
  task_id BIGINT NOT NULL REFERENCES sv_tasks(id),
  colour TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX sv_task_colours_task ON sv_task_colours(task_id);
)sql"},
    {4, "ledger and numeric targets linked to tasks, report figures, attachments, inspections",
     R"sql(
ALTER TABLE sv_ledger ADD COLUMN task_id BIGINT REFERENCES sv_tasks(id);
ALTER TABLE sv_kpis ADD COLUMN task_id BIGINT REFERENCES sv_tasks(id);
ALTER TABLE sv_kpis ADD COLUMN target_id BIGINT REFERENCES sv_targets(id);
CREATE INDEX sv_ledger_task ON sv_ledger(task_id);
CREATE INDEX sv_slots_task ON sv_slots(task_id);
CREATE INDEX sv_people_user ON sv_people(user_id);
CREATE TABLE sv_report_figures (
  report_id BIGINT NOT NULL REFERENCES sv_reports(id),
  kpi_id BIGINT NOT NULL REFERENCES sv_kpis(id),
  value DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (report_id, kpi_id)
);
CREATE INDEX sv_report_figures_kpi ON sv_report_figures(kpi_id);
CREATE TABLE sv_attachments (
  id {{pk}},
  slot_id BIGINT NOT NULL REFERENCES sv_slots(id),
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  content {{blob}} NOT NULL,
  uploaded_by BIGINT NOT NULL REFERENCES users(id),
  uploaded_at BIGINT NOT NULL
);
CREATE INDEX sv_attachments_slot ON sv_attachments(slot_id);
-- 督查: an inspection of a task, what it found, the rectification it asks for and by when,
-- the unit's rectification and the office's closure.
CREATE TABLE sv_inspections (
  id {{pk}},
  task_id BIGINT NOT NULL REFERENCES sv_tasks(id),
  inspected_on TEXT NOT NULL,
  inspectors TEXT NOT NULL,
  findings TEXT NOT NULL,
  rectify_by TEXT NOT NULL,
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  rectification TEXT,
  rectified_at BIGINT,
  closure TEXT,
  closed_at BIGINT
);
CREATE INDEX sv_inspections_task ON sv_inspections(task_id);
)sql"},
    {5, "commitments marked done", R"sql(
ALTER TABLE sv_commitments ADD COLUMN done_at BIGINT;
ALTER TABLE sv_commitments ADD COLUMN done_by BIGINT REFERENCES users(id);
ALTER TABLE sv_commitments ADD COLUMN done_note TEXT;
CREATE INDEX sv_reports_filed ON sv_reports(filed_at);
)sql"},
    {6, "slots carry their filing state; each unit's latest report per task", R"sql(
ALTER TABLE sv_slots ADD COLUMN first_filed_at BIGINT;
ALTER TABLE sv_slots ADD COLUMN revisions INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sv_slots ADD COLUMN latest_report_id BIGINT;
UPDATE sv_slots SET
  first_filed_at = (SELECT MIN(r.filed_at) FROM sv_reports r WHERE r.slot_id = sv_slots.id),
  revisions = (SELECT COUNT(*) FROM sv_reports r WHERE r.slot_id = sv_slots.id),
  latest_report_id = (SELECT MAX(r.id) FROM sv_reports r WHERE r.slot_id = sv_slots.id);
CREATE INDEX sv_slots_filing ON sv_slots(period, unit_id, due_at, first_filed_at);
-- Each numeric target's most recent figure, for the dashboard's targets-vs-latest.
ALTER TABLE sv_kpis ADD COLUMN latest_value DOUBLE PRECISION;
ALTER TABLE sv_kpis ADD COLUMN latest_report_id BIGINT;
UPDATE sv_kpis SET latest_report_id = (SELECT f.report_id FROM sv_report_figures f JOIN sv_reports r
  ON r.id = f.report_id WHERE f.kpi_id = sv_kpis.id ORDER BY r.filed_at DESC, r.id DESC LIMIT 1);
UPDATE sv_kpis SET latest_value = (SELECT f.value FROM sv_report_figures f
  WHERE f.kpi_id = sv_kpis.id AND f.report_id = sv_kpis.latest_report_id);
-- The most recent report a unit filed on a task, whatever its period: what 序时进度 and the
-- ledger export read, kept current by every filing.
CREATE TABLE sv_latest (
  task_id BIGINT NOT NULL REFERENCES sv_tasks(id),
  unit_id BIGINT NOT NULL REFERENCES units(id),
  role TEXT NOT NULL,
  slot_id BIGINT NOT NULL REFERENCES sv_slots(id),
  report_id BIGINT NOT NULL REFERENCES sv_reports(id),
  percent INTEGER NOT NULL,
  filed_at BIGINT NOT NULL,
  PRIMARY KEY (task_id, unit_id)
);
INSERT INTO sv_latest (task_id, unit_id, role, slot_id, report_id, percent, filed_at)
SELECT s.task_id, s.unit_id, s.role, s.id, r.id, r.percent, r.filed_at
FROM sv_reports r JOIN sv_slots s ON s.id = r.slot_id
WHERE r.id = (SELECT r2.id FROM sv_reports r2 JOIN sv_slots s2 ON s2.id = r2.slot_id
              WHERE s2.task_id = s.task_id AND s2.unit_id = s.unit_id
              ORDER BY r2.filed_at DESC, r2.id DESC LIMIT 1);
)sql"},
    {7, "the office's reminders (催报) on slots; published bulletins with their 文号", R"sql(
ALTER TABLE sv_slots ADD COLUMN reminded_at BIGINT;
-- A bulletin's number is given at its first publication: the seq-th of its year.
CREATE TABLE sv_bulletins (
  period TEXT PRIMARY KEY,
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  doc_no TEXT NOT NULL UNIQUE,
  published_at BIGINT NOT NULL,
  published_by BIGINT REFERENCES users(id),
  UNIQUE (year, seq)
);
)sql"},
    {8, "automatic monthly figures of the numeric targets, computed by the system", R"sql(
-- One figure per numeric target and month (YYYY-MM), replaced when recomputed: what the app's
-- ledger feed computed from the modules' data, with the query that produced it.
CREATE TABLE sv_kpi_figures_auto (
  kpi_id BIGINT NOT NULL REFERENCES sv_kpis(id),
  period TEXT NOT NULL,
  metric TEXT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  counted BIGINT NOT NULL,
  source TEXT NOT NULL DEFAULT 'system',
  query TEXT NOT NULL,
  computed_at BIGINT NOT NULL,
  PRIMARY KEY (kpi_id, period)
);
)sql"},
};

}  // namespace

MigrationSet migrations() { return {"supervision", kSupervision}; }

}  // namespace zt::supervision

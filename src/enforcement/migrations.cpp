#include "enforcement/schema.hpp"

namespace zt::enforcement {
namespace {

constexpr Migration kEnforcement[] = {
    {1, "cases, their steps, conflicts, settings, catalogue, benchmarks, devices", R"sql(
CREATE TABLE ef_cases (
  id {{pk}},
  no TEXT NOT NULL UNIQUE,
  unit_id BIGINT NOT NULL REFERENCES units(id),
  field TEXT NOT NULL,
  state TEXT NOT NULL,
  procedure TEXT NOT NULL,
  source TEXT NOT NULL,
  party_kind TEXT NOT NULL,
  party_name TEXT NOT NULL,
  party_id TEXT NOT NULL,
  party_phone TEXT NOT NULL DEFAULT '',
  party_address TEXT NOT NULL DEFAULT '',
  violation_code TEXT NOT NULL,
  violation_name TEXT NOT NULL DEFAULT '',
  facts TEXT NOT NULL,
  act_ended_on TEXT NOT NULL,
  harms_safety INTEGER NOT NULL DEFAULT 0,
  major_flag INTEGER NOT NULL DEFAULT 0,
  complex INTEGER NOT NULL DEFAULT 0,
  investigators TEXT NOT NULL DEFAULT '',
  filed_on TEXT,
  evidence_count INTEGER NOT NULL DEFAULT 0,
  notice_on TEXT,
  notice_waived INTEGER NOT NULL DEFAULT 0,
  proposed_penalty TEXT,
  proposed_fine DOUBLE PRECISION,
  hearing_right INTEGER NOT NULL DEFAULT 0,
  statement_on TEXT,
  hearing_requested_on TEXT,
  hearing_on TEXT,
  hearing_chair BIGINT,
  hearing_held_on TEXT,
  review_passed_on TEXT,
  reviewer_id BIGINT,
  discussion_on TEXT,
  extension_days INTEGER NOT NULL DEFAULT 0,
  decided_on TEXT,
  penalty TEXT,
  fine DOUBLE PRECISION,
  breach_class TEXT,
  discretion_reason TEXT,
  discretion_flag INTEGER NOT NULL DEFAULT 0,
  major INTEGER NOT NULL DEFAULT 0,
  served_on TEXT,
  service_method TEXT,
  repair_notice_served INTEGER NOT NULL DEFAULT 0,
  paid_on TEXT,
  paid_amount DOUBLE PRECISION,
  late_fee DOUBLE PRECISION,
  closed_on TEXT,
  close_reason TEXT,
  archived_on TEXT,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX ef_cases_unit_state ON ef_cases(unit_id, state);
CREATE TABLE ef_case_steps (
  id {{pk}},
  case_id BIGINT NOT NULL REFERENCES ef_cases(id),
  action TEXT NOT NULL,
  on_date TEXT NOT NULL,
  at BIGINT NOT NULL,
  actor_id BIGINT,
  officers TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL
);
CREATE INDEX ef_case_steps_case ON ef_case_steps(case_id, id);
-- Conflicts an officer declared with a party (by credit code or ID number): never assigned.
CREATE TABLE ef_conflicts (
  id {{pk}},
  user_id BIGINT NOT NULL REFERENCES users(id),
  party_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  UNIQUE (user_id, party_id)
);
-- Officers recused from one case on the party's application.
CREATE TABLE ef_recusals (
  case_id BIGINT NOT NULL REFERENCES ef_cases(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  reason TEXT NOT NULL,
  on_date TEXT NOT NULL,
  PRIMARY KEY (case_id, user_id)
);
CREATE TABLE ef_settings (
  unit_id BIGINT NOT NULL REFERENCES units(id),
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (unit_id, name)
);
-- 重大执法决定法制审核目录清单: a violation code, or any fine from min_fine up.
CREATE TABLE ef_major_catalogue (
  id {{pk}},
  unit_id BIGINT NOT NULL REFERENCES units(id),
  violation_code TEXT,
  min_fine DOUBLE PRECISION,
  description TEXT NOT NULL
);
-- 裁量权基准: the fine range a unit published for a violation.
CREATE TABLE ef_benchmarks (
  id {{pk}},
  unit_id BIGINT NOT NULL REFERENCES units(id),
  violation_code TEXT NOT NULL,
  name TEXT NOT NULL,
  basis TEXT NOT NULL,
  fine_min DOUBLE PRECISION NOT NULL,
  fine_max DOUBLE PRECISION NOT NULL,
  UNIQUE (unit_id, violation_code)
);
-- Monitoring devices for off-site enforcement (非现场执法).
CREATE TABLE ef_devices (
  id {{pk}},
  unit_id BIGINT NOT NULL REFERENCES units(id),
  code TEXT NOT NULL UNIQUE,
  location TEXT NOT NULL,
  reviewed_on TEXT,
  published_on TEXT
);
CREATE TABLE ef_attachments (
  id {{pk}},
  case_id BIGINT NOT NULL REFERENCES ef_cases(id),
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  bytes {{blob}} NOT NULL,
  uploaded_by BIGINT NOT NULL,
  uploaded_at BIGINT NOT NULL
);
CREATE INDEX ef_attachments_case ON ef_attachments(case_id);
)sql"},
    {2, "publication (公示) records", R"sql(
CREATE TABLE ef_publications (
  id {{pk}},
  unit_id BIGINT NOT NULL REFERENCES units(id),
  case_id BIGINT REFERENCES ef_cases(id),
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  party_kind TEXT NOT NULL,
  party_name TEXT NOT NULL,
  party_id TEXT NOT NULL,
  content TEXT NOT NULL,
  decided_on TEXT NOT NULL,
  due_on TEXT NOT NULL,
  published_on TEXT,
  publish_until TEXT,
  revoked_on TEXT,
  withdraw_due TEXT,
  withdrawn_on TEXT,
  withdraw_reason TEXT
);
CREATE INDEX ef_publications_unit ON ef_publications(unit_id);
)sql"},
    {3, "directories of market entities and inspectors, draws", R"sql(
CREATE TABLE ef_entities (
  id {{pk}},
  uscc TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  credit_class TEXT NOT NULL,
  industry TEXT NOT NULL DEFAULT '',
  area TEXT NOT NULL DEFAULT '',
  uscc_override INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ef_entities_class ON ef_entities(credit_class);
CREATE TABLE ef_inspectors (
  id {{pk}},
  unit_id BIGINT NOT NULL REFERENCES units(id),
  name TEXT NOT NULL,
  cert_no TEXT NOT NULL UNIQUE,
  cert_valid_to TEXT NOT NULL,
  fields TEXT NOT NULL,
  conflicts TEXT NOT NULL DEFAULT ''
);
CREATE TABLE ef_draws (
  id {{pk}},
  unit_id BIGINT NOT NULL REFERENCES units(id),
  matter TEXT NOT NULL,
  field TEXT NOT NULL,
  filter TEXT NOT NULL,
  ratios TEXT NOT NULL,
  per_entity INTEGER NOT NULL,
  seed TEXT NOT NULL,
  algorithm TEXT NOT NULL,
  drawn_on TEXT NOT NULL,
  snapshot_digest TEXT NOT NULL,
  snapshot {{blob}} NOT NULL,
  result_digest TEXT NOT NULL,
  supersedes BIGINT REFERENCES ef_draws(id),
  reason TEXT NOT NULL DEFAULT '',
  ends_on TEXT,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE ef_draw_picks (
  draw_id BIGINT NOT NULL REFERENCES ef_draws(id),
  seq INTEGER NOT NULL,
  entity_uscc TEXT NOT NULL,
  entity_name TEXT NOT NULL,
  credit_class TEXT NOT NULL,
  inspectors TEXT NOT NULL,
  result TEXT,
  result_on TEXT,
  published_on TEXT,
  PRIMARY KEY (draw_id, seq)
);
)sql"},
    {4, "case-file review (案卷评查) and complaints", R"sql(
CREATE TABLE ef_checklist (
  id {{pk}},
  item TEXT NOT NULL UNIQUE,
  max_score INTEGER NOT NULL,
  ordinal INTEGER NOT NULL
);
CREATE TABLE ef_file_reviews (
  id {{pk}},
  case_id BIGINT NOT NULL REFERENCES ef_cases(id),
  reviewer_id BIGINT NOT NULL,
  scores TEXT NOT NULL,
  total INTEGER NOT NULL,
  max_total INTEGER NOT NULL,
  comment TEXT NOT NULL,
  reviewed_at BIGINT NOT NULL,
  UNIQUE (case_id, reviewer_id)
);
CREATE TABLE ef_complaints (
  id {{pk}},
  ticket_no TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL,
  complainant TEXT NOT NULL,
  phone TEXT NOT NULL,
  subject TEXT NOT NULL,
  content TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  unit_id BIGINT REFERENCES units(id),
  referred_on TEXT,
  reply_due TEXT NOT NULL,
  reply TEXT,
  replied_on TEXT,
  closed_on TEXT,
  satisfaction TEXT
);
INSERT INTO ef_checklist (item, max_score, ordinal) VALUES
  ('立案审批手续完备', 10, 1),
  ('执法人员两人以上且持证', 10, 2),
  ('证据确实充分、取证程序合法', 20, 3),
  ('事先告知及陈述申辩、听证权利保障', 15, 4),
  ('法律适用准确、裁量适当', 15, 5),
  ('重大执法决定经法制审核', 10, 6),
  ('文书规范、送达合法', 10, 7),
  ('执行到位、按时归档', 10, 8);
)sql"},
    {5, "market entities kept by a unit (only it rewrites their credit class)", R"sql(
ALTER TABLE ef_entities ADD COLUMN unit_id BIGINT REFERENCES units(id);
CREATE INDEX ef_entities_unit ON ef_entities(unit_id);
)sql"},
};

}  // namespace

MigrationSet migrations() { return {"enforcement", kEnforcement}; }

}  // namespace zt::enforcement

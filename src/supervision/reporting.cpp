#include "supervision/reporting.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "supervision/scope.hpp"

namespace zt::supervision {
namespace {

nlohmann::json figures_json(const std::vector<Figure>& figures) {
  auto out = nlohmann::json::array();
  for (const auto& f : figures) out.push_back({{"kpi_id", f.kpi_id}, {"value", f.value}});
  return out;
}

// The report as the audit trail keeps it (before / after of a revision).
nlohmann::json report_json(const NewReport& r) {
  return {{"progress", r.progress},
          {"percent", r.percent},
          {"status", report_status_label(r.status)},
          {"problems", r.problems},
          {"next_steps", r.next_steps},
          {"figures", figures_json(r.figures)}};
}

}  // namespace

std::vector<Period> periods_of(const ReportingPlan& plan) {
  std::vector<Period> out;
  for (unsigned m = plan.first_month; m <= 11; ++m) {
    Date d = std::chrono::sys_days{std::chrono::year{plan.year} / std::chrono::month{m} /
                                   std::chrono::day{plan.day}};
    out.push_back({fmt::format("{:04d}-{:02d}", plan.year, m),
                   fmt::format("{}年{}月", plan.year, m), shanghai_time(d, 23, 59, 59)});
  }
  Date year_end =
      std::chrono::sys_days{std::chrono::year{plan.year} / 12 / std::chrono::day{plan.day}};
  out.push_back({fmt::format("{:04d}-年度", plan.year), fmt::format("{}年度", plan.year),
                 shanghai_time(year_end, 23, 59, 59)});
  return out;
}

bool is_period_key(std::string_view key) {
  auto digits = [&](std::size_t from, std::size_t n) {
    if (key.size() < from + n) return false;
    for (std::size_t i = from; i < from + n; ++i)
      if (key[i] < '0' || key[i] > '9') return false;
    return true;
  };
  if (!digits(0, 4) || key.size() < 5 || key[4] != '-') return false;
  int year = std::stoi(std::string(key.substr(0, 4)));
  if (year < 2000 || year > 2100) return false;
  if (key.substr(5) == "年度") return true;
  if (key.size() != 7 || !digits(5, 2)) return false;
  int month = (key[5] - '0') * 10 + (key[6] - '0');
  return month >= 1 && month <= 12;
}

SlotState slot_state(Instant due, std::optional<Instant> first_filed,
                     std::optional<Instant> flagged) {
  if (!first_filed) return SlotState::kNotFiled;
  if (*first_filed <= due) return SlotState::kOnTime;
  if (flagged && *first_filed > *flagged) return SlotState::kSupplemented;
  return SlotState::kLate;
}

Result<int> Reporting::plan(const std::string& doc_no, const ReportingPlan& plan,
                            const Actor& actor) {
  auto periods = periods_of(plan);
  return store_.transact_value<int>([&](Tx& tx) -> Result<int> {
    auto notice = tx.query("SELECT id FROM sv_notices WHERE doc_no = $1", {doc_no});
    if (!notice) return fail(notice.error());
    if (notice->rows.empty()) return fail(Error::not_found("没有这份通知：" + doc_no));
    // One statement per period; slots that exist already are left as they are.
    int created = 0;
    for (const auto& p : periods) {
      auto ins = tx.query(
          "INSERT INTO sv_slots (task_id, unit_id, role, period, due_at) SELECT DISTINCT t.id, "
          "a.unit_id, a.role, CAST($2 AS TEXT), CAST($3 AS BIGINT) FROM sv_tasks t JOIN "
          "sv_assignments a ON a.object_type = "
          "'task' AND a.object_id = t.id WHERE t.notice_id = $1 AND a.unit_id IS NOT NULL ON "
          "CONFLICT (task_id, unit_id, period) DO NOTHING",
          {notice->rows[0].i64(0), p.key, unix_seconds(p.due)});
      if (!ins) return fail(ins.error());
      created += int(ins->affected);
    }
    auto a = append_audit(
        tx,
        actor.entry("report_plan.create", "notice", std::to_string(notice->rows[0].i64(0)),
                    fmt::format("生成报送计划 {} 个报送事项", created), "",
                    nlohmann::json{{"year", plan.year},
                                   {"first_month", plan.first_month},
                                   {"day", plan.day},
                                   {"slots", created}}
                        .dump()),
        clock_.now());
    if (!a) return fail(a.error());
    return created;
  });
}

Result<std::vector<SlotView>> Reporting::query_slots(const std::string& where,
                                                     std::vector<Param> params,
                                                     const std::string& limit) {
  auto rows = store_.query(
      "SELECT s.id, s.task_id, t.no, t.text, s.unit_id, u.name, s.role, s.period, s.due_at, "
      "s.flagged_at, s.first_filed_at, s.revisions, s.latest_report_id, s.reminded_at FROM "
      "sv_slots s JOIN sv_tasks t ON t.id = s.task_id JOIN units u ON u.id = s.unit_id WHERE " +
          where + " ORDER BY t.no, s.role DESC, u.name, s.id " + limit,
      std::span<const Param>(params));
  if (!rows) return fail(rows.error());
  std::vector<SlotView> out;
  const auto now = clock_.now();
  for (const auto& r : rows->rows) {
    SlotView v;
    v.id = SlotId{r.i64(0)};
    v.task_id = TaskId{r.i64(1)};
    v.task_no = int(r.i64(2));
    v.task_text = r.str(3);
    v.unit_id = UnitId{r.i64(4)};
    v.unit_name = r.str(5);
    v.role = r.str(6);
    v.period = r.str(7);
    v.due = Instant{std::chrono::seconds{r.i64(8)}};
    std::optional<Instant> flagged, first;
    if (auto f = r.opt_i64(9)) flagged = Instant{std::chrono::seconds{*f}};
    if (auto f = r.opt_i64(10)) first = Instant{std::chrono::seconds{*f}};
    v.state = slot_state(v.due, first, flagged);
    v.overdue = !first && now > v.due;
    v.revisions = int(r.i64(11));
    if (auto f = r.opt_i64(13)) v.reminded_at = Instant{std::chrono::seconds{*f}};
    out.push_back(std::move(v));
  }
  // Latest report per slot, one query for the lot (the slot knows its latest report's id).
  std::string ids;
  for (const auto& r : rows->rows)
    if (!r.is_null(12)) ids += (ids.empty() ? "" : ",") + std::to_string(r.i64(12));
  if (!ids.empty()) {
    auto latest = store_.query(
        "SELECT r.slot_id, r.progress, r.percent, r.status, r.problems, r.next_steps, r.filed_at, "
        "r.id FROM sv_reports r WHERE r.id IN (" +
        ids + ")");
    if (!latest) return fail(latest.error());
    std::map<SlotId, std::size_t> index;
    for (std::size_t i = 0; i < out.size(); ++i) index[out[i].id] = i;
    std::map<ReportId, std::size_t> by_report;
    std::string report_ids;
    for (const auto& r : latest->rows) {
      const auto slot = index[SlotId{r.i64(0)}];
      auto& v = out[slot];
      // Every stored status passed parse_report_status when it was filed.
      auto status = parse_report_status(r.str(3));
      if (!status) return fail(Error::internal("报送状态无效：" + r.str(3)));
      v.latest = NewReport{r.str(1), int(r.i64(2)), *status, r.str(4), r.str(5), {}};
      v.latest_filed_at = Instant{std::chrono::seconds{r.i64(6)}};
      by_report[ReportId{r.i64(7)}] = slot;
      report_ids += (report_ids.empty() ? "" : ",") + std::to_string(r.i64(7));
    }
    if (!report_ids.empty()) {
      auto figures = store_.query(
          "SELECT report_id, kpi_id, value FROM sv_report_figures WHERE report_id IN (" +
          report_ids + ") ORDER BY kpi_id");
      if (!figures) return fail(figures.error());
      for (const auto& r : figures->rows)
        out[by_report[ReportId{r.i64(0)}]].latest->figures.push_back({r.i64(1), r.f64(2)});
    }
  }
  return out;
}

Result<std::vector<SlotView>> Reporting::slots(const Principal& p, const std::string& period) {
  std::vector<Param> params{period};
  std::string where = "s.period = $1 AND " + slot_scope(p, "s", params);
  return query_slots(where, std::move(params));
}

Result<bool> Reporting::may_see_slot(const Principal& p, const SlotView& s) {
  if (p.may_see_unit(s.unit_id)) return true;
  // The task's responsible leader sees every slot of it.
  std::vector<Param> params{s.id.value};
  std::string sql = "SELECT 1 FROM sv_slots s WHERE s.id = $1 AND " + slot_scope(p, "s", params);
  auto led = store_.query(sql, std::span<const Param>(params));
  if (!led) return fail(led.error());
  if (!led->rows.empty()) return true;
  // A lead unit sees its cooperating units' contributions, but not another lead unit's slot:
  // co-leads answer for their own share, and neither reads the other's drafts and files.
  if (s.role == "lead") return false;
  auto mine = store_.query(
      "SELECT 1 FROM sv_slots WHERE task_id = $1 AND period = $2 AND unit_id = $3 AND role = "
      "'lead'",
      {s.task_id.value, s.period, p.unit.value});
  if (!mine) return fail(mine.error());
  return !mine->rows.empty();
}

Result<SlotView> Reporting::slot(const Principal& p, SlotId id) {
  auto v = query_slots("s.id = $1", {id.value});
  if (!v) return fail(v.error());
  if (v->empty()) return fail(Error::not_found("没有这个报送事项"));
  auto ok = may_see_slot(p, v->front());
  if (!ok) return fail(ok.error());
  if (!*ok) return fail(Error::forbidden("无权查看其他单位的报送"));
  return std::move(v->front());
}

Result<SlotView> Reporting::file(const Principal& p, SlotId slot_id, const NewReport& r,
                                 const std::string& request_id) {
  if (r.progress.empty()) return fail(Error::invalid("请填写工作进展", "progress"));
  if (r.percent < 0 || r.percent > 100)
    return fail(Error::invalid("完成比例须在0到100之间", "percent"));
  if (!p.can(Permission::kSupervisionReport))
    return fail(Error::forbidden("只有本单位的填报员或单位领导可以报送"));
  auto before = query_slots("s.id = $1", {slot_id.value});
  if (!before) return fail(before.error());
  if (before->empty()) return fail(Error::not_found("没有这个报送事项"));
  if (before->front().unit_id != p.unit) return fail(Error::forbidden("只能报送本单位的事项"));
  auto allowed = targets_of(before->front().task_id, before->front().unit_id);
  if (!allowed) return fail(allowed.error());
  for (const auto& f : r.figures) {
    if (std::none_of(allowed->begin(), allowed->end(),
                     [&](const KpiView& k) { return k.id == f.kpi_id; }))
      return fail(
          Error::invalid("指标 " + std::to_string(f.kpi_id) + " 不是该任务的量化目标", "figures"));
    if (!std::isfinite(f.value)) return fail(Error::invalid("指标值须为有限数值", "figures"));
  }
  auto st = store_.transact([&](Tx& tx) -> Status {
    auto rev = tx.query("SELECT COALESCE(MAX(revision), 0) FROM sv_reports WHERE slot_id = $1",
                        {slot_id.value});
    if (!rev) return fail(rev.error());
    std::int64_t revision = rev->rows[0].i64(0) + 1;
    auto ins = tx.query(
        "INSERT INTO sv_reports (slot_id, revision, filed_at, filed_by, progress, percent, status, "
        "problems, next_steps) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        {slot_id.value, revision, unix_seconds(clock_.now()), p.id.value, r.progress,
         std::int64_t(r.percent), std::string(report_status_label(r.status)), r.problems,
         r.next_steps});
    if (!ins) return fail(ins.error());
    const ReportId report_id{ins->rows[0].i64(0)};
    const auto filed_at = unix_seconds(clock_.now());
    auto slot_row = tx.query(
        "UPDATE sv_slots SET first_filed_at = COALESCE(first_filed_at, $1), revisions = revisions "
        "+ "
        "1, latest_report_id = $2 WHERE id = $3",
        {filed_at, report_id.value, slot_id.value});
    if (!slot_row) return fail(slot_row.error());
    const auto& sv = before->front();
    auto latest = tx.query(
        "INSERT INTO sv_latest (task_id, unit_id, role, slot_id, report_id, percent, filed_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (task_id, unit_id) DO UPDATE SET role = "
        "excluded.role, slot_id = excluded.slot_id, report_id = excluded.report_id, percent = "
        "excluded.percent, filed_at = excluded.filed_at",
        {sv.task_id.value, sv.unit_id.value, sv.role, slot_id.value, report_id.value,
         std::int64_t(r.percent), filed_at});
    if (!latest) return fail(latest.error());
    for (const auto& f : r.figures) {
      auto fig =
          tx.query("INSERT INTO sv_report_figures (report_id, kpi_id, value) VALUES ($1, $2, $3)",
                   {report_id.value, f.kpi_id, f.value});
      if (!fig) {
        if (fig.error().kind == ErrorKind::kConflict)
          return fail(Error::invalid("同一指标只能填一个数值", "figures"));
        return fail(fig.error());
      }
      auto k = tx.query("UPDATE sv_kpis SET latest_value = $1, latest_report_id = $2 WHERE id = $3",
                        {f.value, report_id.value, f.kpi_id});
      if (!k) return fail(k.error());
    }
    const auto& s = before->front();
    auto a = append_audit(
        tx,
        p.actor(request_id)
            .entry(revision == 1 ? "report.file" : "report.revise", "task",
                   std::to_string(s.task_id.value),
                   fmt::format("{} {} 报送第{}版（{}%，{}）", s.unit_name, s.period, revision,
                               r.percent, report_status_label(r.status)),
                   s.latest ? report_json(*s.latest).dump() : "", report_json(r).dump()),
        clock_.now());
    if (!a) return fail(a.error());
    return {};
  });
  if (!st) return fail(st.error());
  auto after = query_slots("s.id = $1", {slot_id.value});
  if (!after) return fail(after.error());
  return after->front();
}

Result<std::vector<SlotView>> Reporting::todo(const Principal& p, int days) {
  const std::int64_t horizon = unix_seconds(clock_.now()) + std::int64_t(days) * 86400;
  std::string where = "s.due_at <= $1 AND s.first_filed_at IS NULL";
  std::vector<Param> params{horizon};
  // The to-do list is the unit's own work: a leader's tasks are not theirs to file.
  if (!p.sees_all_units()) {
    where += " AND s.unit_id = $2";
    params.push_back(p.unit.value);
  }
  auto v = query_slots(where, std::move(params));
  if (!v) return fail(v.error());
  std::stable_sort(v->begin(), v->end(),
                   [](const SlotView& a, const SlotView& b) { return a.due < b.due; });
  return v;
}

Result<std::vector<KpiView>> Reporting::targets_of(TaskId task_id, UnitId unit_id) {
  auto rows = store_.query(
      "SELECT k.id, k.indicator, k.comparator, k.value, k.unit, COALESCE(k.by_date, '') FROM "
      "sv_kpis k WHERE k.task_id = $1 OR (k.target_id IS NOT NULL AND k.notice_id = (SELECT "
      "notice_id FROM sv_tasks WHERE id = $1) AND EXISTS (SELECT 1 FROM sv_assignments a WHERE "
      "a.object_type = 'target' AND a.object_id = k.target_id AND a.unit_id = $2)) ORDER BY k.id",
      {task_id.value, unit_id.value});
  if (!rows) return fail(rows.error());
  std::vector<KpiView> out;
  for (const auto& r : rows->rows)
    out.push_back({r.i64(0), r.str(1), r.str(2), r.str(4), r.str(5), r.f64(3)});
  return out;
}

Result<std::map<TaskId, SlotView>> Reporting::latest_by_task() {
  auto filed = query_slots("s.role = 'lead' AND s.first_filed_at IS NOT NULL", {});
  if (!filed) return fail(filed.error());
  std::map<TaskId, SlotView> out;
  for (auto& s : *filed) {
    auto it = out.find(s.task_id);
    if (it == out.end() || *s.latest_filed_at > *it->second.latest_filed_at) out[s.task_id] = s;
  }
  return out;
}

}  // namespace zt::supervision

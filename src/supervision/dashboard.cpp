#include "supervision/dashboard.hpp"

#include <cmath>
#include <map>

#include <fmt/format.h>

#include "core/audit.hpp"
#include "core/calendar.hpp"
#include "supervision/scope.hpp"

namespace zt::supervision {
namespace {

std::string year_notices(int year) {
  return fmt::format("n.issued >= '{:04}-01-01' AND n.issued <= '{:04}-12-31'", year, year);
}

bool is_office(const Principal& p) { return p.can(Permission::kSupervisionManage); }

}  // namespace

bool target_met(const std::string& comparator, double target, double latest) {
  if (comparator == ">") return latest > target;
  if (comparator == "<=") return latest <= target;
  if (comparator == "~") return std::fabs(latest - target) <= 0.1 * std::fabs(target);
  return latest >= target;  // ">=" and "=" (a target amount reached)
}

std::string_view target_kind_name(TargetKind k) {
  switch (k) {
    case TargetKind::kTask:
      return "task";
    case TargetKind::kTarget:
      return "target";
    case TargetKind::kNotice:
      return "notice";
  }
  return "notice";
}

Result<DashboardView> Dashboard::build(const Principal& p, int year) {
  DashboardView out;
  out.year = year;
  auto f = filing(p, year);
  if (!f) return fail(f.error());
  out.filing = std::move(*f);
  auto s = sections(p, year);
  if (!s) return fail(s.error());
  out.sections = std::move(*s);
  auto t = targets(p, year);
  if (!t) return fail(t.error());
  out.targets = std::move(*t);
  auto c = commitments(p, year);
  if (!c) return fail(c.error());
  out.commitments = std::move(*c);
  return out;
}

Result<Filing> Dashboard::filing(const Principal& p, int year) {
  std::vector<Param> params{fmt::format("{:04}-", year), fmt::format("{:04}.", year)};
  std::string where = "s.period >= $1 AND s.period < $2 AND " + slot_scope(p, "s", params);
  // One pass over the year's slots (a covering index); unit names joined after grouping.
  auto rows = store_.query(
      "SELECT g.unit_id, u.name, g.period, g.due, g.n, g.filed, g.on_time FROM (SELECT "
      "s.unit_id, s.period, MIN(s.due_at) AS due, COUNT(*) AS n, COUNT(s.first_filed_at) AS "
      "filed, SUM(CASE WHEN s.first_filed_at <= s.due_at THEN 1 ELSE 0 END) AS on_time FROM "
      "sv_slots s WHERE " +
          where +
          " GROUP BY s.unit_id, s.period) g JOIN units u ON u.id = g.unit_id ORDER BY "
          "g.period, u.name",
      std::span<const Param>(params));
  if (!rows) return fail(rows.error());
  const auto now = unix_seconds(clock_.now());
  Filing out;
  auto& periods = out.periods;
  std::map<std::string, std::int64_t> due_of;
  struct UnitRow {
    std::string name;
    std::map<std::string, std::array<std::int64_t, 3>> by_period;  // slots, filed, on time
  };
  std::map<UnitId, UnitRow> units;
  for (const auto& r : rows->rows) {
    const auto& period = r.str(2);
    if (!due_of.count(period)) periods.push_back(period);
    due_of[period] = r.i64(3);
    auto& u = units[UnitId{r.i64(0)}];
    u.name = r.str(1);
    u.by_period[period] = {r.i64(4), r.i64(5), r.i64(6)};
  }
  // Monthly periods sort as text; the year-end report comes last.
  std::stable_sort(periods.begin(), periods.end(), [](const auto& a, const auto& b) {
    bool ay = a.ends_with("年度"), by = b.ends_with("年度");
    return ay != by ? by : a < b;
  });
  auto rate = [](std::int64_t part, std::int64_t whole) -> std::optional<double> {
    if (!whole) return std::nullopt;
    return std::round(1000.0 * double(part) / double(whole)) / 10;
  };
  std::map<std::string, std::array<std::int64_t, 3>> totals;
  for (const auto& [id, u] : units) {
    FilingUnit row{id, u.name, {}, {}};
    std::int64_t due = 0, filed = 0;
    for (const auto& period : periods) {
      auto it = u.by_period.find(period);
      if (it == u.by_period.end() || due_of[period] > now) {
        row.rates.push_back(std::nullopt);  // not due yet (or nothing to file)
        continue;
      }
      const auto& [n, f, o] = it->second;
      row.rates.push_back(rate(f, n));
      due += n;
      filed += f;
      auto& t = totals[period];
      t[0] += n, t[1] += f, t[2] += o;
    }
    row.rate = rate(filed, due);
    out.units.push_back(std::move(row));
  }
  for (const auto& period : periods) {
    auto it = totals.find(period);
    if (it == totals.end()) {
      out.overall.push_back(std::nullopt);
      out.on_time.push_back(std::nullopt);
    } else {
      out.overall.push_back(rate(it->second[1], it->second[0]));
      out.on_time.push_back(rate(it->second[2], it->second[0]));
    }
  }
  return out;
}

Result<std::vector<SectionProgress>> Dashboard::sections(const Principal& p, int year) {
  auto board = progress_.evaluate(p, year);
  if (!board) return fail(board.error());
  struct Acc {
    std::string title;
    int tasks = 0, green = 0, yellow = 0, red = 0;
    double reported = 0, expected = 0;
  };
  std::vector<std::string> order;
  std::map<std::string, Acc> acc;
  for (const auto& t : *board) {
    if (!acc.count(t.section)) order.push_back(t.section);
    auto& a = acc[t.section];
    a.title = t.section_title;
    a.tasks++;
    a.reported += t.reported;
    a.expected += t.expected;
    (t.colour == Colour::kGreen ? a.green : t.colour == Colour::kYellow ? a.yellow : a.red)++;
  }
  std::vector<SectionProgress> out;
  for (const auto& s : order) {
    const auto& a = acc[s];
    out.push_back({s, a.title, a.tasks, std::round(10 * a.reported / a.tasks) / 10,
                   std::round(10 * a.expected / a.tasks) / 10, a.green, a.yellow, a.red});
  }
  return out;
}

Result<std::vector<TargetStatus>> Dashboard::targets(const Principal& p, int year) {
  std::vector<Param> params;
  std::string scope = "1 = 1";
  if (!p.sees_all_units()) {
    // The task's own targets within scope, and 预期目标 assigned to the principal's unit.
    std::string tasks = task_scope(p, "k.task_id", params);
    params.push_back(p.unit.value);
    scope = "(" + tasks +
            " OR EXISTS (SELECT 1 FROM sv_assignments a WHERE a.object_type = 'target' AND "
            "a.object_id = k.target_id AND a.unit_id = $" +
            std::to_string(params.size()) + "))";
  }
  auto rows = store_.query(
      "SELECT k.id, k.indicator, k.comparator, k.value, k.unit, COALESCE(k.by_date, ''), "
      "n.doc_no, k.task_id, k.target_id, k.latest_value, s.period, u.name, r.filed_at FROM "
      "sv_kpis k JOIN sv_notices n ON n.id = k.notice_id LEFT JOIN sv_reports r ON r.id = "
      "k.latest_report_id LEFT JOIN sv_slots s ON s.id = r.slot_id LEFT JOIN units u ON u.id = "
      "s.unit_id WHERE " +
          year_notices(year) + " AND " + scope + " ORDER BY n.doc_no, k.id",
      std::span<const Param>(params));
  if (!rows) return fail(rows.error());
  std::vector<TargetStatus> out;
  for (const auto& r : rows->rows) {
    TargetStatus item;
    item.id = r.i64(0);
    item.indicator = r.str(1);
    item.comparator = r.str(2);
    item.value = r.f64(3);
    item.unit = r.str(4);
    item.by = r.str(5);
    item.notice = r.str(6);
    item.kind = !r.is_null(7)   ? TargetKind::kTask
                : !r.is_null(8) ? TargetKind::kTarget
                                : TargetKind::kNotice;
    if (!r.is_null(9)) {
      item.met = target_met(r.str(2), r.f64(3), r.f64(9));
      item.latest = TargetStatus::Latest{
          r.f64(9), r.str(10), r.str(11), Instant{std::chrono::seconds{r.i64(12)}}, false, {}, 0};
    }
    out.push_back(std::move(item));
  }
  // The year's automatic figures: the trend, and the latest month's where no unit reported.
  std::vector<std::int64_t> ids;
  for (const auto& t : out) ids.push_back(t.id);
  auto figures = system_figures(store_, ids, fmt::format("{:04}-", year));
  if (!figures) return fail(figures.error());
  for (auto& t : out) {
    auto it = figures->find(t.id);
    if (it == figures->end()) continue;
    t.trend = std::move(it->second);
    const auto& f = t.trend.back();
    if (t.latest && unit_figure_wins(t.latest->period, f.period)) continue;
    t.latest = TargetStatus::Latest{
        f.value, f.period, std::string(kSystemSourceLabel), f.computed_at, true, f.query, f.count};
    t.met = target_met(t.comparator, t.value, f.value);
  }
  return out;
}

Result<Commitments> Dashboard::commitments(const Principal& p, std::optional<int> year) {
  std::vector<Param> params;
  std::string where = year ? year_notices(*year) : "1 = 1";
  if (!p.sees_all_units()) {
    params.push_back(p.unit.value);
    where +=
        " AND EXISTS (SELECT 1 FROM sv_assignments a WHERE a.object_type = 'commitment' AND "
        "a.object_id = c.id AND a.unit_id = $1)";
  }
  auto rows = store_.query(
      "SELECT c.id, n.doc_no, c.text, c.deadline, c.done_at, COALESCE(c.done_note, '') FROM "
      "sv_commitments c JOIN sv_notices n ON n.id = c.notice_id WHERE " +
          where + " ORDER BY c.deadline, c.id",
      std::span<const Param>(params));
  if (!rows) return fail(rows.error());
  auto names = store_.query(
      "SELECT object_id, name FROM sv_assignments WHERE object_type = 'commitment' ORDER BY id");
  if (!names) return fail(names.error());
  std::map<std::int64_t, std::vector<std::string>> units;
  for (const auto& r : names->rows) {
    auto& v = units[r.i64(0)];
    if (v.empty() || v.back() != r.str(1)) v.push_back(r.str(1));
  }
  const auto today = shanghai_date(clock_.now());
  Commitments out;
  for (const auto& r : rows->rows) {
    auto deadline = parse_date(r.str(3));
    bool is_done = !r.is_null(4);
    int days_left =
        deadline ? int((std::chrono::sys_days(*deadline) - std::chrono::sys_days(today)).count())
                 : 0;
    bool late = !is_done && days_left < 0;
    out.overdue += late;
    out.open += !is_done;
    out.done += is_done;
    out.items.push_back({r.i64(0), r.str(1), r.str(2), r.str(3), units[r.i64(0)], is_done, r.str(5),
                         days_left, late});
  }
  return out;
}

Status Dashboard::mark_done(const Principal& p, std::int64_t id, const std::string& note,
                            const std::string& request_id) {
  if (note.empty()) return fail(Error::invalid("请填写完成情况", "note"));
  return store_.transact([&](Tx& tx) -> Status {
    auto c = tx.query("SELECT text, done_at FROM sv_commitments WHERE id = $1", {id});
    if (!c) return fail(c.error());
    if (c->rows.empty()) return fail(Error::not_found("没有这项承诺事项"));
    if (!is_office(p)) {
      auto mine = tx.query(
          "SELECT 1 FROM sv_assignments WHERE object_type = 'commitment' AND object_id = $1 AND "
          "unit_id = $2",
          {id, p.unit.value});
      if (!mine) return fail(mine.error());
      if (mine->rows.empty() || !p.can(Permission::kSupervisionReport))
        return fail(Error::forbidden("只有督查室或责任单位可以标记完成"));
    }
    if (!c->rows[0].is_null(1))
      return fail(Error::rule_violation("commitment-done", "该事项已标记完成"));
    auto u = tx.query(
        "UPDATE sv_commitments SET done_at = $1, done_by = $2, done_note = $3 WHERE id = $4",
        {unix_seconds(clock_.now()), p.id.value, note, id});
    if (!u) return fail(u.error());
    auto a = append_audit(tx,
                          p.actor(request_id)
                              .entry("commitment.done", "commitment", std::to_string(id),
                                     "承诺事项完成：" + c->rows[0].str(0), "", note),
                          clock_.now());
    if (!a) return fail(a.error());
    return {};
  });
}

}  // namespace zt::supervision

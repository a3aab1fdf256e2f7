// The month's bulletin (通报): filing per unit ranked, missing and behind; its publication with
// a 文号 numbered per year.
#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "supervision/dashboard.hpp"
#include "supervision/reporting.hpp"
#include "supervision/system_figures.hpp"

namespace zt::supervision {
namespace {

// Serialises the numbering of bulletins across instances (PostgreSQL; SQLite's writers are
// serialised already).
constexpr std::int64_t kBulletinNumberLock = 0x5356'4255'4c4c;  // "SVBULL"

// a/b against c/d without rounding; an empty denominator counts as 0.
int compare_shares(int a, int b, int c, int d) {
  const std::int64_t left = std::int64_t(b ? a : 0) * (d ? d : 1);
  const std::int64_t right = std::int64_t(d ? c : 0) * (b ? b : 1);
  return left < right ? -1 : left > right ? 1 : 0;
}

int filed(const BulletinUnit& f) { return f.on_time + f.late + f.supplemented; }

// Negative when `a` scores better than `b`, zero when they score the same.
int compare_scores(const BulletinUnit& a, const BulletinUnit& b) {
  if (int c = compare_shares(b.on_time, b.due, a.on_time, a.due); c != 0) return c;
  return compare_shares(filed(b), b.due, filed(a), a.due);
}

// The month's figure of each numeric target: a unit's report of the period wins over the
// automatic figure of the month.
Result<std::vector<BulletinTarget>> period_targets(Store& store, const std::string& period) {
  std::map<std::int64_t, BulletinTarget> by_kpi;
  auto reported = store.query(
      "SELECT f.kpi_id, f.value, u.name FROM sv_report_figures f JOIN sv_reports r ON r.id = "
      "f.report_id JOIN sv_slots s ON s.id = r.slot_id JOIN units u ON u.id = s.unit_id WHERE "
      "s.period = $1 ORDER BY r.filed_at, r.id",
      {period});
  if (!reported) return fail(reported.error());
  for (const auto& r : reported->rows) {
    auto& t = by_kpi[r.i64(0)];
    t.value = r.f64(1);
    t.source = r.str(2);
  }
  auto computed = store.query(
      "SELECT kpi_id, value, query, counted FROM sv_kpi_figures_auto WHERE period = $1", {period});
  if (!computed) return fail(computed.error());
  for (const auto& r : computed->rows) {
    if (by_kpi.contains(r.i64(0))) continue;
    auto& t = by_kpi[r.i64(0)];
    t.value = r.f64(1);
    t.source = std::string(kSystemSourceLabel);
    t.system = true;
    t.query = r.str(2);
    t.count = r.i64(3);
  }
  std::vector<BulletinTarget> out;
  if (by_kpi.empty()) return out;
  auto kpis = store.query(
      "SELECT k.id, n.doc_no, k.indicator, k.comparator, k.unit, k.value FROM sv_kpis k JOIN "
      "sv_notices n ON n.id = k.notice_id ORDER BY k.id");
  if (!kpis) return fail(kpis.error());
  for (const auto& r : kpis->rows) {
    auto it = by_kpi.find(r.i64(0));
    if (it == by_kpi.end()) continue;
    auto t = std::move(it->second);
    t.kpi_id = r.i64(0);
    t.notice = r.str(1);
    t.indicator = r.str(2);
    t.comparator = r.str(3);
    t.unit = r.str(4);
    t.target = r.f64(5);
    t.met = target_met(t.comparator, t.target, t.value);
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

std::string bulletin_doc_no(int year, int seq) {
  return fmt::format("{}〔{}〕{}号", kBulletinDocPrefix, year, seq);
}

Date bulletin_date(const Bulletin& b) {
  return shanghai_date(b.published_at ? *b.published_at : b.generated_at);
}

void rank_units(std::vector<BulletinUnit>& units) {
  std::stable_sort(units.begin(), units.end(), [](const auto& a, const auto& b) {
    if (int c = compare_scores(a, b); c != 0) return c < 0;
    return a.unit < b.unit;
  });
  for (std::size_t i = 0; i < units.size(); ++i)
    units[i].rank =
        i > 0 && compare_scores(units[i - 1], units[i]) == 0 ? units[i - 1].rank : int(i + 1);
}

Result<Bulletin> Reporting::bulletin(const std::string& period) {
  auto all = query_slots("s.period = $1", {period});
  if (!all) return fail(all.error());
  Bulletin out;
  out.period = period;
  out.generated_at = clock_.now();
  auto published =
      store_.query("SELECT doc_no, published_at FROM sv_bulletins WHERE period = $1", {period});
  if (!published) return fail(published.error());
  if (!published->rows.empty()) {
    out.doc_no = published->rows[0].str(0);
    out.published_at = Instant{std::chrono::seconds{published->rows[0].i64(1)}};
  }
  std::map<UnitId, BulletinUnit> units;
  for (const auto& s : *all) {
    auto& f = units[s.unit_id];
    f.unit = s.unit_name;
    f.due++;
    switch (s.state) {
      case SlotState::kOnTime:
        f.on_time++;
        break;
      case SlotState::kLate:
        f.late++;
        break;
      case SlotState::kSupplemented:
        f.supplemented++;
        break;
      case SlotState::kNotFiled:
        f.missing++;
        f.missing_tasks.push_back(s.task_no);
        break;
    }
    if (s.role == "lead" && s.latest && is_behind(s.latest->status))
      out.behind.push_back({s.task_no, s.task_text, s.unit_name, s.latest->status,
                            s.latest->percent, s.latest->problems});
  }
  std::vector<BulletinUnit> ranked;
  for (auto& [id, f] : units) ranked.push_back(std::move(f));
  rank_units(ranked);
  auto& totals = out.totals;
  for (auto& f : ranked) {
    totals.due += f.due;
    totals.on_time += f.on_time;
    totals.filed += filed(f);
    f.on_time_rate = f.due ? std::round(1000.0 * f.on_time / f.due) / 10 : 0.0;
  }
  totals.on_time_rate = totals.due ? std::round(1000.0 * totals.on_time / totals.due) / 10 : 0.0;
  out.units = std::move(ranked);
  auto targets = period_targets(store_, period);
  if (!targets) return fail(targets.error());
  out.targets = std::move(*targets);
  return out;
}

Result<Publication> Reporting::publish_bulletin(const std::string& period, const Actor& actor) {
  return store_.transact_value<Publication>([&](Tx& tx) -> Result<Publication> {
    if (auto l = tx.lock(kBulletinNumberLock); !l) return fail(l.error());
    const auto now = unix_seconds(clock_.now());
    Publication out;
    auto upd = tx.query(
        "UPDATE sv_slots SET flagged_at = $1 WHERE period = $2 AND flagged_at IS NULL AND due_at < "
        "$1 AND first_filed_at IS NULL",
        {now, period});
    if (!upd) return fail(upd.error());
    out.flagged = int(upd->affected);
    auto existing = tx.query("SELECT doc_no FROM sv_bulletins WHERE period = $1", {period});
    if (!existing) return fail(existing.error());
    if (!existing->rows.empty()) {
      out.doc_no = existing->rows[0].str(0);
    } else {
      const int year = int(std::chrono::year_month_day(shanghai_date(clock_.now())).year());
      auto last = tx.query("SELECT COALESCE(MAX(seq), 0) FROM sv_bulletins WHERE year = $1",
                           {std::int64_t(year)});
      if (!last) return fail(last.error());
      const int seq = int(last->rows[0].i64(0)) + 1;
      out.doc_no = bulletin_doc_no(year, seq);
      out.numbered = true;
      auto ins = tx.query(
          "INSERT INTO sv_bulletins (period, year, seq, doc_no, published_at, published_by) "
          "VALUES ($1, $2, $3, $4, $5, $6)",
          {period, std::int64_t(year), std::int64_t(seq), out.doc_no, now,
           actor.id ? Param(*actor.id) : Param(nullptr)});
      if (!ins) return fail(ins.error());
    }
    auto a = append_audit(
        tx,
        actor.entry(
            "bulletin.publish", "bulletin", period,
            fmt::format("发布 {} 通报（{}），{} 个事项未报", period, out.doc_no, out.flagged), "",
            nlohmann::json{{"flagged", out.flagged}, {"doc_no", out.doc_no}}.dump()),
        clock_.now());
    if (!a) return fail(a.error());
    return out;
  });
}

}  // namespace zt::supervision

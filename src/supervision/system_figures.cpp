#include "supervision/system_figures.hpp"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/audit.hpp"

namespace zt::supervision {
namespace {

bool month_text(const std::string& p) {
  if (p.size() != 7 || p[4] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6})
    if (p[i] < '0' || p[i] > '9') return false;
  const int m = (p[5] - '0') * 10 + (p[6] - '0');
  return m >= 1 && m <= 12;
}

std::string figure_json(double value, std::int64_t count, const std::string& query) {
  return nlohmann::json{{"value", value}, {"count", count}, {"query", query}}.dump();
}

}  // namespace

Result<std::vector<PlanTarget>> plan_targets(Store& store) {
  auto rows = store.query(
      "SELECT k.id, k.indicator, k.comparator, k.unit, n.doc_no, k.value FROM sv_kpis k JOIN "
      "sv_notices n ON n.id = k.notice_id ORDER BY k.id");
  if (!rows) return fail(rows.error());
  std::vector<PlanTarget> out;
  for (const auto& r : rows->rows)
    out.push_back({r.i64(0), r.str(1), r.str(2), r.str(3), r.str(4), r.f64(5)});
  return out;
}

Result<std::optional<Instant>> system_figure_computed_at(Store& store, std::int64_t kpi_id,
                                                         const std::string& period) {
  auto rows =
      store.query("SELECT computed_at FROM sv_kpi_figures_auto WHERE kpi_id = $1 AND period = $2",
                  {kpi_id, period});
  if (!rows) return fail(rows.error());
  if (rows->rows.empty()) return std::optional<Instant>{};
  return std::optional<Instant>{Instant{std::chrono::seconds{rows->rows[0].i64(0)}}};
}

Result<bool> record_system_figure(Store& store, const SystemFigure& f) {
  if (!month_text(f.period)) return fail(Error::invalid("月份应为 YYYY-MM", "period"));
  if (f.metric.empty()) return fail(Error::invalid("缺少指标口径", "metric"));
  if (!std::isfinite(f.value)) return fail(Error::invalid("数值无效", "value"));
  return store.transact_value<bool>([&](Tx& tx) -> Result<bool> {
    auto kpi = tx.query("SELECT indicator, unit FROM sv_kpis WHERE id = $1", {f.kpi_id});
    if (!kpi) return fail(kpi.error());
    if (kpi->rows.empty()) return fail(Error::not_found("没有这项量化目标"));
    auto before = tx.query(
        "SELECT value, counted, query FROM sv_kpi_figures_auto WHERE kpi_id = $1 AND period = $2",
        {f.kpi_id, f.period});
    if (!before) return fail(before.error());
    const auto at = unix_seconds(f.computed_at);
    if (!before->rows.empty()) {
      const auto& b = before->rows[0];
      if (b.f64(0) == f.value && b.i64(1) == f.count && b.str(2) == f.query) {
        auto u = tx.query(
            "UPDATE sv_kpi_figures_auto SET computed_at = $1 WHERE kpi_id = $2 AND period = $3",
            {at, f.kpi_id, f.period});
        if (!u) return fail(u.error());
        return false;
      }
      auto d = tx.query("DELETE FROM sv_kpi_figures_auto WHERE kpi_id = $1 AND period = $2",
                        {f.kpi_id, f.period});
      if (!d) return fail(d.error());
    }
    auto ins = tx.query(
        "INSERT INTO sv_kpi_figures_auto (kpi_id, period, metric, value, counted, source, query, "
        "computed_at) VALUES ($1, $2, $3, $4, $5, 'system', $6, $7)",
        {f.kpi_id, f.period, f.metric, f.value, f.count, f.query, at});
    if (!ins) return fail(ins.error());
    const std::string was =
        before->rows.empty()
            ? ""
            : figure_json(before->rows[0].f64(0), before->rows[0].i64(1), before->rows[0].str(2));
    auto a = append_audit(
        tx,
        Actor{}.entry("kpi.system_figure", "kpi", std::to_string(f.kpi_id),
                      fmt::format("{} {} 月度数值（{}）：{}{}", kpi->rows[0].str(0), f.period,
                                  kSystemSourceLabel, f.value, kpi->rows[0].str(1)),
                      was, figure_json(f.value, f.count, f.query)),
        f.computed_at);
    if (!a) return fail(a.error());
    return true;
  });
}

Result<std::map<std::int64_t, std::vector<SystemFigure>>> system_figures(
    Store& store, std::span<const std::int64_t> kpi_ids, const std::string& period_prefix) {
  std::map<std::int64_t, std::vector<SystemFigure>> out;
  if (kpi_ids.empty()) return out;
  std::string ids;
  for (auto id : kpi_ids) ids += (ids.empty() ? "" : ",") + std::to_string(id);
  auto rows = store.query(
      "SELECT kpi_id, period, metric, value, counted, query, computed_at FROM "
      "sv_kpi_figures_auto WHERE kpi_id IN (" +
          ids + ") AND period LIKE $1 ORDER BY kpi_id, period",
      {period_prefix + "%"});
  if (!rows) return fail(rows.error());
  for (const auto& r : rows->rows)
    out[r.i64(0)].push_back({r.i64(0), r.str(1), r.str(2), r.f64(3), r.i64(4), r.str(5),
                             Instant{std::chrono::seconds{r.i64(6)}}});
  return out;
}

bool unit_figure_wins(const std::string& unit_period, const std::string& system_period) {
  // YYYY-MM sorts as text; "YYYY年度" sorts after every month of its year.
  return unit_period >= system_period;
}

}  // namespace zt::supervision

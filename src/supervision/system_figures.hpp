// The numeric targets' automatic figures (sv_kpi_figures_auto, supervision migration 8): one per
// target and month, computed by the system from the other modules' data and handed in here as
// plain values by the app (supervision sees no other module). The dashboard, the task page and
// the bulletin use such a figure when no unit has reported one for the same or a later period.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/store.hpp"

namespace zt::supervision {

// What a figure's source is called where it is shown.
inline constexpr std::string_view kSystemSourceLabel = "系统自动采集";

struct SystemFigure {
  std::int64_t kpi_id = 0;
  std::string period;      // the month, YYYY-MM
  std::string metric;      // the provider's key: "transit.on_time_departure_rate"
  double value = 0;        // in the target's unit
  std::int64_t count = 0;  // what was counted for it (its denominator)
  std::string query;       // how it was obtained, in words
  Instant computed_at;
};

// A numeric target as the app's mapping needs it.
struct PlanTarget {
  std::int64_t id = 0;
  std::string indicator, comparator, unit, notice;
  double value = 0;
};

// Every numeric target (sv_kpis), by id.
Result<std::vector<PlanTarget>> plan_targets(Store& store);

// When the figure of (`kpi_id`, `period`) was last computed; nullopt when it never was.
Result<std::optional<Instant>> system_figure_computed_at(Store& store, std::int64_t kpi_id,
                                                         const std::string& period);

// Records `f` as the figure of its target and month, replacing any earlier one (idempotent). A
// change of value, count or query is audited ("kpi.system_figure" on kpi:<id>, by the system)
// in the same transaction; recomputing the same figure only moves computed_at. Refuses an
// unknown target, a period not YYYY-MM, an empty metric or a value that is not finite. Returns
// whether the figure changed.
Result<bool> record_system_figure(Store& store, const SystemFigure& f);

// The automatic figures of `kpi_ids` whose period starts with `period_prefix` ("2024-" for a
// year, "" for all), by target, each oldest month first.
Result<std::map<std::int64_t, std::vector<SystemFigure>>> system_figures(
    Store& store, std::span<const std::int64_t> kpi_ids, const std::string& period_prefix = "");

// Whether a unit's figure of `unit_period` (a slot's period: YYYY-MM or YYYY年度) stands over an
// automatic one of `system_period`: it does when its period is not earlier (a year's report
// counts as its December and after).
bool unit_figure_wins(const std::string& unit_period, const std::string& system_period);

}  // namespace zt::supervision

#include "transit/kpi/coverage_days.hpp"

#include <algorithm>

#include "core/batch_insert.hpp"
#include "transit/network.hpp"

namespace zt::transit::kpi {

Result<int> CoverageDays::flush(Store& store, const CoverageLog& log, std::int64_t now) {
  std::lock_guard lock(mu_);
  const std::int64_t last = now / 3600 - 1;
  int stored = 0;
  for (auto h = std::max(flushed_hour_ + 1, last - 23); h <= last; ++h) {
    auto w = log.stops_hour(h);
    if (!w.network || w.samples == 0) continue;
    const auto& f = w.network->feed();
    const auto day = format_date(w.network->local_date(h * 3600));
    auto s = store.transact([&](Tx& tx) -> Status {
      BatchInsert b(tx, "tr_forecast_coverage",
                    {"service_date", "stop_id", "minutes_served", "minutes_predicted"},
                    w.stops.size(), {},
                    " ON CONFLICT (service_date, stop_id) DO UPDATE SET minutes_served = "
                    "tr_forecast_coverage.minutes_served + excluded.minutes_served, "
                    "minutes_predicted = tr_forecast_coverage.minutes_predicted + "
                    "excluded.minutes_predicted");
      for (std::size_t i = 0; i < w.stops.size() && i < f.stops.size(); ++i)
        if (w.stops[i].served > 0)
          if (auto a = b.add({day, f.stops[i].id, std::int64_t(w.stops[i].served),
                              std::int64_t(w.stops[i].predicted)});
              !a)
            return a;
      if (auto a = b.flush(); !a) return a;
      auto d = tx.query(
          "INSERT INTO tr_forecast_coverage_days (service_date, minutes_sampled) VALUES ($1, $2) "
          "ON CONFLICT (service_date) DO UPDATE SET minutes_sampled = "
          "tr_forecast_coverage_days.minutes_sampled + excluded.minutes_sampled",
          {day, std::int64_t(w.samples)});
      if (!d) return fail(d.error());
      return {};
    });
    if (!s) return fail(s.error());
    ++stored;
  }
  flushed_hour_ = std::max(flushed_hour_, last);
  return stored;
}

Result<StoredCoverage> load_coverage(Store& store, Date from, Date to) {
  const std::vector<Param> range{format_date(from), format_date(to)};
  auto rows = store.query(
      "SELECT service_date, stop_id, minutes_served, minutes_predicted FROM tr_forecast_coverage "
      "WHERE service_date >= $1 AND service_date <= $2",
      range);
  if (!rows) return fail(rows.error());
  StoredCoverage out;
  for (const auto& r : rows->rows) {
    auto day = parse_date(r.str(0));
    if (!day) continue;
    const int served = int(r.i64(2)), predicted = int(r.i64(3));
    auto& s = out.stops[r.str(1)];
    s.served += served;
    s.predicted += predicted;
    auto& d = out.days[*day];
    d.served += served;
    d.predicted += predicted;
  }
  auto days = store.query(
      "SELECT service_date, minutes_sampled FROM tr_forecast_coverage_days WHERE service_date >= "
      "$1 AND service_date <= $2",
      range);
  if (!days) return fail(days.error());
  for (const auto& r : days->rows)
    if (auto day = parse_date(r.str(0))) out.minutes_sampled[*day] = int(r.i64(1));
  return out;
}

}  // namespace zt::transit::kpi

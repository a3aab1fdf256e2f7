#include "transit/kpi/demo_days.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <random>

#include "core/batch_insert.hpp"
#include "transit/kpi/kpi.hpp"
#include "transit/kpi/live_accuracy.hpp"
#include "transit/kpi/record_store.hpp"
#include "transit/kpi/trip_records.hpp"
#include "transit/stop_events.hpp"

namespace zt::transit::kpi {
namespace {

// What the live rounds would have stored for a simulated day: at each arrival, one prediction per
// horizon bucket with an error growing with the horizon; per stop called at, its service minutes
// with a few stops never covered.
Status record_simulated_live(Store& store, const Network& n, Date day,
                             const std::vector<StopEvent>& visits, unsigned seed) {
  std::mt19937 rng(seed ^ 0x5eedu);
  std::normal_distribution<double> noise(0, 1);
  std::uniform_real_distribution<double> u(0, 1);
  const auto& f = n.feed();
  AccuracyCells cells;
  std::map<std::string, int> calls;
  for (const auto& e : visits) {
    const auto& st = f.stop_times[n.trip_span(e.trip).first + e.index];
    ++calls[f.stops[st.stop].id];
    if (!e.arrived) continue;
    for (const auto& b : kHorizonBuckets) {
      const double horizon = b.from_s + u(rng) * (b.to_s - b.from_s);
      const auto issued = e.arrived - std::int64_t(horizon);
      const auto predicted = e.arrived - std::int64_t(noise(rng) * (20 + horizon * 0.18) + 15);
      auto j = judge_prediction(issued, predicted, e.arrived);
      if (!j) continue;
      const int hour = int(((issued + n.utc_offset(issued)) % 86400 + 86400) % 86400 / 3600);
      cells[{day, n.trip(e.trip).route_id, hour}].add(*j);
    }
  }
  if (auto s = save_accuracy(store, cells); !s) return s;
  const auto date = format_date(day);
  return store.transact([&](Tx& tx) -> Status {
    BatchInsert b(tx, "tr_forecast_coverage",
                  {"service_date", "stop_id", "minutes_served", "minutes_predicted"}, calls.size(),
                  {}, " ON CONFLICT (service_date, stop_id) DO NOTHING");
    for (const auto& [stop, k] : calls) {
      const int served = std::min(1080, 30 + k * 12);
      // The same few stops (about 2 %) never covered on any day: boards the feed does not reach.
      const bool dark = std::hash<std::string>{}(stop) % 50 == 0;
      const double share = dark ? 0.0 : 0.93 + 0.07 * u(rng);
      if (auto s = b.add({date, stop, std::int64_t(served), std::int64_t(served * share)}); !s)
        return s;
    }
    if (auto s = b.flush(); !s) return s;
    auto d = tx.query(
        "INSERT INTO tr_forecast_coverage_days (service_date, minutes_sampled) VALUES ($1, $2) ON "
        "CONFLICT (service_date) DO NOTHING",
        {date, std::int64_t(1080)});
    if (!d) return fail(d.error());
    return {};
  });
}

}  // namespace

std::vector<StopEvent> simulated_visits(const Network& n, Date day, unsigned seed,
                                        double cancelled) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<StopEvent> out;
  const std::int64_t base = n.at(day, 0);
  const Date timetable = n.timetable_day(day);
  const auto& f = n.feed();
  struct Run {
    TripIdx trip;
    int shift = 0;  // seconds the run is moved from its timetabled time: a peak copy
  };
  std::vector<Run> runs;
  for (std::uint32_t t = 0; t < f.trips.size(); ++t) {
    const TripIdx trip{t};
    auto [b, e] = n.trip_span(trip);
    if (e - b < 2 || !n.frequencies_of(trip).empty()) continue;
    if (!n.runs(f.trips[t].service_id, timetable)) continue;
    runs.push_back({trip, 0});
  }
  // A feed cut to part of the day (the demo's Porto Alegre sample runs 11:00-17:00) has no trip
  // leaving in a peak, so 早晚高峰平均运营时速 could never be measured: such a peak gets the
  // trips of the feed's first hours of service again, moved to start with the peak, as added
  // (unscheduled) runs. GTFS seconds are taken as local time of day (off by an hour on DST days).
  const std::size_t timetabled = runs.size();
  auto departs = [&](const Run& r) { return f.stop_times[n.trip_span(r.trip).first].departure; };
  int earliest = std::numeric_limits<int>::max();
  for (std::size_t i = 0; i < timetabled; ++i) earliest = std::min(earliest, departs(runs[i]));
  for (const auto& p : KpiOptions{}.peaks) {
    const bool served =
        std::any_of(runs.begin(), runs.begin() + std::ptrdiff_t(timetabled), [&](const Run& r) {
          const int d = departs(r) % 86400;
          return d >= p.from_s && d < p.to_s;
        });
    if (served || timetabled == 0) continue;
    for (std::size_t i = 0; i < timetabled; ++i)
      if (departs(runs[i]) < earliest + (p.to_s - p.from_s))
        runs.push_back({runs[i].trip, p.from_s - earliest});
  }
  for (const auto& run : runs) {
    const auto t = run.trip.value;
    auto [b, e] = n.trip_span(run.trip);
    const double skip = u(rng), pickup = u(rng), start = u(rng) * 300 - 60, drift = u(rng) * 240;
    if (skip < cancelled) continue;
    // A trip copied into both peaks is two runs: the shift keeps their record ids apart.
    const std::string bus = "车" +
                            (f.trips[t].block_id.empty() ? f.trips[t].id : f.trips[t].block_id) +
                            (run.shift ? "-加开" + std::to_string(run.shift / 60) : std::string());
    for (std::size_t k = b; k < e; ++k) {
      const auto i = std::uint32_t(k - b);
      if (pickup < 0.05 && i < 2) continue;
      const double d = start + drift * double(i) / double(e - b - 1);
      const std::int64_t arr = base + run.shift + f.stop_times[k].arrival + std::int64_t(d);
      const std::int64_t dep =
          std::max(arr, base + run.shift + f.stop_times[k].departure + std::int64_t(d));
      out.push_back({bus, run.trip, day, run.shift, i, i ? arr : 0, i + 1 == e - b ? arr : dep});
    }
  }
  return out;
}

Result<int> record_simulated_days(Store& store, const Network& n, Date last, int days, Instant now,
                                  const Actor& actor) {
  if (n.empty() || days <= 0) return 0;
  const Date first = last - std::chrono::days(days - 1);
  auto have = recorded_days(store, first, last);
  if (!have) return fail(have.error());
  int done = 0;
  for (Date d = first; d <= last; d += std::chrono::days(1)) {
    if (std::any_of(have->begin(), have->end(), [&](const auto& r) { return r.day == d; }))
      continue;
    const auto visits = simulated_visits(n, d, unsigned(d.time_since_epoch().count()));
    auto records = build_trip_records(n, d, visits);
    if (records.empty()) continue;
    if (auto s = save_day(store, d, records, "simulated", n.version(), now, actor); !s)
      return fail(s.error());
    if (auto s = record_simulated_live(store, n, d, visits, unsigned(d.time_since_epoch().count()));
        !s)
      return fail(s.error());
    // The last two days keep their stop visits too, as the tracker keeps a live day's: what a
    // planner's upload of fare taps (客流分析) is matched against.
    if (d >= last - std::chrono::days(1))
      if (auto s = store.transact([&](Tx& tx) { return save_stop_events(tx, n, visits); }); !s)
        return fail(s.error());
    ++done;
  }
  return done;
}

}  // namespace zt::transit::kpi

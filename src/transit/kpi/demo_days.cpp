#include "transit/kpi/demo_days.hpp"

#include <random>

#include "transit/kpi/record_store.hpp"
#include "transit/kpi/trip_records.hpp"

namespace zt::transit::kpi {

std::vector<StopEvent> simulated_visits(const Network& n, Date day, unsigned seed,
                                        double cancelled) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<StopEvent> out;
  const std::int64_t base = n.at(day, 0);
  const Date timetable = n.timetable_day(day);
  const auto& f = n.feed();
  for (std::uint32_t t = 0; t < f.trips.size(); ++t) {
    const TripIdx trip{t};
    auto [b, e] = n.trip_span(trip);
    if (e - b < 2 || !n.frequencies_of(trip).empty()) continue;
    if (!n.runs(f.trips[t].service_id, timetable)) continue;
    const double skip = u(rng), pickup = u(rng), start = u(rng) * 300 - 60, drift = u(rng) * 240;
    if (skip < cancelled) continue;
    const std::string bus =
        "车" + (f.trips[t].block_id.empty() ? f.trips[t].id : f.trips[t].block_id);
    for (std::size_t k = b; k < e; ++k) {
      const auto i = std::uint32_t(k - b);
      if (pickup < 0.05 && i < 2) continue;
      const double d = start + drift * double(i) / double(e - b - 1);
      const std::int64_t arr = base + f.stop_times[k].arrival + std::int64_t(d);
      const std::int64_t dep = std::max(arr, base + f.stop_times[k].departure + std::int64_t(d));
      out.push_back({bus, trip, day, 0, i, i ? arr : 0, i + 1 == e - b ? arr : dep});
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
    ++done;
  }
  return done;
}

}  // namespace zt::transit::kpi

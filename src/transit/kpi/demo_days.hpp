// Simulated operations days for the demo and the benchmark: stop visits made straight from the
// timetable (no positions), laid on the plan and stored as the nightly round would.
#pragma once

#include <vector>

#include "core/audit.hpp"
#include "core/store.hpp"
#include "transit/network.hpp"
#include "transit/tracker.hpp"

namespace zt::transit::kpi {

// Each timetabled trip of `day` run by its block's bus (else one of its own), leaving −1 to +4 min
// off its time with a delay growing by up to 4 min along it; `cancelled` of the trips never ran,
// 5 % were picked up after their first stop. A peak (KpiOptions' default 07-09, 17-19) in which
// no timetabled trip leaves — a feed that is a cut of the day — is run with copies of the trips
// of the feed's first hours, moved into it, on buses "车…-加开" (recorded as added trips, not
// judged for punctuality, counted for the peak speed). Deterministic in `seed`.
std::vector<StopEvent> simulated_visits(const Network& n, Date day, unsigned seed,
                                        double cancelled = 0.02);
// Records the `days` service days up to and including `last` from simulated visits (source
// "simulated"), with simulated prediction accuracy and forecast coverage by stop for them,
// skipping days already recorded; the last two days keep their stop visits (tr_stop_events).
// Returns how many were recorded.
Result<int> record_simulated_days(Store& store, const Network& n, Date last, int days, Instant now,
                                  const Actor& actor);

}  // namespace zt::transit::kpi

// Stop visits in the store: written with the fixes that completed them (one transaction), read
// back to teach a restarted server's profiles what the buses have done.
#pragma once

#include <vector>

#include "core/store.hpp"
#include "transit/tracker.hpp"

namespace zt::transit {

Status save_stop_events(Tx& tx, const Network& n, const std::vector<StopEvent>& events);
// Visits that left since `since` (unix seconds), resolved against `n` (visits of trips or stops
// it does not have are skipped), grouped by vehicle and trip in stop order.
Result<std::vector<StopEvent>> load_stop_events(Store& store, const Network& n, std::int64_t since);
// Deletes visits older than `before`; returns how many.
Result<std::int64_t> prune_stop_events(Store& store, std::int64_t before);

}  // namespace zt::transit

// Operations records in the store (tr_trips_performed, tr_ops_days; transit migration 6): a
// service day's records replaced whole in one audited transaction, read back by date range, and
// the nightly round that records each service day once it is over.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/audit.hpp"
#include "core/clock.hpp"
#include "core/store.hpp"
#include "transit/kpi/trip_records.hpp"
#include "transit/realtime.hpp"

namespace zt::transit::kpi {

struct RecordedDay {
  Date day;
  std::int64_t recorded_at = 0;
  std::string source;  // "tracker" (from stop visits) or "tides" (imported)
  std::int64_t feed_id = 0;
  int trips = 0;
};

// Replaces the records of `day` with `records` (whose service_date must be `day`), audited as
// `actor` in the same transaction.
Status save_day(Store& store, Date day, std::span<const TripRecord> records,
                const std::string& source, std::int64_t feed_id, Instant now, const Actor& actor);
// Records of the service days in [from, to], by day then as build_trip_records sorts them.
Result<std::vector<TripRecord>> load_records(Store& store, Date from, Date to);
Result<std::vector<RecordedDay>> recorded_days(Store& store, Date from, Date to);
// The tracker's stop visits of service day `day` (tr_stop_events), resolved against `n`.
Result<std::vector<StopEvent>> load_day_events(Store& store, const Network& n, Date day);
// The stored fixes of the local day `day` (from the network's midnight, Shanghai's without a
// feed), by time then vehicle: what the TIDES vehicle_locations export holds.
Result<std::vector<VehicleReport>> load_day_fixes(Store& store, const Network& n, Date day);
// Stores imported fixes (TIDES vehicle_locations; a fix already stored is kept) and visits
// (TIDES stop_visits), received at `now`, audited as `actor`, in one transaction.
Status import_fixes_and_visits(Store& store, const Network& n, std::span<const VehicleReport> fixes,
                               const std::vector<StopEvent>& visits, Instant now,
                               const Actor& actor);
// A service day is over 30 h after its start (GTFS times run past 24:00).
bool day_over(const Network& n, Date day, std::int64_t now);
// Records each of the `lookback` service days before `now` that is over, has stop visits and has
// no record yet (a day without a single visit had no tracking, not a day of cancellations).
// Returns the days recorded.
Result<std::vector<Date>> record_closed_days(Store& store, const Network& n, Instant now,
                                             int lookback = 7);

}  // namespace zt::transit::kpi

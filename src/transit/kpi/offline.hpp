// The KPIs of recorded positions, offline: the fixes go through the server's tracker in time
// order, their stop visits become each service day's operations records (as the nightly round
// makes them from stored visits) and the same compute_kpis() judges them. For
// `zhengtong transit kpi`, the benchmark and tests.
#pragma once

#include <map>
#include <vector>

#include "transit/kpi/kpi.hpp"
#include "transit/kpi/trip_records.hpp"
#include "transit/network.hpp"
#include "transit/realtime.hpp"

namespace zt::transit::kpi {

struct OfflineRecords {
  std::size_t fixes = 0, visits = 0;
  std::int64_t first_fix = 0, last_fix = 0;
  std::map<Date, std::vector<TripRecord>> days;  // service days with visits
};

// Planned trips that were due entirely outside [first fix, last fix] are left out: a recording
// of part of a day says nothing about the trips before or after it.
OfflineRecords records_from_positions(const Network& n, std::vector<VehicleReport> fixes);

// {…compute_kpis of every record, "service_dates": [...], "fixes", "stop_visits", "options",
// "days": [{"service_date", …figures of the day}]}
nlohmann::json offline_report(const OfflineRecords& r, const KpiOptions& o);

}  // namespace zt::transit::kpi

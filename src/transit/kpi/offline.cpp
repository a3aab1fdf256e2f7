#include "transit/kpi/offline.hpp"

#include <algorithm>

#include "transit/tracker.hpp"

namespace zt::transit::kpi {

OfflineRecords records_from_positions(const Network& n, std::vector<VehicleReport> fixes) {
  OfflineRecords out;
  out.fixes = fixes.size();
  if (fixes.empty() || n.empty()) return out;
  std::stable_sort(fixes.begin(), fixes.end(),
                   [](const auto& a, const auto& b) { return a.timestamp < b.timestamp; });
  out.first_fix = fixes.front().timestamp;
  out.last_fix = fixes.back().timestamp;
  Tracker tracker(n);
  std::vector<StopEvent> events;
  std::int64_t forgot = out.first_fix;
  for (const auto& v : fixes) {
    tracker.update(v, events);
    if (v.timestamp - forgot > 600) {  // as the server does: buses off duty are let go
      tracker.forget(v.timestamp - 3600);
      forgot = v.timestamp;
    }
  }
  out.visits = events.size();
  std::map<Date, std::vector<StopEvent>> by_day;
  for (auto& e : events) by_day[e.day].push_back(std::move(e));
  for (const auto& [day, evs] : by_day) {
    auto records = build_trip_records(n, day, evs);
    std::erase_if(records, [&](const TripRecord& r) {
      return r.outcome == Outcome::kCancelled &&
             (r.sched_end < out.first_fix || r.sched_start > out.last_fix);
    });
    out.days[day] = std::move(records);
  }
  return out;
}

nlohmann::json offline_report(const OfflineRecords& r, const KpiOptions& o) {
  std::vector<TripRecord> all;
  nlohmann::json days = nlohmann::json::array(), dates = nlohmann::json::array();
  for (const auto& [day, records] : r.days) {
    auto j = compute_kpis(records, o).city.to_json();
    j["service_date"] = format_date(day);
    days.push_back(std::move(j));
    dates.push_back(format_date(day));
    all.insert(all.end(), records.begin(), records.end());
  }
  auto out = compute_kpis(all, o).to_json();
  out["service_dates"] = std::move(dates);
  out["fixes"] = r.fixes;
  out["stop_visits"] = r.visits;
  out["options"] = o.to_json();
  out["days"] = std::move(days);
  return out;
}

}  // namespace zt::transit::kpi

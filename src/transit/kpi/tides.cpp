#include "transit/kpi/tides.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "core/csv.hpp"

namespace zt::transit::kpi {
namespace {

std::string when(std::int64_t t) {
  return t ? format_shanghai(Instant{std::chrono::seconds{t}}) : "";
}

std::string_view relationship(Outcome o) {
  switch (o) {
    case Outcome::kCancelled:
      return "Canceled";
    case Outcome::kAdded:
      return "Added";
    default:
      return "Scheduled";
  }
}

}  // namespace

std::string trips_performed_csv(std::span<const TripRecord> records) {
  std::string out;
  csv_row(out, "service_date", "trip_id_performed", "vehicle_id", "trip_id_scheduled", "route_id",
          "route_type", "direction_id", "block_id", "trip_start_stop_id", "trip_end_stop_id",
          "schedule_trip_start", "schedule_trip_end", "actual_trip_start", "actual_trip_end",
          "trip_type", "schedule_relationship");
  for (const auto& r : records)
    csv_row(out, format_date(r.service_date), r.trip_id_performed, r.vehicle_id, r.trip_id,
            r.route_id, std::string("Bus"), r.direction >= 0 ? std::to_string(r.direction) : "",
            r.block_id, r.start_stop_id, r.end_stop_id, when(r.sched_start), when(r.sched_end),
            when(r.actual_start), when(r.actual_end), std::string("In service"),
            std::string(relationship(r.outcome)));
  return out;
}

std::string stop_visits_csv(const Network& n, std::span<const TripRecord> records,
                            std::span<const StopEvent> events) {
  const auto& f = n.feed();
  std::map<std::tuple<std::string_view, std::string_view, int>, const TripRecord*> by;
  for (const auto& r : records)
    if (r.observed()) by[{r.trip_id, r.vehicle_id, r.seen_shift}] = &r;
  std::map<const TripRecord*, int> seq;
  std::string out;
  csv_row(out, "service_date", "trip_id_performed", "trip_stop_sequence", "scheduled_stop_sequence",
          "vehicle_id", "dwell", "stop_id", "timepoint", "schedule_arrival_time",
          "schedule_departure_time", "actual_arrival_time", "actual_departure_time",
          "schedule_relationship");
  for (const auto& e : events) {
    const auto& trip = n.trip(e.trip);
    auto it = by.find({trip.id, e.vehicle_id, e.shift});
    if (it == by.end() || it->second->service_date != e.day) continue;
    const auto& r = *it->second;
    const auto& st = f.stop_times[n.trip_span(e.trip).first + e.index];
    const std::int64_t base = n.at(e.day, 0) + e.shift;
    const bool sched = r.planned() && r.headway_s == 0;
    csv_row(out, format_date(e.day), r.trip_id_performed, std::to_string(++seq[&r]),
            std::to_string(st.sequence), e.vehicle_id,
            e.arrived ? std::to_string(e.departed - e.arrived) : "", f.stops[st.stop].id,
            std::string(st.timepoint ? "true" : "false"), sched ? when(base + st.arrival) : "",
            sched ? when(base + st.departure) : "", when(e.arrived), when(e.departed),
            std::string(r.planned() ? "Scheduled" : "Added"));
  }
  return out;
}

std::string vehicle_locations_csv(const Network& n, std::span<const VehicleReport> fixes) {
  constexpr const char* kStatus[] = {"Incoming at", "Stopped at", "In transit to"};
  std::string out;
  csv_row(out, "location_ping_id", "service_date", "event_timestamp", "trip_id_scheduled",
          "vehicle_id", "stop_id", "current_status", "latitude", "longitude", "heading", "speed");
  for (const auto& v : fixes)
    csv_row(out, v.vehicle_id + "-" + std::to_string(v.timestamp),
            format_date(n.local_date(v.timestamp)), when(v.timestamp), v.trip_id, v.vehicle_id,
            v.stop_id, std::string(v.status >= 0 && v.status <= 2 ? kStatus[v.status] : ""),
            fmt::format("{:.6f}", v.lat), fmt::format("{:.6f}", v.lon),
            v.bearing ? fmt::format("{:.0f}", *v.bearing) : "",
            v.speed ? fmt::format("{:.1f}", *v.speed) : "");
  return out;
}

Result<std::vector<TripRecord>> read_trips_performed(std::string text, const std::string& file,
                                                     const Network& n) {
  auto rows = read_trips_performed_rows(std::move(text), file);
  if (!rows) return fail(rows.error());
  const auto& f = n.feed();
  std::vector<TripRecord> out;
  out.reserve(rows->size());
  for (auto& row : *rows) {
    auto bad = [&](const char* name, const std::string& why) {
      return tides_bad_field(file, row.line, name, why);
    };
    TripRecord r;
    r.service_date = row.service_date;
    r.trip_id_performed = std::move(row.trip_id_performed);
    r.vehicle_id = std::move(row.vehicle_id);
    r.outcome = row.relationship == TidesRelationship::kCanceled ? Outcome::kCancelled
                : row.relationship == TidesRelationship::kAdded  ? Outcome::kAdded
                                                                 : Outcome::kPartial;
    r.sched_start = row.sched_start;
    r.sched_end = row.sched_end;
    r.actual_start = row.actual_start;
    r.actual_end = row.actual_end;
    r.trip_id = std::move(row.trip_id_scheduled);
    r.route_id = std::move(row.route_id);
    r.block_id = std::move(row.block_id);
    r.start_stop_id = std::move(row.start_stop_id);
    r.end_stop_id = std::move(row.end_stop_id);
    r.direction = row.direction;
    if (!r.trip_id.empty()) {
      auto trip = n.find_trip(r.trip_id);
      if (!trip) return fail(bad("trip_id_scheduled", "不在当前 GTFS 数据中：" + r.trip_id));
      const auto& tr = n.trip(*trip);
      auto [b, e] = n.trip_span(*trip);
      if (r.route_id.empty()) r.route_id = tr.route_id;
      if (r.route_id != tr.route_id) return fail(bad("route_id", "与计划班次的线路不符"));
      if (r.direction < 0) r.direction = tr.direction;
      if (r.block_id.empty()) r.block_id = tr.block_id;
      if (e > b) {
        if (r.start_stop_id.empty()) r.start_stop_id = f.stops[f.stop_times[b].stop].id;
        if (r.end_stop_id.empty()) r.end_stop_id = f.stops[f.stop_times[e - 1].stop].id;
        r.stops_planned = int(e - b);
        const auto& sd = n.geometry().pattern(n.geometry().pattern_of(trip->value)).stop_dist;
        if (!sd.empty()) r.distance_m = sd.back() - sd.front();
      }
      for (const auto* q : n.frequencies_of(*trip))
        if (!q->exact_times) r.headway_s = q->headway;
    }
    if (r.route_id.empty()) return fail(bad("route_id", "为空且没有计划班次可查"));
    if (r.outcome == Outcome::kCancelled) {
      r.vehicle_id.clear();
      r.actual_start = r.actual_end = 0;
      r.distance_m = 0;
    } else {
      const bool whole = r.actual_start && r.actual_end;
      if (r.outcome != Outcome::kAdded) r.outcome = whole ? Outcome::kCompleted : Outcome::kPartial;
      r.stops_served = whole ? r.stops_planned : 0;
      r.last_visit_at = r.actual_end;
      if (!whole) r.distance_m = 0;  // how far it got is not in the file
      if (r.planned() && !r.sched_start)
        return fail(bad("schedule_trip_start", "计划班次须给出计划发车时间"));
    }
    // A frequency slot's instance, as the tracker numbers it: its start minus the template's.
    if (auto trip = r.trip_id.empty() ? std::nullopt : n.find_trip(r.trip_id);
        trip && r.sched_start && !n.frequencies_of(*trip).empty())
      r.seen_shift = int(r.sched_start - n.at(r.service_date, 0) -
                         f.stop_times[n.trip_span(*trip).first].departure);
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<StopEvent>> read_stop_visits(std::string text, const std::string& file,
                                                const Network& n,
                                                std::span<const TripRecord> records) {
  auto rows = read_stop_visit_rows(std::move(text), file);
  if (!rows) return fail(rows.error());
  std::map<std::pair<std::string, std::string_view>, const TripRecord*> by;
  for (const auto& r : records) by[{format_date(r.service_date), r.trip_id_performed}] = &r;
  const auto& f = n.feed();
  std::vector<StopEvent> out;
  out.reserve(rows->size());
  for (auto& v : *rows) {
    auto bad = [&](const char* name, const std::string& why) {
      return tides_bad_field(file, v.line, name, why);
    };
    auto rec = by.find({format_date(v.service_date), v.trip_id_performed});
    if (rec == by.end())
      return fail(bad("trip_id_performed", "不是该运营日已有路单中的班次：" + v.trip_id_performed));
    const auto& r = *rec->second;
    auto trip = r.trip_id.empty() ? std::nullopt : n.find_trip(r.trip_id);
    if (!trip) return fail(bad("trip_id_performed", "没有当前 GTFS 数据中的计划班次"));
    auto [b, e] = n.trip_span(*trip);
    std::optional<std::uint32_t> index;
    for (auto k = b; k < e; ++k)
      if (f.stop_times[k].sequence == v.scheduled_stop_sequence) index = std::uint32_t(k - b);
    if (!index)
      return fail(bad("scheduled_stop_sequence",
                      fmt::format("班次 {} 没有第 {} 站", r.trip_id, v.scheduled_stop_sequence)));
    out.push_back({std::move(v.vehicle_id), *trip, v.service_date, r.seen_shift, *index, v.arrived,
                   v.departed});
  }
  return out;
}

}  // namespace zt::transit::kpi

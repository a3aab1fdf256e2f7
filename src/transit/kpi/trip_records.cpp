#include "transit/kpi/trip_records.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <tuple>
#include <unordered_map>

#include "core/clock.hpp"

namespace zt::transit::kpi {
namespace {

constexpr std::string_view kOutcomeCodes[] = {"completed", "partial", "cancelled", "added"};

// What the tracker saw of one vehicle on one trip instance.
struct Seen {
  TripIdx trip;
  int shift = 0;
  std::string vehicle;
  std::int64_t first = 0;  // earliest time seen at a stop
  std::int64_t start = 0, end = 0;
  std::uint32_t lo = 0, hi = 0;  // lowest and highest stop offsets visited
  std::int64_t at_hi = 0;        // when at the highest
  int served = 0;
};

std::string iso_time(std::int64_t t) {
  return t ? format_shanghai(Instant{std::chrono::seconds{t}}) : "";
}

void lay(const Network& n, TripRecord& r, const Seen& s) {
  const auto& sd = n.geometry().pattern(n.geometry().pattern_of(s.trip.value)).stop_dist;
  r.vehicle_id = s.vehicle;
  r.seen_shift = s.shift;
  r.actual_start = s.start;
  r.actual_end = s.end;
  r.last_visit_at = s.at_hi;
  r.stops_served = s.served;
  if (s.hi < sd.size()) r.distance_m = sd[s.hi] - sd[s.lo];
  const bool reached_end = int(s.hi) + 2 >= r.stops_planned;
  r.outcome = reached_end && s.served >= kCompletedShare * r.stops_planned ? Outcome::kCompleted
                                                                           : Outcome::kPartial;
}

}  // namespace

std::string_view outcome_code(Outcome o) { return kOutcomeCodes[int(o)]; }

std::optional<Outcome> parse_outcome(std::string_view code) {
  for (int i = 0; i < 4; ++i)
    if (kOutcomeCodes[i] == code) return Outcome(i);
  return std::nullopt;
}

nlohmann::json TripRecord::to_json() const {
  return {{"service_date", format_date(service_date)},
          {"trip_id_performed", trip_id_performed},
          {"trip_id", trip_id},
          {"vehicle_id", vehicle_id},
          {"route_id", route_id},
          {"direction_id", direction},
          {"block_id", block_id},
          {"start_stop_id", start_stop_id},
          {"end_stop_id", end_stop_id},
          {"schedule_trip_start", iso_time(sched_start)},
          {"schedule_trip_end", iso_time(sched_end)},
          {"actual_trip_start", iso_time(actual_start)},
          {"actual_trip_end", iso_time(actual_end)},
          {"stops_planned", stops_planned},
          {"stops_served", stops_served},
          {"stops_skipped", stops_skipped()},
          {"distance_km", distance_m / 1000},
          {"service_minutes", double(service_s()) / 60},
          {"headway_s", headway_s},
          {"outcome", outcome_code(outcome)}};
}

nlohmann::json VehicleDay::to_json() const {
  return {{"vehicle_id", vehicle_id},
          {"service_date", format_date(service_date)},
          {"trips", trips},
          {"service_km", service_km},
          {"first_trip", first_trip},
          {"last_trip", last_trip},
          {"first_start", iso_time(first_start)},
          {"last_end", iso_time(last_end)}};
}

std::vector<TripRecord> build_trip_records(const Network& n, Date day,
                                           std::span<const StopEvent> events) {
  const auto& f = n.feed();
  const Date timetable = n.timetable_day(day);
  const std::int64_t base = n.at(day, 0);
  std::vector<TripRecord> out;
  std::map<std::pair<std::uint32_t, int>, std::size_t> instance;      // (trip, shift) → record
  std::unordered_map<std::uint32_t, std::vector<std::size_t>> slots;  // headway-based trips
  std::unordered_map<std::string, bool> runs;
  auto make = [&](TripIdx t, int shift) {
    const auto& trip = n.trip(t);
    auto [b, e] = n.trip_span(t);
    TripRecord r;
    r.service_date = day;
    r.trip_id = trip.id;
    r.trip_id_performed = trip.id;
    r.route_id = trip.route_id;
    r.block_id = trip.block_id;
    r.direction = trip.direction;
    r.start_stop_id = f.stops[f.stop_times[b].stop].id;
    r.end_stop_id = f.stops[f.stop_times[e - 1].stop].id;
    r.stops_planned = int(e - b);
    r.sched_start = base + shift + f.stop_times[b].departure;
    r.sched_end = base + shift + f.stop_times[e - 1].arrival;
    return r;
  };
  for (std::uint32_t i = 0; i < f.trips.size(); ++i) {
    const TripIdx t{i};
    auto [b, e] = n.trip_span(t);
    if (e - b < 2) continue;
    const auto& service = f.trips[i].service_id;
    auto it = runs.find(service);
    if (it == runs.end()) it = runs.emplace(service, n.runs(service, timetable)).first;
    if (!it->second) continue;
    const auto& freqs = n.frequencies_of(t);
    if (freqs.empty()) {
      instance[{i, 0}] = out.size();
      out.push_back(make(t, 0));
      continue;
    }
    const int first = f.stop_times[b].departure;
    for (const auto* q : freqs)
      for (int start = q->start; start < q->end; start += std::max(60, q->headway)) {
        auto r = make(t, start - first);
        r.trip_id_performed += "@" + format_gtfs_time(start);
        if (!q->exact_times) {
          r.headway_s = q->headway;
          slots[i].push_back(out.size());
        }
        instance[{i, start - first}] = out.size();
        out.push_back(std::move(r));
      }
  }

  // The visits per vehicle and trip instance.
  std::map<std::tuple<std::uint32_t, int, std::string>, Seen> seen;
  for (const auto& ev : events) {
    if (ev.day != day) continue;
    auto [it, fresh] = seen.try_emplace({ev.trip.value, ev.shift, ev.vehicle_id});
    Seen& s = it->second;
    const std::int64_t t = ev.arrived ? ev.arrived : ev.departed;
    if (fresh) {
      s = {ev.trip, ev.shift, ev.vehicle_id, t, 0, 0, ev.index, ev.index, t, 0};
    }
    if (ev.index >= s.hi) s.at_hi = t;
    s.first = std::min(s.first, t);
    s.lo = std::min(s.lo, ev.index);
    s.hi = std::max(s.hi, ev.index);
    ++s.served;
    auto [b, e] = n.trip_span(ev.trip);
    if (ev.index == 0) s.start = ev.departed;
    if (ev.index + 1 == e - b) s.end = ev.arrived;  // 0 when first seen there: arrival unknown
  }
  std::vector<const Seen*> order;
  for (const auto& [key, s] : seen) order.push_back(&s);
  std::sort(order.begin(), order.end(), [](const Seen* a, const Seen* b) {
    return std::tie(a->first, a->vehicle) < std::tie(b->first, b->vehicle);
  });
  auto add = [&](const Seen& s) {
    auto r = make(s.trip, s.shift);
    r.trip_id_performed += "+" + s.vehicle;
    r.sched_start = r.sched_end = 0;
    lay(n, r, s);
    r.outcome = Outcome::kAdded;
    out.push_back(std::move(r));
  };
  for (const Seen* s : order) {
    if (auto sl = slots.find(s->trip.value); sl != slots.end()) {
      // Headway-based: the bus fills the free slot nearest its departure (the tracker's slot is
      // only the nearest, and two bunched buses would share it).
      const std::int64_t t = s->start ? s->start : s->first;
      std::size_t best = out.size();
      std::int64_t gap = 0;
      for (std::size_t k : sl->second) {
        const auto& r = out[k];
        const std::int64_t d = std::llabs(r.sched_start - t);
        if (r.outcome == Outcome::kCancelled && d <= 2 * r.headway_s &&
            (best == out.size() || d < gap))
          best = k, gap = d;
      }
      if (best < out.size())
        lay(n, out[best], *s);
      else
        add(*s);
      continue;
    }
    auto it = instance.find({s->trip.value, s->shift});
    if (it != instance.end() && out[it->second].outcome == Outcome::kCancelled)
      lay(n, out[it->second], *s);
    else
      add(*s);
  }
  std::sort(out.begin(), out.end(), [](const TripRecord& a, const TripRecord& b) {
    const auto ta = a.sched_start ? a.sched_start : a.actual_start;
    const auto tb = b.sched_start ? b.sched_start : b.actual_start;
    return std::tie(a.route_id, a.direction, ta, a.trip_id_performed) <
           std::tie(b.route_id, b.direction, tb, b.trip_id_performed);
  });
  return out;
}

std::vector<VehicleDay> vehicle_days(std::span<const TripRecord> records) {
  std::map<std::string, VehicleDay> by;
  for (const auto& r : records) {
    if (r.vehicle_id.empty() || !r.observed()) continue;
    auto& v = by[r.vehicle_id];
    v.vehicle_id = r.vehicle_id;
    v.service_date = r.service_date;
    ++v.trips;
    v.service_km += r.distance_m / 1000;
    const auto start = r.actual_start ? r.actual_start : r.sched_start;
    const auto end = r.actual_end ? r.actual_end : r.sched_end;
    if (v.first_trip.empty() || (start && start < v.first_start))
      v.first_trip = r.trip_id_performed, v.first_start = start;
    if (v.last_trip.empty() || end > v.last_end)
      v.last_trip = r.trip_id_performed, v.last_end = end;
  }
  std::vector<VehicleDay> out;
  for (auto& [id, v] : by) out.push_back(std::move(v));
  return out;
}

}  // namespace zt::transit::kpi

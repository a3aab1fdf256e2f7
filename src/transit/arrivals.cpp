#include "transit/arrivals.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <unordered_map>

namespace zt::transit {
namespace {

// Distance from a point to a segment and the fraction along it, in a local plane.
std::pair<double, double> to_segment(double lat, double lon, const Stop& a, const Stop& b) {
  const double k = 111320.0, c = std::cos(lat * M_PI / 180);
  double ax = (a.lon - lon) * k * c, ay = (a.lat - lat) * k;
  double bx = (b.lon - lon) * k * c, by = (b.lat - lat) * k;
  double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? std::clamp(-(ax * dx + ay * dy) / len2, 0.0, 1.0) : 0.0;
  double px = ax + t * dx, py = ay + t * dy;
  return {std::sqrt(px * px + py * py), t};
}

}  // namespace

nlohmann::json Arrival::to_json(std::int64_t now) const {
  const std::int64_t secs = predicted - now;
  const int minutes = int(std::max<std::int64_t>(0, (secs + 59) / 60));
  std::string status = departed       ? "已离站"
                       : minutes <= 1 ? "即将到站"
                                      : std::to_string(minutes) + " 分钟";
  nlohmann::json j{{"route", route},
                   {"route_id", route_id},
                   {"headsign", headsign},
                   {"trip_id", trip_id},
                   {"scheduled", scheduled},
                   {"predicted", predicted},
                   {"minutes", minutes},
                   {"status", status},
                   {"live", live},
                   {"departed", departed},
                   {"headway_based", headway_based}};
  if (live) j["vehicle_id"] = vehicle_id;
  if (stops_away >= 0) j["stops_away"] = stops_away;
  if (occupancy >= 0) j["occupancy"] = occupancy;
  return j;
}

nlohmann::json Board::to_json(std::int64_t now) const {
  auto list = nlohmann::json::array();
  for (const auto& a : arrivals) list.push_back(a.to_json(now));
  return {{"stop_id", stop_id},
          {"stop_name", stop_name},
          {"timetable_date", timetable_date},
          {"stale_timetable", stale_timetable},
          {"generated_at", now},
          {"arrivals", list}};
}

std::optional<TripProgress> locate(const Network& n, const VehicleReport& v) {
  const auto& f = n.feed();
  auto t = f.trip_index.find(v.trip_id);
  if (t == f.trip_index.end()) return std::nullopt;
  auto [b, e] = n.trip_span(t->second);
  if (e - b < 2) return std::nullopt;
  // The segment the bus is on: nearest to its fix (after its reported stop when it gives one).
  double best = 1e18, frac = 0;
  std::size_t seg = b;
  for (std::size_t k = b; k + 1 < e; ++k) {
    if (v.stop_sequence >= 0 && f.stop_times[k + 1].sequence < v.stop_sequence) continue;
    auto [d, u] =
        to_segment(v.lat, v.lon, f.stops[f.stop_times[k].stop], f.stops[f.stop_times[k + 1].stop]);
    if (d < best) best = d, frac = u, seg = k;
  }
  if (best > 500) return std::nullopt;  // not near its trip: no prediction rather than a wrong one
  const auto& a = f.stop_times[seg];
  const auto& c = f.stop_times[seg + 1];
  const double sched = a.departure + frac * (c.arrival - a.departure);
  // The service day whose schedule it is closest to (a trip may run past midnight).
  const Date today = n.local_date(v.timestamp);
  std::optional<TripProgress> out;
  for (Date day : {today, Date(today - std::chrono::days(1))}) {
    if (!n.runs(f.trips[t->second].service_id, n.timetable_day(day))) continue;
    std::int64_t delay = v.timestamp - n.at(day, int(std::lround(sched)));
    if (!out || std::llabs(delay) < std::llabs(out->delay))
      out = TripProgress{t->second, day, seg + 1, delay, &v};
  }
  if (out && std::llabs(out->delay) > 3 * 3600) return std::nullopt;
  return out;
}

Result<Board> arrivals_at(const Network& n, const std::string& stop_id, std::int64_t now,
                          const std::vector<VehicleReport>& live, int horizon_minutes,
                          std::size_t limit) {
  const auto& f = n.feed();
  auto s = f.stop_index.find(stop_id);
  if (s == f.stop_index.end()) return fail(Error::not_found("没有这个站点：" + stop_id));
  Board board;
  board.stop_id = stop_id;
  board.stop_name = f.stops[s->second].name;
  const Date today = n.local_date(now);
  board.timetable_date = format_date(n.timetable_day(today));
  board.stale_timetable = n.timetable_day(today) != today;

  std::map<std::pair<std::uint32_t, std::int64_t>, TripProgress> progress;  // (trip, day)
  for (const auto& v : live)
    if (auto p = locate(n, v)) progress[{p->trip, p->day.time_since_epoch().count()}] = *p;

  const std::int64_t from = now - 120, to = now + std::int64_t(horizon_minutes) * 60;
  std::vector<Arrival> out;
  auto route_of = [&](const Trip& trip) -> const Route* {
    for (const auto& r : f.routes)
      if (r.id == trip.route_id) return &r;
    return nullptr;
  };
  for (std::uint32_t k : n.calls_at(s->second)) {
    const auto& st = f.stop_times[k];
    const auto& trip = f.trips[st.trip];
    auto [b, e] = n.trip_span(st.trip);
    if (k + 1 == e) continue;  // the trip ends here: nothing to board
    for (Date day : {today, Date(today - std::chrono::days(1))}) {
      if (!n.runs(trip.service_id, n.timetable_day(day))) continue;
      std::vector<std::pair<std::int64_t, bool>> times;  // scheduled, headway-based
      if (n.frequencies_of(st.trip).empty()) {
        times.push_back({n.at(day, st.arrival), false});
      } else {
        const int offset = st.arrival - f.stop_times[b].departure;
        for (const auto* q : n.frequencies_of(st.trip))
          for (int t0 = q->start; t0 < q->end; t0 += q->headway) {
            auto at = n.at(day, t0 + offset);
            if (at > to) break;
            if (at >= from) times.push_back({at, !q->exact_times});
          }
      }
      for (auto [sched, headway] : times) {
        Arrival a;
        const Route* r = route_of(trip);
        a.route = r ? (r->short_name.empty() ? r->long_name : r->short_name) : trip.route_id;
        a.route_id = trip.route_id;
        a.headsign = trip.headsign.empty() ? f.stops[f.stop_times[e - 1].stop].name : trip.headsign;
        a.trip_id = trip.id;
        a.scheduled = a.predicted = sched;
        a.headway_based = headway;
        auto p = progress.find({st.trip, day.time_since_epoch().count()});
        if (p != progress.end() && !headway) {
          const auto& pr = p->second;
          a.live = true;
          a.vehicle_id = pr.vehicle->vehicle_id;
          a.occupancy = pr.vehicle->occupancy;
          if (pr.next > k) {
            a.departed = true;  // the bus has passed this stop
            a.predicted = sched + pr.delay;
            if (now - a.predicted > 120) continue;
          } else {
            a.stops_away = int(k - pr.next);
            a.predicted = std::max(now, sched + pr.delay);
          }
        }
        if (a.predicted < from || a.predicted > to) continue;
        if (!a.live && a.predicted < now) continue;  // schedule-only and already due: unknown
        out.push_back(std::move(a));
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const Arrival& x, const Arrival& y) {
    if (x.departed != y.departed) return x.departed;  // the bus that just left first
    return x.predicted < y.predicted;
  });
  if (out.size() > limit) out.resize(limit);
  board.arrivals = std::move(out);
  return board;
}

std::vector<TripUpdateReport> trip_updates(const Network& n,
                                           const std::vector<VehicleReport>& live) {
  const auto& f = n.feed();
  std::vector<TripUpdateReport> out;
  for (const auto& v : live) {
    auto p = locate(n, v);
    if (!p) continue;
    const auto& trip = f.trips[p->trip];
    TripUpdateReport u;
    u.trip_id = trip.id;
    u.route_id = trip.route_id;
    u.vehicle_id = v.vehicle_id;
    u.timestamp = v.timestamp;
    std::string iso = format_date(p->day);  // "2024-03-20" -> GTFS-RT's "20240320"
    iso.erase(std::remove(iso.begin(), iso.end(), '-'), iso.end());
    u.start_date = iso;
    auto [b, e] = n.trip_span(p->trip);
    (void)b;
    for (std::size_t k = p->next; k < e; ++k) {
      const auto& st = f.stop_times[k];
      StopTimeReport s;
      s.stop_sequence = st.sequence;
      s.stop_id = f.stops[st.stop].id;
      s.arrival_time = std::max(v.timestamp, n.at(p->day, st.arrival) + p->delay);
      s.arrival_delay = int(*s.arrival_time - n.at(p->day, st.arrival));
      s.departure_time = std::max(*s.arrival_time, n.at(p->day, st.departure) + p->delay);
      s.departure_delay = int(*s.departure_time - n.at(p->day, st.departure));
      u.stops.push_back(s);
    }
    if (!u.stops.empty()) out.push_back(std::move(u));
  }
  return out;
}

Coverage forecast_coverage(const Network& n, const std::vector<VehicleReport>& live,
                           std::int64_t now, int window_minutes) {
  const auto& f = n.feed();
  const std::int64_t to = now + std::int64_t(window_minutes) * 60;
  std::vector<char> served(f.stops.size(), 0), predicted(f.stops.size(), 0);
  const Date today = n.local_date(now);
  std::unordered_map<std::string, std::array<bool, 2>> runs;  // service -> (today, yesterday)
  for (std::uint32_t t = 0; t < f.trips.size(); ++t) {
    auto it = runs.find(f.trips[t].service_id);
    if (it == runs.end())
      it = runs.emplace(f.trips[t].service_id,
                        std::array<bool, 2>{n.runs(f.trips[t].service_id, n.timetable_day(today)),
                                            n.runs(f.trips[t].service_id,
                                                   n.timetable_day(today - std::chrono::days(1)))})
               .first;
    auto [b, e] = n.trip_span(t);
    for (int back = 0; back < 2; ++back) {
      if (!it->second[std::size_t(back)]) continue;
      const Date day = today - std::chrono::days(back);
      for (std::size_t k = b; k + 1 < e; ++k) {
        const auto at = n.at(day, f.stop_times[k].arrival);
        if (at >= now && at <= to) served[f.stop_times[k].stop] = 1;
      }
    }
  }
  for (const auto& u : trip_updates(n, live))
    for (const auto& s : u.stops)
      if (s.arrival_time && *s.arrival_time <= to)
        if (auto it = f.stop_index.find(s.stop_id); it != f.stop_index.end())
          predicted[it->second] = 1;
  Coverage c;
  for (std::size_t i = 0; i < f.stops.size(); ++i) {
    c.stops_served += served[i];
    c.stops_predicted += served[i] && predicted[i];
  }
  return c;
}

std::vector<std::pair<const Stop*, double>> nearest_stops(const Network& n, double lat, double lon,
                                                          std::size_t limit) {
  std::vector<std::pair<const Stop*, double>> all;
  for (const auto& s : n.feed().stops)
    if (s.location_type == 0) all.push_back({&s, haversine_m(lat, lon, s.lat, s.lon)});
  std::size_t k = std::min(limit, all.size());
  std::partial_sort(all.begin(), all.begin() + long(k), all.end(),
                    [](const auto& a, const auto& b) { return a.second < b.second; });
  all.resize(k);
  return all;
}

}  // namespace zt::transit

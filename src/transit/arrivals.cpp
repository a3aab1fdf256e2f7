#include "transit/arrivals.hpp"

#include <algorithm>
#include <array>
#include <unordered_map>

namespace zt::transit {

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
          {"timezone", timezone},
          {"stale_timetable", stale_timetable},
          {"generated_at", now},
          {"arrivals", list}};
}

std::optional<TripProgress> locate(const Network& n, const VehicleReport& v) {
  if (n.empty()) return std::nullopt;
  Tracker tracker(n);
  std::vector<StopEvent> events;
  const auto& s = tracker.update(v, events);
  if (!s.on) return std::nullopt;
  return TripProgress{s.on->trip, s.on->day, n.trip_span(s.on->trip).first + s.on->next,
                      s.on->delay, &v};
}

std::shared_ptr<const LiveSnapshot> track_once(const Network& n,
                                               const std::vector<VehicleReport>& live) {
  if (n.empty()) return std::make_shared<LiveSnapshot>();
  Tracker tracker(n);
  Profiles none;
  std::vector<StopEvent> events;
  std::vector<TripPrediction> out;
  std::int64_t now = 0;
  for (const auto& v : live) {
    const auto& s = tracker.update(v, events);
    now = std::max(now, v.timestamp);
    if (!s.on) continue;
    PredictContext c{n, tracker, none, DayType::kWeekday, n.utc_offset(v.timestamp)};
    out.push_back(predict(c, s));
  }
  return LiveSnapshot::of(n, std::move(out), now);
}

Result<Board> arrivals_at(const Network& n, const std::string& stop_id, std::int64_t now,
                          const std::vector<VehicleReport>& live, int horizon_minutes,
                          std::size_t limit) {
  return arrivals_at(n, stop_id, now, *track_once(n, live), horizon_minutes, limit);
}

Result<Board> arrivals_at(const Network& n, const std::string& stop_id, std::int64_t now,
                          const LiveSnapshot& live, int horizon_minutes, std::size_t limit) {
  const auto& f = n.feed();
  auto stop = n.find_stop(stop_id);
  if (!stop) return fail(Error::not_found("没有这个站点：" + stop_id));
  Board board;
  board.stop_id = stop_id;
  board.stop_name = n.stop(*stop).name;
  const Date today = n.local_date(now);
  board.timetable_date = format_date(n.timetable_day(today));
  board.stale_timetable = n.timetable_day(today) != today;
  board.timezone = f.agencies.empty() || f.agencies[0].timezone.empty() ? "Asia/Shanghai"
                                                                        : f.agencies[0].timezone;
  const bool has_live = live.network == &n;  // a snapshot of an older network says nothing here

  const std::int64_t from = now - 120, to = now + std::int64_t(horizon_minutes) * 60;
  std::vector<Arrival> out;
  std::unordered_map<std::string_view, const Route*> routes;
  for (const auto& r : f.routes) routes.emplace(r.id, &r);
  struct Slot {
    std::int64_t scheduled;
    bool headway;
    int shift;
  };
  std::vector<Slot> times;
  for (std::uint32_t k : n.calls_at(*stop)) {
    const auto& st = f.stop_times[k];
    const TripIdx t = Network::trip_of(st);
    const auto& trip = n.trip(t);
    auto [b, e] = n.trip_span(t);
    if (k + 1 == e) continue;  // the trip ends here: nothing to board
    for (Date day : {today, Date(today - std::chrono::days(1))}) {
      if (!n.runs(trip.service_id, n.timetable_day(day))) continue;
      times.clear();
      if (n.frequencies_of(t).empty()) {
        times.push_back({n.at(day, st.arrival), false, 0});
      } else {
        const int first = f.stop_times[b].departure;
        for (const auto* q : n.frequencies_of(t))
          for (int t0 = q->start; t0 < q->end; t0 += std::max(60, q->headway)) {
            auto at = n.at(day, t0 - first + st.arrival);
            if (at > to) break;
            if (at >= from) times.push_back({at, !q->exact_times, t0 - first});
          }
      }
      for (const auto& slot : times) {
        Arrival a;
        auto r = routes.find(trip.route_id);
        a.route = r != routes.end() ? (r->second->short_name.empty() ? r->second->long_name
                                                                     : r->second->short_name)
                                    : trip.route_id;
        a.route_id = trip.route_id;
        a.headsign = trip.headsign.empty() ? n.stop(Network::stop_of(f.stop_times[e - 1])).name
                                           : trip.headsign;
        a.trip_id = trip.id;
        a.scheduled = a.predicted = slot.scheduled;
        a.headway_based = slot.headway;
        if (const auto* p = has_live ? live.find(t, day, slot.shift) : nullptr) {
          a.live = true;
          a.vehicle_id = p->vehicle.vehicle_id;
          a.occupancy = p->vehicle.occupancy;
          const auto offset = std::uint32_t(k - b);
          if (const auto* sp = p->at(offset)) {
            // A bus finishing the trip before this one is not yet counting stops on it.
            a.stops_away = p->pending ? -1 : int(offset - p->on.next);
            a.predicted = std::max(now, sp->arrival);
          } else {
            a.departed = true;  // the bus has passed this stop
            a.predicted = slot.scheduled + p->on.delay;
            if (now - a.predicted > 120) continue;
          }
        } else {
          // Where the timetable has the bus: before the first stop it has not yet left (at the
          // first stop when it has not set off), so a board can say how far away it is.
          std::size_t i = b;
          auto left = [&](std::size_t j) {
            const auto& t = f.stop_times[j];
            const int dep = t.departure >= 0 ? t.departure : t.arrival;
            return dep >= 0 && n.at(day, dep + slot.shift) <= now;
          };
          while (i < k && left(i)) ++i;
          a.stops_away = int(k - i);
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
  return trip_updates(n, *track_once(n, live));
}

std::vector<TripUpdateReport> trip_updates(const Network& n, const LiveSnapshot& live) {
  std::vector<TripUpdateReport> out;
  if (live.network != &n) return out;
  const auto& f = n.feed();
  // One update per trip run (the bus furthest along, as on the boards): GTFS-RT entity ids are
  // unique per run, and a sender inventing vehicles on one trip must not multiply the feed.
  out.reserve(live.index.size());
  for (const auto& [run, i] : live.index) {
    const auto& p = live.run(i);
    const auto& trip = n.trip(p.on.trip);
    TripUpdateReport u;
    u.trip_id = trip.id;
    u.route_id = trip.route_id;
    u.vehicle_id = p.vehicle.vehicle_id;
    u.timestamp = p.vehicle.timestamp;
    std::string iso = format_date(p.on.day);  // "2024-03-20" -> GTFS-RT's "20240320"
    iso.erase(std::remove(iso.begin(), iso.end(), '-'), iso.end());
    u.start_date = iso;
    const std::size_t b = n.trip_span(p.on.trip).first;
    if (!n.frequencies_of(p.on.trip).empty())
      u.start_time = format_gtfs_time(f.stop_times[b].departure + p.on.shift);
    for (std::size_t i = 0; i < p.stops.size(); ++i) {
      const auto& st = f.stop_times[b + p.on.next + i];
      StopTimeReport s;
      s.stop_sequence = st.sequence;
      s.stop_id = n.stop(Network::stop_of(st)).id;
      s.arrival_time = p.stops[i].arrival;
      s.arrival_delay = int(p.stops[i].arrival - (p.base + st.arrival));
      s.departure_time = std::max(p.stops[i].departure, p.stops[i].arrival);
      s.departure_delay = int(*s.departure_time - (p.base + st.departure));
      u.stops.push_back(s);
    }
    if (!u.stops.empty()) out.push_back(std::move(u));
  }
  return out;
}

Coverage forecast_coverage(const Network& n, const std::vector<VehicleReport>& live,
                           std::int64_t now, int window_minutes,
                           std::vector<std::uint8_t>* per_stop) {
  return forecast_coverage(n, *track_once(n, live), now, window_minutes, per_stop);
}

Coverage forecast_coverage(const Network& n, const LiveSnapshot& live, std::int64_t now,
                           int window_minutes, std::vector<std::uint8_t>* per_stop) {
  const auto& f = n.feed();
  const std::int64_t to = now + std::int64_t(window_minutes) * 60;
  std::vector<char> served(f.stops.size(), 0), predicted(f.stops.size(), 0);
  const Date today = n.local_date(now);
  std::unordered_map<std::string, std::array<bool, 2>> runs;  // service -> (today, yesterday)
  for (TripIdx t{0}; t.value < n.trip_count(); ++t.value) {
    const auto& service = n.trip(t).service_id;
    auto it = runs.find(service);
    if (it == runs.end())
      it = runs.emplace(service,
                        std::array<bool, 2>{
                            n.runs(service, n.timetable_day(today)),
                            n.runs(service, n.timetable_day(today - std::chrono::days(1)))})
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
  if (live.network == &n)
    for (std::size_t r = 0; r < live.trips.size() + live.pending.size(); ++r) {
      const auto& p = live.run(r);
      // Cal-ITP's "available": at least two updates in the last minute.
      if (p.vehicle.timestamp < now - 60 || p.previous_update < now - 60) continue;
      const std::size_t b = n.trip_span(p.on.trip).first;
      for (std::size_t i = 0; i < p.stops.size(); ++i)
        if (p.stops[i].arrival <= to) predicted[f.stop_times[b + p.on.next + i].stop] = 1;
    }
  Coverage c;
  if (per_stop) per_stop->assign(f.stops.size(), 0);
  for (std::size_t i = 0; i < f.stops.size(); ++i) {
    c.stops_served += served[i];
    c.stops_predicted += served[i] && predicted[i];
    if (per_stop && served[i])
      (*per_stop)[i] = std::uint8_t(kStopServed | (predicted[i] ? kStopPredicted : 0));
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

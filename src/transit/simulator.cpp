#include "transit/simulator.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <unordered_map>

#include "transit/dispatch/instructions.hpp"

namespace zt::transit {
namespace {

// A stable number in [0, 1) from a trip, a day and a salt.
double unit_hash(std::uint64_t seed, const std::string& trip, std::int64_t day, int salt) {
  std::uint64_t h = seed ^ 0x9E3779B97F4A7C15ull;
  for (unsigned char c : trip) h = (h ^ c) * 0x100000001B3ull;
  h ^= std::uint64_t(day) * 0xBF58476D1CE4E5B9ull + std::uint64_t(salt);
  h ^= h >> 31;
  h *= 0x94D049BB133111EBull;
  h ^= h >> 29;
  return double(h >> 11) / double(1ull << 53);
}

}  // namespace

std::vector<SimTripTimes> Simulator::day_times(const Network& n, Date day,
                                               const std::vector<SimHold>& holds) const {
  const auto& f = n.feed();
  const auto& g = n.geometry();
  const std::int64_t d = day.time_since_epoch().count();
  const std::int64_t offset = n.utc_offset(n.at(day, 12 * 3600));
  // How busy the roads are at a local time of day: morning and evening peaks, a lesser noon one.
  auto busy = [&](double unix) {
    const double h = std::fmod((unix + double(offset)) / 3600.0 + 48, 24.0);
    auto bump = [&](double at, double width) { return std::exp(-std::pow((h - at) / width, 2)); };
    return std::max({bump(8, 1.2), bump(18, 1.2), 0.6 * bump(12.5, 1.0)});
  };
  std::unordered_map<std::string, std::vector<const SimHold*>> held;
  for (const auto& h : holds) held[h.trip_id].push_back(&h);
  const Date service = n.timetable_day(day);
  std::vector<SimTripTimes> out;
  std::vector<TripIdx> trips;
  for (std::size_t p = 0; p < g.patterns(); ++p) {
    trips.clear();
    for (auto t : g.pattern(std::uint32_t(p)).trips) {
      const TripIdx ti{t};
      auto [b, e] = n.trip_span(ti);
      if (e - b < 2 || !n.frequencies_of(ti).empty()) continue;
      if (!n.runs(n.trip(ti).service_id, service)) continue;
      trips.push_back(ti);
    }
    auto first_departure = [&](TripIdx t) { return f.stop_times[n.trip_span(t).first].departure; };
    std::sort(trips.begin(), trips.end(), [&](TripIdx a, TripIdx b) {
      return std::pair(first_departure(a), a.value) < std::pair(first_departure(b), b.value);
    });
    const std::size_t first_of_pattern = out.size();
    for (TripIdx t : trips) {
      auto [b, e] = n.trip_span(t);
      const auto& trip = n.trip(t);
      const double start = double(n.at(day, f.stop_times[b].departure));
      const double sched_end = double(n.at(day, f.stop_times[e - 1].arrival));
      // The trip's own delay at its end grows evenly along it: every time after the start is
      // stretched alike. Congested segments add their extra on top.
      const double end_delay =
          (unit_hash(options_.seed, trip.id, d, 1) * 1.2 - 0.2) * options_.max_delay_s;
      const double stretch = 1 + end_delay / std::max(60.0, sched_end - start);
      // The bus ahead on the same stops, when it runs at most half an hour before.
      const SimTripTimes* leader = out.size() > first_of_pattern ? &out.back() : nullptr;
      const auto leader_span = leader ? n.trip_span(leader->trip) : std::pair(b, b);
      const auto holds_here = held.find(trip.id);
      SimTripTimes times{t, std::vector<double>(e - b), std::vector<double>(e - b)};
      auto& arr = times.arr;
      auto& dep = times.dep;
      for (std::size_t k = b; k < e; ++k) {
        const std::size_t i = k - b;
        const auto& st = f.stop_times[k];
        const double dwell = double(st.departure - st.arrival) * stretch;
        if (i == 0) {
          arr[0] = start;
          dep[0] = start + dwell;
        } else {
          double run = double(st.arrival - f.stop_times[k - 1].departure) * stretch;
          if (options_.congestion > 0) {
            const std::string seg =
                f.stops[f.stop_times[k - 1].stop].id + ">" + f.stops[st.stop].id;
            const double jam = std::pow(unit_hash(options_.seed, seg, 0, 2), 2);  // few jam hard
            run += std::max(0.0, double(st.arrival - f.stop_times[k - 1].departure)) *
                   options_.congestion * jam * busy(dep[i - 1]);
          }
          arr[i] = dep[i - 1] + std::max(0.0, run);
          double extra = 0;
          if (leader && options_.dwell_per_headway > 0) {
            const double planned =
                double(st.arrival) - double(f.stop_times[leader_span.first + i].departure);
            if (planned > 0 && planned <= 1800)
              extra = options_.dwell_per_headway * (arr[i] - leader->dep[i] - planned);
          }
          if (extra < 0) {
            arr[i] += std::max(extra, -0.25 * std::max(0.0, run));
            extra = 0;
          }
          dep[i] = arr[i] + dwell + extra;
          // No overtaking: a bus that caught the one ahead runs right behind it.
          if (leader) {
            arr[i] = std::max(arr[i], leader->arr[i] + 5);
            dep[i] = std::max(dep[i], leader->dep[i] + 10);
          }
        }
        if (holds_here != held.end())
          for (const SimHold* h : holds_here->second)
            if (f.stops[st.stop].id == h->stop_id && dep[i] >= double(h->given_at))
              dep[i] = std::max({dep[i], arr[i] + double(h->hold_s), double(h->not_before)});
      }
      out.push_back(std::move(times));
    }
  }
  return out;
}

std::shared_ptr<const std::vector<SimTripTimes>> Simulator::cached_day(
    const Network& n, Date day, const std::vector<SimHold>& holds) const {
  const std::int64_t d = day.time_since_epoch().count();
  std::lock_guard lock(mutex_);
  for (const auto& c : cache_)
    if (c.network == &n && c.version == n.version() && c.day == d && c.holds == holds)
      return c.times;
  auto times = std::make_shared<const std::vector<SimTripTimes>>(day_times(n, day, holds));
  if (cache_.size() >= 4) cache_.erase(cache_.begin());
  cache_.push_back({&n, n.version(), d, holds, times});
  return times;
}

std::vector<VehicleReport> Simulator::positions(const Network& n, std::int64_t now,
                                                const std::vector<SimHold>& holds) const {
  const auto& f = n.feed();
  const auto& g = n.geometry();
  std::vector<VehicleReport> out;
  std::mt19937_64 noise(options_.seed ^ std::uint64_t(now));
  std::normal_distribution<double> gps(0, options_.gps_error_m);
  std::uniform_real_distribution<double> ping(0, 1);
  const Date today = n.local_date(now);
  // Each simulated bus (a block, else a trip) gets a fleet number (自编号) as its label, the
  // way depots number their buses: 1001, 1002, … in the order of its id, stable for a feed.
  std::map<std::string, int> fleet_number;
  for (TripIdx t{0}; t.value < n.trip_count(); ++t.value) {
    const auto& trip = n.trip(t);
    fleet_number.emplace(trip.block_id.empty() ? trip.id : trip.block_id, 0);
  }
  int next_number = 1001;
  for (auto& [key, number] : fleet_number) number = next_number++;
  std::unordered_map<std::string, std::pair<std::size_t, double>> bus_at;  // index, trip start
  for (Date day : {today, Date(today - std::chrono::days(1))}) {
    const auto times = cached_day(n, day, holds);
    for (const auto& tt : *times) {
      const auto& arr = tt.arr;
      const auto& dep = tt.dep;
      if (double(now) < arr.front() || double(now) > arr.back()) continue;
      if (ping(noise) < options_.missed_ping_share) continue;
      const TripIdx t = tt.trip;
      const auto& trip = n.trip(t);
      const std::size_t b = n.trip_span(t).first;
      const std::size_t m = arr.size();
      for (std::size_t k = 0; k + 1 < m; ++k) {
        const double t0 = dep[k], t1 = arr[k + 1];
        if (double(now) < arr[k]) break;
        if (double(now) > t1) continue;
        const double u = double(now) <= t0 ? 0.0 : (double(now) - t0) / std::max(1.0, t1 - t0);
        const auto& pat = g.pattern(g.pattern_of(t.value));
        const auto& path = g.path(pat.path);
        const double along = pat.stop_dist[k] + u * (pat.stop_dist[k + 1] - pat.stop_dist[k]);
        std::uint32_t segment = 0;
        auto [x, y] = Geometry::point_at(path, along, &segment);
        auto [lat, lon] = g.to_latlon(x + gps(noise), y + gps(noise));
        VehicleReport r;
        const std::string& bus = trip.block_id.empty() ? trip.id : trip.block_id;
        r.vehicle_id = "SIM-" + bus;
        r.label = std::to_string(fleet_number[bus]);
        if (options_.trip_ids) r.trip_id = trip.id;
        r.route_id = trip.route_id;
        r.lat = lat;
        r.lon = lon;
        r.speed = double(now) <= t0
                      ? 0.0
                      : (pat.stop_dist[k + 1] - pat.stop_dist[k]) / std::max(1.0, t1 - t0);
        r.bearing = Geometry::heading(path, segment);
        r.timestamp = now;
        if (options_.trip_ids) r.stop_sequence = f.stop_times[b + k + 1].sequence;
        r.status = double(now) <= t0 ? 1 : 2;
        // One bus, one place: a block's late trip still running when its next trip is due keeps
        // the bus (the next trip waits for it).
        if (auto [it, fresh] = bus_at.try_emplace(r.vehicle_id, out.size(), arr.front()); !fresh) {
          if (arr.front() >= it->second.second) break;
          out[it->second.first] = std::move(r);
          it->second.second = arr.front();
          break;
        }
        out.push_back(std::move(r));
        break;
      }
    }
  }
  return out;
}

std::optional<SimHold> follow_instruction(const Network& n, const VehicleReport& fix,
                                          std::string_view text, std::int64_t now) {
  auto i = dispatch::parse_instruction(text);
  if (!i) return std::nullopt;
  auto trip = n.find_trip(fix.trip_id);
  if (!trip) return std::nullopt;
  const auto& f = n.feed();
  const auto [begin, end] = n.trip_span(*trip);
  for (std::size_t k = begin; k < end; ++k) {
    const auto& st = f.stop_times[k];
    if (st.sequence < fix.stop_sequence || f.stops[st.stop].name != i->stop_name) continue;
    SimHold h{fix.trip_id, f.stops[st.stop].id, 0, 0, now};
    if (i->kind == dispatch::AdviceKind::kHold) {
      h.hold_s = i->hold_s;
    } else {
      // The clock time on the driver's screen, on the day of `now` (or the next, when it reads
      // a time just after midnight).
      const std::int64_t offset = n.utc_offset(now);
      const std::int64_t local = now + offset;
      std::int64_t at = local - ((local % 86400) + 86400) % 86400 + i->depart_minute * 60 - offset;
      if (at < now - 43200) at += 86400;
      h.not_before = at;
    }
    return h;
  }
  return std::nullopt;
}

}  // namespace zt::transit

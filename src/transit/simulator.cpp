#include "transit/simulator.hpp"

#include <algorithm>
#include <cmath>
#include <random>

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

std::vector<VehicleReport> Simulator::positions(const Network& n, std::int64_t now) const {
  const auto& f = n.feed();
  const auto& g = n.geometry();
  std::vector<VehicleReport> out;
  std::mt19937_64 noise(options_.seed ^ std::uint64_t(now));
  std::normal_distribution<double> gps(0, options_.gps_error_m);
  std::uniform_real_distribution<double> ping(0, 1);
  const Date today = n.local_date(now);
  const std::int64_t offset = n.utc_offset(now);
  // How busy the roads are at a local time of day: morning and evening peaks, a lesser noon one.
  auto busy = [&](double unix) {
    const double h = std::fmod((unix + double(offset)) / 3600.0 + 48, 24.0);
    auto bump = [&](double at, double width) { return std::exp(-std::pow((h - at) / width, 2)); };
    return std::max({bump(8, 1.2), bump(18, 1.2), 0.6 * bump(12.5, 1.0)});
  };
  std::vector<double> arr, dep;
  for (TripIdx t{0}; t.value < n.trip_count(); ++t.value) {
    auto [b, e] = n.trip_span(t);
    if (e - b < 2 || !n.frequencies_of(t).empty()) continue;
    const auto& trip = n.trip(t);
    for (Date day : {today, Date(today - std::chrono::days(1))}) {
      if (!n.runs(trip.service_id, n.timetable_day(day))) continue;
      const std::int64_t d = day.time_since_epoch().count();
      const double start = double(n.at(day, f.stop_times[b].departure));
      const double sched_end = double(n.at(day, f.stop_times[e - 1].arrival));
      if (now < start || now > sched_end + 2.5 * options_.max_delay_s + 1800) continue;
      // The trip's own delay at its end grows evenly along it: every time after the start is
      // stretched alike. Congested segments add their extra on top.
      const double end_delay =
          (unit_hash(options_.seed, trip.id, d, 1) * 1.2 - 0.2) * options_.max_delay_s;
      const double stretch = 1 + end_delay / std::max(60.0, sched_end - start);
      arr.assign(e - b, 0);
      dep.assign(e - b, 0);
      double extra = 0;
      for (std::size_t k = b; k < e; ++k) {
        const double sa = double(n.at(day, f.stop_times[k].arrival)) - start;
        const double sd = double(n.at(day, f.stop_times[k].departure)) - start;
        if (k > b && options_.congestion > 0) {
          const double run = double(f.stop_times[k].arrival - f.stop_times[k - 1].departure);
          const std::string seg =
              f.stops[f.stop_times[k - 1].stop].id + ">" + f.stops[f.stop_times[k].stop].id;
          const double jam = std::pow(unit_hash(options_.seed, seg, 0, 2), 2);  // few jam hard
          extra += std::max(0.0, run) * options_.congestion * jam * busy(dep[k - b - 1]);
        }
        arr[k - b] = start + sa * stretch + extra;
        dep[k - b] = start + sd * stretch + extra;
      }
      if (double(now) > arr.back()) continue;
      if (ping(noise) < options_.missed_ping_share) continue;
      const std::size_t m = e - b;
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
        r.vehicle_id = trip.block_id.empty() ? "SIM-" + trip.id : "SIM-" + trip.block_id;
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
        out.push_back(std::move(r));
        break;
      }
    }
  }
  return out;
}

}  // namespace zt::transit

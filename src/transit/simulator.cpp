#include "transit/simulator.hpp"

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
  std::vector<VehicleReport> out;
  std::mt19937_64 noise(options_.seed ^ std::uint64_t(now));
  std::normal_distribution<double> gps(0, options_.gps_error_m);
  std::uniform_real_distribution<double> ping(0, 1);
  const Date today = n.local_date(now);
  for (std::uint32_t t = 0; t < f.trips.size(); ++t) {
    auto [b, e] = n.trip_span(t);
    if (e - b < 2 || !n.frequencies_of(t).empty()) continue;
    const auto& trip = f.trips[t];
    for (Date day : {today, Date(today - std::chrono::days(1))}) {
      if (!n.runs(trip.service_id, n.timetable_day(day))) continue;
      const std::int64_t d = day.time_since_epoch().count();
      // The delay at the end of the trip; it grows linearly from zero at the first stop.
      const double end_delay =
          (unit_hash(options_.seed, trip.id, d, 1) * 1.2 - 0.2) * options_.max_delay_s;
      const double start = double(n.at(day, f.stop_times[b].departure));
      const double finish = double(n.at(day, f.stop_times[e - 1].arrival)) + end_delay;
      if (now < start || now > finish) continue;
      if (ping(noise) < options_.missed_ping_share) continue;
      // Find the segment: scheduled times stretched by the growing delay.
      const double span = std::max(1.0, finish - start);
      auto shifted = [&](std::size_t k, bool departure) {
        const double s =
            double(n.at(day, departure ? f.stop_times[k].departure : f.stop_times[k].arrival));
        return s + end_delay * (s - start) / std::max(1.0, span - end_delay);
      };
      for (std::size_t k = b; k + 1 < e; ++k) {
        const double t0 = shifted(k, true), t1 = shifted(k + 1, false);
        if (double(now) < shifted(k, false)) break;
        if (double(now) > t1) continue;
        const auto& a = f.stops[f.stop_times[k].stop];
        const auto& c = f.stops[f.stop_times[k + 1].stop];
        const double u = double(now) <= t0 ? 0.0 : (double(now) - t0) / std::max(1.0, t1 - t0);
        VehicleReport r;
        r.vehicle_id = trip.block_id.empty() ? "SIM-" + trip.id : "SIM-" + trip.block_id;
        r.trip_id = trip.id;
        r.route_id = trip.route_id;
        const double k_lat = 111320.0, k_lon = 111320.0 * std::cos(a.lat * M_PI / 180);
        r.lat = a.lat + u * (c.lat - a.lat) + gps(noise) / k_lat;
        r.lon = a.lon + u * (c.lon - a.lon) + gps(noise) / k_lon;
        const double metres = haversine_m(a.lat, a.lon, c.lat, c.lon);
        r.speed = double(now) <= t0 ? 0.0 : metres / std::max(1.0, t1 - t0);
        r.bearing = std::fmod(
            std::atan2((c.lon - a.lon) * k_lon, (c.lat - a.lat) * k_lat) * 180 / M_PI + 360, 360);
        r.timestamp = now;
        r.stop_sequence = f.stop_times[k + 1].sequence;
        r.status = double(now) <= t0 ? 1 : 2;
        out.push_back(std::move(r));
        break;
      }
    }
  }
  return out;
}

}  // namespace zt::transit

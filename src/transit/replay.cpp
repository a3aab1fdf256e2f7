#include "transit/replay.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <unordered_map>

#include "core/csv.hpp"
#include "transit/arrivals.hpp"
#include "transit/fleet.hpp"

namespace zt::transit {
namespace {

void score(Accuracy& acc, std::int64_t issued, std::int64_t predicted, std::int64_t actual) {
  if (auto j = judge_prediction(issued, predicted, actual)) acc.add(*j);
}

}  // namespace

nlohmann::json ReplayResult::to_json() const {
  return {{"fixes", fixes},
          {"predictions", predictions},
          {"observed_arrivals", observed_arrivals},
          {"history_observations", history_observations},
          {"ours", ours.to_json()},
          {"schedule_only", schedule_only.to_json()},
          {"last_vehicle", last_vehicle.to_json()}};
}

Result<std::vector<VehicleReport>> read_positions(const std::string& path) {
  std::vector<VehicleReport> out;
  if (std::filesystem::is_directory(path)) {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(path))
      if (e.path().extension() == ".pb" || e.path().extension() == ".pbf")
        files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      auto feed = decode_feed(bytes, f.string());
      if (!feed) return fail(feed.error());
      for (auto& v : feed->vehicles) out.push_back(std::move(v));
    }
    return out;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Error::invalid(path + "：无法打开", "positions"));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto t = CsvTable::parse(std::move(text), path);
  if (!t) return fail(t.error());
  auto col = [&](const char* name) { return t->column(name); };
  const int c_vehicle = col("vehicle.vehicle.id"), c_trip = col("vehicle.trip.trip_id"),
            c_route = col("vehicle.trip.route_id"), c_lat = col("vehicle.position.latitude"),
            c_lon = col("vehicle.position.longitude"), c_time = col("vehicle.timestamp"),
            c_seq = col("vehicle.current_stop_sequence"), c_stop = col("vehicle.stop_id");
  for (const char* need : {"vehicle.vehicle.id", "vehicle.position.latitude",
                           "vehicle.position.longitude", "vehicle.timestamp"})
    if (col(need) < 0) return fail(Error::invalid(path + "：缺少列 " + std::string(need), need));
  for (std::size_t r = 0; r < t->rows(); ++r) {
    VehicleReport v;
    v.vehicle_id = t->at(r, c_vehicle);
    v.trip_id = t->at(r, c_trip);
    v.route_id = t->at(r, c_route);
    v.stop_id = t->at(r, c_stop);
    try {
      v.lat = std::stod(std::string(t->at(r, c_lat)));
      v.lon = std::stod(std::string(t->at(r, c_lon)));
      v.timestamp = std::stoll(std::string(t->at(r, c_time)));
      auto seq = t->at(r, c_seq);
      if (!seq.empty()) v.stop_sequence = std::stoi(std::string(seq));
    } catch (const std::exception&) {
      return fail(
          Error::invalid(path + ":" + std::to_string(t->line(r)) + ": 数值无效", "positions"));
    }
    if (!implausible(v)) out.push_back(std::move(v));
  }
  return out;
}

ReplayResult replay(const std::shared_ptr<const Network>& np, std::vector<VehicleReport> fixes,
                    std::ostream* out, const std::vector<VehicleReport>& history) {
  ReplayResult result;
  result.fixes = fixes.size();
  const Network& n = *np;
  const auto& f = n.feed();
  auto by_time = [](const VehicleReport& a, const VehicleReport& b) {
    return a.timestamp < b.timestamp;
  };
  LiveFleet fleet;
  // The history teaches the profiles first, as a server's stored visits would.
  if (!history.empty()) {
    auto h = history;
    std::stable_sort(h.begin(), h.end(), by_time);
    fleet.observe(np, h);
    result.history_observations = fleet.profile_observations();
  }
  std::stable_sort(fixes.begin(), fixes.end(), by_time);
  // Observed arrivals (the tracker's stop visits) per trip instance and stop offset.
  using Key = std::tuple<TripIdx, std::int64_t, int, std::uint32_t>;  // trip, day, shift, offset
  std::map<Key, std::int64_t> actual;
  // Last vehicle: per (route, stop) the latest bus seen arriving there; its running time from the
  // stop this bus last passed to a downstream stop predicts this bus's. Without one (the route's
  // first bus, or this bus not yet seen passing a stop) it falls back to the timetable.
  struct Seen {
    TripIdx trip;
    std::int64_t day;
    int shift;
    std::int64_t at;
  };
  std::map<std::pair<std::string, StopIdx>, Seen> last_at_stop;
  std::unordered_map<std::string, StopEvent> passed;  // per vehicle, its latest visit
  auto arrival_of = [&](const Seen& s, StopIdx stop) -> std::optional<std::int64_t> {
    auto [b, e] = n.trip_span(s.trip);
    for (std::size_t k = b; k < e; ++k)
      if (Network::stop_of(f.stop_times[k]) == stop)
        if (auto it = actual.find(Key{s.trip, s.day, s.shift, std::uint32_t(k - b)});
            it != actual.end())
          return it->second;
    return std::nullopt;
  };
  std::vector<std::tuple<Key, std::int64_t, std::int64_t, std::int64_t, std::int64_t>>
      made;  // key, issued, ours, sched, last vehicle
  if (out) *out << "issued_at,trip_id,stop_id,stop_sequence,predicted_arrival\n";
  for (std::size_t i = 0; i < fixes.size();) {
    std::size_t j = i;
    while (j < fixes.size() && fixes[j].timestamp == fixes[i].timestamp) ++j;
    const std::int64_t now = fixes[i].timestamp;
    auto events = fleet.observe(np, std::span(fixes).subspan(i, j - i));
    for (const auto& e : events) {
      const std::int64_t day = e.day.time_since_epoch().count();
      if (e.arrived) {
        actual.emplace(Key{e.trip, day, e.shift, e.index}, e.arrived);
        const auto stop = Network::stop_of(f.stop_times[n.trip_span(e.trip).first + e.index]);
        last_at_stop[{n.trip(e.trip).route_id, stop}] = {e.trip, day, e.shift, e.arrived};
      }
      passed[e.vehicle_id] = e;
    }
    auto live = fleet.snapshot(now, 600);
    for (const auto& p : live->trips) {
      if (p.vehicle.timestamp != now) continue;  // not heard from in this round
      const auto& on = p.on;
      const std::int64_t day = on.day.time_since_epoch().count();
      const auto& route = n.trip(on.trip).route_id;
      const std::size_t b = n.trip_span(on.trip).first;
      // The stop this bus last passed on this trip, and when it left it.
      std::optional<std::pair<StopIdx, std::int64_t>> from;
      if (auto it = passed.find(p.vehicle.vehicle_id);
          it != passed.end() && it->second.trip == on.trip && it->second.day == on.day &&
          it->second.shift == on.shift)
        from = std::pair{Network::stop_of(f.stop_times[b + it->second.index]),
                         it->second.arrived ? it->second.arrived : it->second.departed};
      for (std::size_t s = 0; s < p.stops.size(); ++s) {
        const auto offset = std::uint32_t(on.next + s);
        const auto& st = f.stop_times[b + offset];
        const std::int64_t ours = std::max(now, p.stops[s].arrival);
        if (ours - now > 15 * 60) break;  // beyond the longest bucket
        const std::int64_t sched = p.base + st.arrival;
        std::int64_t last = std::max(now, sched);
        if (from)
          if (auto it = last_at_stop.find({route, Network::stop_of(st)});
              it != last_at_stop.end()) {
            const auto& prev = it->second;
            const bool other = prev.trip != on.trip || prev.day != day || prev.shift != on.shift;
            if (auto t0 = other ? arrival_of(prev, from->first) : std::nullopt; t0 && prev.at > *t0)
              last = std::max(now, from->second + (prev.at - *t0));
          }
        made.push_back({Key{on.trip, day, on.shift, offset}, now, ours, sched, last});
        if (out)
          *out << now << ',' << n.trip(on.trip).id << ',' << n.stop(Network::stop_of(st)).id << ','
               << st.sequence << ',' << ours << '\n';
      }
    }
    i = j;
  }
  result.predictions = made.size();
  result.observed_arrivals = actual.size();
  result.ours = Accuracy::empty();
  result.schedule_only = Accuracy::empty();
  result.last_vehicle = Accuracy::empty();
  for (const auto& [key, issued, ours, sched, last] : made) {
    auto it = actual.find(key);
    if (it == actual.end() || it->second < issued) continue;
    score(result.ours, issued, ours, it->second);
    score(result.schedule_only, issued, std::max(issued, sched), it->second);
    score(result.last_vehicle, issued, last, it->second);
  }
  return result;
}

}  // namespace zt::transit

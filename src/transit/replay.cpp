#include "transit/replay.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string_view>
#include <unordered_map>

#include <zlib.h>

#include "core/csv.hpp"
#include "transit/arrivals.hpp"
#include "transit/fleet.hpp"

namespace zt::transit {
namespace {

// A file's bytes, inflated when it is gzip-compressed (a day of fixes is 2 MB as text, 0.3 MB
// compressed). Bounded: a recording is not allowed to fill memory.
Result<std::string> read_text(const std::string& path) {
  constexpr std::size_t kMaxBytes = std::size_t(1) << 31;
  if (!path.ends_with(".gz")) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(Error::invalid(path + "：无法打开", "positions"));
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return text;
  }
  std::unique_ptr<std::remove_pointer_t<gzFile>, int (*)(gzFile)> f(gzopen(path.c_str(), "rb"),
                                                                    gzclose);
  if (!f) return fail(Error::invalid(path + "：无法打开", "positions"));
  std::string text;
  char buf[1 << 16];
  for (;;) {
    const int got = gzread(f.get(), buf, sizeof buf);
    if (got < 0) return fail(Error::invalid(path + "：gzip 数据损坏", "positions"));
    if (got == 0) break;
    if (text.size() + std::size_t(got) > kMaxBytes)
      return fail(Error::invalid(path + "：解压后超过 2 GiB", "positions"));
    text.append(buf, std::size_t(got));
  }
  int err = Z_OK;
  gzerror(f.get(), &err);
  if (err != Z_OK) return fail(Error::invalid(path + "：gzip 数据不完整", "positions"));
  return text;
}

}  // namespace

nlohmann::json ReplayResult::to_json() const {
  nlohmann::json routes = nlohmann::json::object();
  for (const auto& [id, a] : ours_by_route) routes[id] = a.to_json();
  return {{"fixes", fixes},
          {"predictions", predictions},
          {"observed_arrivals", observed_arrivals},
          {"judged_arrivals", judged_arrivals},
          {"history_observations", history_observations},
          {"ours", ours.to_json()},
          {"ours_expected", ours_expected.to_json()},
          {"schedule_only", schedule_only.to_json()},
          {"delay_carried", delay_carried.to_json()},
          {"last_vehicle", last_vehicle.to_json()},
          {"ours_by_route", routes}};
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
  auto text = read_text(path);
  if (!text) return fail(text.error());
  auto t = CsvTable::parse(std::move(*text), path);
  if (!t) return fail(t.error());
  auto col = [&](const char* name) { return t->column(name); };
  const int c_vehicle = col("vehicle.vehicle.id"), c_trip = col("vehicle.trip.trip_id"),
            c_route = col("vehicle.trip.route_id"), c_lat = col("vehicle.position.latitude"),
            c_lon = col("vehicle.position.longitude"), c_time = col("vehicle.timestamp"),
            c_seq = col("vehicle.current_stop_sequence"), c_stop = col("vehicle.stop_id"),
            c_status = col("vehicle.current_status"), c_speed = col("vehicle.position.speed"),
            c_bearing = col("vehicle.position.bearing");
  for (const char* need : {"vehicle.vehicle.id", "vehicle.position.latitude",
                           "vehicle.position.longitude", "vehicle.timestamp"})
    if (col(need) < 0) return fail(Error::invalid(path + "：缺少列 " + std::string(need), need));
  auto cell = [&](std::size_t r, int c) { return c < 0 ? std::string_view{} : t->at(r, c); };
  for (std::size_t r = 0; r < t->rows(); ++r) {
    VehicleReport v;
    v.vehicle_id = t->at(r, c_vehicle);
    v.trip_id = cell(r, c_trip);
    v.route_id = cell(r, c_route);
    v.stop_id = cell(r, c_stop);
    const char* field = "";
    try {
      field = "vehicle.position.latitude";
      v.lat = std::stod(std::string(t->at(r, c_lat)));
      field = "vehicle.position.longitude";
      v.lon = std::stod(std::string(t->at(r, c_lon)));
      field = "vehicle.timestamp";
      v.timestamp = std::stoll(std::string(t->at(r, c_time)));
      field = "vehicle.current_stop_sequence";
      if (auto seq = cell(r, c_seq); !seq.empty()) v.stop_sequence = std::stoi(std::string(seq));
      field = "vehicle.position.speed";
      if (auto x = cell(r, c_speed); !x.empty()) v.speed = std::stod(std::string(x));
      field = "vehicle.position.bearing";
      if (auto x = cell(r, c_bearing); !x.empty()) v.bearing = std::stod(std::string(x));
      field = "vehicle.current_status";
      // The enum by name (our simulator) or by number (flattened feeds write 1.0).
      if (auto x = cell(r, c_status); !x.empty())
        v.status = x == "INCOMING_AT"     ? 0
                   : x == "STOPPED_AT"    ? 1
                   : x == "IN_TRANSIT_TO" ? 2
                                          : std::clamp(std::stoi(std::string(x)), 0, 2);
    } catch (const std::exception&) {
      return fail(Error::invalid(
          path + ":" + std::to_string(t->line(r)) + ": " + field + " 数值无效", field));
    }
    if (!implausible(v)) out.push_back(std::move(v));
  }
  return out;
}

ReplayResult replay(const std::shared_ptr<const Network>& np, std::vector<VehicleReport> fixes,
                    std::ostream* out, const std::vector<VehicleReport>& history,
                    std::ostream* arrivals_out) {
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
  // Observed crossings per trip instance and stop offset; what each method issued for them.
  using Key = std::tuple<TripIdx, std::int64_t, int, std::uint32_t>;  // trip, day, shift, offset
  std::map<Key, std::int64_t> actual, arrived;
  // Who crossed each stop, and when each vehicle was first heard: an arrival is judged only from
  // the moment the bus that served it was in service (heard on this trip or an earlier one), as a
  // published feed can predict only for a bus it knows. Every method is judged at those instants.
  std::map<Key, std::string_view> served_by;
  std::unordered_map<std::string_view, std::int64_t> first_heard;
  for (const auto& v : fixes) first_heard.try_emplace(v.vehicle_id, v.timestamp);
  std::map<Key, std::vector<Issued>> ours, expected, carried, last_vehicle;
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
        if (auto it = arrived.find(Key{s.trip, s.day, s.shift, std::uint32_t(k - b)});
            it != arrived.end())
          return it->second;
    return std::nullopt;
  };
  // Predictions further out than this can be on show for an arrival within the longest bucket
  // only when they are far wrong; kept anyway, as a rider would have seen them.
  constexpr std::int64_t kKeepAhead = 2 * kLongestHorizonS;
  // basis: what the prediction stood on — the bus running the trip, the bus standing at the trip's
  // first stop, or the bus still on the trip before it in its block.
  if (out) *out << "issued_at,trip_id,stop_id,stop_sequence,predicted_arrival,basis\n";
  // How long the server publishes a bus's predictions after its last fix (its snapshots' age).
  constexpr std::int64_t kPublishedForS = 600;
  std::map<std::tuple<TripIdx, std::int64_t, int>, std::int64_t> published_at;  // per trip run
  for (std::size_t i = 0; i < fixes.size();) {
    std::size_t j = i;
    while (j < fixes.size() && fixes[j].timestamp == fixes[i].timestamp) ++j;
    const std::int64_t now = fixes[i].timestamp;
    auto events = fleet.observe(np, std::span(fixes).subspan(i, j - i));
    for (const auto& e : events) {
      const std::int64_t day = e.day.time_since_epoch().count();
      const Key key{e.trip, day, e.shift, e.index};
      if (e.crossed && e.index > 0 && actual.emplace(key, e.crossed).second)
        if (auto it = first_heard.find(e.vehicle_id); it != first_heard.end())
          served_by.emplace(key, it->first);
      if (e.arrived) {
        arrived.emplace(key, e.arrived);
        const auto stop = Network::stop_of(f.stop_times[n.trip_span(e.trip).first + e.index]);
        last_at_stop[{n.trip(e.trip).route_id, stop}] = {e.trip, day, e.shift, e.arrived};
      }
      passed[e.vehicle_id] = e;
    }
    auto live = fleet.snapshot(now, kPublishedForS);
    // Per trip run the prediction the boards show (a bus on it before one that will run it next).
    // A bus heard in this round issues afresh; one gone quiet stays in the TripUpdates feed as
    // last predicted, republished as a reader polling every kJudgeStepS seconds sees it.
    for (const auto& [run, r] : live->index) {
      const auto& p = live->run(r);
      auto [published, fresh_run] = published_at.try_emplace(run, now);
      if (p.vehicle.timestamp != now && !fresh_run && now - published->second < kJudgeStepS)
        continue;
      published->second = now;
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
        if (p.stops[s].arrival - now > kKeepAhead) break;
        const std::int64_t predicted = shown_arrival(p.stops[s].arrival, now);
        const Key key{on.trip, day, on.shift, offset};
        ours[key].push_back({now, predicted});
        expected[key].push_back({now, std::max(now, p.stops[s].arrival)});
        if (out)
          *out << now << ',' << n.trip(on.trip).id << ',' << n.stop(Network::stop_of(st)).id << ','
               << st.sequence << ',' << predicted << ','
               << (p.pending      ? "next_in_block"
                   : on.next == 0 ? "at_terminal"
                                  : "on_trip")
               << '\n';
        if (p.pending) continue;  // the baselines know only the trip a bus is on
        const std::int64_t sched = p.base + st.arrival;
        carried[key].push_back({now, std::max(now, sched + on.delay)});
        std::int64_t last = std::max(now, sched);
        if (from)
          if (auto it = last_at_stop.find({route, Network::stop_of(st)});
              it != last_at_stop.end()) {
            const auto& prev = it->second;
            const bool other = prev.trip != on.trip || prev.day != day || prev.shift != on.shift;
            if (auto t0 = other ? arrival_of(prev, from->first) : std::nullopt; t0 && prev.at > *t0)
              last = std::max(now, from->second + (prev.at - *t0));
          }
        last_vehicle[key].push_back({now, last});
      }
    }
    i = j;
  }
  for (const auto& [key, v] : ours) result.predictions += v.size();
  result.observed_arrivals = arrived.size();
  result.judged_arrivals = actual.size();
  result.ours = Accuracy::empty();
  result.ours_expected = Accuracy::empty();
  result.schedule_only = Accuracy::empty();
  result.delay_carried = Accuracy::empty();
  result.last_vehicle = Accuracy::empty();
  const std::int64_t recorded_from = fixes.empty() ? 0 : fixes.front().timestamp;
  auto shown_by = [](const std::map<Key, std::vector<Issued>>& made, const Key& key) {
    const auto it = made.find(key);
    return [list = it == made.end() ? std::span<const Issued>{} : std::span(it->second)](
               std::int64_t t) { return shown_at(list, t); };
  };
  if (arrivals_out) *arrivals_out << "trip_id,service_date,stop_sequence,stop_id,crossed_at\n";
  for (const auto& [key, at] : actual) {
    const auto& [trip, day, shift, offset] = key;
    if (arrivals_out) {
      const auto& st = f.stop_times[n.trip_span(trip).first + offset];
      *arrivals_out << n.trip(trip).id << ',' << format_date(Date(std::chrono::days(day))) << ','
                    << st.sequence << ',' << n.stop(Network::stop_of(st)).id << ',' << at << '\n';
    }
    const std::int64_t sched =
        n.at(Date(std::chrono::days(day)), f.stop_times[n.trip_span(trip).first + offset].arrival) +
        shift;
    auto& route = result.ours_by_route[n.trip(trip).route_id];
    std::int64_t start = recorded_from;
    if (auto it = served_by.find(key); it != served_by.end())
      start = std::max(start, first_heard.at(it->second));
    judge_arrival(result.ours, at, shown_by(ours, key), start);
    judge_arrival(route, at, shown_by(ours, key), start);
    judge_arrival(result.ours_expected, at, shown_by(expected, key), start);
    judge_arrival(
        result.schedule_only, at, [&](std::int64_t t) { return std::max(t, sched); }, start);
    judge_arrival(result.delay_carried, at, shown_by(carried, key), start);
    judge_arrival(result.last_vehicle, at, shown_by(last_vehicle, key), start);
  }
  return result;
}

}  // namespace zt::transit

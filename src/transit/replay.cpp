#include "transit/replay.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "core/csv.hpp"
#include "transit/arrivals.hpp"

namespace zt::transit {
namespace {

// Transit App's windows: a prediction hits when the bus arrives no more than `early` seconds
// before and no more than `late` seconds after it.
struct Window {
  const char* name;
  int from, to, early, late;
};
constexpr Window kWindows[] = {{"0-3 分钟", 0, 180, 30, 90},
                               {"3-6 分钟", 180, 360, 60, 150},
                               {"6-10 分钟", 360, 600, 60, 210},
                               {"10-15 分钟", 600, 900, 90, 270}};

Accuracy empty_accuracy() {
  Accuracy a;
  for (const auto& w : kWindows) a.buckets.push_back({w.name, 0, 0, 0});
  return a;
}

void score(Accuracy& acc, std::int64_t issued, std::int64_t predicted, std::int64_t actual) {
  const std::int64_t horizon = actual - issued;
  for (std::size_t i = 0; i < std::size(kWindows); ++i) {
    const auto& w = kWindows[i];
    if (horizon < w.from || horizon >= w.to) continue;
    const std::int64_t err = actual - predicted;
    auto& b = acc.buckets[i];
    b.n++;
    b.hits += err >= -w.early && err <= w.late;
    b.abs_error_sum += double(std::llabs(err));
  }
}

}  // namespace

double Accuracy::score() const {
  double sum = 0;
  int used = 0;
  for (const auto& b : buckets)
    if (b.n) sum += double(b.hits) / b.n, ++used;
  return used ? sum / used : 0;
}

nlohmann::json Accuracy::to_json() const {
  auto list = nlohmann::json::array();
  for (const auto& b : buckets)
    list.push_back({{"bucket", b.name},
                    {"predictions", b.n},
                    {"accuracy", b.n ? double(b.hits) / b.n : 0.0},
                    {"mae_seconds", b.n ? b.abs_error_sum / b.n : 0.0}});
  return {{"score", score()}, {"buckets", list}};
}

nlohmann::json ReplayResult::to_json() const {
  return {{"fixes", fixes},
          {"predictions", predictions},
          {"observed_arrivals", observed_arrivals},
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

ReplayResult replay(const Network& n, std::vector<VehicleReport> fixes, std::ostream* out) {
  ReplayResult result;
  result.fixes = fixes.size();
  std::stable_sort(fixes.begin(), fixes.end(), [](const VehicleReport& a, const VehicleReport& b) {
    return a.timestamp < b.timestamp;
  });
  const auto& f = n.feed();
  // Observed arrivals: a stop is reached between the last fix before the bus passes it and the
  // first fix after (their midpoint), per (trip, service day, stop index).
  using Key = std::tuple<std::uint32_t, std::int64_t, std::size_t>;
  std::map<Key, std::int64_t> actual;
  std::map<std::pair<std::string, std::int64_t>, std::pair<std::size_t, std::int64_t>> last_next;
  // Last vehicle: per (route, stop) the latest trip seen arriving there; its running time from
  // the stop this bus last passed to a downstream stop predicts this bus's. Without one (the
  // route's first bus, or this bus not yet seen passing a stop) it falls back to the timetable.
  struct Seen {
    std::uint32_t trip;
    std::int64_t day, at;
  };
  std::map<std::pair<std::string, std::uint32_t>, Seen> last_at_stop;
  auto arrival_of = [&](std::uint32_t trip, std::int64_t day,
                        std::uint32_t stop) -> std::optional<std::int64_t> {
    auto [b, e] = n.trip_span(trip);
    for (std::size_t k = b; k < e; ++k)
      if (f.stop_times[k].stop == stop)
        if (auto it = actual.find(Key{trip, day, k}); it != actual.end()) return it->second;
    return std::nullopt;
  };
  std::vector<std::tuple<Key, std::int64_t, std::int64_t, std::int64_t, std::int64_t>>
      made;  // key, issued, ours, sched, last vehicle
  if (out) *out << "issued_at,trip_id,stop_id,stop_sequence,predicted_arrival\n";
  for (const auto& v : fixes) {
    auto p = locate(n, v);
    if (!p) continue;
    const std::int64_t day = p->day.time_since_epoch().count();
    auto& [prev_next, prev_time] = last_next[{f.trips[p->trip].id, day}];
    const auto& route = f.trips[p->trip].route_id;
    if (prev_time && p->next > prev_next)
      for (std::size_t k = prev_next; k < p->next; ++k) {
        auto at = (prev_time + v.timestamp) / 2;
        actual.emplace(Key{p->trip, day, k}, at);
        last_at_stop[{route, f.stop_times[k].stop}] = {p->trip, day, at};
      }
    prev_next = p->next;
    prev_time = v.timestamp;
    auto [b, e] = n.trip_span(p->trip);
    // The stop this bus last passed, and when.
    std::optional<std::pair<std::uint32_t, std::int64_t>> passed;
    if (p->next > b)
      if (auto it = actual.find(Key{p->trip, day, p->next - 1}); it != actual.end())
        passed = std::pair{f.stop_times[p->next - 1].stop, it->second};
    for (std::size_t k = p->next; k < e; ++k) {
      const auto& st = f.stop_times[k];
      const std::int64_t sched = n.at(p->day, st.arrival);
      const std::int64_t ours = std::max(v.timestamp, sched + p->delay);
      if (ours - v.timestamp > 15 * 60) break;  // beyond the longest bucket
      std::int64_t last = std::max(v.timestamp, sched);
      if (passed)
        if (auto it = last_at_stop.find({route, st.stop}); it != last_at_stop.end()) {
          const auto& prev = it->second;
          bool other = prev.trip != p->trip || prev.day != day;
          if (auto from = other ? arrival_of(prev.trip, prev.day, passed->first) : std::nullopt;
              from && prev.at > *from)
            last = std::max(v.timestamp, passed->second + (prev.at - *from));
        }
      made.push_back({Key{p->trip, day, k}, v.timestamp, ours, sched, last});
      if (out)
        *out << v.timestamp << ',' << f.trips[p->trip].id << ',' << f.stops[st.stop].id << ','
             << st.sequence << ',' << ours << '\n';
    }
  }
  result.predictions = made.size();
  result.observed_arrivals = actual.size();
  result.ours = empty_accuracy();
  result.schedule_only = empty_accuracy();
  result.last_vehicle = empty_accuracy();
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

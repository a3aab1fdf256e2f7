#include "transit/kpi/kpi.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <tuple>

namespace zt::transit::kpi {
namespace {

using nlohmann::json;

json opt(std::optional<double> v) { return v ? json(*v) : json(nullptr); }

Punctuality window(std::int64_t dev, const KpiOptions& o) {
  if (dev < -o.early_s) return Punctuality::kEarly;
  if (dev > o.late_s) return Punctuality::kLate;
  return Punctuality::kOnTime;
}

bool in_peak(std::int64_t t, const KpiOptions& o) {
  const std::int64_t tod = ((t + o.utc_offset_s) % 86400 + 86400) % 86400;
  for (const auto& p : o.peaks)
    if ((tod >= p.from_s && tod < p.to_s) || (tod + 86400 >= p.from_s && tod + 86400 < p.to_s))
      return true;
  return false;
}

// Records of one route, direction, first stop and service day: where headways are measured.
std::vector<std::vector<std::size_t>> headway_groups(std::span<const TripRecord> records) {
  std::map<std::tuple<std::string_view, int, std::string_view, Date>, std::vector<std::size_t>> by;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& r = records[i];
    by[{r.route_id, r.direction, r.start_stop_id, r.service_date}].push_back(i);
  }
  std::vector<std::vector<std::size_t>> out;
  for (auto& [k, v] : by) out.push_back(std::move(v));
  return out;
}

// Gaps between the sorted non-zero times.
std::vector<std::int64_t> gaps(std::vector<std::int64_t> t) {
  std::erase(t, 0);
  std::sort(t.begin(), t.end());
  std::vector<std::int64_t> g;
  for (std::size_t i = 1; i < t.size(); ++i) g.push_back(t[i] - t[i - 1]);
  return g;
}

Result<int> parse_clock(std::string_view s) {
  int h = 0, m = 0;
  auto colon = s.find(':');
  auto hs = s.substr(0, colon);
  auto [p, ec] = std::from_chars(hs.data(), hs.data() + hs.size(), h);
  bool ok = ec == std::errc{} && p == hs.data() + hs.size() && !hs.empty();
  if (ok && colon != std::string_view::npos) {
    auto ms = s.substr(colon + 1);
    auto [q, ec2] = std::from_chars(ms.data(), ms.data() + ms.size(), m);
    ok = ec2 == std::errc{} && q == ms.data() + ms.size() && ms.size() == 2 && m < 60;
  }
  if (!ok || h < 0 || h > 30) return fail(Error::invalid("高峰时段格式应为 07-09,17-19", "peaks"));
  return h * 3600 + m * 60;
}

}  // namespace

std::string_view punctuality_code(Punctuality p) {
  constexpr std::string_view codes[] = {"not_judged", "on_time", "early", "late"};
  return codes[int(p)];
}

json KpiOptions::to_json() const {
  json p = json::array();
  for (const auto& k : peaks) p.push_back({{"from_s", k.from_s}, {"to_s", k.to_s}});
  return {{"early_s", early_s},
          {"late_s", late_s},
          {"peaks", p},
          {"high_frequency_headway_s", high_frequency_headway_s}};
}

Result<std::vector<Peak>> parse_peaks(std::string_view text) {
  std::vector<Peak> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    auto part = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    auto dash = part.find('-');
    if (dash == std::string_view::npos)
      return fail(Error::invalid("高峰时段格式应为 07-09,17-19", "peaks"));
    auto from = parse_clock(part.substr(0, dash));
    if (!from) return fail(from.error());
    auto to = parse_clock(part.substr(dash + 1));
    if (!to) return fail(to.error());
    if (*to <= *from) return fail(Error::invalid("高峰时段须先早后晚", "peaks"));
    out.push_back({*from, *to});
  }
  if (out.empty()) return fail(Error::invalid("至少给出一个高峰时段", "peaks"));
  return out;
}

json TripVerdict::to_json() const {
  json j{{"departure", punctuality_code(departure)},
         {"arrival", punctuality_code(arrival)},
         {"headway_form", headway_form},
         {"peak", peak}};
  j["deviation_s"] = deviation_s ? json(*deviation_s) : json(nullptr);
  j["headway_s"] = headway_s ? json(*headway_s) : json(nullptr);
  return j;
}

std::vector<TripVerdict> judge(std::span<const TripRecord> records, const KpiOptions& o) {
  std::vector<TripVerdict> out(records.size());
  for (const auto& g : headway_groups(records)) {
    std::vector<std::size_t> left;
    for (std::size_t i : g)
      if (records[i].actual_start) left.push_back(i);
    std::sort(left.begin(), left.end(), [&](std::size_t a, std::size_t b) {
      return records[a].actual_start < records[b].actual_start;
    });
    for (std::size_t k = 1; k < left.size(); ++k)
      out[left[k]].headway_s = records[left[k]].actual_start - records[left[k - 1]].actual_start;
  }
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& r = records[i];
    auto& v = out[i];
    v.headway_form = r.headway_s > 0;
    if (r.planned() && r.actual_start) {
      if (!v.headway_form) {
        v.deviation_s = r.actual_start - r.sched_start;
        v.departure = window(*v.deviation_s, o);
      } else if (v.headway_s) {  // the day's first departure has no headway to judge
        v.deviation_s = *v.headway_s - r.headway_s;
        v.departure = window(*v.deviation_s, o);
      }
    }
    if (r.planned() && !v.headway_form && r.actual_end)
      v.arrival = window(r.actual_end - r.sched_end, o);
    // Revenue distance over revenue time from the first stop as far as the bus was seen.
    v.peak = r.observed() && r.service_s() > 0 && r.distance_m > 0 && in_peak(r.actual_start, o);
  }
  return out;
}

std::optional<double> Figures::on_time_departure_rate() const {
  if (!departures_judged) return std::nullopt;
  return double(departures_on_time) / departures_judged;
}
std::optional<double> Figures::execution_rate() const {
  if (!planned) return std::nullopt;
  return double(completed) / planned;
}
std::optional<double> Figures::terminal_arrival_rate() const {
  if (!arrivals_judged) return std::nullopt;
  return double(arrivals_on_time) / arrivals_judged;
}
std::optional<double> Figures::peak_speed_kmh() const {
  if (peak_seconds <= 0) return std::nullopt;
  return peak_distance_m / peak_seconds * 3.6;
}
std::optional<double> Figures::headway_cv() const {
  if (headways < 2 || headway_sum <= 0) return std::nullopt;
  const double mean = headway_sum / headways;
  const double var = std::max(0.0, headway_sq / headways - mean * mean);
  return std::sqrt(var) / mean;
}
std::optional<double> Figures::excess_wait_s() const {
  // Average wait of passengers arriving at random: Σh² ÷ 2Σh (London's EWT = actual − scheduled).
  if (headway_sum <= 0 || planned_sum <= 0) return std::nullopt;
  return headway_sq / (2 * headway_sum) - planned_sq / (2 * planned_sum);
}

void Figures::add(const Figures& o) {
  planned += o.planned, observed += o.observed, completed += o.completed, partial += o.partial;
  cancelled += o.cancelled, added += o.added;
  departures_judged += o.departures_judged, departures_on_time += o.departures_on_time;
  departures_early += o.departures_early, departures_late += o.departures_late;
  departures_unobserved += o.departures_unobserved;
  arrivals_judged += o.arrivals_judged, arrivals_on_time += o.arrivals_on_time;
  service_km += o.service_km;
  peak_trips += o.peak_trips, peak_distance_m += o.peak_distance_m, peak_seconds += o.peak_seconds;
  headways += o.headways, planned_headways += o.planned_headways;
  headway_sum += o.headway_sum, headway_sq += o.headway_sq;
  planned_sum += o.planned_sum, planned_sq += o.planned_sq;
}

json Figures::to_json() const {
  return {{"on_time_departure_rate", opt(on_time_departure_rate())},
          {"execution_rate", opt(execution_rate())},
          {"terminal_arrival_rate", opt(terminal_arrival_rate())},
          {"peak_speed_kmh", opt(peak_speed_kmh())},
          {"headway_cv", opt(headway_cv())},
          {"excess_wait_s", opt(excess_wait_s())},
          {"trips_planned", planned},
          {"trips_observed", observed},
          {"trips_completed", completed},
          {"trips_partial", partial},
          {"trips_cancelled", cancelled},
          {"trips_added", added},
          {"departures_judged", departures_judged},
          {"departures_on_time", departures_on_time},
          {"departures_early", departures_early},
          {"departures_late", departures_late},
          {"departures_unobserved", departures_unobserved},
          {"arrivals_judged", arrivals_judged},
          {"arrivals_on_time", arrivals_on_time},
          {"service_km", service_km},
          {"peak_trips", peak_trips},
          {"peak_distance_km", peak_distance_m / 1000},
          {"peak_hours", peak_seconds / 3600},
          {"headways", headways}};
}

json KpiReport::to_json() const {
  json j = city.to_json();
  json routes_j = json::array();
  for (const auto& [id, f] : routes) {
    json r = f.to_json();
    r["route_id"] = id;
    json dirs = json::array();
    for (auto it = directions.lower_bound({id, -1000});
         it != directions.end() && it->first.first == id; ++it) {
      json d = it->second.to_json();
      d["direction_id"] = it->first.second;
      dirs.push_back(std::move(d));
    }
    r["directions"] = std::move(dirs);
    routes_j.push_back(std::move(r));
  }
  j["routes"] = std::move(routes_j);
  json agencies_j = json::array();
  for (const auto& [id, f] : agencies) {
    json a = f.to_json();
    a["agency_id"] = id;
    agencies_j.push_back(std::move(a));
  }
  j["agencies"] = std::move(agencies_j);
  return j;
}

void add_agencies(KpiReport& rep, const std::map<std::string, std::string>& agency_of) {
  rep.agencies.clear();
  for (const auto& [route, f] : rep.routes) {
    auto it = agency_of.find(route);
    rep.agencies[it == agency_of.end() ? std::string() : it->second].add(f);
  }
}

KpiReport compute_kpis(std::span<const TripRecord> records, const KpiOptions& o) {
  const auto verdicts = judge(records, o);
  KpiReport rep;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& r = records[i];
    const auto& v = verdicts[i];
    auto& f = rep.directions[{r.route_id, r.direction}];
    if (r.planned()) ++f.planned;
    if (r.planned() && r.observed()) ++f.observed;
    switch (r.outcome) {
      case Outcome::kCompleted:
        ++f.completed;
        break;
      case Outcome::kPartial:
        ++f.partial;
        break;
      case Outcome::kCancelled:
        ++f.cancelled;
        break;
      case Outcome::kAdded:
        ++f.added;
        break;
    }
    if (r.observed()) f.service_km += r.distance_m / 1000;
    if (r.planned() && r.observed() && !r.actual_start) ++f.departures_unobserved;
    if (v.departure != Punctuality::kNotJudged) {
      ++f.departures_judged;
      f.departures_on_time += v.departure == Punctuality::kOnTime;
      f.departures_early += v.departure == Punctuality::kEarly;
      f.departures_late += v.departure == Punctuality::kLate;
    }
    if (v.arrival != Punctuality::kNotJudged) {
      ++f.arrivals_judged;
      f.arrivals_on_time += v.arrival == Punctuality::kOnTime;
    }
    if (v.peak) {
      ++f.peak_trips;
      f.peak_distance_m += r.distance_m;
      f.peak_seconds += double(r.service_s());
    }
  }
  // Headways of high-frequency route-direction days, at their first stop.
  for (const auto& g : headway_groups(records)) {
    std::vector<std::int64_t> actual, plan;
    for (std::size_t i : g) {
      if (records[i].planned()) plan.push_back(records[i].sched_start);
      actual.push_back(records[i].actual_start);
    }
    auto ph = gaps(plan);
    if (ph.empty()) continue;
    auto sorted = ph;
    std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
    if (sorted[sorted.size() / 2] > o.high_frequency_headway_s) continue;
    const auto& r0 = records[g.front()];
    auto& f = rep.directions[{r0.route_id, r0.direction}];
    for (auto h : gaps(actual))
      ++f.headways, f.headway_sum += double(h), f.headway_sq += double(h) * double(h);
    for (auto h : ph)
      ++f.planned_headways, f.planned_sum += double(h), f.planned_sq += double(h) * double(h);
  }
  for (const auto& [key, f] : rep.directions) {
    rep.routes[key.first].add(f);
    rep.city.add(f);
  }
  return rep;
}

Result<bool> counts_for(const TripRecord& r, const TripVerdict& v, std::string_view figure) {
  if (figure == "planned") return r.planned();
  if (figure == "observed") return r.planned() && r.observed();
  if (auto o = parse_outcome(figure)) return r.outcome == *o;
  if (figure == "departure_on_time") return v.departure == Punctuality::kOnTime;
  if (figure == "departure_early") return v.departure == Punctuality::kEarly;
  if (figure == "departure_late") return v.departure == Punctuality::kLate;
  if (figure == "departure_judged") return v.departure != Punctuality::kNotJudged;
  if (figure == "departure_unobserved") return r.planned() && r.observed() && !r.actual_start;
  if (figure == "arrival_on_time") return v.arrival == Punctuality::kOnTime;
  if (figure == "arrival_judged") return v.arrival != Punctuality::kNotJudged;
  if (figure == "peak") return v.peak;
  return fail(Error::invalid("没有这个指标口径：" + std::string(figure), "figure"));
}

}  // namespace zt::transit::kpi

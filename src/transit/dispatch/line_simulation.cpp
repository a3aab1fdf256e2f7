#include "transit/dispatch/line_simulation.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <queue>
#include <random>
#include <tuple>

#include "transit/dispatch/advice.hpp"

namespace zt::transit::dispatch {
namespace {

double bump(double hour, double at, double width) {
  return std::exp(-std::pow((hour - at) / width, 2));
}
double hour_of(double t) { return std::fmod(t / 3600.0 + 48, 24.0); }
// Running times × this at a time of day: the morning and evening peaks, a lesser noon one.
double traffic(const LineOptions& o, double t) {
  const double h = hour_of(t);
  return 1 +
         o.peak_traffic * std::max({bump(h, 7.8, 1.2), bump(h, 17.8, 1.3), 0.5 * bump(h, 12.5, 1)});
}
// Passengers arriving per second at a stop of demand 1.
double rate(const LineOptions& o, double t) {
  const double h = hour_of(t);
  return o.passengers_per_min / 60.0 *
         (1 + (o.peak_demand - 1) * std::max(bump(h, 7.5, 1.1), bump(h, 17.5, 1.2)));
}

struct Sim {
  const SimLine& line;
  Control control;
  const LineOptions& o;
  const Settings& settings;
  std::mt19937_64 rng;
  std::size_t n = 0, m = 0;
  std::vector<double> headway_plan;           // per trip: planned headway behind its leader
  std::vector<std::vector<double>> base;      // per trip, per stop: free-flow run to it
  std::vector<std::vector<double>> arr, dep;  // per trip, per stop; NaN not yet
  std::vector<int> last;                      // per trip: last stop arrived at; -1 none
  std::vector<double> eta;                    // per trip: arrival at stop last + 1
  std::vector<double> last_departure;         // per stop
  LineResult result;

  Sim(const SimLine& l, Control c, const LineOptions& opt, const Settings& s)
      : line(l), control(c), o(opt), settings(s), rng(opt.seed) {
    n = line.trips.size();
    m = line.stops.size();
    headway_plan.assign(n, 600);
    for (std::size_t i = 0; i < n; ++i) {
      if (i > 0)
        headway_plan[i] = line.trips[i].planned[0] - line.trips[i - 1].planned[0];
      else if (n > 1)
        headway_plan[i] = line.trips[1].planned[0] - line.trips[0].planned[0];
      headway_plan[i] = std::clamp(headway_plan[i], 60.0, 3600.0);
    }
    base.assign(n, std::vector<double>(m, 0));
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t k = 1; k < m; ++k) {
        const auto& p = line.trips[i].planned;
        const double seg = p[k] - p[k - 1];
        const double dwell = expected_dwell(i, k - 1, p[k - 1]);
        base[i][k] = std::max(0.3 * seg, seg - dwell) / traffic(o, p[k - 1]);
      }
    const double nan = std::nan("");
    arr.assign(n, std::vector<double>(m, nan));
    dep = arr;
    last.assign(n, -1);
    eta.assign(n, nan);
    last_departure.assign(m, nan);
  }

  double expected_dwell(std::size_t i, std::size_t k, double t) const {
    const double pax = rate(o, t) * line.stops[k].demand * headway_plan[i];
    return pax > 0.5 ? o.door_s + o.board_s * pax : 0;
  }

  // Predicted arrivals of trip j at stops from its next on, seen at `now` (the product's kind
  // of forecast: the current segment as it goes, the rest at the hour's mean).
  struct View {
    std::size_t next = 0;
    bool at_stop = false;
    std::vector<double> predicted;  // stops next … m-1
  };
  std::optional<View> view(std::size_t j, double now) const {
    if (last[j] < 0) return std::nullopt;
    const auto k = std::size_t(last[j]);
    View v;
    double t = 0;
    if (now < dep[j][k]) {
      v.next = k;
      v.at_stop = true;
      v.predicted.push_back(arr[j][k]);
      t = dep[j][k];
    } else {
      if (k + 1 >= m) return std::nullopt;  // finished
      v.next = k + 1;
      v.predicted.push_back(eta[j]);
      t = eta[j] + expected_dwell(j, k + 1, eta[j]);
    }
    for (std::size_t s = v.at_stop ? k + 1 : k + 2; s < m; ++s) {
      t += base[j][s] * traffic(o, now);
      v.predicted.push_back(t);
      t += expected_dwell(j, s, t);
    }
    return v;
  }

  // The follower's predicted arrival at stop k (its planned start when it has not started).
  double predicted_at(std::size_t j, std::size_t k, double now) const {
    if (auto v = view(j, now)) {
      if (k >= v->next) return v->predicted[k - v->next];
      return now;
    }
    double t = std::max(now, line.trips[j].planned[0]);
    for (std::size_t s = 1; s <= k; ++s)
      t += expected_dwell(j, s - 1, t) + base[j][s] * traffic(o, now);
    return t;
  }

  BusState state_of(std::size_t j, const View& v, double now) const {
    BusState b;
    b.vehicle_id = b.label = line.trips[j].id;
    b.route_id = line.route_id;
    b.route_name = line.name;
    b.trip_id = line.trips[j].id;
    b.direction = line.direction;
    b.on_trip = true;
    b.fix_at = std::int64_t(std::lround(now));  // the simulation knows every bus now
    b.next = std::uint32_t(v.next);
    b.at_stop = v.at_stop;
    b.dist = double(v.next) - (v.at_stop ? 0 : 0.5);
    for (std::size_t s = v.next; s < m; ++s) {
      StopAhead a;
      a.stop_id = line.stops[s].id;
      a.stop_name = line.stops[s].name;
      a.predicted = std::int64_t(std::lround(v.predicted[s - v.next]));
      a.scheduled = std::int64_t(std::lround(line.trips[j].planned[s]));
      a.control = line.stops[s].control;
      b.ahead.push_back(std::move(a));
    }
    if (!b.ahead.empty()) b.delay_s = b.ahead.front().predicted - b.ahead.front().scheduled;
    return b;
  }

  // The hold the rule under test asks of trip i at control point k, arrived at t, ready at ready.
  double hold(std::size_t i, std::size_t k, double t, double ready) {
    const auto& th = settings.for_route(line.route_id);
    switch (control) {
      case Control::kNone:
        return 0;
      case Control::kSchedule:
        return std::max(0.0, line.trips[i].planned[k] - ready);
      case Control::kHeadway: {
        if (std::isnan(last_departure[k]) || i + 1 >= n) return 0;
        const double ahead = ready - last_departure[k];
        const double behind = predicted_at(i + 1, k, t) - ready;
        const auto h = std::min<double>(
            double(equalising_hold(std::llround(ahead), std::llround(behind))), th.max_hold_s);
        return h >= th.min_hold_s ? h : 0;
      }
      case Control::kPrediction: {
        std::vector<BusState> buses;
        for (std::size_t j : {i - 1, i, i + 1}) {
          if (j >= n) continue;  // i - 1 wraps for the first trip
          if (j == i) {
            View v;
            v.next = k;
            v.at_stop = true;
            v.predicted.push_back(t);
            double u = ready;
            for (std::size_t s = k + 1; s < m; ++s) {
              u += base[i][s] * traffic(o, t);
              v.predicted.push_back(u);
              u += expected_dwell(i, s, u);
            }
            buses.push_back(state_of(i, v, t));
          } else if (auto v = view(j, t)) {
            buses.push_back(state_of(j, *v, t));
          } else if (j == i + 1) {  // not started: where its plan puts it at the terminal
            View w;
            w.next = 0;
            w.at_stop = true;
            for (std::size_t s = 0; s < m; ++s) w.predicted.push_back(predicted_at(j, s, t));
            buses.push_back(state_of(j, w, t));
          }
        }
        for (const auto& p : advise(buses, settings, std::int64_t(std::lround(t))))
          if (p.vehicle_id == line.trips[i].id &&
              (p.kind == AdviceKind::kHold || p.kind == AdviceKind::kScheduleHold))
            return double(p.hold_s) - std::max(0.0, ready - t);  // a hold counts from arrival
        return 0;
      }
    }
    return 0;
  }

  void run() {
    using Event = std::pair<double, std::size_t>;  // arrival time, trip
    std::priority_queue<Event, std::vector<Event>, std::greater<>> q;
    std::normal_distribution<double> late_start(0, o.dispatch_noise_s);
    std::lognormal_distribution<double> noise(-o.run_noise * o.run_noise / 2, o.run_noise);
    std::uniform_real_distribution<double> uniform(0, 1);
    for (std::size_t i = 0; i < n; ++i)
      q.push({line.trips[i].planned[0] + std::max(-60.0, late_start(rng)), i});
    while (!q.empty()) {
      auto [t, i] = q.top();
      q.pop();
      const auto k = std::size_t(last[i] + 1);
      last[i] = int(k);
      arr[i][k] = t;
      if (k + 1 == m) {
        dep[i][k] = t;
        continue;
      }
      const double since = std::isnan(last_departure[k]) ? headway_plan[i] : t - last_departure[k];
      const double mean = rate(o, t) * line.stops[k].demand * since;
      int pax = 0;
      if (mean > 0) {
        std::poisson_distribution<int> waiting(mean);
        pax = waiting(rng);
      }
      const double dwell = pax > 0 ? o.door_s + o.board_s * pax : 0;
      double d = t + dwell;
      if (line.stops[k].control && k > 0) {
        const double h = hold(i, k, t, d);
        if (h > 0 && uniform(rng) < o.compliance) {
          d += h;
          ++result.holds;
          result.hold_s += h;
        }
      }
      dep[i][k] = d;
      last_departure[k] = std::max(std::isnan(last_departure[k]) ? d : last_departure[k], d);
      eta[i] = d + base[i][k + 1] * traffic(o, d) * noise(rng);
      q.push({eta[i], i});
    }
  }

  void measure() {
    double cv_sum = 0, ewt_sum = 0, swt_sum = 0, weight = 0;
    int cv_stops = 0;
    std::int64_t bunched = 0, total = 0;
    for (std::size_t k = 0; k + 1 < m; ++k) {
      std::vector<double> actual, plan;
      for (std::size_t i = 0; i < n; ++i) {
        actual.push_back(dep[i][k]);
        plan.push_back(line.trips[i].planned[k]);
      }
      std::sort(actual.begin(), actual.end());
      std::sort(plan.begin(), plan.end());
      double s1 = 0, s2 = 0, p1 = 0, p2 = 0, r1 = 0, r2 = 0;
      int count = 0;
      for (std::size_t i = 1; i < n; ++i) {
        const double h = actual[i] - actual[i - 1], hs = plan[i] - plan[i - 1];
        if (hs <= 0 || hs > 3600) continue;  // a break in service is not a headway
        s1 += h;
        s2 += h * h;
        p1 += hs;
        p2 += hs * hs;
        const double r = h / hs;
        r1 += r;
        r2 += r * r;
        ++count;
        bunched += r <= settings.for_route(line.route_id).bunched_ratio ? 1 : 0;
      }
      if (count < 2 || s1 <= 0 || p1 <= 0) continue;
      total += count;
      const double mean = r1 / count;
      cv_sum += std::sqrt(std::max(0.0, r2 / count - mean * mean)) / mean;
      ++cv_stops;
      const double w = line.stops[k].demand;
      ewt_sum += w * (s2 / (2 * s1) - p2 / (2 * p1));
      swt_sum += w * p2 / (2 * p1);
      weight += w;
    }
    double run = 0;
    for (std::size_t i = 0; i < n; ++i) run += arr[i][m - 1] - dep[i][0];
    result.headway_cv = cv_stops ? cv_sum / cv_stops : 0;
    result.bunched_share = total ? double(bunched) / double(total) : 0;
    result.excess_wait_s = weight > 0 ? ewt_sum / weight : 0;
    result.scheduled_wait_s = weight > 0 ? swt_sum / weight : 0;
    result.running_time_s = n ? run / double(n) : 0;
    result.headways = total;
    result.trips = std::int64_t(n);
  }
};

}  // namespace

std::string_view control_label(Control c) {
  switch (c) {
    case Control::kNone:
      return "no control";
    case Control::kSchedule:
      return "schedule holding";
    case Control::kHeadway:
      return "headway holding (B-E)";
    case Control::kPrediction:
      return "prediction holding";
  }
  return "";
}

LineResult simulate_line(const SimLine& line, Control control, const LineOptions& options,
                         const Settings& settings) {
  if (line.stops.size() < 2 || line.trips.empty()) return {};
  Sim sim(line, control, options, settings);
  sim.run();
  sim.measure();
  return sim.result;
}

SimLine synthetic_line(int stops, double run_s, double headway_s, const LineOptions& o) {
  SimLine line;
  line.route_id = "SYN";
  line.name = "高频线路";
  for (int k = 0; k < stops; ++k) {
    LineStop s;
    s.id = "P" + std::to_string(k + 1);
    s.name = "站" + std::to_string(k + 1);
    s.control = k == stops / 4 || k == stops / 2 || k == 3 * stops / 4;
    // Busier in the middle of the line, as on most radial routes.
    s.demand = 0.6 + 0.8 * std::sin(3.14159 * (k + 0.5) / stops);
    line.stops.push_back(s);
  }
  int no = 0;
  for (double t0 = 6 * 3600; t0 <= 22 * 3600; t0 += headway_s) {
    LineTrip trip;
    trip.id = "SYN-" + std::to_string(++no);
    double t = t0, since_control = 0;
    for (int k = 0; k < stops; ++k) {
      if (k > 0) {
        const double seg = run_s * traffic(o, t);
        t += seg;
        since_control += seg;
      }
      if (line.stops[std::size_t(k)].control) {  // 5 % slack at control points
        t += 0.05 * since_control;
        since_control = 0;
      }
      trip.planned.push_back(t);
      const double pax = rate(o, t) * line.stops[std::size_t(k)].demand * headway_s;
      t += pax > 0.5 ? o.door_s + o.board_s * pax : 0;
    }
    line.trips.push_back(std::move(trip));
  }
  return line;
}

std::vector<SimLine> feed_lines(const Feed& feed, std::size_t min_trips) {
  // Trips by route, direction, service and stop pattern; per route and direction the largest
  // group is a day of the line (routes run on services of their own in many feeds).
  std::map<std::tuple<std::string, int, std::string, std::vector<std::uint32_t>>,
           std::vector<std::size_t>>
      groups;
  std::map<std::uint32_t, std::pair<std::size_t, std::size_t>> spans;
  for (const auto& s : trip_spans(feed.stop_times)) spans[s.trip] = {s.begin, s.end};
  for (const auto& [trip, span] : spans) {
    const auto& t = feed.trips[trip];
    if (span.second - span.first < 4) continue;
    std::vector<std::uint32_t> pattern;
    for (auto k = span.first; k < span.second; ++k) pattern.push_back(feed.stop_times[k].stop);
    groups[{t.route_id, t.direction, t.service_id, pattern}].push_back(trip);
  }
  std::map<std::pair<std::string, int>, const decltype(groups)::value_type*> best;
  for (const auto& g : groups) {
    auto key = std::pair{std::get<0>(g.first), std::get<1>(g.first)};
    if (!best[key] || best[key]->second.size() < g.second.size()) best[key] = &g;
  }
  std::vector<SimLine> out;
  for (const auto& [key, g] : best) {
    if (g->second.size() < min_trips) continue;
    SimLine line;
    line.route_id = key.first + "/" + std::to_string(key.second);
    line.direction = std::max(0, key.second);
    for (const auto& r : feed.routes)
      if (r.id == key.first) line.name = r.short_name.empty() ? r.long_name : r.short_name;
    const auto& pattern = std::get<3>(g->first);
    for (std::size_t k = 0; k < pattern.size(); ++k) {
      LineStop s;
      s.id = feed.stops[pattern[k]].id;
      s.name = feed.stops[pattern[k]].name;
      s.control =
          k > 0 && k + 1 < pattern.size() &&
          (k == pattern.size() / 4 || k == pattern.size() / 2 || k == 3 * pattern.size() / 4);
      line.stops.push_back(s);
    }
    for (auto trip : g->second) {
      LineTrip lt;
      lt.id = feed.trips[trip].id;
      const auto [b, e] = spans[trip];
      bool ok = true;
      for (auto k = b; k < e; ++k) {
        const auto& st = feed.stop_times[k];
        const int at = st.departure >= 0 ? st.departure : st.arrival;
        if (at < 0) ok = false;
        lt.planned.push_back(double(at));
      }
      if (ok) line.trips.push_back(std::move(lt));
    }
    std::sort(line.trips.begin(), line.trips.end(),
              [](const LineTrip& a, const LineTrip& b) { return a.planned[0] < b.planned[0]; });
    out.push_back(std::move(line));
  }
  return out;
}

}  // namespace zt::transit::dispatch

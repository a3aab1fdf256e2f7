#include "transit/scheduling/day_blocks.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/csv.hpp"

namespace zt::transit::scheduling {

std::vector<DayTrip> trips_of_day(const Network& n, Date date, std::vector<BlockTrip>* timed,
                                  std::span<const std::string> routes) {
  std::vector<DayTrip> out;
  const auto& f = n.feed();
  for (std::uint32_t t = 0; t < f.trips.size(); ++t) {
    if (!n.runs(f.trips[t].service_id, date)) continue;
    if (!routes.empty() &&
        std::find(routes.begin(), routes.end(), f.trips[t].route_id) == routes.end())
      continue;
    auto [b, e] = n.trip_span(TripIdx{t});
    if (e - b < 2) continue;
    const auto& first = f.stop_times[b];
    const auto& last = f.stop_times[e - 1];
    const int dep = first.departure >= 0 ? first.departure : first.arrival;
    const int arr = last.arrival >= 0 ? last.arrival : last.departure;
    if (dep < 0 || arr < dep) continue;
    const auto& freqs = n.frequencies_of(TripIdx{t});
    auto add = [&](int offset, int shift) {
      out.push_back({t, offset});
      if (timed) timed->push_back({first.stop, last.stop, dep + shift, arr + shift});
    };
    if (freqs.empty()) {
      add(-1, 0);
      continue;
    }
    for (const auto* q : freqs)
      for (int s = q->start; q->headway > 0 && s < q->end; s += q->headway) add(s, s - dep);
  }
  return out;
}

std::vector<StopPoint> stop_points(const Feed& f) {
  std::vector<StopPoint> out;
  out.reserve(f.stops.size());
  for (const auto& s : f.stops) out.push_back({s.lat, s.lon});
  return out;
}

Result<DayBlocks> day_blocks(const Network& n, Date date, const BlockOptions& o,
                             std::span<const std::string> routes) {
  for (const auto& r : routes) {
    const auto& all = n.feed().routes;
    if (std::none_of(all.begin(), all.end(), [&](const auto& x) { return x.id == r; }))
      return fail(Error::invalid("数据源中没有线路 " + r, "routes"));
  }
  DayBlocks d;
  d.date = date;
  d.trips = trips_of_day(n, date, &d.timed, routes);
  if (d.trips.empty())
    return fail(Error::invalid(format_date(date) + " 没有运行的班次（数据源的服务日期见 " +
                                   "calendar.txt / calendar_dates.txt）",
                               "date"));
  const auto t0 = std::chrono::steady_clock::now();
  d.plan = solve_blocks(d.timed, stop_points(n.feed()), o);
  d.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  d.lower_bound = max_overlap(d.timed, o);
  return d;
}

Result<DepotPlan> apply_depots(DayBlocks& d, const Network& n, const std::vector<Depot>& depots,
                               const BlockOptions& o, double time_limit_s) {
  auto p = solve_multi_depot(d.timed, stop_points(n.feed()), depots, o, time_limit_s);
  if (!p) return fail(p.error());
  d.plan = p->plan;
  d.seconds = p->seconds;
  return p;
}

nlohmann::json depots_summary(const DepotPlan& p, const std::vector<Depot>& depots) {
  nlohmann::json list = nlohmann::json::array();
  for (std::size_t k = 0; k < depots.size(); ++k)
    list.push_back({{"depot_id", depots[k].id},
                    {"name", depots[k].name},
                    {"vehicles", p.per_depot[k]},
                    {"limit", depots[k].vehicles > 0 ? nlohmann::json(depots[k].vehicles)
                                                     : nlohmann::json(nullptr)}});
  return {{"depot_km", std::round(double(p.depot_m)) / 1000.0},
          {"optimal", p.optimal},
          {"variables", p.variables},
          {"seconds", std::round(p.seconds * 1000) / 1000},
          {"depots", std::move(list)}};
}

std::string block_name(int block, int blocks) {
  const int width = std::max(3, int(std::to_string(blocks).size()));
  std::string digits = std::to_string(block + 1);
  return "B" + std::string(std::size_t(std::max(0, width - int(digits.size()))), '0') + digits;
}

void write_blocks_csv(const Network& n, const DayBlocks& d, std::ostream& out) {
  bool runs = false;
  for (const auto& t : d.trips) runs = runs || t.start_offset >= 0;
  out << (runs ? "trip_id,block_id,start_time\n" : "trip_id,block_id\n");
  for (std::size_t b = 0; b < d.plan.blocks.size(); ++b)
    for (auto i : d.plan.blocks[b]) {
      const auto& t = d.trips[i];
      out << csv_field(n.feed().trips[t.trip].id) << ',' << block_name(int(b), d.plan.vehicles);
      if (runs) out << ',' << (t.start_offset >= 0 ? format_gtfs_time(t.start_offset) : "");
      out << '\n';
    }
}

nlohmann::json blocks_summary(const DayBlocks& d, const BlockOptions& o) {
  return {{"date", format_date(d.date)},
          {"trips", d.trips.size()},
          {"vehicles", d.plan.vehicles},
          {"deadhead_km", std::round(double(d.plan.deadhead_m)) / 1000.0},
          {"lower_bound", d.lower_bound},
          {"arcs", d.plan.arcs},
          {"seconds", std::round(d.seconds * 1000) / 1000},
          {"options",
           {{"min_layover_min", o.min_layover_s / 60.0},
            {"max_deadhead_m", o.max_deadhead_m},
            {"deadhead_speed_kmh", std::round(o.deadhead_speed_mps * 3.6 * 10) / 10}}}};
}

}  // namespace zt::transit::scheduling

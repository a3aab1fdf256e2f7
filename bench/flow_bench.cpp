// Passenger-flow inference on a simulated 350-bus city (issue 16): a grid of 12 east-west and 12
// north-south lines, 25 stops 400 m apart, both ways, a trip every 6 minutes 05:30-22:30; about
// 485,000 tours give about 1,000,000 taps. Times what a night run does — the visit index built,
// every tap matched to its stop visit, chained, expanded and the loads and OD summed — and prints
// the inference rate and accuracy on the simulator's truth next to the published anchors. The
// counters' counts go in as a counter file would: rows laid on their visits (match_counts).
// Target (issue 16): < 10 s on 2 cores.   bench_flow [tours]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/calendar.hpp"
#include "timing.hpp"
#include "transit/flow/apc_counts.hpp"
#include "transit/flow/chaining.hpp"
#include "transit/flow/loads.hpp"
#include "transit/flow/riders_sim.hpp"
#include "transit/flow/scoring.hpp"
#include "transit/gtfs.hpp"

namespace {

using zt::bench::seconds_since;
using zt::bench::Steady;
using namespace zt;
using namespace zt::transit;

Feed grid_city() {
  Feed f;
  f.agencies.push_back({"A", "模拟公交", "http://example.cn", "Asia/Shanghai"});
  f.services.push_back({"WK", 0b0011111, *parse_date("2024-01-01"), *parse_date("2024-12-31")});
  const double lat0 = 34.77, lon0 = 111.19, dlat = 400.0 / 111'000, dlon = 400.0 / 91'200;
  for (int line = 0; line < 24; ++line) {
    const bool ns = line >= 12;
    const int offset = (line % 12) * 2 + 1;  // lines cross every other stop
    const std::string r = std::to_string(line + 1);
    f.routes.push_back({r, "A", r, r + "路", "", 3, ""});
    for (int dir = 0; dir < 2; ++dir) {
      std::vector<std::uint32_t> stops;
      for (int i = 0; i < 25; ++i) {
        const std::string id = r + "-" + std::to_string(dir) + "-" + std::to_string(i);
        const double side = dir ? 30.0 / 111'000 : 0;
        const double lat = ns ? lat0 + i * dlat : lat0 + offset * dlat + side;
        const double lon = ns ? lon0 + offset * dlon + side : lon0 + i * dlon;
        f.stop_index[id] = std::uint32_t(f.stops.size());
        stops.push_back(std::uint32_t(f.stops.size()));
        f.stops.push_back({id, "", id, "", lat, lon, 0});
      }
      if (dir) std::reverse(stops.begin(), stops.end());
      for (int k = 0; k * 360 < 17 * 3600; ++k) {
        const std::string id = r + "-" + std::to_string(dir) + "-" + std::to_string(k);
        const auto t = std::uint32_t(f.trips.size());
        f.trip_index[id] = t;
        f.trips.push_back({id, r, "WK", "", "", "", dir});
        for (int s = 0; s < 25; ++s) {
          const int at = 5 * 3600 + 1800 + k * 360 + line * 13 + s * 90;
          f.stop_times.push_back({t, stops[std::size_t(s)], s + 1, at, at + 20, -1, true, false});
        }
      }
    }
  }
  return f;
}

}  // namespace

double po_default_wander() { return zt::transit::flow::RidersOptions{}.wander_share; }

int main(int argc, char** argv) {
  using namespace zt::transit::flow;
  const std::size_t tours = argc > 1 ? std::size_t(std::atol(argv[1])) : 485'000;
  auto t0 = Steady::now();
  auto n = Network::from_feed(grid_city());
  const auto hasher = *TokenHasher::make("bench-secret-0123456789");
  RidersOptions o;
  o.riders = tours;
  auto sim = simulate_riders(*n, *parse_date("2024-05-06"), hasher, o);
  std::printf("city: %zu trips, %zu stop visits; simulated %zu taps (+%zu cash) in %.1f s\n",
              n->trip_count(), sim.visits.size(), sim.taps.size(), sim.cash_boardings,
              seconds_since(t0));
  // The counters' counts as a stop_visits file gives them (one row per counted visit).
  std::vector<CountEvent> counter_rows;
  {
    std::unordered_map<std::string, std::int64_t> departed;
    for (const auto& v : sim.visits)
      departed[v.vehicle_id + '\x1f' + std::to_string(v.trip.value) + '\x1f' +
               std::to_string(v.index)] = v.departed;
    for (const auto& c : sim.apc)
      counter_rows.push_back({0, c.vehicle_id, "",
                              departed[c.vehicle_id + '\x1f' + std::to_string(c.trip.value) +
                                       '\x1f' + std::to_string(c.index)],
                              c.on, c.off});
  }
  t0 = Steady::now();
  VisitIndex visits(*n, sim.visits);
  auto counts = match_counts(visits, counter_rows);
  const double matched_counts = seconds_since(t0);
  auto inf = infer(visits, sim.taps);
  auto out = flow_outputs(visits, sim.taps, inf, counts.counts);
  const double took = seconds_since(t0);
  auto s = score(sim.taps, inf, sim.truth);
  std::printf("matched, chained, expanded, loads and OD: %.2f s   (target < 10 s on 2 cores)\n",
              took);
  std::printf("  of which %zu counter rows laid on their visits: %.2f s (%zu matched)\n",
              counter_rows.size(), matched_counts, counts.matched);
  std::printf(
      "inference rate  %.1f %%   (He & Trépanier 2015, Gatineau: 80.6 %%; Suzhou 2020: > 80 %%; "
      "goal >= 85 %%)\n",
      100 * s.rate());
  std::printf("within one stop %.1f %% of those (goal >= 80 %%); boarding stop right %.1f %%\n",
              100 * s.accuracy(),
              100.0 * double(s.boarded_right) / double(std::max<std::size_t>(1, s.taps)));
  std::printf(
      "journeys %zu, transfers %zu, OD pairs %zu, max-load points %zu, 非现金支付比例 %.1f %%\n",
      inf.journeys, inf.transfers, out.od.size(), out.max_load.size(), 100 * out.noncash_share);
  for (std::size_t u = 1; u < inf.unresolved.size(); ++u)
    std::printf("  not inferred, %-22s %zu\n", std::string(unresolved_name(Unresolved(u))).c_str(),
                inf.unresolved[u]);
  // A real network: the demo's Porto Alegre EPTC feed (routes, stops and timetable as published),
  // its simulated riders on a weekday of its own, scored the same way.
  auto demo = load_feed(std::string(ZT_DATA_DIR) + "/gtfs/porto-alegre-eptc-2019.zip");
  if (!demo) {
    std::printf("\ndemo feed not read: %s\n", demo.error().message.c_str());
    return 0;
  }
  auto pn = Network::from_feed(std::move(*demo));
  std::printf("\n");
  // Twice: riders as the defaults draw them, and all going home from where they got off (the
  // share that wanders is what costs accuracy).
  for (double wander : {po_default_wander(), 0.0}) {
    RidersOptions po;
    po.riders = 20'000;
    po.wander_share = wander;
    t0 = Steady::now();
    auto psim = simulate_riders(*pn, *parse_date("2019-07-15"), hasher, po);
    VisitIndex pvisits(*pn, psim.visits);
    auto pinf = infer(pvisits, psim.taps);
    auto ps = score(psim.taps, pinf, psim.truth);
    std::printf(
        "Porto Alegre EPTC 2019 (demo feed), %zu taps, %.0f %% start home elsewhere: inference "
        "rate %.1f %%, within one stop %.1f %% (%.1f s)\n",
        psim.taps.size(), 100 * wander, 100 * ps.rate(), 100 * ps.accuracy(), seconds_since(t0));
  }
  return 0;
}

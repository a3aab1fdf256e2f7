// The scheduling core against known optima. Crew duties: every CSPLib 022 instance (Curtis, Smith
// & Wren) solved by CBC, with its time and result next to the TRACS II solution and the proven
// minimum. Vehicle blocks: the demo network (Porto Alegre EPTC, one weekday) and the WMATA
// routes for a range of deadhead limits, fleet and deadhead km next to the lower bound (most
// trips in service at once), the deficit function's exact fleet without deadheads, and, where
// the feed publishes block_ids, the operator's own number of blocks. Multi-depot blocks (CBC)
// next to the single-depot fleet, which no multi-depot plan can beat. Driver duties on the same
// days by full enumeration and by column generation, with and without relief walks.
//   bench_scheduling [time limit s per instance, default 600]
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "transit/network.hpp"
#include "transit/scheduling/day_blocks.hpp"
#include "transit/scheduling/day_duties.hpp"
#include "transit/scheduling/partition_solver.hpp"
#include "transit/scheduling/set_partition.hpp"

namespace {

using namespace zt;
using namespace zt::transit;
using namespace zt::transit::scheduling;

void duties(double limit) {
  struct Instance {
    const char* file;
    int minimum;  // proven (data/README.md)
  };
  const Instance instances[] = {{"csplib022-t1.txt", 7},  {"csplib022-t2.txt", 19},
                                {"csplib022-r1.txt", 11}, {"csplib022-r2.txt", 14},
                                {"csplib022-r4.txt", 25}, {"csplib022-c1.txt", 26}};
  std::printf("Crew duties: CSPLib 022 set partitioning, CBC %s, time limit %.0f s\n", "2.10",
              limit);
  std::printf("%-18s %6s %8s %8s %8s %8s %8s %9s\n", "instance", "rows", "columns", "TRACS",
              "minimum", "ours", "proven", "seconds");
  for (const auto& in : instances) {
    std::ifstream f(std::string(ZT_SHARED_DIR) + "/data/scheduling/" + in.file, std::ios::binary);
    auto sp = parse_set_partition(std::string{std::istreambuf_iterator<char>(f), {}});
    if (!sp) {
      std::printf("%-18s %s\n", in.file, sp.error().message.c_str());
      continue;
    }
    auto r = solve_partition(*sp, {.time_limit_s = limit});
    if (!r) {
      std::printf("%-18s %s\n", in.file, r.error().message.c_str());
      continue;
    }
    std::printf("%-18s %6d %8zu %8d %8d %8zu %8s %9.2f\n", in.file, sp->rows, sp->columns.size(),
                sp->known.value_or(-1), in.minimum, r->columns.size(), r->optimal ? "yes" : "no",
                r->seconds);
  }
}

void blocks(const char* name, const std::string& path, const char* day) {
  const auto t0 = std::chrono::steady_clock::now();
  auto feed = load_feed(path);
  if (!feed) {
    std::printf("%s: %s\n", name, feed.error().message.c_str());
    return;
  }
  auto net = Network::from_feed(std::move(*feed));
  const double load_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const Date date = *parse_date(day);
  // The operator's own blocks, when the feed has them.
  std::set<std::string> published;
  std::vector<BlockTrip> timed;
  for (const auto& t : trips_of_day(*net, date, &timed))
    if (!net->feed().trips[t.trip].block_id.empty())
      published.insert(net->feed().trips[t.trip].block_id);
  std::printf("\nVehicle blocks: %s, %s, %zu trips (feed read in %.1f s)%s\n", name, day,
              timed.size(), load_s,
              published.empty()
                  ? ""
                  : (", " + std::to_string(published.size()) + " block_ids published").c_str());
  std::printf("%8s %12s %9s %9s %12s %12s %9s %9s\n", "layover", "max deadhead", "vehicles",
              "bound", "deficit fn", "deadhead km", "arcs", "seconds");
  for (int layover : {5, 10})
    for (double reach : {0.0, 500.0, 1000.0, 2000.0}) {
      BlockOptions o{.min_layover_s = layover * 60, .max_deadhead_m = reach};
      auto d = day_blocks(*net, date, o);
      if (!d) {
        std::printf("%s\n", d.error().message.c_str());
        return;
      }
      const std::string exact = reach == 0 ? std::to_string(deficit_fleet(d->timed, o)) : "-";
      std::printf("%6d m %10.0f m %9d %9d %12s %12.1f %9zu %9.3f\n", layover, reach,
                  d->plan.vehicles, d->lower_bound, exact.c_str(), d->plan.deadhead_m / 1000.0,
                  d->plan.arcs, d->seconds);
    }
}

std::shared_ptr<const Network> network(const std::string& path) {
  auto feed = load_feed(path);
  if (!feed) {
    std::printf("%s: %s\n", path.c_str(), feed.error().message.c_str());
    return nullptr;
  }
  return Network::from_feed(std::move(*feed));
}

// Depots are not in GTFS: these are placed by hand near the busiest terminals of each network
// (coordinates below), unlimited or with the limits given.
void depots(const char* name, const std::string& path, const char* day,
            const std::vector<std::vector<Depot>>& cases, const std::vector<double>& reaches,
            double limit) {
  auto net = network(path);
  if (!net) return;
  const Date date = *parse_date(day);
  std::printf("\nMulti-depot blocks (CBC, time limit %.0f s): %s, %s\n", limit, name, day);
  std::printf("%-28s %8s %9s %9s %11s %9s %9s %7s %9s\n", "depots (limit)", "deadhead", "vehicles",
              "1 depot", "between km", "depot km", "columns", "proven", "seconds");
  for (double reach : reaches)
    for (const auto& ds : cases) {
      const BlockOptions o{.min_layover_s = 300, .max_deadhead_m = reach};
      auto d = day_blocks(*net, date, o);
      if (!d) {
        std::printf("%s\n", d.error().message.c_str());
        return;
      }
      const int single = d->plan.vehicles;
      std::string label;
      for (const auto& x : ds)
        label += (label.empty() ? "" : " ") + x.id +
                 (x.vehicles ? "(" + std::to_string(x.vehicles) + ")" : "");
      auto p = apply_depots(*d, *net, ds, o, limit);
      if (!p) {
        std::printf("%-28s %6.0f m %s\n", label.c_str(), reach, p.error().message.c_str());
        continue;
      }
      std::printf("%-28s %6.0f m %9d %9d %11.1f %9.1f %9zu %7s %9.2f\n", label.c_str(), reach,
                  p->plan.vehicles, single, p->plan.deadhead_m / 1000.0, p->depot_m / 1000.0,
                  p->variables, p->optimal ? "yes" : "no", p->seconds);
    }
}

// Driver duties over the day's optimal blocks (5 min layover, 1 km deadheads), both ways.
void day_duties_both(const char* name, const std::string& path, const char* day, double limit) {
  auto net = network(path);
  if (!net) return;
  const Date date = *parse_date(day);
  auto b = day_blocks(*net, date, {.min_layover_s = 300, .max_deadhead_m = 1000});
  if (!b) {
    std::printf("%s\n", b.error().message.c_str());
    return;
  }
  std::printf(
      "\nDriver duties: %s, %s, %zu trips on %d vehicles, default rules (docs/scheduling.md)\n",
      name, day, b->trips.size(), b->plan.vehicles);
  std::printf("%8s %-19s %8s %11s %9s %9s %7s %7s %9s\n", "relief", "method", "duties",
              "candidates", "bound", "paid h", "rounds", "proven", "seconds");
  for (double walk : {0.0, 300.0, 500.0})
    for (auto method : {DutyMethod::kEnumerate, DutyMethod::kGenerate}) {
      DutyRules rules;
      rules.relief_walk_m = walk;
      const auto t0 = std::chrono::steady_clock::now();
      auto d = day_duties(*net, *b, rules, {.time_limit_s = limit}, {}, method);
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      const char* label =
          method == DutyMethod::kEnumerate ? "enumeration + CBC" : "column generation";
      if (!d) {
        std::printf("%6.0f m %-19s %s\n", walk, label, d.error().message.c_str());
        continue;
      }
      const auto j = duties_summary(*b, *d);
      std::printf("%6.0f m %-19s %8zu %11zu %9.0f %9.1f %7d %7s %9.2f\n", walk, label,
                  d->chosen.columns.size(), d->candidates.duties.size(), d->chosen.bound,
                  j["paid_hours"].get<double>(), d->rounds, d->chosen.optimal ? "yes" : "no", s);
    }
}

}  // namespace

int main(int argc, char** argv) {
  const double limit = argc > 1 ? std::stod(argv[1]) : 600;
  duties(limit);
  blocks("Porto Alegre EPTC 2019 (demo network)",
         std::string(ZT_SOURCE_DIR) + "/data/gtfs/porto-alegre-eptc-2019.zip", "2019-05-06");
  blocks("WMATA D40, C53, D96",
         std::string(ZT_SOURCE_DIR) + "/data/gtfs/wmata-bus-3-routes-2026.zip", "2026-02-17");
  const std::string porto = std::string(ZT_SOURCE_DIR) + "/data/gtfs/porto-alegre-eptc-2019.zip";
  const std::string wmata = std::string(ZT_SOURCE_DIR) + "/data/gtfs/wmata-bus-3-routes-2026.zip";
  // WMATA: south near Congress Heights, north near Silver Spring.
  const Depot south{"S", "South", {38.8400, -76.9900}, 0},
      north{"N", "North", {38.9950, -77.0350}, 0};
  auto capped = [](Depot d, int n) {
    d.vehicles = n;
    return d;
  };
  depots("WMATA D40, C53, D96", wmata, "2026-02-17",
         {{south, north}, {capped(south, 20), capped(north, 40)}}, {0, 1000}, limit);
  // Porto Alegre: near the three busiest terminals (Assis Brasil, Talaia, Castilhos).
  const Depot a{"A", "Assis Brasil", {-30.0095, -51.1442}, 0},
      b{"B", "Talaia", {-30.0007, -51.0906}, 0}, c{"C", "Castilhos", {-30.0253, -51.2235}, 0};
  depots("Porto Alegre EPTC 2019 (demo network)", porto, "2019-05-06",
         {{a, b, c}, {capped(a, 300), capped(b, 300), capped(c, 300)}}, {0, 500}, limit);
  day_duties_both("WMATA D40, C53, D96", wmata, "2026-02-17", limit);
  day_duties_both("Porto Alegre EPTC 2019 (demo network)", porto, "2019-05-06", limit);
  return 0;
}

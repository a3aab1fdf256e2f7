// Arrival predictions judged as the ETA Accuracy Benchmark judges (transit/replay.hpp), in one
// run: a real day (WMATA C53 and D96, Monday 2026-02-16, data/avl) and a simulated day on the same
// routes, each with our score and MAE per bucket next to the three baselines (the timetable, the
// timetable plus the bus's current delay, TransitClock's last vehicle) and to our own expected
// arrivals before the lead riders are shown.
//
//   bench_eta [GTFS.zip POSITIONS.csv[.gz]]
#include <chrono>
#include <cstdio>
#include <string>

#include "transit/replay.hpp"
#include "transit/simulator.hpp"

using namespace zt::transit;

namespace {

void print(const char* title, const ReplayResult& r, double seconds) {
  std::printf("\n%s：定位 %zu 条，评判到站 %zu 次，重放 %.1f s\n", title, r.fixes,
              r.judged_arrivals, seconds);
  std::printf("%-12s %16s %16s %16s %16s %16s\n", "预测时长", "本系统(显示)", "本系统(期望)",
              "仅时刻表", "时刻表+晚点", "前车");
  const Accuracy* all[] = {&r.ours, &r.ours_expected, &r.schedule_only, &r.delay_carried,
                           &r.last_vehicle};
  for (std::size_t i = 0; i < r.ours.buckets.size(); ++i) {
    std::printf("%-12s", r.ours.buckets[i].name.c_str());
    for (const auto* a : all)
      std::printf("  %5.1f%% /%4.0fs", 100.0 * a->buckets[i].hit_rate(), a->buckets[i].mae());
    const auto& b = r.ours.buckets[i];
    std::printf("   偏差 %+4.0fs 无预测 %d/%d\n", b.bias(), b.missing, b.n);
  }
  std::printf("%-12s", "总分");
  for (const auto* a : all) std::printf("  %14.3f", a->score());
  std::printf("\n");
  for (const auto& [route, a] : r.ours_by_route)
    std::printf("  线路 %s：%.3f\n", route.c_str(), a.score());
}

template <class F>
double timed(F&& f) {
  const auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  const std::string gtfs = argc > 2 ? argv[1] : ZT_DATA_DIR "/gtfs/wmata-bus-3-routes-2026.zip";
  const std::string positions =
      argc > 2 ? argv[2] : ZT_DATA_DIR "/avl/wmata-c53-d96-2026-02-16.csv.gz";
  auto feed = load_feed(gtfs);
  if (!feed) return std::fprintf(stderr, "%s\n", feed.error().message.c_str()), 1;
  auto n = Network::from_feed(std::move(*feed));
  auto fixes = read_positions(positions);
  if (!fixes) return std::fprintf(stderr, "%s\n", fixes.error().message.c_str()), 1;
  if (fixes->empty()) return std::fprintf(stderr, "%s：没有定位\n", positions.c_str()), 1;
  const std::int64_t from = fixes->front().timestamp, to = fixes->back().timestamp;
  ReplayResult real;
  const double t_real = timed([&] { real = replay(n, *fixes, nullptr); });
  print("真实一天", real, t_real);

  // The same hours simulated on the same feed: fixes every 30 s with trip ids, GPS noise, missed
  // pings, delays growing along trips (the simulator's defaults) and congested segments at the
  // peaks (congestion 0.5, as in the Porto Alegre figures).
  Simulator sim({.seed = 16,
                 .gps_error_m = 8,
                 .missed_ping_share = 0.05,
                 .max_delay_s = 300,
                 .congestion = 0.5,
                 .trip_ids = true,
                 .dwell_per_headway = 0});
  std::vector<VehicleReport> simulated;
  for (std::int64_t t = from; t <= to; t += 30)
    for (auto& v : sim.positions(*n, t)) simulated.push_back(std::move(v));
  ReplayResult simr;
  const double t_sim = timed([&] { simr = replay(n, simulated, nullptr); });
  print("模拟一天（同一时段、同一线网）", simr, t_sim);
  return 0;
}

// Does the control advice work? A simulated day (transit/dispatch/line_simulation.hpp: dwell
// grows with the passengers waiting, traffic by hour, drivers comply with probability 0.9) of
// (1) a high-frequency route: 30 stops, 90 s apart off-peak, a bus every 5 minutes 06:00-22:00;
// (2) WMATA's three bus routes (data/gtfs/wmata-bus-3-routes-2026.zip, their real timetables);
// (3) the demo network, Porto Alegre EPTC (data/gtfs/porto-alegre-eptc-2019.zip), every route
// direction with 20 trips or more — each with no control, schedule holding, headway holding
// (Bartholdi–Eisenstein) and prediction holding (the product's advise()), side by side.
// Prints headway CV, share of bunched headways (≤ 50 % of scheduled), excess wait time (London
// EWT) and mean running time, with the change against no control. Field anchors: Stockholm
// (SL/KTH 2011) headway holding −38 % EWT, WMATA routes 70/79 −26 %. Goal: EWT −30 % or better,
// running time no more than +5 %.
//   bench_dispatch [data dir]   (default the repository's data/)
#include <cstdio>
#include <string>
#include <vector>

#include "transit/dispatch/line_simulation.hpp"
#include "transit/gtfs.hpp"

namespace {

using namespace zt::transit;
using namespace zt::transit::dispatch;

constexpr Control kControls[] = {Control::kNone, Control::kSchedule, Control::kHeadway,
                                 Control::kPrediction};

struct Sum {
  double cv = 0, bunched = 0, ewt = 0, swt = 0, run = 0, holds = 0, weight = 0;
  void add(const LineResult& r) {
    const double w = double(r.headways);  // weighted by the headways measured
    cv += r.headway_cv * w;
    bunched += r.bunched_share * w;
    ewt += r.excess_wait_s * w;
    swt += r.scheduled_wait_s * w;
    run += r.running_time_s * w;
    holds += double(r.holds);
    weight += w;
  }
  double mean(double v) const { return weight > 0 ? v / weight : 0; }
};

void print(const char* title, const std::vector<SimLine>& lines, int seeds) {
  const Settings settings;
  std::printf("\n%s — %zu line(s), %d seed(s)\n", title, lines.size(), seeds);
  std::printf("  %-24s %9s %9s %10s %9s %11s %9s %7s\n", "control", "CV", "bunched", "EWT s",
              "vs none", "run min", "vs none", "holds");
  Sum none;
  for (auto c : kControls) {
    Sum s;
    for (int seed = 1; seed <= seeds; ++seed)
      for (const auto& l : lines) {
        LineOptions o;
        o.seed = std::uint64_t(seed) * 7919;
        s.add(simulate_line(l, c, o, settings));
      }
    if (c == Control::kNone) none = s;
    const double ewt = s.mean(s.ewt), ewt0 = none.mean(none.ewt);
    const double run = s.mean(s.run), run0 = none.mean(none.run);
    std::printf("  %-24s %9.3f %8.1f%% %10.1f %+8.1f%% %11.2f %+8.1f%% %7.0f\n",
                std::string(control_label(c)).c_str(), s.mean(s.cv), 100 * s.mean(s.bunched), ewt,
                ewt0 > 0 ? 100 * (ewt - ewt0) / ewt0 : 0.0, run / 60,
                run0 > 0 ? 100 * (run - run0) / run0 : 0.0, s.holds / seeds);
  }
  std::printf("  scheduled average wait %.1f s\n", none.mean(none.swt));
}

}  // namespace

int main(int argc, char** argv) {
  const std::string data = argc > 1 ? argv[1] : ZT_DATA_DIR;
  std::printf("bench_dispatch: excess wait (EWT) and running time under holding strategies\n");
  std::printf(
      "anchors: Stockholm headway holding -38%% EWT; WMATA 70/79 -26%% EWT; goal <= -30%% "
      "EWT, running time <= +5%%\n");
  print("high-frequency route (synthetic, 5 min headway, 30 stops)",
        {synthetic_line(30, 90, 300, LineOptions{})}, 10);
  auto wmata = load_feed(data + "/gtfs/wmata-bus-3-routes-2026.zip");
  if (wmata)
    print("WMATA D40, C53, D96 (real timetables)", feed_lines(*wmata, 20), 3);
  else
    std::printf("\nWMATA feed not read: %s\n", wmata.error().message.c_str());
  auto demo = load_feed(data + "/gtfs/porto-alegre-eptc-2019.zip");
  if (demo)
    print("demo network: Porto Alegre EPTC 2019", feed_lines(*demo, 20), 1);
  else
    std::printf("\ndemo feed not read: %s\n", demo.error().message.c_str());
  return 0;
}

// Operations records and KPIs of a simulated 350-bus city: 25 routes of 20 stops both ways, a
// trip every 8 minutes 06:00-22:00 (6,000 trips, 120,000 stop visits a day), with delays, a few
// cancelled trips and missed first-stop departures. Times the nightly path — stop visits stored,
// read back, laid on the plan, records stored — and all KPIs of a day and of a month (30 days
// read from the store). Targets (issue 14): a day < 2 s, a month < 10 s on 2 cores.
//   bench_kpi [sqlite path]   (default a temporary file)
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "core/migrations.hpp"
#include "core/store.hpp"
#include "timing.hpp"
#include "transit/kpi/kpi.hpp"
#include "transit/kpi/record_store.hpp"
#include "transit/schema.hpp"
#include "transit/stop_events.hpp"

namespace {

using zt::bench::seconds_since;
using zt::bench::Steady;
using namespace zt;
using namespace zt::transit;

constexpr int kRoutes = 25, kStops = 20, kHeadway = 480, kBusesPerRoute = 14;

Feed city() {
  Feed f;
  f.agencies.push_back({"A", "三门峡公交", "http://example.cn", "Asia/Shanghai"});
  f.services.push_back({"WK", 0b1111111, *parse_date("2024-01-01"), *parse_date("2024-12-31")});
  for (int r = 0; r < kRoutes; ++r) {
    const std::string route = "R" + std::to_string(r + 1);
    f.routes.push_back({route, "A", std::to_string(r + 1), route, "", 3, ""});
    for (int s = 0; s < kStops; ++s) {  // 500 m apart, each route on its own street
      const std::string id = route + "-S" + std::to_string(s);
      f.stop_index[id] = std::uint32_t(f.stops.size());
      f.stops.push_back({id, "", id, "", 34.70 + 0.004 * r, 111.10 + 0.0055 * s, 0});
    }
    const std::uint32_t first = std::uint32_t(r * kStops);
    for (int dir = 0; dir < 2; ++dir)
      for (int start = 6 * 3600; start < 22 * 3600; start += kHeadway) {
        const auto t = std::uint32_t(f.trips.size());
        const std::string id = route + "-" + std::to_string(dir) + "-" + std::to_string(start);
        f.trip_index[id] = t;
        f.trips.push_back(
            {id, route, "WK", "", route + "-B" + std::to_string(t % kBusesPerRoute), "", dir});
        for (int s = 0; s < kStops; ++s) {
          const int at = start + s * 100;  // 18 km/h timetabled
          const auto stop = first + std::uint32_t(dir ? kStops - 1 - s : s);
          f.stop_times.push_back({t, stop, s + 1, at, at + (s ? 20 : 0), -1, true, false});
        }
      }
  }
  return f;
}

// One day of the tracker's visits: each trip a bus with a delay that grows along it; 2 % never
// ran, 5 % were picked up after their first stop.
std::vector<StopEvent> day_visits(const Network& n, Date day, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<StopEvent> out;
  const std::int64_t base = n.at(day, 0);
  const auto& f = n.feed();
  for (std::uint32_t t = 0; t < f.trips.size(); ++t) {
    if (u(rng) < 0.02) continue;
    const bool late_pickup = u(rng) < 0.05;
    const double start_delay = u(rng) * 300 - 60, drift = u(rng) * 240;
    auto [b, e] = n.trip_span(TripIdx{t});
    const std::string bus = f.trips[t].block_id;
    for (std::size_t k = b; k < e; ++k) {
      const auto i = std::uint32_t(k - b);
      if (late_pickup && i < 2) continue;
      const double d = start_delay + drift * double(i) / double(e - b - 1);
      const std::int64_t arr = base + f.stop_times[k].arrival + std::int64_t(d);
      const std::int64_t dep = base + f.stop_times[k].departure + std::int64_t(d);
      out.push_back({bus, TripIdx{t}, day, 0, i, i ? arr : 0, i + 1 == e - b ? arr : dep});
    }
  }
  return out;
}

void die(const Error& e) {
  std::fprintf(stderr, "%s\n", e.message.c_str());
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  const auto path = argc > 1 ? std::filesystem::path(argv[1])
                             : std::filesystem::temp_directory_path() / "zt-kpi-bench.db";
  std::filesystem::remove(path);
  auto opened = Store::open("sqlite:" + path.string(), 2);
  if (!opened) die(opened.error());
  auto& store = **opened;
  const MigrationSet sets[] = {core_migrations(), transit::migrations()};
  if (auto m = migrate(store, sets); !m) die(m.error());

  auto t0 = Steady::now();
  auto n = Network::from_feed(city());
  std::printf("网络：%d 条线路，%zu 个计划班次/日，%d 辆车（构建 %.2f s）\n", kRoutes,
              n->trip_count(), kRoutes * kBusesPerRoute, seconds_since(t0));
  const Date first = *parse_date("2024-09-01");
  kpi::KpiOptions o;

  // One day, the nightly path: visits stored as the server stores them, then recorded.
  const auto visits = day_visits(*n, first, 1);
  t0 = Steady::now();
  if (auto s = store.transact([&](Tx& tx) { return save_stop_events(tx, *n, visits); }); !s)
    die(s.error());
  const double store_visits = seconds_since(t0);
  t0 = Steady::now();
  const auto now = Instant{std::chrono::seconds{n->at(first, 31 * 3600)}};
  auto done = kpi::record_closed_days(store, *n, now, 1);
  if (!done || done->size() != 1) die(done ? Error::internal("no day recorded") : done.error());
  const double nightly = seconds_since(t0);
  t0 = Steady::now();
  auto records = kpi::load_records(store, first, first);
  if (!records) die(records.error());
  auto day = kpi::compute_kpis(*records, o);
  const double day_kpis = seconds_since(t0);
  std::printf(
      "一天：到离站 %zu 条写入 %.2f s（服务端在接收定位时写入）；夜间生成路单 %zu 条 %.2f s；"
      "读出并算全部指标 %.3f s\n",
      visits.size(), store_visits, records->size(), nightly, day_kpis);
  std::printf("  一天合计 %.2f s（目标 < 2 s）：%s\n", nightly + day_kpis,
              nightly + day_kpis < 2 ? "达到" : "未达到");

  // A month: the other 29 days' records (built straight from simulated visits), then the month.
  for (int k = 1; k < 30; ++k) {
    const Date d = first + std::chrono::days(k);
    auto rs = kpi::build_trip_records(*n, d, day_visits(*n, d, unsigned(k + 1)));
    if (auto s = kpi::save_day(store, d, rs, "tracker", 0, now, Actor{}); !s) die(s.error());
  }
  t0 = Steady::now();
  auto month = kpi::load_records(store, first, first + std::chrono::days(29));
  if (!month) die(month.error());
  const double load = seconds_since(t0);
  t0 = Steady::now();
  auto rep = kpi::compute_kpis(*month, o);
  const double compute = seconds_since(t0);
  std::printf("一月：路单 %zu 条，读出 %.2f s，算全部指标 %.2f s，合计 %.2f s（目标 < 10 s）：%s\n",
              month->size(), load, compute, load + compute,
              load + compute < 10 ? "达到" : "未达到");

  auto pct = [](std::optional<double> v) { return v ? *v * 100 : -1.0; };
  for (const auto& [name, f] :
       {std::pair<const char*, const kpi::Figures*>{"一天", &day.city}, {"一月", &rep.city}})
    std::printf(
        "%s：发车正点率 %.1f%%  班次执行率 %.1f%%  终点到站正点率 %.1f%%  高峰运营时速 %.1f "
        "km/h  车头时距变异系数 %.3f  额外候车 %.0f s  运营里程 %.0f km\n",
        name, pct(f->on_time_departure_rate()), pct(f->execution_rate()),
        pct(f->terminal_arrival_rate()), f->peak_speed_kmh().value_or(-1),
        f->headway_cv().value_or(-1), f->excess_wait_s().value_or(-1), f->service_km);
  std::filesystem::remove(path);
  return 0;
}

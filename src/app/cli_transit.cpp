// zhengtong transit validate|simulate|replay|kpi|import
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>
#include <tuple>

#include <unistd.h>

#include "app/cli.hpp"
#include "transit/feed_store.hpp"
#include "transit/jt808/terminal_fleet.hpp"
#include "transit/kpi/offline.hpp"
#include "transit/network.hpp"
#include "transit/replay.hpp"
#include "transit/simulator.hpp"

namespace zt::cli {
namespace {

// Prints the validation report as JSON; exit 1 when the feed has errors.
int validate(const std::string& path) {
  auto feed = transit::load_feed(path);
  if (!feed) return report(feed.error());
  nlohmann::json issues = nlohmann::json::array();
  for (const auto& i : feed->issues) issues.push_back(i.to_json());
  nlohmann::json out{{"summary", feed->summary()}, {"issues", issues}};
  std::printf("%s\n", out.dump(2).c_str());
  for (const auto& i : feed->issues)
    std::fprintf(stderr, "%s %s:%d %s [%s] %s\n",
                 i.severity == transit::Issue::Severity::kError ? "错误" : "警告", i.file.c_str(),
                 i.line, i.field.c_str(), i.code.c_str(), i.message.c_str());
  return feed->has_errors() ? 1 : 0;
}

struct SimulateOptions {
  std::string feed, start;
  int minutes = 60, step = 30;
  bool no_trip = false;
  std::string via_jt808;  // host:port of a JT/T 808 gateway
  transit::SimulatorOptions sim{.congestion = 0.5};
};

// The buses as JT/T 808 terminals of the gateway at `listen`, in real time: each step's fixes
// when the wall clock reaches it, stamped with it; a summary line per step on stdout.
int simulate_via_jt808(const SimulateOptions& o, const transit::Network& network,
                       const transit::Simulator& sim) {
  auto colon = o.via_jt808.rfind(':');
  unsigned port = 0;
  if (colon == std::string::npos ||
      std::sscanf(o.via_jt808.c_str() + colon + 1, "%u", &port) != 1 || port == 0 || port > 65535)
    return report(Error::invalid("--via-jt808 须为 host:port：" + o.via_jt808, "via-jt808"));
  transit::jt808::TerminalFleet fleet(o.via_jt808.substr(0, colon), std::uint16_t(port));
  const std::int64_t start =
      o.start.empty() ? unix_seconds(SystemClock{}.now()) : std::stoll(o.start);
  const auto began = std::chrono::steady_clock::now();
  // What the drivers were told over their terminals (holds, departure times) and follow.
  std::vector<transit::SimHold> holds;
  for (std::int64_t t = start; t < start + std::int64_t(o.minutes) * 60; t += std::max(1, o.step)) {
    std::this_thread::sleep_until(began + std::chrono::seconds(t - start));
    std::erase_if(holds, [t](const transit::SimHold& h) { return h.given_at < t - 7200; });
    auto fixes = sim.positions(network, t, holds);
    std::map<std::string, const transit::VehicleReport*> by_vehicle;
    for (const auto& f : fixes) by_vehicle[f.vehicle_id] = &f;
    auto stamped = fixes;
    const auto now = unix_seconds(SystemClock{}.now());
    for (auto& f : stamped) f.timestamp = now;  // the gateway's clock judges freshness
    auto r = fleet.report(stamped);
    int followed = 0;
    for (const auto& [vehicle, text] : r.received) {
      auto bus = by_vehicle.find(vehicle);
      if (bus == by_vehicle.end()) continue;
      if (auto h = transit::follow_instruction(network, *bus->second, text, t)) {
        holds.push_back(std::move(*h));
        ++followed;
      }
    }
    // A stable order, so that the simulator's day cache keeps its entries between rounds.
    std::sort(holds.begin(), holds.end(), [](const auto& x, const auto& y) {
      return std::tie(x.trip_id, x.stop_id, x.given_at) <
             std::tie(y.trip_id, y.stop_id, y.given_at);
    });
    std::printf("%lld 车辆 %zu，已发送 %d，失败 %d，收到调度消息 %d，执行调度指令 %d\n",
                (long long)t, fixes.size(), r.sent, r.failed, r.texts, followed);
    std::fflush(stdout);
  }
  return 0;
}

// The feed's timetable as live vehicles, in the replay format on stdout.
int simulate(const SimulateOptions& o) {
  auto feed = transit::load_feed(o.feed);
  if (!feed) return report(feed.error());
  auto network = transit::Network::from_feed(std::move(*feed));
  auto options = o.sim;
  options.trip_ids = !o.no_trip;
  transit::Simulator sim(options);
  if (!o.via_jt808.empty()) return simulate_via_jt808(o, *network, sim);
  std::int64_t start = o.start.empty() ? unix_seconds(SystemClock{}.now()) : std::stoll(o.start);
  std::printf(
      "vehicle.vehicle.id,vehicle.trip.trip_id,vehicle.trip.route_id,vehicle.position.latitude,"
      "vehicle.position.longitude,vehicle.position.speed,vehicle.position.bearing,"
      "vehicle.current_stop_sequence,vehicle.current_status,vehicle.timestamp\n");
  for (std::int64_t t = start; t < start + std::int64_t(o.minutes) * 60; t += std::max(1, o.step))
    for (const auto& v : sim.positions(*network, t))
      std::printf("%s,%s,%s,%.6f,%.6f,%.2f,%.0f,%d,%s,%lld\n", v.vehicle_id.c_str(),
                  v.trip_id.c_str(), v.route_id.c_str(), v.lat, v.lon, v.speed.value_or(0),
                  v.bearing.value_or(0), v.stop_sequence,
                  v.status == 1 ? "STOPPED_AT" : "IN_TRANSIT_TO", (long long)v.timestamp);
  return 0;
}

struct ReplayOptions {
  std::string gtfs, positions, out, history, arrivals_out;
  bool json = false;
};

// Recorded positions in time order: every prediction, and accuracy by horizon against the
// timetable-only and last-vehicle baselines.
int replay(const ReplayOptions& o) {
  auto feed = transit::load_feed(o.gtfs);
  if (!feed) return report(feed.error());
  auto network = transit::Network::from_feed(std::move(*feed));
  auto fixes = transit::read_positions(o.positions);
  if (!fixes) return report(fixes.error());
  std::ofstream out;
  if (!o.out.empty()) {
    out.open(o.out, std::ios::binary);
    if (!out) return report(Error::invalid("无法写入 " + o.out, "predictions-out"));
  }
  std::vector<transit::VehicleReport> history;
  if (!o.history.empty()) {
    auto h = transit::read_positions(o.history);
    if (!h) return report(h.error());
    history = std::move(*h);
  }
  std::ofstream arrivals;
  if (!o.arrivals_out.empty()) {
    arrivals.open(o.arrivals_out, std::ios::binary);
    if (!arrivals) return report(Error::invalid("无法写入 " + o.arrivals_out, "arrivals-out"));
  }
  auto r = transit::replay(network, std::move(*fixes), o.out.empty() ? nullptr : &out, history,
                           o.arrivals_out.empty() ? nullptr : &arrivals);
  if (o.json) {
    std::printf("%s\n", r.to_json().dump(2).c_str());
    return 0;
  }
  std::printf("定位 %zu 条，预测 %zu 条，观测到站 %zu 次（评判 %zu 次）；历史学习路段运行 %zu 次\n",
              r.fixes, r.predictions, r.observed_arrivals, r.judged_arrivals,
              r.history_observations);
  std::printf("每 %d 秒一个评判时刻，取此前 %d 秒内最新的预测，没有预测记为未命中\n",
              transit::kJudgeStepS, transit::kShownForS);
  auto pct = [](const transit::Accuracy::Bucket& b) { return 100.0 * b.hit_rate(); };
  std::printf("%-12s %26s %20s %20s %20s\n", "预测时长", "本系统 准确率/MAE/偏差", "仅时刻表",
              "时刻表+当前晚点", "前车");
  for (std::size_t i = 0; i < r.ours.buckets.size(); ++i) {
    const auto& a = r.ours.buckets[i];
    std::printf("%-12s %8.1f%% /%4.0fs /%+4.0fs", a.name.c_str(), pct(a), a.mae(), a.bias());
    for (const auto* m : {&r.schedule_only, &r.delay_carried, &r.last_vehicle})
      std::printf("  %8.1f%% /%4.0fs", pct(m->buckets[i]), m->buckets[i].mae());
    std::printf("  (n=%d，无预测 %d)\n", a.n, a.missing);
  }
  std::printf(
      "总分（各档准确率均值）：本系统 %.3f，仅时刻表 %.3f，时刻表+当前晚点 %.3f，前车 %.3f\n",
      r.ours.score(), r.schedule_only.score(), r.delay_carried.score(), r.last_vehicle.score());
  std::printf("本系统未提前显示（期望到站本身）：总分 %.3f，MAE %.0fs\n", r.ours_expected.score(),
              r.ours_expected.mae());
  for (const auto& [route, a] : r.ours_by_route) {
    std::printf("线路 %-8s 总分 %.3f", route.c_str(), a.score());
    for (const auto& b : a.buckets)
      std::printf("  %s %.1f%% 偏差 %+.0fs", b.name.c_str(), pct(b), b.bias());
    std::printf("\n");
  }
  return 0;
}

struct KpiCliOptions {
  std::string gtfs, positions, peaks = "07-09,17-19", trips_out;
  int early = 60, late = 180;
};

// A recorded day's punctuality and speed KPIs, offline, by the server's code (transit/kpi/).
int kpi(const KpiCliOptions& o) {
  transit::kpi::KpiOptions options;
  options.early_s = o.early;
  options.late_s = o.late;
  auto peaks = transit::kpi::parse_peaks(o.peaks);
  if (!peaks) return report(peaks.error());
  options.peaks = std::move(*peaks);
  auto feed = transit::load_feed(o.gtfs);
  if (!feed) return report(feed.error());
  auto network = transit::Network::from_feed(std::move(*feed));
  auto fixes = transit::read_positions(o.positions);
  if (!fixes) return report(fixes.error());
  if (!fixes->empty()) options.utc_offset_s = network->utc_offset(fixes->front().timestamp);
  auto records = transit::kpi::records_from_positions(*network, std::move(*fixes));
  if (!o.trips_out.empty()) {
    // Every record with how it counted: the trips behind each figure.
    std::ofstream out(o.trips_out, std::ios::binary);
    if (!out) return report(Error::invalid("无法写入 " + o.trips_out, "trips-out"));
    for (const auto& [day, rs] : records.days) {
      const auto verdicts = transit::kpi::judge(rs, options);
      for (std::size_t i = 0; i < rs.size(); ++i) {
        auto j = rs[i].to_json();
        j["verdict"] = verdicts[i].to_json();
        out << j.dump() << '\n';
      }
    }
  }
  std::printf("%s\n", transit::kpi::offline_report(records, options).dump(2).c_str());
  return 0;
}

int import(Env& env, const std::string& path, bool force) {
  auto app = env.app();
  if (!app) return report(app.error());
  auto feed = transit::load_feed(path);
  if (!feed) return report(feed.error());
  for (const auto& i : feed->issues)
    if (i.severity == transit::Issue::Severity::kError)
      std::fprintf(stderr, "%s:%d: %s: %s\n", i.file.c_str(), i.line, i.field.c_str(),
                   i.message.c_str());
  // A progress bar on stderr when it is a terminal; stdout stays the JSON summary.
  const bool tty = isatty(2);
  auto progress = [tty](std::string_view table, std::size_t done, std::size_t total) {
    if (!tty || total == 0) return;
    int pct = int(100 * done / total);
    std::fprintf(stderr, "\r%-18.*s [%-40s] %3d%%", int(table.size()), table.data(),
                 std::string(std::size_t(pct * 40 / 100), '#').c_str(), pct);
    if (done == total) std::fprintf(stderr, "\n");
  };
  auto v =
      transit::import_feed((*app)->store(), *feed, std::filesystem::path(path).filename().string(),
                           force, progress, (*app)->clock().now(), env.actor());
  if (!v) return report(v.error());
  nlohmann::json out = v->summary;
  out["feed_id"] = v->id;
  out["active"] = v->active;
  std::printf("%s\n", out.dump(2).c_str());
  return 0;
}

}  // namespace

void add_transit_commands(CLI::App& cli, Commands& out) {
  auto* transit = cli.add_subcommand("transit", "公交数据（GTFS）");
  auto feed = std::make_shared<std::string>();
  auto* check = transit->add_subcommand(
      "validate",
      "校验 GTFS 数据（zip 或目录），按文件、行、字段列出错误和警告；有错误时以 1 退出");
  check->add_option("feed", *feed, "GTFS zip 或目录")->required();
  out.on(check, [feed](Env&) { return validate(*feed); });

  auto s = std::make_shared<SimulateOptions>();
  auto* sim = transit->add_subcommand(
      "simulate",
      "把数据源的时刻表模拟成实时车辆，按重放格式（扁平化 VehiclePositions CSV）写到标准输出");
  sim->add_option("feed", s->feed, "GTFS zip 或目录")->required();
  sim->add_option("--start", s->start, "开始时间 unix 秒（默认当前）");
  sim->add_option("--minutes", s->minutes, "模拟时长（分钟，默认 60）");
  sim->add_option("--step", s->step, "定位间隔（秒，默认 30）");
  sim->add_option("--congestion", s->sim.congestion,
                  "拥堵路段高峰时段最多慢多少（比例，默认 0.5）");
  sim->add_flag("--no-trip-id", s->no_trip, "定位不带班次号（只带线路），如车载终端的原始 GPS");
  sim->add_option("--via-jt808", s->via_jt808,
                  "车辆作为 JT/T 808 车载终端接入此网关 host:port（注册、鉴权、按实时上报位置，"
                  "应答调度消息）");
  out.on(sim, [s](Env&) { return simulate(*s); });

  auto r = std::make_shared<ReplayOptions>();
  auto* rep = transit->add_subcommand(
      "replay",
      "按时间顺序重放记录的定位，输出每条预测，并按预测时长分档打印准确率（对比三种基线）");
  rep->add_option("--gtfs", r->gtfs, "GTFS zip 或目录")->required();
  rep->add_option("--positions", r->positions,
                  "扁平化 VehiclePositions CSV（可为 .csv.gz），或 GTFS-RT .pb 快照目录")
      ->required();
  rep->add_option("--predictions-out", r->out, "预测输出 CSV");
  rep->add_option("--arrivals-out", r->arrivals_out, "评判所用的实际到站（越过站点的时刻）CSV");
  rep->add_flag("--json", r->json, "以 JSON 输出结果（含各档偏差与分线路结果）");
  rep->add_option("--history", r->history,
                  "先重放的历史定位（同上两种格式），用于学习路段运行时间");
  out.on(rep, [r](Env&) { return replay(*r); });

  auto k = std::make_shared<KpiCliOptions>();
  auto* kp = transit->add_subcommand(
      "kpi",
      "离线计算记录定位当天的发车正点率、班次执行率、高峰运营时速等指标（与服务端同一代码），"
      "按线路和全市输出 JSON");
  kp->add_option("--gtfs", k->gtfs, "GTFS zip 或目录")->required();
  kp->add_option("--positions", k->positions,
                 "扁平化 VehiclePositions CSV，或 GTFS-RT .pb 快照目录")
      ->required();
  kp->add_option("--early", k->early, "早于计划多少秒仍算正点（默认 60）");
  kp->add_option("--late", k->late, "晚于计划多少秒仍算正点（默认 180）");
  kp->add_option("--peaks", k->peaks, "早晚高峰时段（默认 07-09,17-19）");
  kp->add_option("--trips-out", k->trips_out,
                 "把每个班次的运营记录及其计入哪项指标写成 JSON Lines 文件");
  out.on(kp, [k](Env&) { return kpi(*k); });

  auto force = std::make_shared<bool>(false);
  auto* imp = transit->add_subcommand(
      "import", "导入 GTFS 数据为新版本（显示进度），输出 JSON 摘要；有错误时拒绝，除非 --force");
  imp->add_option("feed", *feed, "GTFS zip 或目录")->required();
  imp->add_flag("--force", *force, "有错误也导入");
  out.on(imp, [feed, force](Env& env) { return import(env, *feed, *force); });
  add_scheduling_commands(*transit, out);
  add_flow_commands(*transit, out);
}

}  // namespace zt::cli

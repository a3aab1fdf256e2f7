// zhengtong transit flow infer: a day of fare taps matched to the stop visits detected in the
// day's recorded positions, chained and summed (loads, OD, 非现金支付比例), as JSON on stdout;
// or, with --simulate, a simulated day of the feed scored against its truth.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/cli.hpp"
#include "core/digest.hpp"
#include "transit/flow/chaining.hpp"
#include "transit/flow/loads.hpp"
#include "transit/flow/riders_sim.hpp"
#include "transit/flow/scoring.hpp"
#include "transit/network.hpp"
#include "transit/replay.hpp"
#include "transit/tracker.hpp"

namespace zt::cli {
namespace {

struct FlowCliOptions {
  std::string feed, taps, positions, date, format = "clearing";
  bool simulate = false;
  std::size_t riders = 5000;
  double walk_m = 800;
  int transfer_min = 30;
};

nlohmann::json outputs_json(const transit::flow::Inference& inf,
                            const transit::flow::FlowOutputs& out) {
  using namespace transit::flow;
  nlohmann::json unresolved = nlohmann::json::object();
  for (std::size_t u = 1; u < inf.unresolved.size(); ++u)
    unresolved[std::string(unresolved_name(Unresolved(u)))] = inf.unresolved[u];
  nlohmann::json max_load = nlohmann::json::array();
  for (const auto& m : out.max_load)
    max_load.push_back({{"route_id", m.route_id},
                        {"direction", m.direction},
                        {"hour", m.hour},
                        {"from_stop", m.from_stop},
                        {"to_stop", m.to_stop},
                        {"load", m.load}});
  nlohmann::json hours = nlohmann::json::array();
  for (const auto& h : out.by_hour) hours.push_back({{"on", h.on}, {"off", h.off}});
  nlohmann::json routes = nlohmann::json::object();
  for (const auto& [r, f] : out.by_route) routes[r] = {{"on", f.on}, {"off", f.off}};
  return {{"taps", inf.taps.size()},
          {"boarded", inf.boarded},
          {"with_destination", inf.with_destination},
          {"inference_rate",
           inf.taps.empty() ? 0.0 : double(inf.with_destination) / double(inf.taps.size())},
          {"journeys", inf.journeys},
          {"transfers", inf.transfers},
          {"not_inferred", unresolved},
          {"noncash_share", out.noncash_share},
          {"by_route", routes},
          {"by_hour", hours},
          {"max_load", max_load},
          {"od_pairs", out.od.size()}};
}

Result<std::string> slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return tl::unexpected(Error::invalid("无法读取 " + path, "taps"));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int infer(Env& env, const FlowCliOptions& o) {
  using namespace transit::flow;
  auto day = parse_date(o.date);
  if (!day) return report(day.error());
  auto feed = transit::load_feed(o.feed);
  if (!feed) return report(feed.error());
  auto n = transit::Network::from_feed(std::move(*feed));
  ChainOptions chain;
  chain.walk_m = o.walk_m;
  chain.transfer_s = o.transfer_min * 60;
  if (o.simulate) {
    // A throwaway key: the simulated cards are not anyone's.
    auto hasher = TokenHasher::make(random_hex(16));
    if (!hasher) return report(hasher.error());
    RidersOptions ro;
    ro.riders = o.riders;
    auto sim = simulate_riders(*n, *day, *hasher, ro);
    VisitIndex visits(*n, sim.visits, chain.boarding);
    auto inf = transit::flow::infer(visits, sim.taps, chain);
    auto out = flow_outputs(visits, sim.taps, inf, sim.apc);
    auto s = score(sim.taps, inf, sim.truth);
    auto j = outputs_json(inf, out);
    j["accuracy_within_one_stop"] = s.accuracy();
    j["cash_boardings"] = sim.cash_boardings;
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  if (o.taps.empty() || o.positions.empty())
    return report(Error::invalid("须给出 --taps 和 --positions，或 --simulate", "taps"));
  auto config = env.config();
  if (!config) return report(config.error());
  auto hasher = TokenHasher::make((*config)->flow_token_secret);
  if (!hasher)
    return report(Error::invalid("须在配置中设置 [flow] token_secret（16 至 64 字节的密钥）",
                                 "flow.token_secret"));
  auto text = slurp(o.taps);
  if (!text) return report(text.error());
  auto taps = o.format == "tides" ? read_tides_fare_transactions(std::move(*text), *hasher)
                                  : read_clearing_export(std::move(*text), *hasher);
  if (!taps) return report(taps.error());
  auto fixes = transit::read_positions(o.positions);
  if (!fixes) return report(fixes.error());
  std::stable_sort(fixes->begin(), fixes->end(),
                   [](const auto& a, const auto& b) { return a.timestamp < b.timestamp; });
  transit::Tracker tracker(*n);
  std::vector<transit::StopEvent> events;
  for (const auto& f : *fixes) tracker.update(f, events);
  VisitIndex visits(*n, std::move(events), chain.boarding);
  auto inf = transit::flow::infer(visits, *taps, chain);
  auto out = flow_outputs(visits, *taps, inf, {});
  std::printf("%s\n", outputs_json(inf, out).dump(2).c_str());
  return 0;
}

}  // namespace

void add_flow_commands(CLI::App& transit, Commands& out) {
  auto* flow = transit.add_subcommand("flow", "客流分析（刷卡/扫码推算上下车站、断面客流、OD）");
  auto o = std::make_shared<FlowCliOptions>();
  auto* inf = flow->add_subcommand("infer",
                                   "按车辆到离站匹配上车站、出行链推算下车站，输出 "
                                   "JSON（推算率、断面最大客流、非现金支付比例）；"
                                   "--simulate 时模拟一天并与真值比对");
  inf->add_option("feed", o->feed, "GTFS zip 或目录")->required();
  inf->add_option("--date", o->date, "服务日期 YYYY-MM-DD")->required();
  inf->add_option("--taps", o->taps, "刷卡记录 CSV（卡号以配置的 [flow] token_secret 加密散列）");
  inf->add_option("--format", o->format, "刷卡记录格式：clearing（清分导出，默认）或 tides");
  inf->add_option("--positions", o->positions, "当天的扁平化 VehiclePositions CSV 或 .pb 目录");
  inf->add_flag("--simulate", o->simulate, "模拟当天乘客并按真值评分");
  inf->add_option("--riders", o->riders, "模拟的乘客数（默认 5000）");
  inf->add_option("--walk", o->walk_m, "下车站到下次上车站的最远步行距离（米，默认 800）");
  inf->add_option("--transfer-minutes", o->transfer_min, "换乘认定的最长间隔（分钟，默认 30）");
  out.on(inf, [o](Env& env) { return infer(env, *o); });
}

}  // namespace zt::cli

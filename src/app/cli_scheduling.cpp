// zhengtong transit blocks|duties: the scheduling core (transit/scheduling) on files.
#include <cstdio>
#include <fstream>
#include <iterator>

#include "app/cli.hpp"
#include "transit/scheduling/day_blocks.hpp"
#include "transit/scheduling/partition_solver.hpp"
#include "transit/scheduling/set_partition.hpp"

namespace zt::cli {
namespace {

struct BlocksCliOptions {
  std::string feed, date, out;
  double min_layover_min = 0, max_deadhead_m = 0, deadhead_kmh = 20;
};

int blocks(const BlocksCliOptions& o) {
  auto date = parse_date(o.date);
  if (!date) return report(Error::invalid("日期应为 YYYY-MM-DD：" + o.date, "date"));
  if (o.min_layover_min < 0 || o.min_layover_min > 24 * 60)
    return report(Error::invalid("最短停站应在 0–1440 分钟之间", "min-layover"));
  if (o.max_deadhead_m < 0) return report(Error::invalid("空驶距离不能为负", "max-deadhead"));
  if (o.deadhead_kmh <= 0 || o.deadhead_kmh > 200)
    return report(Error::invalid("空驶速度应在 0–200 km/h 之间", "deadhead-speed"));
  transit::scheduling::BlockOptions options;
  options.min_layover_s = int(o.min_layover_min * 60 + 0.5);
  options.max_deadhead_m = o.max_deadhead_m;
  options.deadhead_speed_mps = o.deadhead_kmh / 3.6;
  auto feed = transit::load_feed(o.feed);
  if (!feed) return report(feed.error());
  auto network = transit::Network::from_feed(std::move(*feed));
  auto day = transit::scheduling::day_blocks(*network, *date, options);
  if (!day) return report(day.error());
  if (!o.out.empty()) {
    std::ofstream out(o.out, std::ios::binary);
    if (!out) return report(Error::invalid("无法写入 " + o.out, "out"));
    transit::scheduling::write_blocks_csv(*network, *day, out);
  }
  std::printf("%s\n", transit::scheduling::blocks_summary(*day, options).dump(2).c_str());
  return 0;
}

struct DutiesCliOptions {
  std::string set_partition;
  bool covering = false, by_cost = false;
  double time_limit = 60;
};

int duties(const DutiesCliOptions& o) {
  std::ifstream in(o.set_partition, std::ios::binary);
  if (!in) return report(Error::invalid("无法读取 " + o.set_partition, "set-partition"));
  const std::string text{std::istreambuf_iterator<char>(in), {}};
  auto sp = transit::scheduling::parse_set_partition(text);
  if (!sp) {
    auto e = sp.error();
    e.message = o.set_partition + " " + e.message;
    return report(e);
  }
  auto r = transit::scheduling::solve_partition(
      *sp, {.covering = o.covering, .by_cost = o.by_cost, .time_limit_s = o.time_limit});
  if (!r) return report(r.error());
  std::printf("%s\n", transit::scheduling::partition_summary(*sp, *r).dump().c_str());
  return r->optimal ? 0 : 3;
}

}  // namespace

void add_scheduling_commands(CLI::App& transit, Commands& out) {
  auto b = std::make_shared<BlocksCliOptions>();
  auto* blk = transit.add_subcommand(
      "blocks",
      "车辆排班（字轨）：某日全部班次的最少车辆、其次最少空驶的最优排法（最小费用流），输出 "
      "JSON，并可写出 trip_id,block_id");
  blk->add_option("feed", b->feed, "GTFS zip 或目录")->required();
  blk->add_option("--date", b->date, "服务日期 YYYY-MM-DD")->required();
  blk->add_option("--min-layover", b->min_layover_min, "班次到站后最短停站（分钟，默认 0）");
  blk->add_option("--max-deadhead", b->max_deadhead_m,
                  "两班次间最长空驶直线距离（米）；0 表示只能从上一班的终点站发车（默认 0）");
  blk->add_option("--deadhead-speed", b->deadhead_kmh, "空驶速度（km/h，默认 20）");
  blk->add_option("--out", b->out, "写出每个班次的 trip_id,block_id（CSV）");
  out.on(blk, [b](Env&) { return blocks(*b); });

  auto d = std::make_shared<DutiesCliOptions>();
  auto* dut = transit.add_subcommand(
      "duties",
      "司机排班：用 CBC 求解集合划分（ORLIB 格式，行号从 0 起），输出所选班型数 duties 和列号 "
      "columns；未证明最优时以 3 退出");
  dut->add_option("--set-partition", d->set_partition, "集合划分实例文件")->required();
  dut->add_flag("--covering", d->covering, "按集合覆盖求解（每行至少一次）");
  dut->add_flag("--by-cost", d->by_cost, "最小化列费用之和（默认最小化列数）");
  dut->add_option("--time-limit", d->time_limit, "求解时限（秒，默认 60）");
  out.on(dut, [d](Env&) { return duties(*d); });
}

}  // namespace zt::cli

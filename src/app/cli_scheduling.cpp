// zhengtong transit blocks|duties: the scheduling core (transit/scheduling) on files.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "app/cli.hpp"
#include "transit/scheduling/day_blocks.hpp"
#include "transit/scheduling/day_duties.hpp"
#include "transit/scheduling/duty_rules.hpp"
#include "transit/scheduling/duty_workbook.hpp"
#include "transit/scheduling/ods_export.hpp"
#include "transit/scheduling/partition_solver.hpp"
#include "transit/scheduling/set_partition.hpp"

namespace zt::cli {
namespace {

struct BlocksCliOptions {
  std::string feed, date, out;
  double min_layover_min = 0, max_deadhead_m = 0, deadhead_kmh = 20;
  std::vector<std::string> routes;  // empty: every route
  std::string depots;               // depots.csv: blocks from several depots, by CBC
  double depot_time_limit = 120;
};

// A whole input file's text; fails naming the option it came from.
Result<std::string> read_text(const std::string& path, const char* option) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Error::invalid("无法读取 " + path, option));
  return std::string{std::istreambuf_iterator<char>(in), {}};
}

struct Day {
  std::shared_ptr<const transit::Network> network;
  transit::scheduling::BlockOptions options;
  transit::scheduling::DayBlocks blocks;
  std::vector<transit::scheduling::Depot> depots;  // when blocks come from several
  transit::scheduling::DepotPlan depot_plan;
};

// The feed read and the date's optimal blocks.
Result<Day> solve_day(const BlocksCliOptions& o) {
  auto date = parse_date(o.date);
  if (!date) return fail(Error::invalid("日期应为 YYYY-MM-DD：" + o.date, "date"));
  if (o.min_layover_min < 0 || o.min_layover_min > 24 * 60)
    return fail(Error::invalid("最短停站应在 0–1440 分钟之间", "min-layover"));
  if (o.max_deadhead_m < 0) return fail(Error::invalid("空驶距离不能为负", "max-deadhead"));
  if (o.deadhead_kmh <= 0 || o.deadhead_kmh > 200)
    return fail(Error::invalid("空驶速度应在 0–200 km/h 之间", "deadhead-speed"));
  Day d;
  d.options.min_layover_s = int(o.min_layover_min * 60 + 0.5);
  d.options.max_deadhead_m = o.max_deadhead_m;
  d.options.deadhead_speed_mps = o.deadhead_kmh / 3.6;
  auto feed = transit::load_feed(o.feed);
  if (!feed) return fail(feed.error());
  d.network = transit::Network::from_feed(std::move(*feed));
  auto day = transit::scheduling::day_blocks(*d.network, *date, d.options, o.routes);
  if (!day) return fail(day.error());
  d.blocks = std::move(*day);
  if (!o.depots.empty()) {
    auto text = read_text(o.depots, "depots");
    if (!text) return fail(text.error());
    auto depots = transit::scheduling::parse_depots_csv(*text);
    if (!depots) return fail(depots.error());
    d.depots = std::move(*depots);
    auto p = transit::scheduling::apply_depots(d.blocks, *d.network, d.depots, d.options,
                                               o.depot_time_limit);
    if (!p) return fail(p.error());
    d.depot_plan = std::move(*p);
  }
  return d;
}

int blocks(const BlocksCliOptions& o) {
  auto day = solve_day(o);
  if (!day) return report(day.error());
  if (!o.out.empty()) {
    std::ofstream out(o.out, std::ios::binary);
    if (!out) return report(Error::invalid("无法写入 " + o.out, "out"));
    transit::scheduling::write_blocks_csv(*day->network, day->blocks, out);
  }
  auto summary = transit::scheduling::blocks_summary(day->blocks, day->options);
  if (!day->depots.empty())
    summary["multi_depot"] = transit::scheduling::depots_summary(day->depot_plan, day->depots);
  std::printf("%s\n", summary.dump(2).c_str());
  return day->depots.empty() || day->depot_plan.optimal ? 0 : 3;
}

struct DutiesCliOptions {
  std::string set_partition, rules, ods, xlsx;
  BlocksCliOptions day;
  bool covering = false, by_cost = false;
  double time_limit = 60;
  std::string method = "auto";
};

// The day's duties over its optimal blocks, under the company's rules (defaults without a file).
int day_duties(const DutiesCliOptions& o) {
  transit::scheduling::DutyRules rules;
  if (!o.rules.empty()) {
    auto text = read_text(o.rules, "rules");
    if (!text) return report(text.error());
    auto r = transit::scheduling::parse_duty_rules(*text);
    if (!r) return report(r.error());
    rules = *r;
  }
  auto day = solve_day(o.day);
  if (!day) return report(day.error());
  using transit::scheduling::DutyMethod;
  const DutyMethod method = o.method == "generate"    ? DutyMethod::kGenerate
                            : o.method == "enumerate" ? DutyMethod::kEnumerate
                                                      : DutyMethod::kAuto;
  auto d = transit::scheduling::day_duties(*day->network, day->blocks, rules,
                                           {.by_cost = o.by_cost, .time_limit_s = o.time_limit}, {},
                                           method);
  if (!d) return report(d.error());
  if (!o.day.out.empty()) {
    std::ofstream out(o.day.out, std::ios::binary);
    if (!out) return report(Error::invalid("无法写入 " + o.day.out, "out"));
    transit::scheduling::write_duties_csv(*day->network, day->blocks, *d, out);
  }
  if (!o.xlsx.empty()) {
    auto book = transit::scheduling::duty_workbook(*day->network, day->blocks, *d, rules);
    if (!book) return report(book.error());
    std::ofstream out(o.xlsx, std::ios::binary);
    if (!out || !out.write(book->data(), std::streamsize(book->size())))
      return report(Error::invalid("无法写入 " + o.xlsx, "xlsx"));
  }
  if (!o.ods.empty()) {
    // The Operational Data Standard's files in a folder of their own.
    std::error_code ec;
    std::filesystem::create_directories(o.ods, ec);
    std::ofstream dh(std::filesystem::path(o.ods) / "deadheads.txt", std::ios::binary);
    std::ofstream rp(std::filesystem::path(o.ods) / "runs_pieces.txt", std::ios::binary);
    std::ofstream re(std::filesystem::path(o.ods) / "run_events.txt", std::ios::binary);
    if (ec || !dh || !rp || !re) return report(Error::invalid("无法写入 " + o.ods, "ods"));
    transit::scheduling::write_ods_deadheads(*day->network, day->blocks, dh);
    transit::scheduling::write_ods_runs_pieces(*day->network, day->blocks, *d, rp);
    transit::scheduling::write_ods_run_events(*day->network, day->blocks, *d, rules, re);
  }
  std::printf("%s\n", transit::scheduling::duties_summary(day->blocks, *d).dump(2).c_str());
  return d->chosen.optimal ? 0 : 3;
}

int duties(const DutiesCliOptions& o) {
  if (o.set_partition.empty()) {
    if (o.day.feed.empty() || o.day.date.empty())
      return report(Error::invalid("需要 --set-partition FILE，或 GTFS 数据源和 --date", "feed"));
    return day_duties(o);
  }
  auto text = read_text(o.set_partition, "set-partition");
  if (!text) return report(text.error());
  auto sp = transit::scheduling::parse_set_partition(*text);
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
  blk->add_option("--routes", b->routes, "只排这些线路（route_id，逗号分隔；默认全部）")
      ->delimiter(',');
  blk->add_option("--depots", b->depots,
                  "多车场：depots.csv（depot_id,depot_name,depot_lat,depot_lon[,vehicles]），每辆车"
                  "从所属车场出发并回到该车场，用 CBC 求最少车辆、再最少空驶（含进出场）；"
                  "未证明最优时以 3 退出");
  blk->add_option("--depot-time-limit", b->depot_time_limit, "多车场求解时限（秒，默认 120）");
  out.on(blk, [b](Env&) { return blocks(*b); });

  auto d = std::make_shared<DutiesCliOptions>();
  auto* dut = transit.add_subcommand(
      "duties",
      "司机排班：用 CBC 求解集合划分。--set-partition 给 ORLIB 实例（行号从 0 起），输出所选班型数 "
      "duties 和列号 columns；或给 GTFS 数据源和日期，在最优车辆排班上按排班规则生成候选班型并求"
      "最少司机班；未证明最优时以 3 退出");
  dut->add_option("--set-partition", d->set_partition, "集合划分实例文件");
  dut->add_option("feed", d->day.feed, "GTFS zip 或目录");
  dut->add_option("--date", d->day.date, "服务日期 YYYY-MM-DD");
  dut->add_option("--min-layover", d->day.min_layover_min, "车辆排班的最短停站（分钟）");
  dut->add_option("--max-deadhead", d->day.max_deadhead_m, "车辆排班的最长空驶距离（米）");
  dut->add_option("--deadhead-speed", d->day.deadhead_kmh, "空驶速度（km/h，默认 20）");
  dut->add_option("--routes", d->day.routes, "只排这些线路（route_id，逗号分隔；默认全部）")
      ->delimiter(',');
  dut->add_option("--depots", d->day.depots,
                  "多车场 depots.csv：车辆排班按多车场求解（见 blocks）");
  dut->add_option("--method", d->method,
                  "auto：候选班型不超过上限时全枚举，否则列生成（默认）；enumerate；generate")
      ->check(CLI::IsMember({"auto", "enumerate", "generate"}));
  dut->add_option("--rules", d->rules,
                  "排班规则 TOML（[duty] 节：max_continuous_driving_min、min_break_min 等）");
  dut->add_option("--xlsx", d->xlsx, "写出可打印的排班表 Excel（司机排班、车辆排班两张表）");
  dut->add_option("--ods", d->ods,
                  "把车辆排班的空驶和司机班写成运营数据标准（ODS）文件 deadheads.txt、"
                  "runs_pieces.txt、run_events.txt 到此目录");
  dut->add_option("--out", d->day.out,
                  "写出排班表 CSV（duty_id,piece,block_id,trip_id,start,end）");
  dut->add_flag("--covering", d->covering, "按集合覆盖求解（每行至少一次）");
  dut->add_flag("--by-cost", d->by_cost, "最小化列费用之和（默认最小化列数）");
  dut->add_option("--time-limit", d->time_limit, "求解时限（秒，默认 60）");
  out.on(dut, [d](Env&) { return duties(*d); });
}

}  // namespace zt::cli

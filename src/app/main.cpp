// The `zhengtong` command: serve, migrate, user, unit, audit, demo.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <unistd.h>
#include <iostream>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "app/app.hpp"
#include "app/demo_activity.hpp"
#include "app/paths.hpp"
#include "core/audit.hpp"
#include "core/digest.hpp"
#include "core/migrations.hpp"
#include "supervision/gazette.hpp"
#include "transit/feed_store.hpp"
#include "transit/network.hpp"
#include "transit/replay.hpp"
#include "transit/simulator.hpp"

namespace {

// --clock-start: "demo", unix seconds, or YYYY-MM-DDTHH:MM in Beijing time.
zt::Result<zt::Instant> parse_clock_start(const std::string& text) {
  using namespace std::chrono;
  if (text == "demo") return zt::demo_today();
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos &&
      text.size() <= 12)
    return zt::Instant{seconds{std::stoll(text)}};
  if (text.size() == 16 && text[10] == 'T' && text[13] == ':') {
    auto day = zt::parse_date(text.substr(0, 10));
    int h = -1, m = -1;
    if (std::sscanf(text.c_str() + 11, "%2d:%2d", &h, &m) == 2 && day && h >= 0 && h < 24 &&
        m >= 0 && m < 60)
      return zt::Instant{day->time_since_epoch()} + hours(h - 8) + minutes(m);
  }
  return zt::fail(zt::Error::invalid(
      "--clock-start 须为 demo、unix 秒或 YYYY-MM-DDTHH:MM（北京时间）：" + text, "clock-start"));
}

using namespace zt;

int report(const Error& e) {
  std::fprintf(stderr, "错误：%s%s%s\n", e.message.c_str(), e.field.empty() ? "" : " [字段 ",
               e.field.empty() ? "" : (e.field + "]").c_str());
  return e.kind == ErrorKind::kInvalidInput ? 2 : 1;
}

std::vector<Role> parse_roles(const std::vector<std::string>& names, bool& ok) {
  std::vector<Role> roles;
  ok = true;
  for (const auto& n : names) {
    auto r = parse_role(n);
    if (!r) {
      std::fprintf(stderr, "错误：未知角色 %s\n", n.c_str());
      ok = false;
    } else {
      roles.push_back(*r);
    }
  }
  return roles;
}

// Prints the validation report as JSON; exit 1 when the feed has errors.
int validate_feed(const std::string& path) {
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

// A notice file's text: plain UTF-8 or a .docx.
Result<std::string> read_notice(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Error::invalid(path + "：无法打开文件", "file"));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return supervision::notice_text(std::move(bytes), path);
}

// Prints the parse as JSON on stdout; what could not be placed goes to stderr with its line.
int parse_gazette_file(const std::string& path) {
  auto text = read_notice(path);
  if (!text) return report(text.error());
  auto g = supervision::parse_gazette(*text);
  if (!g) return report(Error::invalid(path + "：" + g.error().message));
  std::printf("%s\n", supervision::to_json(*g).dump(2).c_str());
  for (const auto& u : g->unplaced)
    std::fprintf(stderr, "%s:%d: 未能归类（%s）：%s\n", path.c_str(), u.line, u.reason.c_str(),
                 u.text.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"政通 zhengtong：督查督办、行政执法监督、智能公交一体化平台"};
  cli.require_subcommand(1);
  std::string config_path, db, listen, static_dir;
  cli.add_option("-c,--config", config_path, "TOML 配置文件");
  cli.add_option("--db", db,
                 "数据库：sqlite:PATH（默认 sqlite:var/zhengtong.db）或 postgresql://…");

  auto* serve = cli.add_subcommand("serve", "启动 HTTP 服务");
  serve->add_option("--listen", listen, "监听地址 host:port（默认 127.0.0.1:8080）");
  serve->add_option("--static", static_dir, "前端静态文件目录（默认 web/dist）");
  bool serve_demo = false;
  serve->add_flag("--demo", serve_demo, "启动前加载演示数据");
  std::int64_t transit_clock_start = 0;
  serve->add_option(
      "--transit-clock-start", transit_clock_start,
      "公交模块的时钟从此刻（unix 秒）起走，其余模块用真实时间（演示数据源的运营时段）");
  std::string clock_start;
  serve->add_option("--clock-start", clock_start,
                    "全系统的时钟从此刻起走：YYYY-MM-DDTHH:MM（北京时间）、unix 秒，或 demo"
                    "（演示数据的“今天”，2024-09-20 10:00）");
  bool serve_simulate = false;
  serve->add_flag("--simulate", serve_simulate,
                  "按当前线网时刻表模拟车辆实时定位（演示用，每 10 秒一次）");

  auto* migrate_cmd = cli.add_subcommand("migrate", "执行数据库迁移");

  auto* user = cli.add_subcommand("user", "用户管理");
  user->require_subcommand(1);
  std::string u_name, u_display, u_unit, u_password;
  std::vector<std::string> u_roles;
  auto* user_add = user->add_subcommand("add", "新增用户");
  user_add->add_option("username", u_name, "登录名")->required();
  user_add->add_option("--name", u_display, "姓名")->required();
  user_add->add_option("--unit", u_unit, "所属单位（全称或简称）")->required();
  user_add
      ->add_option("--role", u_roles,
                   "角色（可多次）：admin office unit_reporter unit_leader "
                   "enforcement_officer legal_reviewer justice_supervisor "
                   "dispatcher planner")
      ->required();
  user_add->add_option("--password", u_password, "初始密码（至少8位）；省略则从标准输入读取");
  auto* user_passwd = user->add_subcommand("passwd", "重置密码");
  user_passwd->add_option("username", u_name, "登录名")->required();
  user_passwd->add_option("--password", u_password, "新密码；省略则从标准输入读取");
  auto* user_disable = user->add_subcommand("disable", "停用用户（不能停用最后一个启用的管理员）");
  user_disable->add_option("username", u_name, "登录名")->required();
  auto* user_enable = user->add_subcommand("enable", "启用用户");
  user_enable->add_option("username", u_name, "登录名")->required();
  auto* user_unlock = user->add_subcommand("unlock", "解除登录失败限制（所有来源地址）");
  user_unlock->add_option("username", u_name, "登录名")->required();

  auto* unit = cli.add_subcommand("unit", "单位管理");
  unit->require_subcommand(1);
  std::string un_name, un_parent, un_kind = "department", un_division;
  std::vector<std::string> un_aliases;
  auto* unit_add = unit->add_subcommand("add", "新增单位");
  unit_add->add_option("name", un_name, "单位全称")->required();
  unit_add->add_option("--parent", un_parent, "上级单位");
  unit_add->add_option("--kind", un_kind,
                       "类型：government_office department county_government company other");
  unit_add->add_option("--division", un_division, "行政区划代码（GB/T 2260）");
  unit_add->add_option("--alias", un_aliases, "简称（可多次）");
  auto* unit_list = unit->add_subcommand("list", "列出单位");

  auto* audit = cli.add_subcommand("audit", "留痕记录");
  audit->require_subcommand(1);
  auto* audit_verify =
      audit->add_subcommand("verify", "校验留痕链；被改动时以非零退出并指出首个错误记录");

  auto* inspect = cli.add_subcommand("inspect", "双随机抽查");
  inspect->require_subcommand(1);
  std::int64_t draw_id = 0;
  auto* inspect_check = inspect->add_subcommand(
      "redraw-check", "按记录的种子和输入快照重新抽取，确认与记录的结果一致（不一致时以非零退出）");
  inspect_check->add_option("PLAN", draw_id, "抽查记录编号")->required();

  auto* remind = cli.add_subcommand(
      "remind", "立即生成今日报送提醒并投递消息队列（配置了 webhook 时），输出 JSON");
  auto* transit = cli.add_subcommand("transit", "公交数据（GTFS）");
  std::string feed_path;
  bool force_import = false;
  auto* transit_validate = transit->add_subcommand(
      "validate",
      "校验 GTFS 数据（zip 或目录），按文件、行、字段列出错误和警告；有错误时以 1 退出");
  transit_validate->add_option("feed", feed_path, "GTFS zip 或目录")->required();
  auto* transit_simulate = transit->add_subcommand(
      "simulate",
      "把数据源的时刻表模拟成实时车辆，按重放格式（扁平化 VehiclePositions CSV）写到标准输出");
  std::string sim_start;
  int sim_minutes = 60, sim_step = 30;
  transit_simulate->add_option("feed", feed_path, "GTFS zip 或目录")->required();
  transit_simulate->add_option("--start", sim_start, "开始时间 unix 秒（默认当前）");
  transit_simulate->add_option("--minutes", sim_minutes, "模拟时长（分钟，默认 60）");
  transit_simulate->add_option("--step", sim_step, "定位间隔（秒，默认 30）");
  transit::SimulatorOptions sim_options;
  sim_options.congestion = 0.5;
  bool sim_no_trip = false;
  transit_simulate->add_option("--congestion", sim_options.congestion,
                               "拥堵路段高峰时段最多慢多少（比例，默认 0.5）");
  transit_simulate->add_flag("--no-trip-id", sim_no_trip,
                             "定位不带班次号（只带线路），如车载终端的原始 GPS");
  auto* transit_replay = transit->add_subcommand(
      "replay",
      "按时间顺序重放记录的定位，输出每条预测，并按预测时长分档打印准确率（对比仅按时刻表）");
  std::string replay_gtfs, replay_positions, replay_out;
  transit_replay->add_option("--gtfs", replay_gtfs, "GTFS zip 或目录")->required();
  transit_replay
      ->add_option("--positions", replay_positions,
                   "扁平化 VehiclePositions CSV，或 GTFS-RT .pb 快照目录")
      ->required();
  transit_replay->add_option("--predictions-out", replay_out, "预测输出 CSV");
  std::string replay_history;
  transit_replay->add_option("--history", replay_history,
                             "先重放的历史定位（同上两种格式），用于学习路段运行时间");
  auto* transit_import = transit->add_subcommand(
      "import", "导入 GTFS 数据为新版本（显示进度），输出 JSON 摘要；有错误时拒绝，除非 --force");
  transit_import->add_option("feed", feed_path, "GTFS zip 或目录")->required();
  transit_import->add_flag("--force", force_import, "有错误也导入");
  auto* demo = cli.add_subcommand("demo", "加载演示数据（单位、各角色用户、示例公报）");
  std::string demo_gazette = "data/seed/sanmenxia-gazette-2024-02.txt";
  std::string demo_gtfs;
  demo->add_option("--gtfs", demo_gtfs,
                   "演示用公交数据（GTFS zip，如 data/gtfs/porto-alegre-eptc-2019.zip）");
  bool demo_bare = false;
  demo->add_flag("--bare", demo_bare,
                 "只加载单位、用户、公报和执法规则，不生成演示年度的报送、通报、案件等业务数据");
  demo->add_option("--gazette", demo_gazette,
                   "要导入的公报（默认三门峡市人民政府公报2024年第2号）");

  auto* gazette = cli.add_subcommand("gazette", "政府公报与通知");
  gazette->require_subcommand(1);
  std::string gazette_file;
  auto* gazette_parse = gazette->add_subcommand(
      "parse", "解析公报或通知（UTF-8 文本），输出目标、任务、台账、时限承诺和量化指标的 JSON");
  gazette_parse->add_option("file", gazette_file, "公报文本文件")
      ->required()
      ->check(CLI::ExistingFile);
  bool create_units = false;
  auto* gazette_import = gazette->add_subcommand(
      "import", "导入公报或通知：通知、目标、任务、台账、时限承诺、量化指标；重复导入不会重复创建");
  gazette_import->add_option("file", gazette_file, "公报文本文件")
      ->required()
      ->check(CLI::ExistingFile);
  gazette_import->add_flag("--create-units", create_units, "为别名表中找不到的单位新建单位");

  CLI11_PARSE(cli, argc, argv);

  if (*gazette_parse) return parse_gazette_file(gazette_file);
  if (*transit_validate) return validate_feed(feed_path);
  if (*transit_replay) {
    auto feed = transit::load_feed(replay_gtfs);
    if (!feed) return report(feed.error());
    auto network = transit::Network::from_feed(std::move(*feed));
    auto fixes = transit::read_positions(replay_positions);
    if (!fixes) return report(fixes.error());
    std::ofstream out;
    if (!replay_out.empty()) {
      out.open(replay_out, std::ios::binary);
      if (!out) return report(Error::invalid("无法写入 " + replay_out, "predictions-out"));
    }
    std::vector<transit::VehicleReport> history;
    if (!replay_history.empty()) {
      auto h = transit::read_positions(replay_history);
      if (!h) return report(h.error());
      history = std::move(*h);
    }
    auto r =
        transit::replay(network, std::move(*fixes), replay_out.empty() ? nullptr : &out, history);
    std::printf("定位 %zu 条，预测 %zu 条，观测到站 %zu 次；历史学习路段运行 %zu 次\n", r.fixes,
                r.predictions, r.observed_arrivals, r.history_observations);
    std::printf("%-12s %22s %22s %22s\n", "预测时长", "本系统 准确率 / MAE",
                "仅时刻表 准确率 / MAE", "前车 准确率 / MAE");
    for (std::size_t i = 0; i < r.ours.buckets.size(); ++i) {
      const auto& a = r.ours.buckets[i];
      const auto& b = r.schedule_only.buckets[i];
      const auto& c = r.last_vehicle.buckets[i];
      auto pct = [](const auto& x) { return x.n ? 100.0 * x.hits / x.n : 0.0; };
      auto mae = [](const auto& x) { return x.n ? x.abs_error_sum / x.n : 0.0; };
      std::printf("%-12s %12.1f%% / %5.0fs %12.1f%% / %5.0fs %12.1f%% / %5.0fs  (n=%d)\n",
                  a.name.c_str(), pct(a), mae(a), pct(b), mae(b), pct(c), mae(c), a.n);
    }
    std::printf("总分（各档准确率均值）：本系统 %.3f，仅时刻表 %.3f，前车 %.3f\n", r.ours.score(),
                r.schedule_only.score(), r.last_vehicle.score());
    return 0;
  }
  if (*transit_simulate) {
    auto feed = transit::load_feed(feed_path);
    if (!feed) return report(feed.error());
    auto network = transit::Network::from_feed(std::move(*feed));
    sim_options.trip_ids = !sim_no_trip;
    transit::Simulator sim(sim_options);
    std::int64_t start =
        sim_start.empty() ? unix_seconds(SystemClock{}.now()) : std::stoll(sim_start);
    std::printf(
        "vehicle.vehicle.id,vehicle.trip.trip_id,vehicle.trip.route_id,vehicle.position.latitude,"
        "vehicle.position.longitude,vehicle.position.speed,vehicle.position.bearing,"
        "vehicle.current_stop_sequence,vehicle.current_status,vehicle.timestamp\n");
    for (std::int64_t t = start; t < start + std::int64_t(sim_minutes) * 60;
         t += std::max(1, sim_step))
      for (const auto& v : sim.positions(*network, t))
        std::printf("%s,%s,%s,%.6f,%.6f,%.2f,%.0f,%d,%s,%lld\n", v.vehicle_id.c_str(),
                    v.trip_id.c_str(), v.route_id.c_str(), v.lat, v.lon, v.speed.value_or(0),
                    v.bearing.value_or(0), v.stop_sequence,
                    v.status == 1 ? "STOPPED_AT" : "IN_TRANSIT_TO", (long long)v.timestamp);
    return 0;
  }

  auto config = load_config(config_path);
  if (!config) return report(config.error());
  if (auto st = apply_env(*config); !st) return report(st.error());
  if (!db.empty()) config->db_url = db;
  if (transit_clock_start > 0) config->transit_clock_start = transit_clock_start;
  if (!listen.empty())
    if (auto st = set_listen(*config, listen); !st) return report(st.error());
  if (!static_dir.empty()) config->server.static_dir = static_dir;
  if (config->server.static_dir.empty()) config->server.static_dir = shipped_path("web/dist");
  spdlog::set_level(spdlog::level::from_str(config->log_level));

  // Read-only, without App::open: no migration runs, and a database a server is using can be
  // checked beside it.
  if (*audit_verify) {
    auto store = Store::open_read_only(config->db_url);
    if (!store) return report(store.error());
    auto v = verify_audit(**store);
    if (!v) return report(v.error());
    if (!v->ok()) {
      std::fprintf(stderr, "留痕链校验失败：第 %lld 条记录：%s\n",
                   (long long)v->first_bad_seq.value_or(0), v->problem.c_str());
      return 3;
    }
    std::printf("留痕链完好：%lld 条记录，链头 %s\n", (long long)v->records, v->head_hash.c_str());
    return 0;
  }

  if (*demo || serve_demo) {
    // `serve --demo` (the browser tests) loads the organisation on the real clock only.
    DemoOptions o{shipped_path(demo_gazette), demo_gtfs.empty() ? "" : shipped_path(demo_gtfs),
                  *demo && !demo_bare};
    if (auto st = load_demo_database(*config, o); !st) return report(st.error());
    if (*demo) return 0;
  }
  std::optional<ShiftedClock> shifted;
  if (!clock_start.empty()) {
    auto t = parse_clock_start(clock_start);
    if (!t) return report(t.error());
    shifted.emplace(*t);
  }
  auto app = App::open(*config, shifted ? &*shifted : nullptr);
  if (!app) return report(app.error());
  Actor cli_actor{std::nullopt, "cli", std::nullopt, "cli"};

  auto read_password = [&]() -> std::string {
    if (!u_password.empty()) return u_password;
    std::string pw;
    std::getline(std::cin, pw);
    return pw;
  };

  if (*migrate_cmd) {
    std::printf("数据库已是最新：%s\n", (*app)->store().describe().c_str());
    return 0;
  }
  if (*serve) {
    auto& server = (*app)->server();
    auto port = server.start();
    if (!port) return report(port.error());
    std::printf("政通已启动：http://%s:%u  （数据库 %s）\n", config->server.address.c_str(),
                unsigned(*port), (*app)->store().describe().c_str());
    std::fflush(stdout);
    (*app)->start_jobs();  // reminders and webhook delivery every [outbox] interval
    if (serve_simulate) (*app)->start_simulator();
    (*app)->start_poller();  // when [transit] gtfs_rt_url / ZT_GTFS_RT_URL is set
    (*app)->start_board_pusher();
    server.run(/*handle_signals=*/true);
    spdlog::info("stopped");
    return 0;
  }
  if (*transit_import) {
    auto feed = transit::load_feed(feed_path);
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
    auto v = transit::import_feed((*app)->store(), *feed,
                                  std::filesystem::path(feed_path).filename().string(),
                                  force_import, progress, (*app)->clock().now(), cli_actor);
    if (!v) return report(v.error());
    nlohmann::json out = v->summary;
    out["feed_id"] = v->id;
    out["active"] = v->active;
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  if (*remind) {
    auto r = (*app)->run_jobs(/*force=*/true);
    if (!r) return report(r.error());
    std::printf("%s\n", r->dump(2).c_str());
    return 0;
  }
  if (*user_add) {
    auto unit_id = (*app)->org().resolve_unit(u_unit);
    if (!unit_id) return report(unit_id.error());
    if (!*unit_id) return report(Error::invalid("单位不存在：" + u_unit, "unit"));
    bool ok = false;
    auto roles = parse_roles(u_roles, ok);
    if (!ok) return 2;
    auto u =
        (*app)->org().add_user({u_name, u_display, **unit_id, roles, read_password()}, cli_actor);
    if (!u) return report(u.error());
    std::printf("已新增用户 %s（编号 %lld）\n", u->username.c_str(), (long long)u->id.value);
    return 0;
  }
  if (*user_passwd || *user_disable || *user_enable || *user_unlock) {
    auto u = (*app)->org().find_user(u_name);
    if (!u) return report(u.error());
    if (!*u) return report(Error::not_found("用户不存在：" + u_name));
    const UserId id = (*u)->id;
    if (*user_unlock) {
      auto n = (*app)->auth().unlock(id, cli_actor);
      if (!n) return report(n.error());
      std::printf("已解除登录限制：%s（清除 %lld 个计数）\n", u_name.c_str(), (long long)*n);
      return 0;
    }
    auto st = *user_passwd    ? (*app)->org().set_password(id, read_password(), cli_actor)
              : *user_disable ? (*app)->org().set_disabled(id, true, cli_actor)
                              : (*app)->org().set_disabled(id, false, cli_actor);
    if (!st) return report(st.error());
    std::printf("%s：%s\n",
                *user_passwd    ? "密码已重置"
                : *user_disable ? "用户已停用"
                                : "用户已启用",
                u_name.c_str());
    return 0;
  }
  if (*unit_add) {
    NewUnit nu;
    nu.name = un_name;
    auto kind = parse_unit_kind(un_kind);
    if (!kind) return report(Error::invalid("未知单位类型：" + un_kind, "kind"));
    nu.kind = *kind;
    nu.division_code = un_division;
    nu.aliases = un_aliases;
    if (!un_parent.empty()) {
      auto p = (*app)->org().resolve_unit(un_parent);
      if (!p) return report(p.error());
      if (!*p) return report(Error::invalid("上级单位不存在：" + un_parent, "parent"));
      nu.parent = **p;
    }
    auto u = (*app)->org().add_unit(nu, cli_actor);
    if (!u) return report(u.error());
    std::printf("已新增单位 %s（编号 %lld）\n", u->name.c_str(), (long long)u->id.value);
    return 0;
  }
  if (*unit_list) {
    auto units = (*app)->org().list_units();
    if (!units) return report(units.error());
    for (const auto& u : *units) {
      std::string aliases;
      for (const auto& a : u.aliases) aliases += (aliases.empty() ? "" : "、") + a;
      std::printf("%lld\t%s\t%s\t%s\n", (long long)u.id.value, u.name.c_str(),
                  std::string(unit_kind_name(u.kind)).c_str(), aliases.c_str());
    }
    return 0;
  }
  if (*gazette_import) {
    auto text = read_notice(gazette_file);
    if (!text) return report(text.error());
    auto g = supervision::parse_gazette(*text);
    if (!g) return report(Error::invalid(gazette_file + "：" + g.error().message));
    supervision::ImportOptions options;
    options.create_missing_units = create_units;
    auto r = (*app)->ledger().import(*g, sha256_hex(*text), options, cli_actor);
    if (!r) return report(r.error());
    std::printf("%s\n", r->to_json().dump(2).c_str());
    for (const auto& u : g->unplaced)
      std::fprintf(stderr, "%s:%d: 未能归类（%s）：%s\n", gazette_file.c_str(), u.line,
                   u.reason.c_str(), u.text.c_str());
    return 0;
  }
  if (*inspect_check) {
    auto v = (*app)->draws().verify(draw_id);
    if (!v) return report(v.error());
    std::printf("%s\n", v->dump(2).c_str());
    if (!(*v)["same"].get<bool>()) {
      std::fprintf(stderr, "抽查 %lld 重算结果与记录不一致\n", (long long)draw_id);
      return 3;
    }
    return 0;
  }
  return 0;
}

// zhengtong serve | migrate | remind
#include <cstdio>

#include <spdlog/spdlog.h>

#include "app/cli.hpp"
#include "app/demo_activity.hpp"
#include "app/paths.hpp"

namespace zt::cli {
namespace {

// --clock-start: "demo", unix seconds, or YYYY-MM-DDTHH:MM in Beijing time.
Result<Instant> parse_clock_start(const std::string& text) {
  using namespace std::chrono;
  if (text == "demo") return demo_today();
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos &&
      text.size() <= 12)
    return Instant{seconds{std::stoll(text)}};
  if (text.size() == 16 && text[10] == 'T' && text[13] == ':') {
    auto day = parse_date(text.substr(0, 10));
    int h = -1, m = -1;
    if (std::sscanf(text.c_str() + 11, "%2d:%2d", &h, &m) == 2 && day && h >= 0 && h < 24 &&
        m >= 0 && m < 60)
      return Instant{day->time_since_epoch()} + hours(h - 8) + minutes(m);
  }
  return fail(Error::invalid(
      "--clock-start 须为 demo、unix 秒或 YYYY-MM-DDTHH:MM（北京时间）：" + text, "clock-start"));
}

struct ServeOptions {
  std::string listen, static_dir, clock_start, jt808;
  bool demo = false, simulate = false;
  std::int64_t transit_clock_start = 0;
  std::optional<ShiftedClock> clock;  // --clock-start
};

int serve(Env& env, ServeOptions& o) {
  auto config = env.config();
  if (!config) return report(config.error());
  auto& c = **config;
  if (o.transit_clock_start > 0) c.transit_clock_start = o.transit_clock_start;
  if (!o.listen.empty())
    if (auto st = set_listen(c, o.listen); !st) return report(st.error());
  if (!o.static_dir.empty()) c.server.static_dir = o.static_dir;
  if (!o.jt808.empty()) c.jt808_listen = o.jt808;
  if (o.demo) {
    // `serve --demo` (the browser tests) loads the organisation on the real clock only.
    DemoOptions d{shipped_path(kDemoGazette), "", false};
    if (auto st = load_demo_database(c, d); !st) return report(st.error());
  }
  if (!o.clock_start.empty()) {
    auto t = parse_clock_start(o.clock_start);
    if (!t) return report(t.error());
    o.clock.emplace(*t);
    // The demo city's records are made up: every page says so.
    if (o.clock_start == "demo" && c.site_notice.empty())
      c.site_notice =
          "演示环境：本系统中的报送、通报、案件等均为演示生成的数据，日期从 2024年9月20日 开始";
  }
  auto app = env.app(o.clock ? &*o.clock : nullptr);
  if (!app) return report(app.error());
  auto& server = (*app)->server();
  auto port = server.start();
  if (!port) return report(port.error());
  std::printf("政通已启动：http://%s:%u  （数据库 %s）\n", c.server.address.c_str(),
              unsigned(*port), (*app)->store().describe().c_str());
  std::fflush(stdout);
  (*app)->start_jobs();  // reminders and webhook delivery every [outbox] interval
  if (o.simulate) (*app)->start_simulator();
  (*app)->start_poller();  // when [transit] gtfs_rt_url / ZT_GTFS_RT_URL is set
  (*app)->start_board_pusher();
  auto jt808 = (*app)->start_jt808();  // when [jt808] listen / --jt808 is set
  if (!jt808) return report(jt808.error());
  if (*jt808) {
    std::printf("JT/T 808 终端网关已启动：%s:%u\n",
                c.jt808_listen.substr(0, c.jt808_listen.rfind(':')).c_str(), unsigned(**jt808));
    std::fflush(stdout);
  }
  server.run(/*handle_signals=*/true);
  spdlog::info("stopped");
  return 0;
}

}  // namespace

void add_serve_commands(CLI::App& cli, Commands& out) {
  auto o = std::make_shared<ServeOptions>();
  auto* serve_cmd = cli.add_subcommand("serve", "启动 HTTP 服务");
  serve_cmd->add_option("--listen", o->listen, "监听地址 host:port（默认 127.0.0.1:8080）");
  serve_cmd->add_option("--static", o->static_dir, "前端静态文件目录（默认 web/dist）");
  serve_cmd->add_flag("--demo", o->demo, "启动前加载演示数据");
  serve_cmd->add_option("--jt808", o->jt808,
                        "JT/T 808 车载终端网关监听地址 host:port（默认不启用；[jt808] listen）");
  serve_cmd->add_option(
      "--transit-clock-start", o->transit_clock_start,
      "公交模块的时钟从此刻（unix 秒）起走，其余模块用真实时间（演示数据源的运营时段）");
  serve_cmd->add_option("--clock-start", o->clock_start,
                        "全系统的时钟从此刻起走：YYYY-MM-DDTHH:MM（北京时间）、unix 秒，或 demo"
                        "（演示数据的“今天”，2024-09-20 10:00）");
  serve_cmd->add_flag("--simulate", o->simulate,
                      "按当前线网时刻表模拟车辆实时定位（演示用，每 10 秒一次）");
  out.on(serve_cmd, [o](Env& env) { return serve(env, *o); });

  out.on(cli.add_subcommand("migrate", "执行数据库迁移"), [](Env& env) {
    auto app = env.app();
    if (!app) return report(app.error());
    std::printf("数据库已是最新：%s\n", (*app)->store().describe().c_str());
    return 0;
  });

  out.on(cli.add_subcommand("remind",
                            "立即生成今日报送提醒并投递消息队列（配置了 webhook 时），输出 JSON"),
         [](Env& env) {
           auto app = env.app();
           if (!app) return report(app.error());
           auto r = (*app)->run_jobs(/*force=*/true);
           if (!r) return report(r.error());
           std::printf("%s\n", r->dump(2).c_str());
           return 0;
         });
}

}  // namespace zt::cli

// zhengtong demo
#include "app/cli.hpp"
#include "app/demo_activity.hpp"
#include "app/paths.hpp"

namespace zt::cli {

void add_demo_command(CLI::App& cli, Commands& out) {
  struct Options {
    std::string gazette = std::string(kDemoGazette), gtfs;
    bool bare = false;
  };
  auto o = std::make_shared<Options>();
  auto* demo =
      cli.add_subcommand("demo", "加载演示数据（单位、各角色用户、示例公报、演示年度业务数据）");
  demo->add_option("--gtfs", o->gtfs,
                   "演示用公交数据（GTFS zip，如 data/gtfs/porto-alegre-eptc-2019.zip）");
  demo->add_flag("--bare", o->bare,
                 "只加载单位、用户、公报和执法规则，不生成演示年度的报送、通报、案件等业务数据");
  demo->add_option("--gazette", o->gazette, "要导入的公报（默认三门峡市人民政府公报2024年第2号）");
  out.on(demo, [o](Env& env) {
    auto config = env.config();
    if (!config) return report(config.error());
    DemoOptions d{shipped_path(o->gazette), o->gtfs.empty() ? "" : shipped_path(o->gtfs), !o->bare};
    if (auto st = load_demo_database(**config, d); !st) return report(st.error());
    return 0;
  });
}

}  // namespace zt::cli

// zhengtong audit verify, inspect redraw-check
#include <cstdio>

#include "app/cli.hpp"
#include "core/audit.hpp"

namespace zt::cli {
namespace {

// Read-only, without App::open: no migration runs, and a database a server is using can be
// checked beside it.
int verify_trail(Env& env) {
  auto config = env.config();
  if (!config) return report(config.error());
  auto store = Store::open_read_only((*config)->db_url);
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

int redraw_check(Env& env, std::int64_t draw_id) {
  auto app = env.app();
  if (!app) return report(app.error());
  auto v = (*app)->draws().verify(draw_id);
  if (!v) return report(v.error());
  std::printf("%s\n", v->dump(2).c_str());
  if (!(*v)["same"].get<bool>()) {
    std::fprintf(stderr, "抽查 %lld 重算结果与记录不一致\n", (long long)draw_id);
    return 3;
  }
  return 0;
}

}  // namespace

void add_record_commands(CLI::App& cli, Commands& out) {
  auto* audit = cli.add_subcommand("audit", "留痕记录");
  audit->require_subcommand(1);
  out.on(audit->add_subcommand("verify", "校验留痕链；被改动时以非零退出并指出首个错误记录"),
         verify_trail);

  auto draw_id = std::make_shared<std::int64_t>(0);
  auto* inspect = cli.add_subcommand("inspect", "双随机抽查");
  inspect->require_subcommand(1);
  auto* check = inspect->add_subcommand(
      "redraw-check", "按记录的种子和输入快照重新抽取，确认与记录的结果一致（不一致时以非零退出）");
  check->add_option("PLAN", *draw_id, "抽查记录编号")->required();
  out.on(check, [draw_id](Env& env) { return redraw_check(env, *draw_id); });
}

}  // namespace zt::cli

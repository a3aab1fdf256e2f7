// The `zhengtong` command; each command group is in its cli_*.cpp (cli.hpp lists them).
#include "app/cli.hpp"

int main(int argc, char** argv) {
  CLI::App cli{"政通 zhengtong：督查督办、行政执法监督、智能公交一体化平台"};
  cli.require_subcommand(1);
  std::string config_path, db;
  cli.add_option("-c,--config", config_path, "TOML 配置文件");
  cli.add_option("--db", db,
                 "数据库：sqlite:PATH（默认 sqlite:var/zhengtong.db）或 postgresql://…");
  zt::cli::Commands commands;
  zt::cli::add_serve_commands(cli, commands);
  zt::cli::add_demo_command(cli, commands);
  zt::cli::add_org_commands(cli, commands);
  zt::cli::add_record_commands(cli, commands);
  zt::cli::add_gazette_commands(cli, commands);
  zt::cli::add_transit_commands(cli, commands);
  CLI11_PARSE(cli, argc, argv);
  const auto* run = commands.chosen();
  if (!run) return 0;  // a group alone (`transit`) has printed nothing to do
  zt::cli::Env env(config_path, db);
  return (*run)(env);
}

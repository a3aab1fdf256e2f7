// The `zhengtong` command line. Each command group (cli_*.cpp) declares its subcommands with
// their options and what runs each; main() parses the line and runs the one chosen.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/app.hpp"
#include "core/config.hpp"
#include "core/error.hpp"

namespace zt::cli {

// What a command may need, made on first use: the configuration (the file, the environment,
// --db), then the application over it. Not thread-safe; one per process.
class Env {
 public:
  Env(std::string config_path, std::string db)
      : config_path_(std::move(config_path)), db_(std::move(db)) {}

  // Loaded once; a command may adjust it (serve's --listen) before app().
  Result<Config*> config();
  // Opened once over config(), on `clock` if given (it must outlive the Env).
  Result<App*> app(const Clock* clock = nullptr);
  Actor actor() const { return {std::nullopt, "cli", std::nullopt, "cli"}; }

 private:
  std::string config_path_;
  std::string db_;
  std::optional<Config> config_;
  std::unique_ptr<App> app_;
};

using Run = std::function<int(Env&)>;

// The subcommands with what runs each; main() runs the deepest one given.
class Commands {
 public:
  void on(CLI::App* subcommand, Run run) { entries_.emplace_back(subcommand, std::move(run)); }
  // The chosen subcommand's run, or null (a group given without one of its subcommands).
  const Run* chosen() const;

 private:
  std::vector<std::pair<CLI::App*, Run>> entries_;
};

// Prints the error in Chinese on stderr; the exit code (2 for bad input, else 1).
int report(const Error& e);

void add_serve_commands(CLI::App& cli, Commands& out);    // serve, migrate, remind
void add_demo_command(CLI::App& cli, Commands& out);      // demo
void add_org_commands(CLI::App& cli, Commands& out);      // user …, unit …
void add_record_commands(CLI::App& cli, Commands& out);   // audit verify, inspect redraw-check
void add_gazette_commands(CLI::App& cli, Commands& out);  // gazette parse|import
void add_transit_commands(CLI::App& cli, Commands& out);  // transit validate|simulate|replay|import
// transit blocks|duties, under the transit group
void add_scheduling_commands(CLI::App& transit, Commands& out);
void add_flow_commands(CLI::App& transit, Commands& out);  // transit flow infer

}  // namespace zt::cli

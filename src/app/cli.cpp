#include "app/cli.hpp"

#include <cstdio>

#include <spdlog/spdlog.h>

#include "app/paths.hpp"

namespace zt::cli {

Result<Config*> Env::config() {
  if (config_) return &*config_;
  auto c = load_config(config_path_);
  if (!c) return fail(c.error());
  if (auto st = apply_env(*c); !st) return fail(st.error());
  if (!db_.empty()) c->db_url = db_;
  if (c->server.static_dir.empty()) c->server.static_dir = shipped_path("web/dist");
  spdlog::set_level(spdlog::level::from_str(c->log_level));
  config_ = std::move(*c);
  return &*config_;
}

Result<App*> Env::app(const Clock* clock) {
  if (app_) return app_.get();
  auto c = config();
  if (!c) return fail(c.error());
  auto a = App::open(**c, clock);
  if (!a) return fail(a.error());
  app_ = std::move(*a);
  return app_.get();
}

const Run* Commands::chosen() const {
  // Deepest first: "user add" is chosen over "user".
  const Run* best = nullptr;
  std::size_t depth = 0;
  for (const auto& [sub, run] : entries_) {
    if (!*sub) continue;
    std::size_t d = 0;
    for (const auto* p = sub; p; p = p->get_parent()) ++d;
    if (d > depth) {
      depth = d;
      best = &run;
    }
  }
  return best;
}

int report(const Error& e) {
  std::fprintf(stderr, "错误：%s%s%s\n", e.message.c_str(), e.field.empty() ? "" : " [字段 ",
               e.field.empty() ? "" : (e.field + "]").c_str());
  return e.kind == ErrorKind::kInvalidInput ? 2 : 1;
}

}  // namespace zt::cli

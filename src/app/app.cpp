#include "app/app.hpp"

#include <condition_variable>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "app/ledger_feed.hpp"
#include "core/digest.hpp"
#include "core/http_client.hpp"

namespace zt {

Result<std::unique_ptr<App>> App::open(const Config& config, const Clock* clock,
                                       std::unique_ptr<Store> given) {
  init_crypto();
  std::unique_ptr<App> app(new App());
  // Core: the store, the calendar and the services every module is built from.
  app->config_ = config;
  app->clock_ = clock ? clock : &app->system_clock_;
  if (given) {
    app->store_ = std::move(given);
  } else {
    auto store = Store::open(config.db_url, config.db_pool);
    if (!store) return fail(store.error());
    app->store_ = std::move(*store);
  }
  auto cal = Calendar::official();
  if (!cal) return fail(cal.error());
  app->calendar_ = std::move(*cal);
  app->org_ = std::make_unique<Org>(*app->store_, *app->clock_, config.auth.password_cost);
  app->auth_ = std::make_unique<Auth>(*app->store_, *app->clock_, app->config_.auth);
  app->org_->on_sessions_ended([auth = app->auth_.get()](UserId u) { auth->forget_user(u); });
  app->outbox_ = std::make_unique<Outbox>(*app->store_, *app->clock_);
  App* self = app.get();
  app->context_.reset(new Context{
      *app->store_, *app->clock_, app->calendar_, *app->org_, *app->auth_, *app->outbox_,
      app->config_, app->audit_visibility_,
      // Requests reach /metrics only through the server, which server() has built by then.
      [self] { return self->server_ ? self->server_->metrics_text() : self->module_metrics(); }});

  // The modules, each building its own services from the Context. Their order is the order of
  // the migrations (a module's tables may refer to core's) and of the routes.
  const Context& ctx = *app->context_;
  app->core_ = std::make_unique<CoreModule>(ctx);
  app->supervision_ = std::make_unique<supervision::SupervisionModule>(ctx);
  app->transit_ = std::make_unique<transit::TransitModule>(ctx);
  app->enforcement_ = std::make_unique<enforcement::EnforcementModule>(ctx);
  app->modules_ = {app->core_.get(), app->supervision_.get(), app->transit_.get(),
                   app->enforcement_.get()};

  // Then the tables, then each module registered.
  std::vector<MigrationSet> sets;
  for (const auto* m : app->modules_)
    for (auto& s : m->migrations()) sets.push_back(std::move(s));
  if (auto m = migrate(*app->store_, sets); !m) return fail(m.error());
  for (auto* m : app->modules_) {
    m->register_routes(app->router_);
    for (auto& [type, rule] : m->audit_visibility())
      app->audit_visibility_.add(type, std::move(rule));
  }
  if (const auto& twice = app->router_.duplicates(); !twice.empty())
    return fail(Error::internal("路由重复注册（后者永远不会被匹配）: " + twice.front()));
  return app;
}

App::~App() {
  // Everything that runs on its own threads stops before any member goes: the job round and the
  // modules' loops (the board pusher publishes through the server), then the server, whose
  // handlers reach into the modules, the outbox and the store.
  stop_jobs();
  for (auto* m : modules_) m->stop();
  if (server_) server_->stop();
}

std::string App::module_metrics() const {
  const auto& s = store_->stats();
  auto text = fmt::format(
      "# TYPE zt_db_queries_total counter\nzt_db_queries_total {}\n"
      "# TYPE zt_db_query_seconds_total counter\nzt_db_query_seconds_total {:.6f}\n"
      "# TYPE zt_db_errors_total counter\nzt_db_errors_total {}\n",
      s.queries.load(), double(s.micros.load()) / 1e6, s.errors.load());
  for (const auto* m : modules_) text += m->metrics();
  return text;
}

http::Server& App::server() {
  if (!server_)
    server_ = std::make_unique<http::Server>(config_.server, router_, auth_.get(),
                                             [this] { return module_metrics(); });
  return *server_;
}

Result<nlohmann::json> App::run_jobs(bool force) {
  std::lock_guard lock(jobs_mu_);
  nlohmann::json out{{"reminders", nullptr}, {"delivered", 0}, {"failed", 0}};
  for (auto* m : modules_)
    if (auto st = m->run_jobs(force, out); !st) return fail(st.error());
  // After the modules' rounds, so the service days transit just recorded count.
  auto figures = feed_ledger_locked(force);
  if (!figures) return fail(figures.error());
  out["ledger_figures"] = std::move(*figures);
  if (!config_.webhook.url.empty()) {
    auto d = outbox_->deliver_due(
        [this](const OutboxMessage& m) { return post_webhook(config_.webhook, m); });
    if (!d) return fail(d.error());
    out["delivered"] = d->delivered;
    out["failed"] = d->failed;
  }
  return out;
}

Result<nlohmann::json> App::feed_ledger(bool force) {
  std::lock_guard lock(jobs_mu_);
  return feed_ledger_locked(force);
}

Result<nlohmann::json> App::feed_ledger_locked(bool force) {
  std::vector<MetricProvider*> providers;
  for (auto* m : modules_)
    for (auto* p : m->metric_providers()) providers.push_back(p);
  return zt::feed_ledger(*store_, providers, clock_->now(), force);
}

void App::start_jobs() {
  if (jobs_.joinable()) return;
  jobs_ = std::jthread([this](std::stop_token stop) {
    std::mutex mu;
    std::condition_variable_any cv;
    while (!stop.stop_requested()) {
      auto r = run_jobs(false);
      if (!r)
        spdlog::warn("后台任务失败：{}", r.error().message);
      else if ((*r)["delivered"].get<int>() + (*r)["failed"].get<int>() > 0)
        spdlog::info("后台任务：{}", r->dump());
      std::unique_lock lock(mu);
      cv.wait_for(lock, stop, std::chrono::seconds(config_.jobs_interval_seconds),
                  [] { return false; });
    }
  });
}

void App::stop_jobs() {
  if (jobs_.joinable()) {
    jobs_.request_stop();
    jobs_.join();
  }
}

}  // namespace zt

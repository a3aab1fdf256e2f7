#include "app/app.hpp"

#include <spdlog/spdlog.h>

#include "core/http_client.hpp"
#include "enforcement/api.hpp"
#include "enforcement/schema.hpp"
#include "supervision/reminders.hpp"
#include "transit/api.hpp"
#include "transit/feed_store.hpp"
#include "transit/simulator.hpp"

#include <fmt/format.h>

#include "core/digest.hpp"
#include "core/migrations.hpp"
#include "supervision/api.hpp"

namespace zt {

std::vector<MigrationSet> all_migrations() {
  return {core_migrations(), outbox_migrations(), supervision::migrations(), transit::migrations(),
          enforcement::migrations()};
}

Result<std::unique_ptr<App>> App::open(const Config& config, const Clock* clock,
                                       std::unique_ptr<Store> given) {
  init_crypto();
  std::unique_ptr<App> app(new App());
  app->config_ = config;
  app->clock_ = clock ? clock : &app->system_clock_;
  if (given) {
    app->store_ = std::move(given);
  } else {
    auto store = Store::open(config.db_url, config.db_pool);
    if (!store) return fail(store.error());
    app->store_ = std::move(*store);
  }
  auto sets = all_migrations();
  if (auto m = migrate(*app->store_, sets); !m) return fail(m.error());
  auto cal = Calendar::official();
  if (!cal) return fail(cal.error());
  app->calendar_ = std::move(*cal);
  app->org_ = std::make_unique<Org>(*app->store_, *app->clock_);
  app->auth_ = std::make_unique<Auth>(*app->store_, *app->clock_, config.auth);
  app->org_->on_sessions_ended([auth = app->auth_.get()](UserId u) { auth->forget_user(u); });
  app->core_.reset(new CoreServices{*app->store_,
                                    *app->clock_,
                                    app->calendar_,
                                    *app->org_,
                                    *app->auth_,
                                    config.auth,
                                    {},
                                    {},
                                    config.secure_cookies});
  app->outbox_ = std::make_unique<Outbox>(*app->store_, *app->clock_);
  app->core_->outbox = app->outbox_.get();
  register_core_routes(app->router_, *app->core_);
  app->ledger_ = std::make_unique<supervision::Ledger>(*app->store_, *app->org_, *app->clock_);
  app->reporting_ = std::make_unique<supervision::Reporting>(*app->store_, *app->clock_);
  app->progress_ = std::make_unique<supervision::ProgressBoard>(*app->store_, *app->clock_);
  app->inspections_ = std::make_unique<supervision::Inspections>(*app->store_, *app->clock_);
  app->attachments_ =
      std::make_unique<supervision::Attachments>(*app->store_, *app->reporting_, *app->clock_);
  supervision::register_record_routes(app->router_, *app->ledger_, *app->reporting_,
                                      *app->inspections_, *app->attachments_, *app->store_,
                                      *app->clock_, config.reminder_days);
  app->dashboard_ =
      std::make_unique<supervision::Dashboard>(*app->store_, *app->progress_, *app->clock_);
  supervision::register_dashboard_routes(app->router_, *app->dashboard_, *app->clock_);
  auto& st = *app->store_;
  auto& clk = *app->clock_;
  app->cases_ = std::make_unique<enforcement::Cases>(st, *app->org_, app->calendar_, clk);
  app->publications_ = std::make_unique<enforcement::Publications>(st, app->calendar_, clk);
  app->directory_ = std::make_unique<enforcement::Directory>(st, clk);
  app->draws_ = std::make_unique<enforcement::Draws>(st, app->calendar_, clk);
  app->oversight_ = std::make_unique<enforcement::Oversight>(st, app->calendar_, clk);
  app->case_files_ = std::make_unique<enforcement::CaseFiles>(st, clk);
  enforcement::Services ef{*app->cases_, *app->publications_, *app->directory_,
                           *app->draws_, *app->oversight_,    *app->case_files_};
  enforcement::register_case_routes(app->router_, ef);
  enforcement::register_inspection_routes(app->router_, ef);
  enforcement::register_oversight_routes(app->router_, ef);
  app->network_ = std::make_unique<transit::NetworkHolder>(*app->store_);
  app->transit_clock_ = app->clock_;
  if (config.transit_clock_start > 0) {
    app->transit_shifted_.emplace(Instant{std::chrono::seconds{config.transit_clock_start}});
    app->transit_clock_ = &*app->transit_shifted_;
  }
  // China's calendar decides day types for the learned profiles (holidays run like Sundays).
  app->fleet_ = std::make_unique<transit::LiveFleet>(&app->calendar_);
  const transit::LiveLimits limits{config.transit_fix_max_age, config.transit_fix_max_ahead,
                                   std::size_t(config.transit_max_id_bytes),
                                   std::size_t(config.transit_max_entities),
                                   std::size_t(config.transit_max_vehicles)};
  app->positions_ =
      std::make_unique<transit::Positions>(*app->store_, *app->transit_clock_, app->network_.get(),
                                           app->fleet_.get(), std::chrono::hours(24 * 30), limits);
  app->transit_ = std::make_unique<transit::Services>(
      transit::Services{*app->store_, *app->transit_clock_, *app->positions_, *app->network_,
                        app->coverage_, *app->fleet_, app->board_cache_});
  transit::register_routes(app->router_, *app->transit_);
  supervision::register_routes(app->router_, *app->ledger_, *app->reporting_, *app->progress_,
                               *app->store_, app->core_->audit_visibility);
  return app;
}

http::Server& App::server() {
  if (!server_) {
    server_ = std::make_unique<http::Server>(config_.server, router_, auth_.get(), [this] {
      const auto& s = store_->stats();
      auto text = fmt::format(
          "# TYPE zt_db_queries_total counter\nzt_db_queries_total {}\n"
          "# TYPE zt_db_query_seconds_total counter\nzt_db_query_seconds_total {:.6f}\n"
          "# TYPE zt_db_errors_total counter\nzt_db_errors_total {}\n",
          s.queries.load(), double(s.micros.load()) / 1e6, s.errors.load());
      // Forecast coverage (Cal-ITP availability): the share of stop-minutes with service that
      // had a fresh live prediction, over the last hour; absent until a minute was sampled.
      auto hour = coverage_.window(unix_seconds(transit_clock_->now()));
      if (hour.samples > 0)
        text += fmt::format(
            "# HELP zt_transit_forecast_coverage_ratio Stop-minutes with a live prediction over "
            "stop-minutes with scheduled service, last hour\n"
            "# TYPE zt_transit_forecast_coverage_ratio gauge\n"
            "zt_transit_forecast_coverage_ratio {:.4f}\n"
            "# TYPE zt_transit_forecast_stop_minutes gauge\n"
            "zt_transit_forecast_stop_minutes{{kind=\"served\"}} {}\n"
            "zt_transit_forecast_stop_minutes{{kind=\"predicted\"}} {}\n",
            hour.sum.share(), hour.sum.stops_served, hour.sum.stops_predicted);
      // Live entities refused, by reason (every reason listed, so a rate can start from 0).
      const auto t = positions_->totals();
      text +=
          "# HELP zt_transit_refused_total Live position entities refused, by reason\n"
          "# TYPE zt_transit_refused_total counter\n";
      for (std::size_t i = 0; i < transit::kRefusedKinds; ++i)
        text += fmt::format("zt_transit_refused_total{{reason=\"{}\"}} {}\n",
                            transit::refused_code(transit::Refused(i)), t.refused[i]);
      text += fmt::format("# TYPE zt_transit_live_vehicles gauge\nzt_transit_live_vehicles {}\n",
                          t.vehicles);
      return text;
    });
    core_->metrics = [this] { return server_->metrics_text(); };
  }
  return *server_;
}

Result<nlohmann::json> App::run_jobs(bool force) {
  nlohmann::json out{{"reminders", nullptr}, {"delivered", 0}, {"failed", 0}};
  // Asia/Shanghai has kept UTC+8 without daylight saving since 1991.
  const auto hour = ((unix_seconds(clock_->now()) + 8 * 3600) % 86400) / 3600;
  if (force || hour >= config_.reminder_hour) {
    auto r = supervision::queue_reminders(*store_, *reporting_, *clock_, config_.reminder_days);
    if (!r) return fail(r.error());
    out["reminders"] = {{"units", r->units}, {"queued", r->queued}};
  }
  // One forecast-coverage sample a minute for /metrics (no feed loaded yet: nothing to sample).
  if (auto c = transit::sample_coverage(*transit_)) out["forecast_coverage"] = c->share();
  // Vehicle positions older than the retention go (docs/operations.md: kept 30 days).
  auto pruned = positions_->prune();
  if (!pruned) return fail(pruned.error());
  out["positions_pruned"] = *pruned;
  if (!config_.webhook.url.empty()) {
    auto d = outbox_->deliver_due(
        [this](const OutboxMessage& m) { return post_webhook(config_.webhook, m); });
    if (!d) return fail(d.error());
    out["delivered"] = d->delivered;
    out["failed"] = d->failed;
  }
  return out;
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

void App::start_board_pusher() {
  if (boards_.joinable()) return;
  auto& server = this->server();
  boards_ = std::jthread([this, &server](std::stop_token stop) {
    std::map<std::string, std::string> sent;  // topic → last message
    std::mutex mu;
    std::condition_variable_any cv;
    while (!stop.stop_requested()) {
      std::map<std::string, std::string> now;
      for (const auto& topic : server.topics(transit::kBoardTopic)) {
        auto board = transit::board_now(*transit_, topic.substr(transit::kBoardTopic.size()));
        if (!board) continue;
        auto text = board->dump();
        if (sent[topic] != text) server.publish(topic, text);
        now[topic] = std::move(text);
      }
      sent = std::move(now);  // boards nobody watches are forgotten
      std::unique_lock lock(mu);
      cv.wait_for(lock, stop, std::chrono::seconds(5), [] { return false; });
    }
  });
}

void App::start_simulator() {
  if (simulator_.joinable()) return;
  simulator_ = std::jthread([this](std::stop_token stop) {
    transit::SimulatorOptions options;
    options.congestion = 0.5;  // busy segments at busy hours: what the learned profiles show
    transit::Simulator sim(options);
    std::mutex mu;
    std::condition_variable_any cv;
    while (!stop.stop_requested()) {
      if (auto n = network_->get(); n && !(*n)->empty()) {
        auto fixes = sim.positions(**n, unix_seconds(transit_clock_->now()));
        if (auto r = positions_->ingest(std::move(fixes), {}); !r)
          spdlog::warn("模拟车辆定位写入失败：{}", r.error().message);
      }
      std::unique_lock lock(mu);
      cv.wait_for(lock, stop, std::chrono::seconds(10), [] { return false; });
    }
  });
}

Result<nlohmann::json> App::poll_realtime() {
  if (config_.gtfs_rt_url.empty())
    return fail(Error::invalid("没有配置 [transit] gtfs_rt_url", "gtfs_rt_url"));
  auto got = http_get(config_.gtfs_rt_url, std::chrono::seconds(10));
  if (!got) return fail(got.error());
  if (got->status != 200)
    return fail(Error{ErrorKind::kUnavailable,
                      config_.gtfs_rt_url + " 返回 " + std::to_string(got->status),
                      "url",
                      {}});
  auto feed = transit::decode_feed(got->body, config_.gtfs_rt_url);
  if (!feed) return fail(feed.error());
  auto r = positions_->ingest(std::move(feed->vehicles), std::move(feed->rejected));
  if (!r) return fail(r.error());
  return r->to_json();
}

void App::start_poller() {
  if (config_.gtfs_rt_url.empty() || poller_.joinable()) return;
  poller_ = std::jthread([this](std::stop_token stop) {
    std::mutex mu;
    std::condition_variable_any cv;
    while (!stop.stop_requested()) {
      // A source that is down or sends garbage is logged and tried again next round.
      if (auto r = poll_realtime(); !r) spdlog::warn("GTFS-RT 拉取失败：{}", r.error().message);
      std::unique_lock lock(mu);
      cv.wait_for(lock, stop, std::chrono::seconds(config_.gtfs_rt_poll_seconds),
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

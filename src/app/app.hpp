// Wires the modules into one application: core services, modules, routes, server.
// Tests build it in-process on an ephemeral port; main() builds it from the command line.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/auth.hpp"
#include "core/calendar.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/core_api.hpp"
#include "core/http.hpp"
#include "core/http_server.hpp"
#include "core/migrations.hpp"
#include "core/module.hpp"
#include "core/org.hpp"
#include "core/outbox.hpp"
#include "core/store.hpp"
#include "enforcement/module.hpp"
#include "supervision/module.hpp"
#include "transit/module.hpp"

namespace zt {

// Builds core (store, calendar, Org, Auth, Outbox and the Context naming them), then each module
// from the Context, migrates, then registers every module (routes, audit types) in one order:
// core, supervision, transit, enforcement. Nothing is patched in afterwards.
//
// Destruction: ~App first stops the job round, each module's background threads and the server
// (which joins its request threads), explicitly; only then are members destroyed, in reverse
// order of construction (server, router, modules, Context, core services, store).
//
// Thread-safety: the accessors and run_jobs/poll_realtime may be called from any thread once
// open() returned; start_*, stop_jobs and server() from the owner's thread.
class App {
 public:
  // Opens the store, applies migrations and loads the calendar. `clock` must outlive the App;
  // null means the system clock. `store`, when given, is used instead of config.db_url (tests
  // wrap a store to inject faults).
  static Result<std::unique_ptr<App>> open(const Config& config, const Clock* clock = nullptr,
                                           std::unique_ptr<Store> store = nullptr);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  Store& store() { return *store_; }
  Org& org() { return *org_; }
  Auth& auth() { return *auth_; }
  const Calendar& calendar() const { return calendar_; }
  const Clock& clock() const { return *clock_; }
  const http::Router& router() const { return router_; }
  const Config& config() const { return config_; }
  Outbox& outbox() { return *outbox_; }

  supervision::Ledger& ledger() { return supervision_->ledger(); }
  supervision::Reporting& reporting() { return supervision_->reporting(); }
  supervision::ProgressBoard& progress() { return supervision_->progress(); }
  supervision::Dashboard& dashboard() { return supervision_->dashboard(); }

  enforcement::Cases& cases() { return enforcement_->cases(); }
  enforcement::Publications& publications() { return enforcement_->publications(); }
  enforcement::Directory& directory() { return enforcement_->directory(); }
  enforcement::Draws& draws() { return enforcement_->draws(); }
  enforcement::Oversight& oversight() { return enforcement_->oversight(); }

  // One round of background work: every module's Module::run_jobs in order (today's report
  // reminders from the configured hour on, or at once when `force`; a forecast-coverage sample;
  // positions pruning), then delivery of due outbox messages to the webhook if one is set, so
  // what this round queued goes out in it. One round runs at a time.
  Result<nlohmann::json> run_jobs(bool force);
  // The plan's numeric targets' monthly figures from the modules' metric providers
  // (ledger_feed.hpp), as the job round runs it after the modules' own work
  // (out["ledger_figures"]).
  Result<nlohmann::json> feed_ledger(bool force);
  // Runs run_jobs every configured interval on a thread until stop_jobs() or destruction.
  void start_jobs();
  void stop_jobs();
  // Plays the active feed's timetable as live buses every 10 s (the demo; see transit/simulator).
  void start_simulator() { transit_->start_simulator(); }
  // Fetches the configured GTFS-Realtime VehiclePositions URL once and ingests it.
  Result<nlohmann::json> poll_realtime() { return transit_->poll_realtime(); }
  // Polls it every [transit] poll_seconds on a thread (when a URL is configured).
  void start_poller() { transit_->start_poller(); }
  // Pushes each subscribed stop board's arrivals to its WebSockets when they change (every 5 s).
  void start_board_pusher() { transit_->start_board_pusher(server()); }
  // Starts the JT/T 808 gateway when [jt808] listen is set; its bound port, or nullopt.
  Result<std::optional<std::uint16_t>> start_jt808() { return transit_->start_jt808(server()); }

  // Builds the server (routes registered); start() then run() or run_in_background().
  http::Server& server();

 private:
  App() = default;
  // The store's counters and every module's metrics(): what the server appends to its own.
  std::string module_metrics() const;
  Result<nlohmann::json> feed_ledger_locked(bool force);  // jobs_mu_ held

  // Members in construction order; destroyed in reverse, after ~App stopped everything.
  Config config_;
  SystemClock system_clock_;
  const Clock* clock_ = nullptr;
  std::unique_ptr<Store> store_;
  Calendar calendar_;
  std::unique_ptr<Org> org_;
  std::unique_ptr<Auth> auth_;
  std::unique_ptr<Outbox> outbox_;
  AuditRegistry audit_visibility_;
  std::unique_ptr<Context> context_;
  std::unique_ptr<CoreModule> core_;
  std::unique_ptr<supervision::SupervisionModule> supervision_;
  std::unique_ptr<transit::TransitModule> transit_;
  std::unique_ptr<enforcement::EnforcementModule> enforcement_;
  std::vector<Module*> modules_;  // the four above, in registration order
  http::Router router_;
  std::unique_ptr<http::Server> server_;
  std::mutex jobs_mu_;  // one job round at a time
  std::jthread jobs_;
};

// Loads the demo organisation and users and, when `gazette_path` is given, imports that gazette
// (idempotent). Returns the demo password.
Result<std::string> load_demo(App& app, const std::string& gazette_path = {});
// The market bureau's enforcement rules (benchmarks, catalogue, a device) and the random-inspection
// directories from `dir` (entities.csv, inspectors.csv); skipped when already loaded.
Status load_enforcement_demo(App& app, const std::string& dir);

}  // namespace zt

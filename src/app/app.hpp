// Wires the modules into one application: store, calendar, organisation, auth, routes, server.
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
#include "core/org.hpp"
#include "core/outbox.hpp"
#include "core/store.hpp"
#include "enforcement/case_files.hpp"
#include "enforcement/cases.hpp"
#include "enforcement/directory.hpp"
#include "enforcement/draws.hpp"
#include "enforcement/oversight.hpp"
#include "enforcement/publications.hpp"
#include "supervision/attachments.hpp"
#include "supervision/dashboard.hpp"
#include "supervision/inspections.hpp"
#include "supervision/ledger.hpp"
#include "supervision/progress.hpp"
#include "supervision/reporting.hpp"
#include "transit/api.hpp"
#include "transit/coverage_log.hpp"
#include "transit/network.hpp"
#include "transit/positions.hpp"

namespace zt {

class App {
 public:
  // Opens the store, applies migrations and loads the calendar. `clock` must outlive the App;
  // null means the system clock. `store`, when given, is used instead of config.db_url (tests
  // wrap a store to inject faults).
  static Result<std::unique_ptr<App>> open(const Config& config, const Clock* clock = nullptr,
                                           std::unique_ptr<Store> store = nullptr);

  Store& store() { return *store_; }
  Org& org() { return *org_; }
  Auth& auth() { return *auth_; }
  const Calendar& calendar() const { return calendar_; }
  const Clock& clock() const { return *clock_; }
  const http::Router& router() const { return router_; }
  const Config& config() const { return config_; }
  supervision::Ledger& ledger() { return *ledger_; }
  supervision::Reporting& reporting() { return *reporting_; }
  supervision::ProgressBoard& progress() { return *progress_; }
  supervision::Dashboard& dashboard() { return *dashboard_; }

  Outbox& outbox() { return *outbox_; }
  enforcement::Cases& cases() { return *cases_; }
  enforcement::Publications& publications() { return *publications_; }
  enforcement::Directory& directory() { return *directory_; }
  enforcement::Draws& draws() { return *draws_; }
  enforcement::Oversight& oversight() { return *oversight_; }

  // One round of background work: today's report reminders (from the configured hour on, or at
  // once when `force`), then delivery of due outbox messages to the webhook if one is set.
  Result<nlohmann::json> run_jobs(bool force);
  // Runs run_jobs every configured interval on a thread until stop_jobs() or destruction.
  void start_jobs();
  void stop_jobs();
  // Plays the active feed's timetable as live buses every 10 s (the demo; see transit/simulator).
  void start_simulator();
  // Fetches the configured GTFS-Realtime VehiclePositions URL once and ingests it.
  Result<nlohmann::json> poll_realtime();
  // Polls it every [transit] poll_seconds on a thread (when a URL is configured).
  void start_poller();

  // Pushes each subscribed stop board's arrivals to its WebSockets when they change (every 5 s).
  void start_board_pusher();

  // Builds the server (routes registered); start() then run() or run_in_background().
  http::Server& server();

 private:
  App() = default;

 public:
  ~App() {
    stop_jobs();
    for (auto* t : {&simulator_, &poller_, &boards_})
      if (t->joinable()) {
        t->request_stop();
        t->join();
      }
  }

 private:
  Config config_;
  SystemClock system_clock_;
  const Clock* clock_ = nullptr;
  std::unique_ptr<Store> store_;
  Calendar calendar_;
  std::unique_ptr<Org> org_;
  std::unique_ptr<Auth> auth_;
  std::unique_ptr<CoreServices> core_;
  std::unique_ptr<supervision::Ledger> ledger_;
  std::unique_ptr<supervision::Reporting> reporting_;
  std::unique_ptr<supervision::ProgressBoard> progress_;
  std::unique_ptr<supervision::Inspections> inspections_;
  std::unique_ptr<supervision::Attachments> attachments_;
  std::unique_ptr<supervision::Dashboard> dashboard_;
  std::unique_ptr<enforcement::Cases> cases_;
  std::unique_ptr<enforcement::Publications> publications_;
  std::unique_ptr<enforcement::Directory> directory_;
  std::unique_ptr<enforcement::Draws> draws_;
  std::unique_ptr<enforcement::Oversight> oversight_;
  std::unique_ptr<enforcement::CaseFiles> case_files_;
  std::unique_ptr<transit::NetworkHolder> network_;
  transit::CoverageLog coverage_;
  std::unique_ptr<transit::LiveFleet> fleet_;
  // The transit module's clock: the app's, or shifted into a feed's service hours for a demo.
  std::optional<ShiftedClock> transit_shifted_;
  const Clock* transit_clock_ = nullptr;
  // After the network, fleet and clock it uses: destroyed (its history loader joined) before them.
  std::unique_ptr<transit::Positions> positions_;
  transit::BoardCache board_cache_;
  std::unique_ptr<transit::Services> transit_;  // what transit's routes hold references to
  http::Router router_;
  std::unique_ptr<http::Server> server_;
  std::unique_ptr<Outbox> outbox_;
  // Last: stopped and joined before anything they use is destroyed.
  std::jthread jobs_;
  std::jthread simulator_;
  std::jthread poller_;
  std::jthread boards_;
};

// All modules' migrations, in dependency order.
std::vector<MigrationSet> all_migrations();

// Loads the demo organisation and users and, when `gazette_path` is given, imports that gazette
// (idempotent). Returns the demo password.
Result<std::string> load_demo(App& app, const std::string& gazette_path = {});
// The market bureau's enforcement rules (benchmarks, catalogue, a device) and the random-inspection
// directories from `dir` (entities.csv, inspectors.csv); skipped when already loaded.
Status load_enforcement_demo(App& app, const std::string& dir);

}  // namespace zt

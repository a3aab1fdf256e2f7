// The transit module (智能公交): GTFS feeds, live vehicle positions, arrivals and stop boards,
// with their routes, the periodic coverage sample and positions pruning, and the module's own
// background loops (the demo simulator, the GTFS-Realtime poller, the board pusher).
#pragma once

#include <optional>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/http_server.hpp"
#include "core/module.hpp"
#include "transit/api.hpp"
#include "transit/coverage_log.hpp"
#include "transit/dispatch/api_ladder.hpp"
#include "transit/dispatch/engine.hpp"
#include "transit/fleet.hpp"
#include "transit/jt808/gateway.hpp"
#include "transit/kpi/api_live.hpp"
#include "transit/kpi/kpi_api.hpp"
#include "transit/kpi/metrics_provider.hpp"
#include "transit/network.hpp"
#include "transit/positions.hpp"

namespace zt::transit {

// Owns the module's services, built from `ctx` (which must outlive it), and its background
// threads, which stop() and the destructor join. Thread-safety: as Module; the start_* and
// stop() calls come from one thread (the App's owner).
class TransitModule final : public Module {
 public:
  explicit TransitModule(const Context& ctx);
  ~TransitModule() override { stop(); }

  std::string_view name() const override { return "transit"; }
  std::vector<MigrationSet> migrations() const override;
  void register_routes(http::Router& router) override;
  // One forecast-coverage sample for /metrics (out["forecast_coverage"], skipped without a feed),
  // then the positions past retention pruned (out["positions_pruned"]), then the finished
  // service days' operations records (out["ops_days_recorded"]); the live accuracy and coverage
  // rounds (kpi::LiveKpis::run) in between.
  Status run_jobs(bool force, nlohmann::json& out) override;
  // Forecast coverage over the last hour, refused live entities by reason, live vehicles.
  std::string metrics() const override;
  // 发车正点率, peak speed, 500 m and forecast coverage by month (kpi/metrics_provider.hpp).
  std::vector<MetricProvider*> metric_providers() override { return {&metric_provider_}; }
  void stop() override;

  // Fetches the configured GTFS-Realtime VehiclePositions URL once and ingests it.
  Result<nlohmann::json> poll_realtime();
  // Polls it every [transit] poll_seconds on a thread (when a URL is configured); idempotent.
  void start_poller();
  // Plays the active feed's timetable as live buses every 10 s (the demo; see simulator.hpp).
  void start_simulator();
  // Pushes each subscribed stop board's arrivals to its WebSockets when they change (every 5 s),
  // runs a dispatch round (alarms, advice) every 10 s, pushing what changed to the dispatch
  // WebSocket, and pushes the console's live fleet when it changes (checked every 2 s). `server`
  // must stay alive until stop().
  void start_board_pusher(http::Server& server);
  // Starts the JT/T 808 terminal gateway when [jt808] listen (or serve --jt808) is set, its
  // message status changes pushed on `server`'s WebSockets (which must stay alive until stop()).
  // The bound port, or nullopt when no address is configured.
  Result<std::optional<std::uint16_t>> start_jt808(http::Server& server);

 private:
  const Context& ctx_;
  // The module's clock: the app's, or shifted into a feed's service hours for a demo.
  std::optional<ShiftedClock> shifted_;
  const Clock& clock_;
  NetworkHolder network_;
  CoverageLog coverage_;
  LiveFleet fleet_;
  Positions positions_;  // after the network, fleet and clock it uses
  BoardCache board_cache_;
  Services services_;          // what the routes hold
  kpi::KpiGauges kpi_gauges_;  // the latest recorded day's KPIs for /metrics
  kpi::TransitMetrics metric_provider_{services_};
  kpi::LiveKpis live_kpis_;    // prediction accuracy and forecast coverage, stored per day
  dispatch::Engine dispatch_;  // alarms and advice ([dispatch] in the configuration)
  dispatch::Console console_{services_};
  jt808::Gateway jt808_;  // after the positions it feeds; stopped by stop()
  // Last: joined (by stop()) before anything they use is destroyed.
  std::jthread simulator_;
  std::jthread poller_;
  std::jthread boards_;
  std::jthread dispatch_rounds_;
  std::jthread fleet_pusher_;
};

}  // namespace zt::transit

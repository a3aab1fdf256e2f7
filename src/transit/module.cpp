#include "transit/module.hpp"

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <tuple>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/http_client.hpp"
#include "transit/dispatch/api_dispatch.hpp"
#include "transit/dispatch/instructions.hpp"
#include "transit/flow/flow_api.hpp"
#include "transit/jt808/messages_api.hpp"
#include "transit/realtime.hpp"
#include "transit/scheduling/scheduling_api.hpp"
#include "transit/schema.hpp"
#include "transit/simulator.hpp"

namespace zt::transit {
namespace {

// Sleeps `period` or until a stop is requested.
void pause(std::stop_token stop, std::chrono::seconds period) {
  std::mutex mu;
  std::condition_variable_any cv;
  std::unique_lock lock(mu);
  cv.wait_for(lock, stop, period, [] { return false; });
}

// The holds and departures dispatchers accepted in the last two hours (transit clock), as the
// simulated drivers follow them; in a stable order, so the simulator's cache keeps its days.
std::vector<SimHold> accepted_holds(Store& store, std::int64_t now) {
  dispatch::ListQuery q;
  q.open_only = false;
  q.all_units = true;
  q.limit = 200;
  std::vector<SimHold> out;
  auto page = dispatch::list_advice(store, q);
  if (!page) return out;
  for (const auto& a : page->items) {
    if (a.state != "accepted" || !a.decided_at || *a.decided_at < now - 7200) continue;
    const auto& p = a.proposal;
    if (p.kind == dispatch::AdviceKind::kHold || p.kind == dispatch::AdviceKind::kScheduleHold)
      out.push_back({p.trip_id, p.stop_id, p.hold_s, 0, *a.decided_at});
    else if (p.kind == dispatch::AdviceKind::kDepart)
      out.push_back({p.trip_id, p.stop_id, 0, p.advised_at, *a.decided_at});
  }
  std::sort(out.begin(), out.end(), [](const SimHold& x, const SimHold& y) {
    return std::tie(x.trip_id, x.stop_id, x.given_at) < std::tie(y.trip_id, y.stop_id, y.given_at);
  });
  return out;
}

// An accepted piece of advice as a text on its bus's JT/T 808 terminal, when the gateway runs
// and the bus has a terminal; otherwise the dispatcher is told why (and calls the driver).
nlohmann::json instruct_driver(jt808::Gateway& gateway, NetworkHolder& network,
                               const dispatch::Advice& a, const Actor& who) {
  if (!gateway.running())
    return {{"sent", false}, {"reason", "未启用 JT/T 808 网关，请通过其他方式通知司机"}};
  std::int64_t offset = 8 * 3600;  // Beijing time when no feed names its zone
  if (auto n = network.get(); n && !(*n)->empty())
    offset = (*n)->utc_offset(a.proposal.advised_at ? a.proposal.advised_at : a.created_at);
  auto m =
      gateway.send_text(a.proposal.vehicle_id, dispatch::instruction_text(a.proposal, offset), who);
  if (!m) return {{"sent", false}, {"reason", m.error().message}};
  return {{"sent", true}, {"message", m->to_json()}};
}

LiveLimits live_limits(const Config& c) {
  return {c.transit_fix_max_age, c.transit_fix_max_ahead, std::size_t(c.transit_max_id_bytes),
          std::size_t(c.transit_max_entities), std::size_t(c.transit_max_vehicles)};
}

jt808::GatewayOptions gateway_options(const Config& c) {
  jt808::GatewayOptions o;
  o.max_connections = std::size_t(c.jt808_max_connections);
  o.idle_timeout = std::chrono::seconds(c.jt808_idle_timeout);
  o.ack_timeout = std::chrono::seconds(c.jt808_ack_timeout);
  o.open_registration = c.jt808_open_registration;
  return o;
}

}  // namespace

TransitModule::TransitModule(const Context& ctx)
    : ctx_(ctx),
      shifted_(ctx.config.transit_clock_start > 0
                   ? std::optional<ShiftedClock>(
                         Instant{std::chrono::seconds{ctx.config.transit_clock_start}})
                   : std::nullopt),
      clock_(shifted_ ? static_cast<const Clock&>(*shifted_) : ctx.clock),
      network_(ctx.store),
      // China's calendar decides day types for the learned profiles (holidays run like Sundays).
      fleet_(&ctx.calendar),
      positions_(ctx.store, clock_, &network_, &fleet_, std::chrono::hours(24 * 30),
                 live_limits(ctx.config)),
      services_{ctx.store, clock_, positions_,   network_,
                coverage_, fleet_, board_cache_, ctx.clock},
      dispatch_(ctx.store, dispatch::Settings(ctx.config)),
      jt808_(ctx.store, ctx.clock, positions_, gateway_options(ctx.config)) {}

std::vector<MigrationSet> TransitModule::migrations() const { return {transit::migrations()}; }

void TransitModule::register_routes(http::Router& router) {
  transit::register_routes(router, services_);
  kpi::register_kpi_routes(router, services_, kpi_gauges_);
  scheduling::register_scheduling_routes(router, services_);
  dispatch::register_dispatch_routes(router, services_, dispatch_,
                                     [this](const dispatch::Advice& a, const Actor& who) {
                                       return instruct_driver(jt808_, network_, a, who);
                                     });
  dispatch::register_console_routes(router, console_, ctx_.config);
  jt808::register_message_routes(router, ctx_.store, jt808_);
  flow::register_flow_routes(router, services_, ctx_.config.flow_token_secret);
}

Status TransitModule::run_jobs(bool, nlohmann::json& out) {
  // One forecast-coverage sample a minute for /metrics (no feed loaded yet: nothing to sample).
  if (auto c = sample_coverage(services_)) out["forecast_coverage"] = c->share();
  // Published predictions judged against the arrivals detected since, and the finished hours of
  // forecast coverage by stop, both stored per day.
  // A failed round is logged and the other jobs still run.
  if (auto s = live_kpis_.run(services_, out); !s)
    spdlog::warn("预测准确率/预报覆盖率记录失败：{}", s.error().message);
  // Vehicle positions older than the retention go (docs/operations.md: kept 30 days).
  auto pruned = positions_.prune();
  if (!pruned) return fail(pruned.error());
  out["positions_pruned"] = *pruned;
  // Each finished service day's operations records, once (nightly in effect: a day is done at
  // 06:00 the next morning), so monthly KPIs never re-read raw positions.
  return kpi::run_kpi_jobs(services_, kpi_gauges_, out);
}

std::string TransitModule::metrics() const {
  std::string text;
  // Forecast coverage (Cal-ITP availability): the share of stop-minutes with service that had a
  // fresh live prediction, over the last hour; absent until a minute was sampled.
  auto hour = coverage_.window(unix_seconds(clock_.now()));
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
  const auto t = positions_.totals();
  text +=
      "# HELP zt_transit_refused_total Live position entities refused, by reason\n"
      "# TYPE zt_transit_refused_total counter\n";
  for (std::size_t i = 0; i < kRefusedKinds; ++i)
    text += fmt::format("zt_transit_refused_total{{reason=\"{}\"}} {}\n", refused_code(Refused(i)),
                        t.refused[i]);
  text += fmt::format("# TYPE zt_transit_live_vehicles gauge\nzt_transit_live_vehicles {}\n",
                      t.vehicles);
  text += kpi_gauges_.metrics();
  text += live_kpis_.metrics(unix_seconds(clock_.now()));
  text += jt808_.metrics();
  return text;
}

void TransitModule::stop() {
  jt808_.stop();
  for (auto* t : {&simulator_, &poller_, &boards_, &dispatch_rounds_, &fleet_pusher_})
    if (t->joinable()) {
      t->request_stop();
      t->join();
    }
}

Result<nlohmann::json> TransitModule::poll_realtime() {
  const auto& url = ctx_.config.gtfs_rt_url;
  if (url.empty()) return fail(Error::invalid("没有配置 [transit] gtfs_rt_url", "gtfs_rt_url"));
  auto got = http_get(url, std::chrono::seconds(10));
  if (!got) return fail(got.error());
  if (got->status != 200)
    return fail(
        Error{ErrorKind::kUnavailable, url + " 返回 " + std::to_string(got->status), "url", {}});
  auto feed = decode_feed(got->body, url);
  if (!feed) return fail(feed.error());
  auto r = positions_.ingest(std::move(feed->vehicles), std::move(feed->rejected));
  if (!r) return fail(r.error());
  return r->to_json();
}

void TransitModule::start_poller() {
  if (ctx_.config.gtfs_rt_url.empty() || poller_.joinable()) return;
  poller_ = std::jthread([this](std::stop_token stop) {
    while (!stop.stop_requested()) {
      // A source that is down or sends garbage is logged and tried again next round.
      if (auto r = poll_realtime(); !r) spdlog::warn("GTFS-RT 拉取失败：{}", r.error().message);
      pause(stop, std::chrono::seconds(ctx_.config.gtfs_rt_poll_seconds));
    }
  });
}

void TransitModule::start_simulator() {
  if (simulator_.joinable()) return;
  simulator_ = std::jthread([this](std::stop_token stop) {
    SimulatorOptions options;
    options.congestion = 0.5;  // busy segments at busy hours: what the learned profiles show
    // About 1 passenger a minute per stop, 3 s each to board: headways in front beyond the plan
    // lengthen dwells, and buses bunch as they do in streets.
    options.dwell_per_headway = 0.05;
    Simulator sim(options);
    while (!stop.stop_requested()) {
      if (auto n = network_.get(); n && !(*n)->empty()) {
        const auto now = unix_seconds(clock_.now());
        auto fixes = sim.positions(**n, now, accepted_holds(ctx_.store, now));
        if (auto r = positions_.ingest(std::move(fixes), {}); !r)
          spdlog::warn("模拟车辆定位写入失败：{}", r.error().message);
      }
      pause(stop, std::chrono::seconds(10));
    }
  });
}

void TransitModule::start_board_pusher(http::Server& server) {
  if (boards_.joinable()) return;
  boards_ = std::jthread([this, &server](std::stop_token stop) {
    std::map<std::string, std::string> sent;  // topic → last message
    while (!stop.stop_requested()) {
      std::map<std::string, std::string> now;
      for (const auto& topic : server.topics(kBoardTopic)) {
        auto board = board_now(services_, topic.substr(kBoardTopic.size()));
        if (!board) continue;
        auto text = board->dump();
        if (sent[topic] != text) server.publish(topic, text);
        now[topic] = std::move(text);
      }
      sent = std::move(now);  // boards nobody watches are forgotten
      pause(stop, std::chrono::seconds(5));
    }
  });
  dispatch_rounds_ = std::jthread([this, &server](std::stop_token stop) {
    while (!stop.stop_requested()) {
      pause(stop, std::chrono::seconds(10));
      auto n = network_.get();
      if (!n || (*n)->empty()) continue;
      const auto now = unix_seconds(clock_.now());
      // Half an hour back, so a bus that went silent is still seen (lost signal).
      auto live = fleet_.snapshot(now, 1800);
      if (live->network != n->get()) continue;
      auto events = dispatch_.round(**n, *live, now, ctx_.clock.now());
      if (!events) {
        spdlog::warn("调度报警计算失败：{}", events.error().message);
        continue;
      }
      for (const auto& e : *events) server.publish(dispatch_.topic(), e.to_text());
    }
  });
  if (fleet_pusher_.joinable()) return;
  fleet_pusher_ = std::jthread([this, &server](std::stop_token stop) {
    const std::string topic(dispatch::kFleetTopic);
    std::string sent;
    while (!stop.stop_requested()) {
      if (server.topics(topic).empty()) {
        sent.clear();  // a console that connects gets the fleet at once
      } else if (auto fleet = console_.fleet()) {
        // Sent when a bus moved, not because the clock did.
        auto buses = (*fleet)["vehicles"].dump();
        if (buses != sent) server.publish(topic, fleet->dump());
        sent = std::move(buses);
      }
      pause(stop, std::chrono::seconds(2));
    }
  });
}

Result<std::optional<std::uint16_t>> TransitModule::start_jt808(http::Server& server) {
  const auto& listen = ctx_.config.jt808_listen;
  if (listen.empty()) return std::optional<std::uint16_t>{};
  Config parsed;  // the HTTP listen's syntax and checks, for the gateway's address
  if (auto st = set_listen(parsed, listen); !st)
    return fail(Error::invalid("jt808.listen 须为 host:port：" + listen, "jt808.listen"));
  jt808_.set_address(parsed.server.address, parsed.server.port);
  jt808_.set_publisher([&server](const std::string& topic, const std::string& message) {
    server.publish(topic, message);
  });
  auto port = jt808_.start();
  if (!port) return fail(port.error());
  return std::optional<std::uint16_t>(*port);
}

}  // namespace zt::transit

// Configuration: defaults, then a TOML file (toml++), then environment variables (ZT_*), then
// command-line flags applied by the app. Every source names itself in errors.
#pragma once

#include <map>
#include <string>

#include "core/auth.hpp"
#include "core/error.hpp"
#include "core/http_server.hpp"
#include "core/outbox.hpp"

namespace zt {

// [map]: the tile layer under the pages' maps (docs/dispatch-console.md: 天地图 with a key). Empty
// tile_url: no tiles, the network alone (the product runs offline).
struct MapTiles {
  std::string tile_url;   // {z}/{x}/{y} (and {s}) template, http(s):// or a path on this server
  std::string label_url;  // an annotation layer drawn over it (天地图's cva_w); may be empty
  std::string attribution;
  std::string subdomains;  // each character one subdomain for {s} ("01234567")
  int max_zoom = 18;
};

struct Config {
  std::string db_url = "sqlite:var/zhengtong.db";
  int db_pool = 4;
  http::ServerConfig server;
  http::SecureCookies secure_cookies = http::SecureCookies::kAuto;  // [http] secure_cookies
  AuthPolicy auth;
  std::string log_level = "info";
  // [site] notice: one line every signed-in page shows under its header, for a copy that is not
  // the city's record (a demo, a training copy); empty: none.
  std::string site_notice;
  WebhookConfig webhook;           // [outbox] webhook_url, webhook_secret
  int jobs_interval_seconds = 60;  // [outbox] interval_seconds: reminders + delivery
  int reminder_days = 3;           // [outbox] reminder_days: due within N days or overdue
  int reminder_hour = 9;           // [outbox] reminder_hour: not before this hour (Shanghai)
  std::string gtfs_rt_url;         // [transit] gtfs_rt_url: a VehiclePositions feed to poll
  int gtfs_rt_poll_seconds = 15;   // [transit] poll_seconds
  // [transit] clock_start: unix seconds at which the transit module's clock starts (demos of a
  // feed whose service hours are not now); 0: the real clock, as everywhere else.
  std::int64_t transit_clock_start = 0;
  // [transit] live-data limits (transit::LiveLimits; docs/operations.md): the window of fix
  // times around the transit clock, id length, entities per request or polled feed, vehicles
  // tracked at once.
  std::int64_t transit_fix_max_age = 86400;   // fix_max_age_seconds
  std::int64_t transit_fix_max_ahead = 300;   // fix_max_ahead_seconds
  std::int64_t transit_max_id_bytes = 64;     // max_id_bytes
  std::int64_t transit_max_entities = 10000;  // max_entities
  std::int64_t transit_max_vehicles = 10000;  // max_vehicles
  // [dispatch] (transit dispatch, docs/dispatch.md): unit_id, the operating company whose
  // dispatchers handle the alarms and advice (0: any dispatcher's), and thresholds by name
  // (kDispatchSettings); [dispatch.routes."<route_id>"] overrides thresholds for one route.
  std::int64_t dispatch_unit = 0;
  std::map<std::string, double> dispatch;
  std::map<std::string, std::map<std::string, double>> dispatch_routes;
  MapTiles map;
  // [jt808] the JT/T 808 terminal gateway (docs/jt808.md): listen "host:port" (empty: off),
  // open_registration (plates not in the vehicle register accepted: demos), max_connections,
  // idle_timeout_seconds, ack_timeout_seconds (a text message unanswered: timed out).
  std::string jt808_listen;
  bool jt808_open_registration = false;
  std::int64_t jt808_max_connections = 5000;
  std::int64_t jt808_idle_timeout = 180;
  std::int64_t jt808_ack_timeout = 60;
  // [flow] token_secret: the key card and account tokens are hashed under on import
  // (docs/passenger-flow.md), 16 to 64 bytes; empty: fare-tap uploads are refused.
  std::string flow_token_secret;
};

// The names a [dispatch] table may set (each a number; docs/dispatch.md).
inline constexpr const char* kDispatchSettings[] = {
    "bunched_ratio",           "gapped_ratio",         "late_departure_seconds",
    "early_departure_seconds", "off_route_metres",     "long_stop_seconds",
    "lost_signal_seconds",     "over_speed_kmh",       "high_frequency_headway_seconds",
    "min_hold_seconds",        "max_hold_seconds",     "short_turn_ratio",
    "express_ratio",           "depart_advice_seconds"};

// Reads `path` (if non-empty) over the defaults. Unknown keys are errors: a typo must not be
// silently ignored.
Result<Config> load_config(const std::string& path);
// Applies ZT_DB, ZT_LISTEN (host:port), ZT_THREADS, ZT_STATIC_DIR, ZT_LOG_LEVEL, ZT_WEBHOOK_URL,
// ZT_WEBHOOK_SECRET, ZT_GTFS_RT_URL, ZT_FLOW_TOKEN_SECRET (checked as [flow] token_secret).
Status apply_env(Config& config);
// "host:port" into the server config.
Status set_listen(Config& config, const std::string& listen);

}  // namespace zt

#include "core/config.hpp"

#include <charconv>
#include <cstdlib>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

#include <toml++/toml.h>

namespace zt {

Status set_listen(Config& c, const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos)
    return fail(Error::invalid("listen 须为 host:port：" + listen, "listen"));
  unsigned port = 0;
  auto ps = std::string_view(listen).substr(colon + 1);
  auto r = std::from_chars(ps.data(), ps.data() + ps.size(), port);
  if (r.ec != std::errc{} || r.ptr != ps.data() + ps.size() || port > 65535)
    return fail(Error::invalid("listen 端口无效：" + listen, "listen"));
  c.server.address = listen.substr(0, colon);
  c.server.port = std::uint16_t(port);
  return {};
}

namespace {

bool dispatch_setting(std::string_view name) {
  for (const char* k : kDispatchSettings)
    if (name == k) return true;
  return false;
}

// The token secret's length, as flow::TokenHasher takes it (core cannot call it): refused at
// startup rather than at the first upload.
Status check_flow_secret(const std::string& where, const std::string& secret) {
  if (secret.empty() || (secret.size() >= 16 && secret.size() <= 64)) return {};
  return fail(Error::invalid(
      where + " 须为 16 至 64 字节的密钥（现为 " + std::to_string(secret.size()) + " 字节）",
      "flow.token_secret"));
}

// One dispatch threshold: a known name and a positive number.
Status read_dispatch_number(const std::string& path, const std::string& where, std::string_view key,
                            const toml::node& v, std::map<std::string, double>& out) {
  const std::string full = where + "." + std::string(key);
  if (!dispatch_setting(key)) return fail(Error::invalid(path + ": 未知配置项 " + full, full));
  auto d = v.value<double>();
  if (!d || !(*d > 0) || *d > 1e7)
    return fail(Error::invalid(path + ": " + full + " 须为正数", full));
  out[std::string(key)] = *d;
  return {};
}

// [dispatch]: unit_id, thresholds, and routes."<route_id>" tables of thresholds.
Status read_dispatch(const std::string& path, const toml::table& tbl, Config& c) {
  std::map<std::string, double> numbers;
  for (auto& [key, v] : tbl) {
    if (key.str() == "unit_id") {
      auto id = v.value<std::int64_t>();
      if (!id || *id < 0)
        return fail(Error::invalid(path + ": dispatch.unit_id 须为单位编号", "dispatch.unit_id"));
      c.dispatch_unit = *id;
    } else if (key.str() == "routes") {
      auto* routes = v.as_table();
      if (!routes)
        return fail(Error::invalid(path + ": dispatch.routes 应为表", "dispatch.routes"));
      for (auto& [route, rt] : *routes) {
        const std::string where = "dispatch.routes." + std::string(route.str());
        auto* r = rt.as_table();
        if (!r) return fail(Error::invalid(path + ": " + where + " 应为表", where));
        auto& out = c.dispatch_routes[std::string(route.str())];
        for (auto& [k, x] : *r)
          if (auto st = read_dispatch_number(path, where, k.str(), x, out); !st) return st;
      }
    } else {
      if (auto st = read_dispatch_number(path, "dispatch", key.str(), v, numbers); !st) return st;
    }
  }
  c.dispatch = std::move(numbers);
  return {};
}

}  // namespace

Result<Config> load_config(const std::string& path) {
  Config c;
  if (path.empty()) return c;
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return fail(Error::invalid(path + ":" + std::to_string(e.source().begin.line) + ":" +
                               std::to_string(e.source().begin.column) + ": " +
                               std::string(e.description())));
  }
  static const std::set<std::string> kKnown = {"database.url",
                                               "database.pool",
                                               "server.listen",
                                               "server.threads",
                                               "server.body_limit",
                                               "server.max_connections",
                                               "server.inflate_ratio",
                                               "server.inflate_limit",
                                               "server.zip_entries",
                                               "server.static_dir",
                                               "server.read_timeout_seconds",
                                               "server.idle_timeout_seconds",
                                               "server.body_idle_timeout_seconds",
                                               "server.body_timeout_seconds",
                                               "http.secure_cookies",
                                               "http.trusted_proxies",
                                               "auth.idle_timeout_minutes",
                                               "auth.absolute_timeout_hours",
                                               "auth.free_failures",
                                               "auth.first_delay_seconds",
                                               "auth.lock_after",
                                               "auth.lock_minutes",
                                               "auth.account_lock_after",
                                               "auth.account_lock_minutes",
                                               "auth.failure_memory_hours",
                                               "auth.session_cache_seconds",
                                               "auth.password_cost",
                                               "log.level",
                                               "site.notice",
                                               "outbox.webhook_url",
                                               "outbox.webhook_secret",
                                               "outbox.interval_seconds",
                                               "outbox.reminder_days",
                                               "outbox.reminder_hour",
                                               "transit.gtfs_rt_url",
                                               "transit.poll_seconds",
                                               "transit.clock_start",
                                               "transit.fix_max_age_seconds",
                                               "transit.fix_max_ahead_seconds",
                                               "transit.max_id_bytes",
                                               "transit.max_entities",
                                               "transit.max_vehicles",
                                               "map.tile_url",
                                               "map.label_url",
                                               "map.attribution",
                                               "map.subdomains",
                                               "map.max_zoom",
                                               "jt808.listen",
                                               "jt808.open_registration",
                                               "jt808.max_connections",
                                               "jt808.idle_timeout_seconds",
                                               "jt808.ack_timeout_seconds",
                                               "flow.token_secret"};
  for (auto& [section, node] : t) {
    auto* tbl = node.as_table();
    if (!tbl) return fail(Error::invalid(path + ": '" + std::string(section.str()) + "' 应为表"));
    if (section.str() == "dispatch") {
      if (auto st = read_dispatch(path, *tbl, c); !st) return fail(st.error());
      continue;
    }
    for (auto& [key, v] : *tbl) {
      std::string full = std::string(section.str()) + "." + std::string(key.str());
      if (!kKnown.contains(full)) return fail(Error::invalid(path + ": 未知配置项 " + full, full));
      (void)v;
    }
  }
  auto str = [&](const char* k, std::string& out) {
    if (auto v = t.at_path(k).value<std::string>()) out = *v;
  };
  // A number that does not fit its setting (a negative size wrapped to 16 EiB, say) is refused.
  std::optional<Error> bad_number;
  auto num = [&](const char* k, auto& out) {
    using T = std::remove_reference_t<decltype(out)>;
    auto v = t.at_path(k).value<std::int64_t>();
    if (!v) return;
    if (!std::in_range<T>(*v)) {
      if (!bad_number)
        bad_number = Error::invalid(path + ": " + k + " 超出取值范围：" + std::to_string(*v), k);
      return;
    }
    out = T(*v);
  };
  str("database.url", c.db_url);
  num("database.pool", c.db_pool);
  if (auto l = t.at_path("server.listen").value<std::string>())
    if (auto st = set_listen(c, *l); !st) return fail(st.error());
  num("server.threads", c.server.threads);
  num("server.body_limit", c.server.body_limit);
  num("server.max_connections", c.server.max_connections);
  num("server.inflate_ratio", c.server.inflate_ratio);
  num("server.inflate_limit", c.server.inflate_limit);
  num("server.zip_entries", c.server.zip_entries);
  if (c.server.inflate_ratio < 1)
    return fail(Error::invalid(path + ": server.inflate_ratio 须为正整数", "server.inflate_ratio"));
  str("server.static_dir", c.server.static_dir);
  if (auto v = t.at_path("server.read_timeout_seconds").value<std::int64_t>())
    c.server.read_timeout = std::chrono::seconds(*v);
  if (auto v = t.at_path("server.idle_timeout_seconds").value<std::int64_t>())
    c.server.idle_timeout = std::chrono::seconds(*v);
  // Bounded: 0 would time every upload out at once, a huge value overflow the deadline.
  for (auto [key, out] :
       {std::pair{"server.body_idle_timeout_seconds", &c.server.body_idle_timeout},
        std::pair{"server.body_timeout_seconds", &c.server.body_timeout}}) {
    auto v = t.at_path(key).value<std::int64_t>();
    if (!v) continue;
    if (*v < 1 || *v > 86400)
      return fail(Error::invalid(path + ": " + key + " 须在 1 到 86400 秒之间", key));
    *out = std::chrono::seconds(*v);
  }
  if (auto node = t.at_path("http.secure_cookies")) {
    if (auto b = node.value<bool>())
      c.secure_cookies = *b ? http::SecureCookies::kAlways : http::SecureCookies::kNever;
    else if (node.value<std::string>() == "auto")
      c.secure_cookies = http::SecureCookies::kAuto;
    else
      return fail(Error::invalid(path + ": http.secure_cookies 须为 true、false 或 \"auto\"",
                                 "http.secure_cookies"));
  }
  if (auto node = t.at_path("http.trusted_proxies")) {
    auto* list = node.as_array();
    if (!list)
      return fail(
          Error::invalid(path + ": http.trusted_proxies 须为地址列表", "http.trusted_proxies"));
    for (auto& item : *list) {
      auto a = item.value<std::string>();
      if (!a || a->empty())
        return fail(
            Error::invalid(path + ": http.trusted_proxies 须为地址列表", "http.trusted_proxies"));
      c.server.trusted_proxies.push_back(*a);
    }
  }
  if (auto v = t.at_path("auth.idle_timeout_minutes").value<std::int64_t>())
    c.auth.idle_timeout = std::chrono::minutes(*v);
  if (auto v = t.at_path("auth.absolute_timeout_hours").value<std::int64_t>())
    c.auth.absolute_timeout = std::chrono::hours(*v);
  num("auth.free_failures", c.auth.free_failures);
  if (auto v = t.at_path("auth.first_delay_seconds").value<std::int64_t>())
    c.auth.first_delay = std::chrono::seconds(*v);
  num("auth.lock_after", c.auth.lock_after);
  if (auto v = t.at_path("auth.lock_minutes").value<std::int64_t>())
    c.auth.lock_duration = std::chrono::minutes(*v);
  num("auth.account_lock_after", c.auth.account_lock_after);
  if (auto v = t.at_path("auth.account_lock_minutes").value<std::int64_t>())
    c.auth.account_lock_duration = std::chrono::minutes(*v);
  if (auto v = t.at_path("auth.failure_memory_hours").value<std::int64_t>())
    c.auth.failure_memory = std::chrono::hours(*v);
  if (c.auth.free_failures < 0 || c.auth.first_delay.count() < 1 || c.auth.lock_after < 1 ||
      c.auth.lock_duration.count() < 1 || c.auth.account_lock_duration.count() < 1 ||
      c.auth.failure_memory.count() < 1)
    return fail(Error::invalid(path + ": [auth] 的次数不能为负，时长须为正数", "auth"));
  // Otherwise one address could lock a name for everyone, which the ceiling is there to avoid.
  if (c.auth.account_lock_after <= c.auth.lock_after)
    return fail(Error::invalid(path + ": auth.account_lock_after 须大于 auth.lock_after",
                               "auth.account_lock_after"));
  if (auto v = t.at_path("auth.session_cache_seconds").value<std::int64_t>())
    c.auth.session_cache = std::chrono::seconds(*v);
  if (auto v = t.at_path("auth.password_cost").value<std::string>()) {
    if (*v == "interactive")
      c.auth.password_cost = PasswordCost::interactive();
    else if (*v == "moderate")
      c.auth.password_cost = PasswordCost::moderate();
    else if (*v == "sensitive")
      c.auth.password_cost = PasswordCost::sensitive();
    else
      return fail(
          Error::invalid(path + ": auth.password_cost 须为 interactive、moderate 或 sensitive",
                         "auth.password_cost"));
  }
  str("log.level", c.log_level);
  str("site.notice", c.site_notice);
  str("outbox.webhook_url", c.webhook.url);
  str("outbox.webhook_secret", c.webhook.secret);
  num("outbox.interval_seconds", c.jobs_interval_seconds);
  num("outbox.reminder_days", c.reminder_days);
  num("outbox.reminder_hour", c.reminder_hour);
  str("transit.gtfs_rt_url", c.gtfs_rt_url);
  num("transit.poll_seconds", c.gtfs_rt_poll_seconds);
  if (auto v = t.at_path("transit.clock_start").value<std::int64_t>()) c.transit_clock_start = *v;
  num("transit.fix_max_age_seconds", c.transit_fix_max_age);
  num("transit.fix_max_ahead_seconds", c.transit_fix_max_ahead);
  num("transit.max_id_bytes", c.transit_max_id_bytes);
  num("transit.max_entities", c.transit_max_entities);
  num("transit.max_vehicles", c.transit_max_vehicles);
  str("jt808.listen", c.jt808_listen);
  if (auto node = t.at_path("jt808.open_registration")) {
    auto b = node.value<bool>();
    if (!b)
      return fail(Error::invalid(path + ": jt808.open_registration 须为 true 或 false",
                                 "jt808.open_registration"));
    c.jt808_open_registration = *b;
  }
  num("jt808.max_connections", c.jt808_max_connections);
  num("jt808.idle_timeout_seconds", c.jt808_idle_timeout);
  num("jt808.ack_timeout_seconds", c.jt808_ack_timeout);
  for (auto [key, v] : {std::pair{"jt808.max_connections", c.jt808_max_connections},
                        std::pair{"jt808.idle_timeout_seconds", c.jt808_idle_timeout},
                        std::pair{"jt808.ack_timeout_seconds", c.jt808_ack_timeout}})
    if (v < 1) return fail(Error::invalid(path + ": " + key + " 须为正整数", key));
  for (auto [key, v, least] :
       {std::tuple{"transit.fix_max_age_seconds", c.transit_fix_max_age, 1},
        std::tuple{"transit.fix_max_ahead_seconds", c.transit_fix_max_ahead, 0},
        std::tuple{"transit.max_id_bytes", c.transit_max_id_bytes, 1},
        std::tuple{"transit.max_entities", c.transit_max_entities, 1},
        std::tuple{"transit.max_vehicles", c.transit_max_vehicles, 1}})
    if (v < least)
      return fail(Error::invalid(path + ": " + key + " 须不小于 " + std::to_string(least), key));
  str("map.tile_url", c.map.tile_url);
  str("map.label_url", c.map.label_url);
  str("map.attribution", c.map.attribution);
  str("map.subdomains", c.map.subdomains);
  num("map.max_zoom", c.map.max_zoom);
  for (auto [key, url] :
       {std::pair{"map.tile_url", &c.map.tile_url}, std::pair{"map.label_url", &c.map.label_url}}) {
    // A template the browser can fill: its own scheme or this server, and the tile's place.
    const bool scheme = url->starts_with("https://") || url->starts_with("http://") ||
                        (url->starts_with("/") && !url->starts_with("//"));
    const bool place = url->find("{z}") != std::string::npos &&
                       url->find("{x}") != std::string::npos &&
                       url->find("{y}") != std::string::npos;
    if (!url->empty() && (!scheme || !place))
      return fail(Error::invalid(
          path + ": " + key + " 须为 http(s):// 或以 / 开头、含 {z} {x} {y} 的瓦片地址模板", key));
  }
  if (!c.map.label_url.empty() && c.map.tile_url.empty())
    return fail(
        Error::invalid(path + ": map.label_url 须与 map.tile_url 一起配置", "map.label_url"));
  if (c.map.max_zoom < 1 || c.map.max_zoom > 22)
    return fail(Error::invalid(path + ": map.max_zoom 须在 1 到 22 之间", "map.max_zoom"));
  if (c.gtfs_rt_poll_seconds < 1)
    return fail(Error::invalid(path + ": transit.poll_seconds 须为正数", "transit.poll_seconds"));
  if (c.jobs_interval_seconds < 1)
    return fail(
        Error::invalid(path + ": outbox.interval_seconds 须为正数", "outbox.interval_seconds"));
  str("flow.token_secret", c.flow_token_secret);
  if (auto st = check_flow_secret(path + ": flow.token_secret", c.flow_token_secret); !st)
    return fail(st.error());
  if (bad_number) return fail(*bad_number);
  return c;
}

Status apply_env(Config& c) {
  if (const char* v = std::getenv("ZT_DB"); v && *v) c.db_url = v;
  if (const char* v = std::getenv("ZT_LISTEN"); v && *v)
    if (auto st = set_listen(c, v); !st) return st;
  if (const char* v = std::getenv("ZT_THREADS"); v && *v)
    c.server.threads = std::max(1, std::atoi(v));
  if (const char* v = std::getenv("ZT_STATIC_DIR"); v && *v) c.server.static_dir = v;
  if (const char* v = std::getenv("ZT_LOG_LEVEL"); v && *v) c.log_level = v;
  if (const char* v = std::getenv("ZT_WEBHOOK_URL"); v && *v) c.webhook.url = v;
  if (const char* v = std::getenv("ZT_WEBHOOK_SECRET"); v && *v) c.webhook.secret = v;
  if (const char* v = std::getenv("ZT_GTFS_RT_URL"); v && *v) c.gtfs_rt_url = v;
  if (const char* v = std::getenv("ZT_FLOW_TOKEN_SECRET"); v && *v) {
    if (auto st = check_flow_secret("ZT_FLOW_TOKEN_SECRET", v); !st) return st;
    c.flow_token_secret = v;
  }
  return {};
}

}  // namespace zt

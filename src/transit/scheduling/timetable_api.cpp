#include "transit/scheduling/timetable_api.hpp"

#include <fmt/format.h>

#include "core/http_fields.hpp"
#include "transit/network.hpp"
#include "transit/scheduling/flow_demand.hpp"
#include "transit/scheduling/frequencies.hpp"
#include "transit/scheduling/running_times.hpp"
#include "transit/scheduling/timetable.hpp"
#include "transit/scheduling/trip_pattern.hpp"

namespace zt::transit::scheduling {
namespace {

constexpr int kMaxRangeDays = 92;  // a quarter of records at most per request

std::int64_t offset_of(const Services& sv, Date day) {
  auto n = sv.network.get();
  if (n && !(*n)->empty()) return (*n)->utc_offset((*n)->at(day, 12 * 3600));
  return 8 * 3600;  // China's, without a feed
}

Result<int> parse_hhmm(const nlohmann::json& body, const std::string& field) {
  auto s = http::require_string(body, field, false, 8);
  if (!s) return fail(s.error());
  int h = 0, m = 0;
  if (s->size() != 5 || (*s)[2] != ':' || std::sscanf(s->c_str(), "%2d:%2d", &h, &m) != 2 ||
      h < 0 || h > 23 || m < 0 || m > 59)
    return fail(Error::invalid(field + " 应为 HH:MM（00:00–23:59）", field));
  return h * 3600 + m * 60;
}

struct Range {
  Date from, to;
};

Result<Range> date_range(std::optional<Date> from, std::optional<Date> to, Date today) {
  Range r{from.value_or(today - std::chrono::days(28)), to.value_or(today - std::chrono::days(1))};
  if (r.from > r.to) return fail(Error::invalid("from 应不晚于 to", "from"));
  if ((r.to - r.from).count() > kMaxRangeDays)
    return fail(Error::invalid(fmt::format("日期范围最多 {} 天", kMaxRangeDays), "to"));
  return r;
}

}  // namespace

void register_timetable_routes(http::Router& router, const Services& sv) {
  router.add(
      "GET", "/api/v1/transit/scheduling/running-times", Permission::kTransitPlan,
      "运行时间分析: the end-to-end running times of the trips performed on the service days "
      "[from, to] (default the last 28) by route, direction and hour (count, mean, p50, p85, "
      "p95, minutes), and the recommended running time of each default period (?percentile=, "
      "50-99, default 85); ?route= one route, ?direction= 0 or 1",
      [&sv](http::Request& req) -> Result<http::Response> {
        auto route = http::query_string(req, "route", 64);
        if (!route) return fail(route.error());
        auto dir = http::query_int(req, "direction", 0, 1);
        if (!dir) return fail(dir.error());
        auto pct = http::query_int_or(req, "percentile", 85, 50, 99);
        if (!pct) return fail(pct.error());
        auto from = http::query_date(req, "from");
        if (!from) return fail(from.error());
        auto to = http::query_date(req, "to");
        if (!to) return fail(to.error());
        const auto today = shanghai_date(sv.clock.now());
        auto range = date_range(*from, *to, today);
        if (!range) return fail(range.error());
        auto samples = load_run_samples(sv.store, range->from, range->to, route->value_or(""),
                                        offset_of(sv, range->to));
        if (!samples) return fail(samples.error());
        if (*dir) std::erase_if(*samples, [&](const RunSample& s) { return s.direction != **dir; });
        nlohmann::json hours = nlohmann::json::array(), periods = nlohmann::json::array();
        for (const auto& h : by_hour(*samples)) hours.push_back(to_json(h));
        for (const auto& p : by_period(*samples, default_periods(), double(*pct)))
          periods.push_back(to_json(p));
        return http::Response::json({{"from", format_date(range->from)},
                                     {"to", format_date(range->to)},
                                     {"percentile", *pct},
                                     {"samples", samples->size()},
                                     {"hours", std::move(hours)},
                                     {"periods", std::move(periods)}});
      });

  router.add(
      "POST", "/api/v1/transit/scheduling/timetable", Permission::kTransitPlan,
      "A timetable proposal (行车计划) for one route and direction, computed and returned, not "
      "stored: frequencies per period by Ceder's method 1-4 from the uploaded demand table "
      "(demand_csv) or a stored passenger-flow day's segment loads (flow_date), headways in whole "
      "minutes, running times per period from the trips "
      "performed (percentile) unless given, and the trips between 首班 first and 末班 last, at "
      "even headways or even load, with their GTFS frequencies rows",
      [&sv](http::Request& req) -> Result<http::Response> {
        auto body = http::parse_json_document(req.body);
        if (!body) return fail(body.error());
        if (!body->is_object()) return fail(Error::invalid("请求体应为 JSON 对象", "body"));
        auto route = http::require_string(*body, "route_id", false, 64);
        if (!route) return fail(route.error());
        auto dir = http::optional_int(*body, "direction", 0, 1);
        if (!dir) return fail(dir.error());
        const int direction = int(dir->value_or(0));
        auto first = parse_hhmm(*body, "first");
        if (!first) return fail(first.error());
        auto last = parse_hhmm(*body, "last");
        if (!last) return fail(last.error());
        auto mode = http::optional_enum(*body, "mode", {"even_headway", "even_load"});
        if (!mode) return fail(mode.error());
        FrequencyParams q;
        auto cap = http::optional_number(*body, "capacity", 10, 300);
        if (!cap) return fail(cap.error());
        auto d0 = http::optional_number(*body, "design_load", 0.1, 1.5);
        if (!d0) return fail(d0.error());
        auto fmin = http::optional_number(*body, "f_min", 0.5, 60);
        if (!fmin) return fail(fmin.error());
        auto method = http::optional_int(*body, "method", 1, 4);
        if (!method) return fail(method.error());
        q.capacity = cap->value_or(q.capacity);
        q.design_load = d0->value_or(q.design_load);
        q.f_min = fmin->value_or(q.f_min);
        q.method = int(method->value_or(q.method));
        auto pct = http::optional_int(*body, "percentile", 50, 99);
        if (!pct) return fail(pct.error());
        auto fallback_run = http::optional_int(*body, "default_running_min", 1, 360);
        if (!fallback_run) return fail(fallback_run.error());
        auto route_km = http::optional_number(*body, "route_km", 0.1, 200);
        if (!route_km) return fail(route_km.error());
        auto from = http::optional_date(*body, "from");
        if (!from) return fail(from.error());
        auto to = http::optional_date(*body, "to");
        if (!to) return fail(to.error());
        auto range = date_range(*from, *to, shanghai_date(sv.clock.now()));
        if (!range) return fail(range.error());
        if (!body->contains("periods")) return fail(Error::invalid("缺少 periods", "periods"));
        auto periods = periods_from_json((*body)["periods"]);
        if (!periods) return fail(periods.error());
        // Running times the planner fixed per period (periods[i].running_min), else learned.
        std::vector<int> fixed(periods->size(), 0);
        for (std::size_t i = 0; i < periods->size(); ++i) {
          const auto& e = (*body)["periods"][i];
          if (!e.contains("running_min") || e["running_min"].is_null()) continue;
          auto m =
              http::as_int(e["running_min"], fmt::format("periods[{}].running_min", i), 1, 360);
          if (!m) return fail(m.error());
          fixed[i] = int(*m);
        }
        // Loads: a stored passenger-flow day's (flow_date), else the planner's demand table.
        auto flow_date = http::optional_date(*body, "flow_date");
        if (!flow_date) return fail(flow_date.error());
        std::vector<DemandRow> demand;
        if (*flow_date) {
          auto n = sv.network.get();
          if (!n) return fail(n.error());
          auto rows = flow_demand_rows(sv.store, **n, **flow_date, *route, direction);
          if (!rows) return fail(rows.error());
          demand = std::move(*rows);
        } else {
          auto csv = http::require_string(*body, "demand_csv", false, 4u << 20);
          if (!csv) return fail(csv.error());
          auto rows = parse_demand_csv(std::move(*csv));
          if (!rows) return fail(rows.error());
          demand = std::move(*rows);
        }
        auto profile = load_profile(demand, *route, direction, route_km->value_or(0));
        if (!profile) return fail(profile.error());

        auto samples =
            load_run_samples(sv.store, range->from, range->to, *route, offset_of(sv, range->to));
        if (!samples) return fail(samples.error());
        std::erase_if(*samples, [&](const RunSample& s) { return s.direction != direction; });
        auto learned = by_period(*samples, *periods, double(pct->value_or(85)));

        const auto hours = hourly_frequencies(*profile, q);
        const auto freqs = period_frequencies(hours, *periods, q);
        std::vector<PeriodPlan> plans;
        nlohmann::json period_rows = nlohmann::json::array();
        for (std::size_t i = 0; i < periods->size(); ++i) {
          int run = fixed[i];
          std::string source = "given";
          if (!run && i < learned.size() && learned[i].recommended_min) {
            run = learned[i].recommended_min;
            source = "learned";
          }
          if (!run && *fallback_run) {
            run = int(**fallback_run);
            source = "default";
          }
          if (!run)
            return fail(Error::invalid(
                fmt::format("periods[{}]（{}）没有实际运行记录，请给出 running_min 或 "
                            "default_running_min",
                            i, (*periods)[i].name),
                fmt::format("periods[{}].running_min", i)));
          plans.push_back({(*periods)[i], freqs[i].headway_min, run});
          period_rows.push_back({{"name", (*periods)[i].name},
                                 {"from", (*periods)[i].from_hour},
                                 {"to", (*periods)[i].to_hour},
                                 {"frequency", std::round(freqs[i].frequency * 100) / 100},
                                 {"headway_min", freqs[i].headway_min},
                                 {"running_min", run},
                                 {"running_source", source},
                                 {"samples", i < learned.size() ? learned[i].count : 0}});
        }
        const bool even_load_mode = mode->value_or("even_headway") == "even_load";
        auto trips = even_load_mode ? even_load(plans, hours, q, *first, *last)
                                    : even_headway(plans, *first, *last);
        if (!trips) return fail(trips.error());
        nlohmann::json trip_rows = nlohmann::json::array(), hour_rows = nlohmann::json::array();
        for (const auto& t : *trips) trip_rows.push_back(to_json(t));
        for (const auto& h : hours)
          if (h.hour >= *first / 3600 && h.hour <= *last / 3600) hour_rows.push_back(to_json(h));
        // The stops each trip passes, for the 运行图 (a network without the route: no stops).
        nlohmann::json stop_rows = nlohmann::json::array();
        if (auto n = sv.network.get(); n && !(*n)->empty())
          if (auto tp = trip_pattern(**n, *route, direction, range->to))
            for (const auto& ps : tp->stops)
              stop_rows.push_back({{"stop_id", (*n)->feed().stops[ps.stop].id},
                                   {"name", (*n)->feed().stops[ps.stop].name},
                                   {"km", std::round(ps.km * 1000) / 1000},
                                   {"share", std::round(ps.share * 10000) / 10000}});
        nlohmann::json out{{"route_id", *route},
                           {"direction", direction},
                           {"mode", even_load_mode ? "even_load" : "even_headway"},
                           {"demand_source",
                            *flow_date ? "flow:" + format_date(**flow_date) : std::string("table")},
                           {"method", q.method},
                           {"route_km", std::round(profile->route_km() * 100) / 100},
                           {"segment_km", profile->length_km},
                           {"first", hhmm(*first)},
                           {"last", hhmm(*last)},
                           {"periods", std::move(period_rows)},
                           {"hours", std::move(hour_rows)},
                           {"trips", std::move(trip_rows)},
                           {"stops", std::move(stop_rows)}};
        if (!even_load_mode) {
          nlohmann::json g = nlohmann::json::array();
          for (const auto& row :
               gtfs_frequencies(plans, fmt::format("{}_{}", *route, direction), *first, *last))
            g.push_back(row);
          out["gtfs_frequencies"] = std::move(g);
        }
        return http::Response::json(out);
      });
  router.allow_body(5u << 20);
}

}  // namespace zt::transit::scheduling

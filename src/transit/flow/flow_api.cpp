#include "transit/flow/flow_api.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "core/http_fields.hpp"
#include "core/xlsx_writer.hpp"
#include "transit/flow/api_common.hpp"
#include "transit/flow/chaining.hpp"
#include "transit/flow/count_store.hpp"
#include "transit/kpi/kpi_query.hpp"
#include "transit/kpi/record_store.hpp"
#include "transit/network.hpp"

namespace zt::transit::flow {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

// "07-09" (hours 7 and 8), "7" (one hour) or absent (the whole day): [first, last] hours.
Result<std::pair<int, int>> period_of(const Request& req) {
  auto p = req.q("period");
  if (!p || p->empty()) return std::pair{0, 23};
  auto dash = p->find('-');
  auto a = http::parse_int(p->substr(0, dash), "period", 0, 23);
  if (!a) return fail(Error::invalid("period 须为小时（如 7）或时段（如 07-09）", "period"));
  if (dash == std::string::npos) return std::pair{int(*a), int(*a)};
  auto b = http::parse_int(p->substr(dash + 1), "period", 1, 24);
  if (!b || *b <= *a)
    return fail(Error::invalid("period 须为小时（如 7）或时段（如 07-09）", "period"));
  return std::pair{int(*a), int(*b) - 1};
}

// Segment loads of the hours summed, per route and direction, in stop order, the heaviest marked.
json load_profiles(const Network& n, const std::vector<SegmentRow>& rows) {
  struct Seg {
    int seq;
    std::string from, to;
    double riders = 0;
  };
  std::map<std::pair<std::string, int>, std::vector<Seg>> groups;
  for (const auto& r : rows) {
    auto& g = groups[{r.route_id, r.direction}];
    auto it = std::find_if(g.begin(), g.end(), [&](const Seg& s) {
      return s.from == r.from_stop && s.to == r.to_stop;
    });
    if (it == g.end())
      g.push_back({r.seq, r.from_stop, r.to_stop, r.riders});
    else
      it->riders += r.riders, it->seq = std::min(it->seq, r.seq);
  }
  json out = json::array();
  for (auto& [key, segs] : groups) {
    std::stable_sort(segs.begin(), segs.end(),
                     [](const Seg& a, const Seg& b) { return a.seq < b.seq; });
    std::size_t best = 0;
    for (std::size_t i = 0; i < segs.size(); ++i)
      if (segs[i].riders > segs[best].riders) best = i;
    json list = json::array();
    for (std::size_t i = 0; i < segs.size(); ++i) {
      json seg = {{"from_stop_id", segs[i].from}, {"from_stop_name", stop_name(n, segs[i].from)},
                  {"to_stop_id", segs[i].to},     {"to_stop_name", stop_name(n, segs[i].to)},
                  {"riders", segs[i].riders},     {"max_load", i == best}};
      // The stops' public numbers (two stops of one name) and where the map draws the band
      // (their places; null for a stop the feed lost).
      for (auto [end, id] : {std::pair{"from", &segs[i].from}, std::pair{"to", &segs[i].to}}) {
        auto s = n.find_stop(*id);
        seg[std::string(end) + "_stop_code"] = s ? n.stop(*s).code : "";
        seg[std::string(end) + "_lat"] = s ? json(n.stop(*s).lat) : json(nullptr);
        seg[std::string(end) + "_lon"] = s ? json(n.stop(*s).lon) : json(nullptr);
      }
      list.push_back(std::move(seg));
    }
    json g = {{"route_id", key.first},
              {"route_name", route_name(n, key.first)},
              {"direction", key.second},
              {"segments", list}};
    if (!segs.empty())
      g["max_load"] = {{"from_stop_id", segs[best].from},
                       {"from_stop_name", stop_name(n, segs[best].from)},
                       {"to_stop_id", segs[best].to},
                       {"to_stop_name", stop_name(n, segs[best].to)},
                       {"from_stop_code", stop_code(n, segs[best].from)},
                       {"to_stop_code", stop_code(n, segs[best].to)},
                       {"riders", segs[best].riders}};
    out.push_back(std::move(g));
  }
  return out;
}

struct RouteDay {
  double riders = 0, max_load = 0;
  int trips = 0;
};

Result<json> summary(Store& store, const Network& n, Date day) {
  auto d = stored_day(store, day);
  if (!d) return fail(d.error());
  auto hours = load_stop_hours(store, day);
  if (!hours) return fail(hours.error());
  auto od = load_od(store, day, 20);
  if (!od) return fail(od.error());
  auto trips = load_trip_loads(store, day);
  if (!trips) return fail(trips.error());
  std::array<std::pair<double, double>, 24> by_hour{};
  std::map<std::string, std::pair<double, double>> by_stop;
  for (const auto& h : *hours) {
    by_hour[std::size_t(h.hour)].first += h.on;
    by_hour[std::size_t(h.hour)].second += h.off;
    by_stop[h.stop_id].first += h.on;
    by_stop[h.stop_id].second += h.off;
  }
  json hour_list = json::array();
  for (int h = 0; h < 24; ++h)
    hour_list.push_back(
        {{"hour", h}, {"boardings", by_hour[h].first}, {"alightings", by_hour[h].second}});
  std::vector<std::pair<std::string, std::pair<double, double>>> stops(by_stop.begin(),
                                                                       by_stop.end());
  std::stable_sort(stops.begin(), stops.end(), [](const auto& a, const auto& b) {
    return a.second.first + a.second.second > b.second.first + b.second.second;
  });
  if (stops.size() > 10) stops.resize(10);
  json stop_list = json::array();
  for (const auto& [id, v] : stops)
    stop_list.push_back({{"stop_id", id},
                         {"stop_name", stop_name(n, id)},
                         {"boardings", v.first},
                         {"alightings", v.second}});
  std::map<std::pair<std::string, int>, RouteDay> routes;
  for (const auto& t : *trips) {
    auto& r = routes[{t.route_id, t.direction}];
    r.riders += t.riders;
    r.max_load = std::max(r.max_load, t.max_load);
    ++r.trips;
  }
  json route_list = json::array();
  for (const auto& [key, r] : routes)
    route_list.push_back({{"route_id", key.first},
                          {"route_name", route_name(n, key.first)},
                          {"direction", key.second},
                          {"riders", r.riders},
                          {"trips", r.trips},
                          {"max_trip_load", r.max_load}});
  std::stable_sort(route_list.begin(), route_list.end(), [](const json& a, const json& b) {
    return a["riders"].get<double>() > b["riders"].get<double>();
  });
  json od_list = json::array();
  for (const auto& o : *od)
    od_list.push_back({{"from_stop_id", o.from_stop},
                       {"from_stop_name", stop_name(n, o.from_stop)},
                       {"from_stop_code", stop_code(n, o.from_stop)},
                       {"to_stop_id", o.to_stop},
                       {"to_stop_name", stop_name(n, o.to_stop)},
                       {"to_stop_code", stop_code(n, o.to_stop)},
                       {"riders", o.riders}});
  return json{{"day", d->to_json()},
              {"by_hour", hour_list},
              {"top_stops", stop_list},
              {"routes", route_list},
              {"top_od", od_list}};
}

Result<std::string> day_xlsx(Store& store, const Network& n, Date day) {
  auto d = stored_day(store, day);
  if (!d) return fail(d.error());
  auto hours = load_stop_hours(store, day);
  if (!hours) return fail(hours.error());
  auto segs = load_segments(store, day, "", -2);
  if (!segs) return fail(segs.error());
  auto od = load_od(store, day, 0);
  if (!od) return fail(od.error());
  auto trips = load_trip_loads(store, day);
  if (!trips) return fail(trips.error());
  XlsxWriter x;
  const int info = x.sheet("概况", {{"项目", 22}, {"数值", 16}});
  int row = 1;
  auto put = [&](const char* k, double v, bool pct = false) {
    x.text(info, row, 0, k);
    if (pct)
      x.text(info, row, 1, fmt::format("{:.1f}%", v * 100));
    else
      x.number(info, row, 1, v);
    ++row;
  };
  x.text(info, row, 0, "运营日期");
  x.text(info, row++, 1, format_date(day));
  put("刷卡记录数", d->taps);
  put("匹配上车站", d->boarded);
  put("推断下车站", d->with_destination);
  put("推断率", d->inference_rate, true);
  put("非现金支付比例", d->noncash_share, true);
  put("出行（含换乘）", d->journeys);
  put("换乘次数", d->transfers);
  put("有计数器的班次", d->trips_with_counter);
  put("计数上客人次", d->apc_boardings);
  put("刷卡覆盖率（计数班次）", d->tap_share(), true);
  const int sh =
      x.sheet("站点上下客", {{"站点", 24}, {"线路", 12}, {"小时", 8}, {"上客", 10}, {"下客", 10}});
  row = 1;
  for (const auto& h : *hours) {
    x.text(sh, row, 0, stop_name(n, h.stop_id));
    x.text(sh, row, 1, route_name(n, h.route_id));
    x.number(sh, row, 2, h.hour);
    x.number(sh, row, 3, std::round(h.on * 10) / 10);
    x.number(sh, row++, 4, std::round(h.off * 10) / 10);
  }
  const int sg = x.sheet("断面客流", {{"线路", 12},
                                      {"方向", 8},
                                      {"小时", 8},
                                      {"起站", 24},
                                      {"止站", 24},
                                      {"断面客流", 12},
                                      {"最大断面", 10}});
  row = 1;
  for (const auto& s : *segs) {
    x.text(sg, row, 0, route_name(n, s.route_id));
    x.number(sg, row, 1, s.direction);
    x.number(sg, row, 2, s.hour);
    x.text(sg, row, 3, stop_name(n, s.from_stop));
    x.text(sg, row, 4, stop_name(n, s.to_stop));
    x.number(sg, row, 5, std::round(s.riders * 10) / 10);
    if (s.max_load) x.text(sg, row, 6, "是");
    ++row;
  }
  const int o = x.sheet("OD", {{"上车站", 24}, {"下车站", 24}, {"人次", 10}});
  row = 1;
  for (const auto& p : *od) {
    x.text(o, row, 0, stop_name(n, p.from_stop));
    x.text(o, row, 1, stop_name(n, p.to_stop));
    x.number(o, row++, 2, std::round(p.riders * 10) / 10);
  }
  const int tr = x.sheet("班次客流", {{"线路", 12},
                                      {"方向", 8},
                                      {"班次", 20},
                                      {"车辆", 12},
                                      {"小时", 8},
                                      {"乘客", 10},
                                      {"最大断面客流", 14}});
  row = 1;
  for (const auto& t : *trips) {
    x.text(tr, row, 0, route_name(n, t.route_id));
    x.number(tr, row, 1, t.direction);
    x.text(tr, row, 2, t.trip_id);
    x.text(tr, row, 3, t.vehicle_id);
    x.number(tr, row, 4, t.hour);
    x.number(tr, row, 5, std::round(t.riders * 10) / 10);
    x.number(tr, row++, 6, std::round(t.max_load * 10) / 10);
  }
  return x.finish();
}

Result<Response> upload(const Services& sv, const std::string& secret, Request& req) {
  auto day = path_date(req);
  if (!day) return fail(day.error());
  auto format = http::query_enum(req, "format", {"clearing", "tides"});
  if (!format) return fail(format.error());
  const std::string source = format->value_or("clearing");
  if (secret.empty())
    return fail(
        Error::conflict("未配置 [flow] token_secret，不能导入刷卡记录（见 docs/operations.md）"));
  auto hasher = TokenHasher::make(secret);
  if (!hasher) return fail(hasher.error());
  auto n = sv.network.get();
  if (!n) return fail(n.error());
  if ((*n)->empty()) return fail(Error::conflict("尚未导入 GTFS 数据"));
  auto taps = source == "tides" ? read_tides_fare_transactions(std::move(req.body), *hasher)
                                : read_clearing_export(std::move(req.body), *hasher);
  if (!taps) {
    auto e = taps.error();
    // Rows at fault: the file is readable but refused, each row named (422).
    if (e.kind == ErrorKind::kInvalidInput && !e.fields.empty()) {
      e.kind = ErrorKind::kRuleViolation;
      e.rule = "flow-tap-rows";
    }
    return fail(std::move(e));
  }
  if (taps->empty()) return fail(Error::invalid("文件中没有刷卡记录", "file"));
  auto visits = kpi::load_day_events(sv.store, **n, *day);
  if (!visits) return fail(visits.error());
  if (visits->empty())
    return fail(Error::conflict(format_date(*day) + " 没有车辆到离站记录，无法匹配上车站"));
  // The counters' counts uploaded for the day and those live reports carried expand the taps.
  CountMatch live;
  auto counts = day_counts(sv.store, **n, *day, *visits, &live);
  if (!counts) return fail(counts.error());
  auto d = infer_and_save(sv.store, **n, *day, source, *taps, std::move(*visits), *counts,
                          sv.records_clock.now(), req.actor());
  if (!d) return fail(d.error());
  auto out = d->to_json();
  out["live_counts"] = {
      {"events", live.events}, {"matched", live.matched}, {"vehicles", live.vehicles}};
  return Response::json(out, 201);
}

}  // namespace

Result<FlowDay> infer_and_save(Store& store, const Network& n, Date day, std::string source,
                               const std::vector<Tap>& taps, std::vector<StopEvent> visits,
                               const std::vector<ApcCount>& apc, Instant now, const Actor& actor) {
  const std::size_t count = visits.size();
  ChainOptions options;
  VisitIndex index(n, std::move(visits), options.boarding);
  auto inf = infer(index, taps, options);
  auto out = flow_outputs(index, taps, inf, apc);
  auto d = flow_day(day, std::move(source), inf, out, count);
  if (auto s = save_flow_day(store, d, out, now, actor); !s) return fail(s.error());
  d.created_by = actor.name;
  d.created_at = unix_seconds(now);
  return d;
}

void register_flow_routes(http::Router& router, const Services& sv,
                          const std::string& token_secret) {
  router.add("POST", "/api/v1/transit/flow/days/{date}", Permission::kTransitPlan,
             "Uploads a service day's fare taps (CSV body, ?format=clearing|tides): matched to the "
             "day's stored stop visits, chained, stored as aggregates (tokens hashed, never "
             "stored); a bad row is refused (422) with its line and field (planner, admin)",
             [&sv, &token_secret](Request& req) { return upload(sv, token_secret, req); });
  router.allow_body(64u << 20);
  router.add("GET", "/api/v1/transit/flow/days", Permission::kTransitPlan,
             "Passenger-flow days stored in ?from=&to=, newest first (planner, admin)",
             [&sv](Request& req) -> Result<Response> {
               auto from = http::query_date(req, "from");
               if (!from) return fail(from.error());
               auto to = http::query_date(req, "to");
               if (!to) return fail(to.error());
               auto days = flow_days(sv.store, from->value_or(Date{}),
                                     to->value_or(Date{std::chrono::days{200000}}));
               if (!days) return fail(days.error());
               json out = json::array();
               for (const auto& d : *days) out.push_back(d.to_json());
               return Response::json({{"days", out}});
             });
  router.add("GET", "/api/v1/transit/flow/days/{date}", Permission::kTransitPlan,
             "A passenger-flow day's summary: inference rate, non-cash share, boardings by hour, "
             "top stops, riders per route, top OD pairs (planner, admin)",
             [&sv](Request& req) -> Result<Response> {
               auto day = path_date(req);
               if (!day) return fail(day.error());
               auto n = sv.network.get();
               if (!n) return fail(n.error());
               auto j = summary(sv.store, **n, *day);
               if (!j) return fail(j.error());
               return Response::json(*j);
             });
  router.add("GET", "/api/v1/transit/flow/days/{date}/xlsx", Permission::kTransitPlan,
             "A passenger-flow day as Excel: summary, stop boardings by hour, segment loads, OD, "
             "trip loads (planner, admin)",
             [&sv](Request& req) -> Result<Response> {
               auto day = path_date(req);
               if (!day) return fail(day.error());
               auto n = sv.network.get();
               if (!n) return fail(n.error());
               auto bytes = day_xlsx(sv.store, **n, *day);
               if (!bytes) return fail(bytes.error());
               const auto date = format_date(*day);
               return http::download(std::move(*bytes), http::kXlsxType,
                                     "transit-flow-" + date + ".xlsx",
                                     "客流分析-" + date + ".xlsx");
             });
  router.offload();
  register_count_routes(router, sv);
  register_place_routes(router, sv);
  router.add("GET", "/api/v1/transit/flow/loads", Permission::kTransitPlan,
             "Segment loads of ?date= by route and direction (?route=, ?direction=), summed over "
             "?period= (7 or 07-09; default the day), in stop order with the max-load point: what "
             "the scheduling work reads (planner, admin)",
             [&sv](Request& req) -> Result<Response> {
               auto day = http::require_query_date(req, "date");
               if (!day) return fail(day.error());
               auto route = http::query_string(req, "route");
               if (!route) return fail(route.error());
               auto direction = http::query_int(req, "direction", 0, 1);
               if (!direction) return fail(direction.error());
               auto period = period_of(req);
               if (!period) return fail(period.error());
               auto d = stored_day(sv.store, *day);
               if (!d) return fail(d.error());
               auto n = sv.network.get();
               if (!n) return fail(n.error());
               auto rows = load_segments(sv.store, *day, route->value_or(""),
                                         direction->has_value() ? int(**direction) : -2,
                                         period->first, period->second);
               if (!rows) return fail(rows.error());
               return Response::json(
                   {{"service_date", format_date(*day)},
                    {"period", fmt::format("{:02d}-{:02d}", period->first, period->second + 1)},
                    {"routes", load_profiles(**n, *rows)}});
             });
}

}  // namespace zt::transit::flow

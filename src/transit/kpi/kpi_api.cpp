#include "transit/kpi/kpi_api.hpp"

#include <fmt/format.h>

#include "core/xlsx_writer.hpp"
#include "transit/kpi/record_store.hpp"
#include "transit/kpi/tides.hpp"
#include "transit/network.hpp"

namespace zt::transit::kpi {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

Result<Date> path_date(const Request& req) {
  auto d = parse_date(req.params.at("date"));
  if (!d) return fail(Error::invalid("日期应为 YYYY-MM-DD", "date"));
  return *d;
}

Result<std::pair<Date, Date>> path_month(const Request& req) {
  const auto& m = req.params.at("month");
  auto first = parse_date(m + "-01");
  if (m.size() != 7 || !first) return fail(Error::invalid("月份应为 YYYY-MM", "month"));
  const std::chrono::year_month_day ymd{*first};
  return std::pair{*first, last_day_of_month(int(ymd.year()), unsigned(ymd.month()))};
}

Result<KpiOptions> options_of(const Request& req, const Network& n, std::int64_t now) {
  KpiOptions o;
  auto early = http::query_int_or(req, "early", o.early_s, 0, 3600);
  if (!early) return fail(early.error());
  auto late = http::query_int_or(req, "late", o.late_s, 0, 3600);
  if (!late) return fail(late.error());
  o.early_s = int(*early);
  o.late_s = int(*late);
  if (auto p = req.q("peaks"); p && !p->empty()) {
    auto peaks = parse_peaks(*p);
    if (!peaks) return fail(peaks.error());
    o.peaks = std::move(*peaks);
  }
  if (!n.empty()) o.utc_offset_s = n.utc_offset(now);
  return o;
}

Date today(const Network& n, std::int64_t now) {
  return n.empty() ? shanghai_date(Instant{std::chrono::seconds{now}}) : n.local_date(now);
}

// From ?date= or ?from=&to= (at most a year); `fallback_days` back from today when absent.
Result<std::pair<Date, Date>> range_of(const Request& req, Date now_day, int fallback_days) {
  auto date = http::query_date(req, "date");
  if (!date) return fail(date.error());
  if (*date) return std::pair{**date, **date};
  auto from = http::query_date(req, "from");
  if (!from) return fail(from.error());
  auto to = http::query_date(req, "to");
  if (!to) return fail(to.error());
  const Date t = to->value_or(now_day);
  const Date f = from->value_or(t - std::chrono::days(fallback_days - 1));
  if (f > t) return fail(Error::invalid("开始日期晚于结束日期", "from"));
  if (t - f > std::chrono::days(366)) return fail(Error::invalid("一次最多查询一年", "from"));
  return std::pair{f, t};
}

struct DayRecords {
  std::vector<TripRecord> records;
  bool recorded = false;
  std::string source;
};

// A recorded day's records; a day not recorded yet (today, say) from its stored visits so far,
// without the trips not yet due.
Result<DayRecords> day_records(const Services& sv, const Network& n, Date day, std::int64_t now) {
  auto have = recorded_days(sv.store, day, day);
  if (!have) return fail(have.error());
  DayRecords out;
  if (!have->empty()) {
    auto r = load_records(sv.store, day, day);
    if (!r) return fail(r.error());
    out.records = std::move(*r);
    out.recorded = true;
    out.source = have->front().source;
    return out;
  }
  if (n.empty()) return out;
  auto events = load_day_events(sv.store, n, day);
  if (!events) return fail(events.error());
  out.records = build_trip_records(n, day, *events);
  std::erase_if(out.records, [&](const TripRecord& r) {
    return r.outcome == Outcome::kCancelled && r.sched_start > now;
  });
  return out;
}

std::map<Date, std::vector<TripRecord>> by_day(std::vector<TripRecord> records) {
  std::map<Date, std::vector<TripRecord>> out;
  for (auto& r : records) out[r.service_date].push_back(std::move(r));
  return out;
}

Response csv(std::string body, const std::string& name) {
  return http::download(std::move(body), "text/csv; charset=utf-8", name, name);
}

void register_reads(http::Router& router, const Services& sv) {
  router.add("GET", "/api/v1/transit/kpi/days", Permission::kTransit,
             "Recorded service days in ?from=&to= (default the last 30), each with the city's KPIs "
             "(?early=&late= seconds, ?peaks=07-09,17-19)",
             [&sv](Request& req) -> Result<Response> {
               auto n = sv.network.get();
               if (!n) return fail(n.error());
               const auto now = unix_seconds(sv.clock.now());
               auto o = options_of(req, **n, now);
               if (!o) return fail(o.error());
               auto range = range_of(req, today(**n, now), 30);
               if (!range) return fail(range.error());
               auto days = recorded_days(sv.store, range->first, range->second);
               if (!days) return fail(days.error());
               auto records = load_records(sv.store, range->first, range->second);
               if (!records) return fail(records.error());
               auto grouped = by_day(std::move(*records));
               json out = json::array();
               for (const auto& d : *days) {
                 auto j = compute_kpis(grouped[d.day], *o).city.to_json();
                 j["service_date"] = format_date(d.day);
                 j["source"] = d.source;
                 j["recorded_at"] = format_shanghai(Instant{std::chrono::seconds{d.recorded_at}});
                 out.push_back(std::move(j));
               }
               return Response::json({{"from", format_date(range->first)},
                                      {"to", format_date(range->second)},
                                      {"options", o->to_json()},
                                      {"days", out}});
             });
  router.add("GET", "/api/v1/transit/kpi/days/{date}", Permission::kTransit,
             "One service day's KPIs per route, direction and city (a day not yet recorded: "
             "from its stop visits so far, marked provisional)",
             [&sv](Request& req) -> Result<Response> {
               auto day = path_date(req);
               if (!day) return fail(day.error());
               auto n = sv.network.get();
               if (!n) return fail(n.error());
               const auto now = unix_seconds(sv.clock.now());
               auto o = options_of(req, **n, now);
               if (!o) return fail(o.error());
               auto d = day_records(sv, **n, *day, now);
               if (!d) return fail(d.error());
               auto j = compute_kpis(d->records, *o).to_json();
               j["service_date"] = format_date(*day);
               j["provisional"] = !d->recorded;
               j["source"] = d->source;
               j["options"] = o->to_json();
               return Response::json(j);
             });
  router.add("GET", "/api/v1/transit/kpi/days/{date}/vehicles", Permission::kTransit,
             "A service day's 行车日志: per vehicle its trips, service km, first and last trip",
             [&sv](Request& req) -> Result<Response> {
               auto day = path_date(req);
               if (!day) return fail(day.error());
               auto n = sv.network.get();
               if (!n) return fail(n.error());
               auto d = day_records(sv, **n, *day, unix_seconds(sv.clock.now()));
               if (!d) return fail(d.error());
               json out = json::array();
               for (const auto& v : vehicle_days(d->records)) out.push_back(v.to_json());
               return Response::json({{"service_date", format_date(*day)}, {"vehicles", out}});
             });
  router.add(
      "GET", "/api/v1/transit/kpi/months/{month}", Permission::kTransit,
      "A month's KPIs (YYYY-MM) from its recorded days, per route, direction and city, with the "
      "daily series",
      [&sv](Request& req) -> Result<Response> {
        auto m = path_month(req);
        if (!m) return fail(m.error());
        auto n = sv.network.get();
        if (!n) return fail(n.error());
        auto o = options_of(req, **n, unix_seconds(sv.clock.now()));
        if (!o) return fail(o.error());
        auto records = load_records(sv.store, m->first, m->second);
        if (!records) return fail(records.error());
        auto j = compute_kpis(*records, *o).to_json();
        json days = json::array();
        for (const auto& [day, rs] : by_day(std::move(*records))) {
          auto d = compute_kpis(rs, *o).city.to_json();
          d["service_date"] = format_date(day);
          days.push_back(std::move(d));
        }
        j["month"] = req.params.at("month");
        j["days"] = std::move(days);
        j["options"] = o->to_json();
        return Response::json(j);
      });
  router.add("GET", "/api/v1/transit/kpi/trips", Permission::kTransit,
             "The trips behind a figure: records of ?date= or ?from=&to=, ?route=, ?direction=, "
             "?figure= (departure_late, cancelled, peak, …), each with how it counted",
             [&sv](Request& req) -> Result<Response> {
               auto n = sv.network.get();
               if (!n) return fail(n.error());
               const auto now = unix_seconds(sv.clock.now());
               auto o = options_of(req, **n, now);
               if (!o) return fail(o.error());
               auto range = range_of(req, today(**n, now), 1);
               if (!range) return fail(range.error());
               auto direction = http::query_int(req, "direction", 0, 1);
               if (!direction) return fail(direction.error());
               auto limit = http::query_int_or(req, "limit", 500, 1, 5000);
               if (!limit) return fail(limit.error());
               const auto route = req.q("route").value_or("");
               const auto figure = req.q("figure").value_or("");
               std::vector<TripRecord> records;
               if (range->first == range->second) {
                 auto d = day_records(sv, **n, range->first, now);
                 if (!d) return fail(d.error());
                 records = std::move(d->records);
               } else {
                 auto r = load_records(sv.store, range->first, range->second);
                 if (!r) return fail(r.error());
                 records = std::move(*r);
               }
               // Verdicts over every record: a headway needs the trip before, whatever the filter.
               const auto verdicts = judge(records, *o);
               json out = json::array();
               int total = 0;
               for (std::size_t i = 0; i < records.size(); ++i) {
                 const auto& r = records[i];
                 if (!route.empty() && r.route_id != route) continue;
                 if (*direction && r.direction != **direction) continue;
                 if (!figure.empty()) {
                   auto c = counts_for(r, verdicts[i], figure);
                   if (!c) return fail(c.error());
                   if (!*c) continue;
                 }
                 if (++total > *limit) continue;
                 auto j = r.to_json();
                 j["verdict"] = verdicts[i].to_json();
                 out.push_back(std::move(j));
               }
               return Response::json({{"trips", out}, {"total", total}, {"limit", *limit}});
             });
}

void register_exports(http::Router& router, const Services& sv) {
  router.add("GET", "/api/v1/transit/kpi/tides/trips_performed.csv", Permission::kTransit,
             "Recorded trips of ?date= or ?from=&to= as TIDES trips_performed CSV",
             [&sv](Request& req) -> Result<Response> {
               auto n = sv.network.get();
               if (!n) return fail(n.error());
               auto range = range_of(req, today(**n, unix_seconds(sv.clock.now())), 1);
               if (!range) return fail(range.error());
               auto r = load_records(sv.store, range->first, range->second);
               if (!r) return fail(r.error());
               return csv(trips_performed_csv(*r), "trips_performed.csv");
             });
  router.offload();
  router.add("GET", "/api/v1/transit/kpi/tides/stop_visits.csv", Permission::kTransit,
             "A service day's (?date=) stop visits as TIDES stop_visits CSV",
             [&sv](Request& req) -> Result<Response> {
               auto day = http::require_query_date(req, "date");
               if (!day) return fail(day.error());
               auto n = sv.network.get();
               if (!n) return fail(n.error());
               auto d = day_records(sv, **n, *day, unix_seconds(sv.clock.now()));
               if (!d) return fail(d.error());
               auto events = load_day_events(sv.store, **n, *day);
               if (!events) return fail(events.error());
               return csv(stop_visits_csv(**n, d->records, *events), "stop_visits.csv");
             });
  router.offload();
  router.add("GET", "/api/v1/transit/kpi/tides/vehicle_locations.csv", Permission::kTransit,
             "The stored fixes of a local day (?date=) as TIDES vehicle_locations CSV",
             [&sv](Request& req) -> Result<Response> {
               auto day = http::require_query_date(req, "date");
               if (!day) return fail(day.error());
               auto n = sv.network.get();
               if (!n) return fail(n.error());
               const std::int64_t from =
                   (*n)->empty() ? unix_seconds(shanghai_time(*day, 0, 0, 0)) : (*n)->at(*day, 0);
               auto rows = sv.store.query(
                   "SELECT vehicle_id, ts, lat, lon, bearing, speed, trip_id, stop_id, status FROM "
                   "tr_positions WHERE ts >= $1 AND ts < $2 ORDER BY ts, vehicle_id",
                   {from, from + 86400});
               if (!rows) return fail(rows.error());
               std::vector<VehicleReport> fixes;
               fixes.reserve(rows->rows.size());
               for (const auto& r : rows->rows) {
                 VehicleReport v;
                 v.vehicle_id = r.str(0);
                 v.timestamp = r.i64(1);
                 v.lat = r.f64(2);
                 v.lon = r.f64(3);
                 if (!r.is_null(4)) v.bearing = r.f64(4);
                 if (!r.is_null(5)) v.speed = r.f64(5);
                 v.trip_id = r.str(6);
                 v.stop_id = r.str(7);
                 v.status = int(r.i64(8));
                 fixes.push_back(std::move(v));
               }
               return csv(vehicle_locations_csv(**n, fixes), "vehicle_locations.csv");
             });
  router.offload();
  router.add(
      "GET", "/api/v1/transit/kpi/months/{month}/xlsx", Permission::kTransit,
      "A month's KPIs as Excel: by route, and by day", [&sv](Request& req) -> Result<Response> {
        auto m = path_month(req);
        if (!m) return fail(m.error());
        auto n = sv.network.get();
        if (!n) return fail(n.error());
        auto o = options_of(req, **n, unix_seconds(sv.clock.now()));
        if (!o) return fail(o.error());
        auto records = load_records(sv.store, m->first, m->second);
        if (!records) return fail(records.error());
        const auto rep = compute_kpis(*records, *o);
        XlsxWriter x;
        const std::vector<std::pair<const char*, double>> cols = {{"线路", 14},
                                                                  {"计划班次", 10},
                                                                  {"完成班次", 10},
                                                                  {"班次执行率", 12},
                                                                  {"发车正点率", 12},
                                                                  {"终点到站正点率", 14},
                                                                  {"高峰运营时速（公里/小时）", 22},
                                                                  {"运营里程（公里）", 16}};
        auto put = [&](int sheet, int row, const std::string& name, const Figures& f) {
          x.text(sheet, row, 0, name);
          x.number(sheet, row, 1, f.planned);
          x.number(sheet, row, 2, f.completed);
          int c = 3;
          for (auto v :
               {f.execution_rate(), f.on_time_departure_rate(), f.terminal_arrival_rate()}) {
            if (v) x.text(sheet, row, c, fmt::format("{:.1f}%", *v * 100));
            ++c;
          }
          if (auto s = f.peak_speed_kmh()) x.number(sheet, row, 6, std::round(*s * 10) / 10);
          x.number(sheet, row, 7, std::round(f.service_km * 10) / 10);
        };
        const int by_route = x.sheet("按线路", cols);
        int row = 1;
        for (const auto& [id, f] : rep.routes) {
          const auto* route = [&]() -> const Route* {
            for (const auto& r : (*n)->feed().routes)
              if (r.id == id) return &r;
            return nullptr;
          }();
          put(by_route, row++, route && !route->short_name.empty() ? route->short_name + "路" : id,
              f);
        }
        put(by_route, row, "全市", rep.city);
        auto day_cols = cols;
        day_cols[0] = {"日期", 14};
        const int by_date = x.sheet("按日", day_cols);
        row = 1;
        for (const auto& [day, rs] : by_day(std::move(*records)))
          put(by_date, row++, format_date(day), compute_kpis(rs, *o).city);
        auto bytes = x.finish();
        if (!bytes) return fail(bytes.error());
        const auto& month = req.params.at("month");
        return http::download(std::move(*bytes), http::kXlsxType, "transit-kpi-" + month + ".xlsx",
                              "公交运营指标-" + month + ".xlsx");
      });
  router.offload();
}

void register_writes(http::Router& router, const Services& sv, KpiGauges& gauges) {
  router.add("POST", "/api/v1/transit/kpi/days/{date}/record", Permission::kTransitPlan,
             "Records (or re-records) a finished service day's operations records from its stored "
             "stop visits (planner, admin)",
             [&sv, &gauges](Request& req) -> Result<Response> {
               auto day = path_date(req);
               if (!day) return fail(day.error());
               auto n = sv.network.get();
               if (!n) return fail(n.error());
               if ((*n)->empty()) return fail(Error::conflict("尚未导入 GTFS 数据"));
               const auto now = unix_seconds(sv.clock.now());
               if (!day_over(**n, *day, now))
                 return fail(Error::rule_violation("ops-day-open",
                                                   "该运营日尚未结束（次日 06:00 后可记录）"));
               auto events = load_day_events(sv.store, **n, *day);
               if (!events) return fail(events.error());
               auto records = build_trip_records(**n, *day, *events);
               if (auto s = save_day(sv.store, *day, records, "tracker", (*n)->version(),
                                     sv.clock.now(), req.actor());
                   !s)
                 return fail(s.error());
               KpiOptions o;
               o.utc_offset_s = (*n)->utc_offset(now);
               auto rep = compute_kpis(records, o);
               gauges.set(*day, rep.city);
               auto j = rep.city.to_json();
               j["service_date"] = format_date(*day);
               j["stop_visits"] = events->size();
               return Response::json(j, 201);
             });
  router.add("POST", "/api/v1/transit/kpi/tides/trips_performed", Permission::kTransitPlan,
             "Imports a TIDES trips_performed CSV (raw body): each service day in it replaces that "
             "day's records; a bad row is refused with its line and field (planner, admin)",
             [&sv](Request& req) -> Result<Response> {
               auto n = sv.network.get();
               if (!n) return fail(n.error());
               auto records = read_trips_performed(req.body, "trips_performed.csv", **n);
               if (!records) return fail(records.error());
               if (records->empty()) return fail(Error::invalid("文件中没有数据行", "file"));
               json days = json::array();
               for (const auto& [day, rs] : by_day(std::move(*records))) {
                 if (auto s = save_day(sv.store, day, rs, "tides", (*n)->version(), sv.clock.now(),
                                       req.actor());
                     !s)
                   return fail(s.error());
                 days.push_back({{"service_date", format_date(day)}, {"trips", rs.size()}});
               }
               return Response::json({{"days", days}}, 201);
             });
  router.allow_body(64u << 20);
}

}  // namespace

void KpiGauges::set(Date day, const Figures& f) {
  std::lock_guard lock(mu_);
  if (!last_ || day >= last_->first) last_ = std::pair{day, f};
}

bool KpiGauges::empty() const {
  std::lock_guard lock(mu_);
  return !last_;
}

std::string KpiGauges::metrics() const {
  std::lock_guard lock(mu_);
  if (!last_) return "";
  const auto& f = last_->second;
  const auto day = format_date(last_->first);
  std::string text;
  auto gauge = [&](const char* name, const char* help, std::optional<double> v) {
    if (!v) return;
    text += fmt::format("# HELP {} {}\n# TYPE {} gauge\n{}{{service_date=\"{}\"}} {:.4f}\n", name,
                        help, name, name, day, *v);
  };
  gauge("zt_transit_kpi_on_time_departure_ratio",
        "Departures from the first stop within the on-time window, latest recorded day",
        f.on_time_departure_rate());
  gauge("zt_transit_kpi_execution_ratio", "Trips completed over trips planned, latest recorded day",
        f.execution_rate());
  gauge("zt_transit_kpi_terminal_arrival_ratio",
        "Arrivals at the last stop within the on-time window, latest recorded day",
        f.terminal_arrival_rate());
  gauge("zt_transit_kpi_peak_speed_kmh",
        "Revenue distance over revenue time of peak trips, km/h, latest recorded day",
        f.peak_speed_kmh());
  gauge("zt_transit_kpi_trips_planned", "Trips planned, latest recorded day", double(f.planned));
  return text;
}

void register_kpi_routes(http::Router& router, const Services& s, KpiGauges& gauges) {
  register_reads(router, s);
  register_exports(router, s);
  register_writes(router, s, gauges);
}

Status run_kpi_jobs(const Services& s, KpiGauges& gauges, nlohmann::json& out) {
  auto n = s.network.get();
  if (!n) return fail(n.error());
  if ((*n)->empty()) return {};
  const auto now = s.clock.now();
  auto done = record_closed_days(s.store, **n, now);
  if (!done) return fail(done.error());
  json days = json::array();
  for (auto d : *done) days.push_back(format_date(d));
  out["ops_days_recorded"] = days;
  if (!done->empty() || gauges.empty()) {
    const Date t = (*n)->local_date(unix_seconds(now));
    auto have = recorded_days(s.store, t - std::chrono::days(7), t);
    if (!have) return fail(have.error());
    if (!have->empty()) {
      auto r = load_records(s.store, have->back().day, have->back().day);
      if (!r) return fail(r.error());
      KpiOptions o;
      o.utc_offset_s = (*n)->utc_offset(unix_seconds(now));
      gauges.set(have->back().day, compute_kpis(*r, o).city);
    }
  }
  return {};
}

}  // namespace zt::transit::kpi

#include "transit/kpi/kpi_api.hpp"

#include <fmt/format.h>

#include "core/xlsx_writer.hpp"
#include "transit/kpi/api_live.hpp"
#include "transit/kpi/kpi_query.hpp"
#include "transit/kpi/record_store.hpp"
#include "transit/kpi/tides.hpp"
#include "transit/network.hpp"

namespace zt::transit::kpi {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

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

std::string month_of(Date d) { return format_date(d).substr(0, 7); }

std::string agency_name(const Network& n, const std::string& id) {
  for (const auto& a : n.feed().agencies)
    if (a.id == id || (id.empty() && n.feed().agencies.size() == 1)) return a.name;
  return id.empty() ? "（未注明公司）" : id;
}

// A month's or a year's report from its recorded days: per route, direction, company and city,
// with the series by day (a month) or by month (a year).
Result<json> period_json(const Services& sv, const KpiQuery& q, bool by_month) {
  auto records = load_records(sv.store, q.from, q.to);
  if (!records) return fail(records.error());
  auto rep = compute_kpis(*records, q.options);
  add_agencies(rep, route_agencies(*q.network));
  auto j = rep.to_json();
  for (auto& a : j["agencies"])
    a["name"] = agency_name(*q.network, a["agency_id"].get<std::string>());
  json series = json::array();
  std::map<std::string, std::vector<TripRecord>> groups;
  int days = 0;
  for (auto& [day, rs] : by_day(std::move(*records))) {
    ++days;
    if (!by_month) {
      auto d = compute_kpis(rs, q.options).city.to_json();
      d["service_date"] = format_date(day);
      series.push_back(std::move(d));
      continue;
    }
    auto& g = groups[month_of(day)];
    g.insert(g.end(), std::make_move_iterator(rs.begin()), std::make_move_iterator(rs.end()));
  }
  for (const auto& [month, rs] : groups) {
    auto m = compute_kpis(rs, q.options).city.to_json();
    m["month"] = month;
    series.push_back(std::move(m));
  }
  j[by_month ? "months" : "days"] = std::move(series);
  j["days_recorded"] = days;
  j["from"] = format_date(q.from);
  j["to"] = format_date(q.to);
  j["options"] = q.options.to_json();
  return j;
}

// The same as Excel: by route, by company, and by day or month.
Result<Response> period_xlsx(const Services& sv, const KpiQuery& q, bool by_month,
                             const std::string& file, const std::string& title) {
  auto records = load_records(sv.store, q.from, q.to);
  if (!records) return fail(records.error());
  const auto& n = *q.network;
  auto rep = compute_kpis(*records, q.options);
  add_agencies(rep, route_agencies(n));
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
    for (auto v : {f.execution_rate(), f.on_time_departure_rate(), f.terminal_arrival_rate()}) {
      if (v) x.text(sheet, row, c, fmt::format("{:.1f}%", *v * 100));
      ++c;
    }
    if (auto s = f.peak_speed_kmh()) x.number(sheet, row, 6, std::round(*s * 10) / 10);
    x.number(sheet, row, 7, std::round(f.service_km * 10) / 10);
  };
  const int by_route = x.sheet("按线路", cols);
  int row = 1;
  for (const auto& [id, f] : rep.routes) put(by_route, row++, route_title(n, id), f);
  put(by_route, row, "全市", rep.city);
  auto company_cols = cols;
  company_cols[0] = {"公司", 20};
  const int by_company = x.sheet("按公司", company_cols);
  row = 1;
  for (const auto& [id, f] : rep.agencies) put(by_company, row++, agency_name(n, id), f);
  put(by_company, row, "全市", rep.city);
  auto period_cols = cols;
  period_cols[0] = {by_month ? "月份" : "日期", 14};
  const int by_period = x.sheet(by_month ? "按月" : "按日", period_cols);
  row = 1;
  std::map<std::string, std::vector<TripRecord>> groups;
  for (auto& [day, rs] : by_day(std::move(*records))) {
    auto& g = groups[by_month ? month_of(day) : format_date(day)];
    g.insert(g.end(), std::make_move_iterator(rs.begin()), std::make_move_iterator(rs.end()));
  }
  for (const auto& [key, rs] : groups) put(by_period, row++, key, compute_kpis(rs, q.options).city);
  auto bytes = x.finish();
  if (!bytes) return fail(bytes.error());
  return http::download(std::move(*bytes), http::kXlsxType, file, title);
}

void register_reads(http::Router& router, const Services& sv) {
  router.add("GET", "/api/v1/transit/kpi/days", Permission::kTransit,
             "Recorded service days in ?from=&to= (default the last 30), each with the city's KPIs "
             "(?early=&late= seconds, ?peaks=07-09,17-19)",
             [&sv](Request& req) -> Result<Response> {
               auto q = kpi_query(sv, req, Period::kRange, 30);
               if (!q) return fail(q.error());
               auto days = recorded_days(sv.store, q->from, q->to);
               if (!days) return fail(days.error());
               auto records = load_records(sv.store, q->from, q->to);
               if (!records) return fail(records.error());
               auto grouped = by_day(std::move(*records));
               json out = json::array();
               for (const auto& d : *days) {
                 auto j = compute_kpis(grouped[d.day], q->options).city.to_json();
                 j["service_date"] = format_date(d.day);
                 j["source"] = d.source;
                 j["recorded_at"] = format_shanghai(Instant{std::chrono::seconds{d.recorded_at}});
                 out.push_back(std::move(j));
               }
               return Response::json({{"from", format_date(q->from)},
                                      {"to", format_date(q->to)},
                                      {"options", q->options.to_json()},
                                      {"days", out}});
             });
  router.add("GET", "/api/v1/transit/kpi/days/{date}", Permission::kTransit,
             "One service day's KPIs per route, direction and city (a day not yet recorded: "
             "from its stop visits so far, marked provisional)",
             [&sv](Request& req) -> Result<Response> {
               auto q = kpi_query(sv, req, Period::kPathDate);
               if (!q) return fail(q.error());
               auto d = day_records(sv, *q->network, q->from, q->now);
               if (!d) return fail(d.error());
               auto rep = compute_kpis(d->records, q->options);
               add_agencies(rep, route_agencies(*q->network));
               auto j = rep.to_json();
               j["service_date"] = format_date(q->from);
               j["provisional"] = !d->recorded;
               j["source"] = d->source;
               j["options"] = q->options.to_json();
               return Response::json(j);
             });
  router.add("GET", "/api/v1/transit/kpi/days/{date}/vehicles", Permission::kTransit,
             "A service day's 行车日志: per vehicle its trips, service km, first and last trip",
             [&sv](Request& req) -> Result<Response> {
               auto q = kpi_query(sv, req, Period::kPathDate);
               if (!q) return fail(q.error());
               auto d = day_records(sv, *q->network, q->from, q->now);
               if (!d) return fail(d.error());
               json out = json::array();
               for (const auto& v : vehicle_days(d->records)) out.push_back(v.to_json());
               return Response::json({{"service_date", format_date(q->from)}, {"vehicles", out}});
             });
  router.add("GET", "/api/v1/transit/kpi/months/{month}", Permission::kTransit,
             "A month's KPIs (YYYY-MM) from its recorded days, per route, direction, company and "
             "city, with the daily series",
             [&sv](Request& req) -> Result<Response> {
               auto q = kpi_query(sv, req, Period::kPathMonth);
               if (!q) return fail(q.error());
               auto j = period_json(sv, *q, false);
               if (!j) return fail(j.error());
               (*j)["month"] = req.params.at("month");
               return Response::json(*j);
             });
  router.add("GET", "/api/v1/transit/kpi/years/{year}", Permission::kTransit,
             "A year's KPIs (YYYY) from the year's recorded days, per route, direction, company "
             "and city, with the monthly series",
             [&sv](Request& req) -> Result<Response> {
               auto q = kpi_query(sv, req, Period::kPathYear);
               if (!q) return fail(q.error());
               auto j = period_json(sv, *q, true);
               if (!j) return fail(j.error());
               (*j)["year"] = req.params.at("year");
               return Response::json(*j);
             });
  router.add("GET", "/api/v1/transit/kpi/trips", Permission::kTransit,
             "The trips behind a figure: records of ?date= or ?from=&to=, ?route=, ?direction=, "
             "?agency=, ?figure= (departure_late, cancelled, peak, …), each with how it counted",
             [&sv](Request& req) -> Result<Response> {
               auto q = kpi_query(sv, req, Period::kRange);
               if (!q) return fail(q.error());
               auto direction = http::query_int(req, "direction", 0, 1);
               if (!direction) return fail(direction.error());
               auto limit = http::query_int_or(req, "limit", 500, 1, 5000);
               if (!limit) return fail(limit.error());
               const auto route = req.q("route").value_or("");
               const auto figure = req.q("figure").value_or("");
               auto agency = http::query_string(req, "agency");
               if (!agency) return fail(agency.error());
               const auto agency_of = route_agencies(*q->network);
               std::vector<TripRecord> records;
               if (q->from == q->to) {
                 auto d = day_records(sv, *q->network, q->from, q->now);
                 if (!d) return fail(d.error());
                 records = std::move(d->records);
               } else {
                 auto r = load_records(sv.store, q->from, q->to);
                 if (!r) return fail(r.error());
                 records = std::move(*r);
               }
               // Verdicts over every record: a headway needs the trip before, whatever the filter.
               const auto verdicts = judge(records, q->options);
               json out = json::array();
               int total = 0;
               for (std::size_t i = 0; i < records.size(); ++i) {
                 const auto& r = records[i];
                 if (!route.empty() && r.route_id != route) continue;
                 if (*direction && r.direction != **direction) continue;
                 if (*agency) {
                   auto it = agency_of.find(r.route_id);
                   if ((it == agency_of.end() ? std::string() : it->second) != **agency) continue;
                 }
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
               auto q = kpi_query(sv, req, Period::kRange);
               if (!q) return fail(q.error());
               auto r = load_records(sv.store, q->from, q->to);
               if (!r) return fail(r.error());
               return csv(trips_performed_csv(*r), "trips_performed.csv");
             });
  router.offload();
  router.add("GET", "/api/v1/transit/kpi/tides/stop_visits.csv", Permission::kTransit,
             "A service day's (?date=) stop visits as TIDES stop_visits CSV",
             [&sv](Request& req) -> Result<Response> {
               auto q = kpi_query(sv, req, Period::kRequiredDate);
               if (!q) return fail(q.error());
               auto d = day_records(sv, *q->network, q->from, q->now);
               if (!d) return fail(d.error());
               auto events = load_day_events(sv.store, *q->network, q->from);
               if (!events) return fail(events.error());
               return csv(stop_visits_csv(*q->network, d->records, *events), "stop_visits.csv");
             });
  router.offload();
  router.add("GET", "/api/v1/transit/kpi/tides/vehicle_locations.csv", Permission::kTransit,
             "The stored fixes of a local day (?date=) as TIDES vehicle_locations CSV",
             [&sv](Request& req) -> Result<Response> {
               auto q = kpi_query(sv, req, Period::kRequiredDate);
               if (!q) return fail(q.error());
               auto fixes = load_day_fixes(sv.store, *q->network, q->from);
               if (!fixes) return fail(fixes.error());
               return csv(vehicle_locations_csv(*q->network, *fixes), "vehicle_locations.csv");
             });
  router.offload();
  router.add("GET", "/api/v1/transit/kpi/months/{month}/xlsx", Permission::kTransit,
             "A month's KPIs as Excel: by route, by company, and by day",
             [&sv](Request& req) -> Result<Response> {
               auto q = kpi_query(sv, req, Period::kPathMonth);
               if (!q) return fail(q.error());
               const auto& month = req.params.at("month");
               return period_xlsx(sv, *q, false, "transit-kpi-" + month + ".xlsx",
                                  "公交运营指标-" + month + ".xlsx");
             });
  router.offload();
  router.add("GET", "/api/v1/transit/kpi/years/{year}/xlsx", Permission::kTransit,
             "A year's KPIs as Excel: by route, by company, and by month",
             [&sv](Request& req) -> Result<Response> {
               auto q = kpi_query(sv, req, Period::kPathYear);
               if (!q) return fail(q.error());
               const auto& year = req.params.at("year");
               return period_xlsx(sv, *q, true, "transit-kpi-" + year + ".xlsx",
                                  "公交运营指标-" + year + "年.xlsx");
             });
  router.offload();
}

void register_writes(http::Router& router, const Services& sv, KpiGauges& gauges) {
  router.add("POST", "/api/v1/transit/kpi/days/{date}/record", Permission::kTransitPlan,
             "Records (or re-records) a finished service day's operations records from its stored "
             "stop visits (planner, admin)",
             [&sv, &gauges](Request& req) -> Result<Response> {
               auto q = kpi_query(sv, req, Period::kPathDate);
               if (!q) return fail(q.error());
               const auto& n = q->network;
               const Date day = q->from;
               const auto now = q->now;
               if (n->empty()) return fail(Error::conflict("尚未导入 GTFS 数据"));
               if (!day_over(*n, day, now))
                 return fail(Error::rule_violation("ops-day-open",
                                                   "该运营日尚未结束（次日 06:00 后可记录）"));
               auto events = load_day_events(sv.store, *n, day);
               if (!events) return fail(events.error());
               auto records = build_trip_records(*n, day, *events);
               if (auto s = save_day(sv.store, day, records, "tracker", n->version(),
                                     sv.clock.now(), req.actor());
                   !s)
                 return fail(s.error());
               KpiOptions o;
               o.utc_offset_s = n->utc_offset(now);
               auto rep = compute_kpis(records, o);
               gauges.set(day, rep.city);
               auto j = rep.city.to_json();
               j["service_date"] = format_date(day);
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
  router.add("POST", "/api/v1/transit/kpi/tides/stop_visits", Permission::kTransitPlan,
             "Imports a service day's (?date=) TIDES stop_visits CSV (raw body) as stop visits; "
             "each row's trip_id_performed must be a recorded trip of that day; a bad row is "
             "refused with its line and field (planner, admin)",
             [&sv](Request& req) -> Result<Response> {
               auto q = kpi_query(sv, req, Period::kRequiredDate);
               if (!q) return fail(q.error());
               const auto& n = q->network;
               auto records = load_records(sv.store, q->from, q->to);
               if (!records) return fail(records.error());
               auto visits = read_stop_visits(req.body, "stop_visits.csv", *n, *records);
               if (!visits) return fail(visits.error());
               if (visits->empty()) return fail(Error::invalid("文件中没有数据行", "file"));
               if (auto s = import_fixes_and_visits(sv.store, *n, {}, *visits,
                                                    sv.records_clock.now(), req.actor());
                   !s)
                 return fail(s.error());
               return Response::json({{"visits", visits->size()}}, 201);
             });
  router.allow_body(64u << 20);
  router.add("POST", "/api/v1/transit/kpi/tides/vehicle_locations", Permission::kTransitPlan,
             "Imports a TIDES vehicle_locations CSV (raw body) as stored fixes (a fix already "
             "stored is kept); a bad row is refused with its line and field (planner, admin)",
             [&sv](Request& req) -> Result<Response> {
               auto n = sv.network.get();
               if (!n) return fail(n.error());
               auto fixes = read_vehicle_locations(req.body, "vehicle_locations.csv");
               if (!fixes) return fail(fixes.error());
               if (fixes->empty()) return fail(Error::invalid("文件中没有数据行", "file"));
               if (auto s = import_fixes_and_visits(sv.store, **n, *fixes, {},
                                                    sv.records_clock.now(), req.actor());
                   !s)
                 return fail(s.error());
               return Response::json({{"fixes", fixes->size()}}, 201);
             });
  router.allow_body(256u << 20);
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
  register_live_kpi_routes(router, s);
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

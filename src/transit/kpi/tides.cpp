#include "transit/kpi/tides.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "core/csv.hpp"

namespace zt::transit::kpi {
namespace {

std::string field(std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(v);
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string when(std::int64_t t) {
  return t ? format_shanghai(Instant{std::chrono::seconds{t}}) : "";
}

std::string_view relationship(Outcome o) {
  switch (o) {
    case Outcome::kCancelled:
      return "Canceled";
    case Outcome::kAdded:
      return "Added";
    default:
      return "Scheduled";
  }
}

template <class... Fields>
void row(std::string& out, const Fields&... fs) {
  bool first = true;
  ((out += (first ? "" : ","), out += field(fs), first = false), ...);
  out += "\r\n";
}

bool digits(std::string_view s, std::size_t at, std::size_t n, int& v) {
  if (s.size() < at + n) return false;
  auto [p, ec] = std::from_chars(s.data() + at, s.data() + at + n, v);
  return ec == std::errc{} && p == s.data() + at + n;
}

}  // namespace

std::optional<std::int64_t> parse_iso_datetime(std::string_view s) {
  if (s.size() < 19 || s[10] != 'T' || s[13] != ':' || s[16] != ':') return std::nullopt;
  auto day = parse_date(s.substr(0, 10));
  int h = 0, m = 0, sec = 0;
  if (!day || !digits(s, 11, 2, h) || !digits(s, 14, 2, m) || !digits(s, 17, 2, sec) || h > 23 ||
      m > 59 || sec > 60)
    return std::nullopt;
  auto rest = s.substr(19);
  if (!rest.empty() && rest[0] == '.') {  // fractions of a second are dropped
    std::size_t k = 1;
    while (k < rest.size() && rest[k] >= '0' && rest[k] <= '9') ++k;
    rest = rest.substr(k);
  }
  std::int64_t offset = 0;
  if (rest == "Z") {
  } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
    int oh = 0, om = 0;
    if (!digits(rest, 1, 2, oh) || !digits(rest, 4, 2, om) || oh > 14 || om > 59)
      return std::nullopt;
    offset = (rest[0] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
  } else {
    return std::nullopt;  // a time without its offset is ambiguous
  }
  return std::int64_t(day->time_since_epoch().count()) * 86400 + h * 3600 + m * 60 + sec - offset;
}

std::string trips_performed_csv(std::span<const TripRecord> records) {
  std::string out;
  row(out, "service_date", "trip_id_performed", "vehicle_id", "trip_id_scheduled", "route_id",
      "route_type", "direction_id", "block_id", "trip_start_stop_id", "trip_end_stop_id",
      "schedule_trip_start", "schedule_trip_end", "actual_trip_start", "actual_trip_end",
      "trip_type", "schedule_relationship");
  for (const auto& r : records)
    row(out, format_date(r.service_date), r.trip_id_performed, r.vehicle_id, r.trip_id, r.route_id,
        std::string("Bus"), r.direction >= 0 ? std::to_string(r.direction) : "", r.block_id,
        r.start_stop_id, r.end_stop_id, when(r.sched_start), when(r.sched_end),
        when(r.actual_start), when(r.actual_end), std::string("In service"),
        std::string(relationship(r.outcome)));
  return out;
}

std::string stop_visits_csv(const Network& n, std::span<const TripRecord> records,
                            std::span<const StopEvent> events) {
  const auto& f = n.feed();
  std::map<std::tuple<std::string_view, std::string_view, int>, const TripRecord*> by;
  for (const auto& r : records)
    if (r.observed()) by[{r.trip_id, r.vehicle_id, r.seen_shift}] = &r;
  std::map<const TripRecord*, int> seq;
  std::string out;
  row(out, "service_date", "trip_id_performed", "trip_stop_sequence", "scheduled_stop_sequence",
      "vehicle_id", "dwell", "stop_id", "timepoint", "schedule_arrival_time",
      "schedule_departure_time", "actual_arrival_time", "actual_departure_time",
      "schedule_relationship");
  for (const auto& e : events) {
    const auto& trip = n.trip(e.trip);
    auto it = by.find({trip.id, e.vehicle_id, e.shift});
    if (it == by.end() || it->second->service_date != e.day) continue;
    const auto& r = *it->second;
    const auto& st = f.stop_times[n.trip_span(e.trip).first + e.index];
    const std::int64_t base = n.at(e.day, 0) + e.shift;
    const bool sched = r.planned() && r.headway_s == 0;
    row(out, format_date(e.day), r.trip_id_performed, std::to_string(++seq[&r]),
        std::to_string(st.sequence), e.vehicle_id,
        e.arrived ? std::to_string(e.departed - e.arrived) : "", f.stops[st.stop].id,
        std::string(st.timepoint ? "true" : "false"), sched ? when(base + st.arrival) : "",
        sched ? when(base + st.departure) : "", when(e.arrived), when(e.departed),
        std::string(r.planned() ? "Scheduled" : "Added"));
  }
  return out;
}

std::string vehicle_locations_csv(const Network& n, std::span<const VehicleReport> fixes) {
  constexpr const char* kStatus[] = {"Incoming at", "Stopped at", "In transit to"};
  std::string out;
  row(out, "location_ping_id", "service_date", "event_timestamp", "trip_id_scheduled", "vehicle_id",
      "stop_id", "current_status", "latitude", "longitude", "heading", "speed");
  for (const auto& v : fixes)
    row(out, v.vehicle_id + "-" + std::to_string(v.timestamp),
        format_date(n.local_date(v.timestamp)), when(v.timestamp), v.trip_id, v.vehicle_id,
        v.stop_id, std::string(v.status >= 0 && v.status <= 2 ? kStatus[v.status] : ""),
        fmt::format("{:.6f}", v.lat), fmt::format("{:.6f}", v.lon),
        v.bearing ? fmt::format("{:.0f}", *v.bearing) : "",
        v.speed ? fmt::format("{:.1f}", *v.speed) : "");
  return out;
}

Result<std::vector<TripRecord>> read_trips_performed(std::string text, const std::string& file,
                                                     const Network& n) {
  auto t = CsvTable::parse(std::move(text), file);
  if (!t) return fail(t.error());
  for (const char* need : {"service_date", "trip_id_performed", "vehicle_id"})
    if (t->column(need) < 0)
      return fail(Error::invalid(file + "：缺少必填列 " + std::string(need), need));
  const auto& f = n.feed();
  auto col = [&](const char* name) { return t->column(name); };
  const int c_date = col("service_date"), c_id = col("trip_id_performed"),
            c_vehicle = col("vehicle_id"), c_trip = col("trip_id_scheduled"),
            c_route = col("route_id"), c_dir = col("direction_id"), c_block = col("block_id"),
            c_from = col("trip_start_stop_id"), c_to = col("trip_end_stop_id"),
            c_ss = col("schedule_trip_start"), c_se = col("schedule_trip_end"),
            c_as = col("actual_trip_start"), c_ae = col("actual_trip_end"),
            c_rel = col("schedule_relationship");
  std::vector<TripRecord> out;
  std::set<std::pair<std::string, std::string>> ids;
  for (std::size_t i = 0; i < t->rows(); ++i) {
    const int line = t->line(i);
    auto bad = [&](const char* name, const std::string& why) {
      return Error::invalid(fmt::format("{}:{}：字段 {} {}", file, line, name, why), name);
    };
    TripRecord r;
    auto day = parse_date(t->at(i, c_date));
    if (!day) return fail(bad("service_date", "不是 YYYY-MM-DD 日期"));
    r.service_date = *day;
    r.trip_id_performed = std::string(t->at(i, c_id));
    if (r.trip_id_performed.empty()) return fail(bad("trip_id_performed", "为空"));
    if (!ids.insert({format_date(*day), r.trip_id_performed}).second)
      return fail(bad("trip_id_performed", "在同一运营日重复：" + r.trip_id_performed));
    r.vehicle_id = std::string(t->at(i, c_vehicle));
    const auto rel = t->at(i, c_rel);
    r.outcome = Outcome::kPartial;  // scheduled: completed when both actual times are given
    if (rel == "Canceled") {
      r.outcome = Outcome::kCancelled;
    } else if (rel == "Added" || rel == "Unscheduled" || rel == "Duplicated") {
      r.outcome = Outcome::kAdded;
    } else if (!rel.empty() && rel != "Scheduled") {
      return fail(bad("schedule_relationship", "取值无效：" + std::string(rel)));
    }
    if (r.vehicle_id.empty() && r.outcome != Outcome::kCancelled)
      return fail(bad("vehicle_id", "为空"));
    struct Time {
      int column;
      const char* name;
      std::int64_t* into;
    };
    for (auto [c, name, into] : {Time{c_ss, "schedule_trip_start", &r.sched_start},
                                 Time{c_se, "schedule_trip_end", &r.sched_end},
                                 Time{c_as, "actual_trip_start", &r.actual_start},
                                 Time{c_ae, "actual_trip_end", &r.actual_end}}) {
      const auto v = t->at(i, c);
      if (v.empty()) continue;
      auto at = parse_iso_datetime(v);
      if (!at) return fail(bad(name, "不是带时区的 ISO 8601 时间：" + std::string(v)));
      *into = *at;
    }
    if (r.actual_start && r.actual_end && r.actual_end < r.actual_start)
      return fail(bad("actual_trip_end", "早于 actual_trip_start"));
    r.trip_id = std::string(t->at(i, c_trip));
    r.route_id = std::string(t->at(i, c_route));
    r.block_id = std::string(t->at(i, c_block));
    r.start_stop_id = std::string(t->at(i, c_from));
    r.end_stop_id = std::string(t->at(i, c_to));
    if (auto d = t->at(i, c_dir); !d.empty()) {
      if (d != "0" && d != "1") return fail(bad("direction_id", "只能是 0 或 1"));
      r.direction = d[0] - '0';
    }
    if (!r.trip_id.empty()) {
      auto trip = n.find_trip(r.trip_id);
      if (!trip) return fail(bad("trip_id_scheduled", "不在当前 GTFS 数据中：" + r.trip_id));
      const auto& tr = n.trip(*trip);
      auto [b, e] = n.trip_span(*trip);
      if (r.route_id.empty()) r.route_id = tr.route_id;
      if (r.route_id != tr.route_id) return fail(bad("route_id", "与计划班次的线路不符"));
      if (r.direction < 0) r.direction = tr.direction;
      if (r.block_id.empty()) r.block_id = tr.block_id;
      if (e > b) {
        if (r.start_stop_id.empty()) r.start_stop_id = f.stops[f.stop_times[b].stop].id;
        if (r.end_stop_id.empty()) r.end_stop_id = f.stops[f.stop_times[e - 1].stop].id;
        r.stops_planned = int(e - b);
        const auto& sd = n.geometry().pattern(n.geometry().pattern_of(trip->value)).stop_dist;
        if (!sd.empty()) r.distance_m = sd.back() - sd.front();
      }
      for (const auto* q : n.frequencies_of(*trip))
        if (!q->exact_times) r.headway_s = q->headway;
    }
    if (r.route_id.empty()) return fail(bad("route_id", "为空且没有计划班次可查"));
    if (r.outcome == Outcome::kCancelled) {
      r.vehicle_id.clear();
      r.actual_start = r.actual_end = 0;
      r.distance_m = 0;
    } else {
      const bool whole = r.actual_start && r.actual_end;
      if (r.outcome != Outcome::kAdded) r.outcome = whole ? Outcome::kCompleted : Outcome::kPartial;
      r.stops_served = whole ? r.stops_planned : 0;
      r.last_visit_at = r.actual_end;
      if (!whole) r.distance_m = 0;  // how far it got is not in the file
      if (r.planned() && !r.sched_start)
        return fail(bad("schedule_trip_start", "计划班次须给出计划发车时间"));
    }
    // A frequency slot's instance, as the tracker numbers it: its start minus the template's.
    if (auto trip = r.trip_id.empty() ? std::nullopt : n.find_trip(r.trip_id);
        trip && r.sched_start && !n.frequencies_of(*trip).empty())
      r.seen_shift = int(r.sched_start - n.at(r.service_date, 0) -
                         f.stop_times[n.trip_span(*trip).first].departure);
    out.push_back(std::move(r));
  }
  return out;
}

namespace {

// A table's row reader: a bad field is refused with "file:line" and its name.
struct Rows {
  CsvTable& t;
  const std::string& file;
  std::size_t i = 0;
  Error bad(const char* name, const std::string& why) const {
    return Error::invalid(fmt::format("{}:{}：字段 {} {}", file, t.line(i), name, why), name);
  }
};

Status require_columns(const CsvTable& t, const std::string& file,
                       std::initializer_list<const char*> names) {
  for (const char* need : names)
    if (t.column(need) < 0)
      return fail(Error::invalid(file + "：缺少必填列 " + std::string(need), need));
  return {};
}

std::optional<double> number(std::string_view v) {
  double d = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
  if (ec != std::errc{} || p != v.data() + v.size() || !std::isfinite(d)) return std::nullopt;
  return d;
}

}  // namespace

Result<std::vector<StopEvent>> read_stop_visits(std::string text, const std::string& file,
                                                const Network& n,
                                                std::span<const TripRecord> records) {
  auto t = CsvTable::parse(std::move(text), file);
  if (!t) return fail(t.error());
  if (auto s = require_columns(*t, file,
                               {"service_date", "trip_id_performed", "scheduled_stop_sequence",
                                "vehicle_id", "actual_departure_time"});
      !s)
    return fail(s.error());
  std::map<std::pair<std::string, std::string_view>, const TripRecord*> by;
  for (const auto& r : records) by[{format_date(r.service_date), r.trip_id_performed}] = &r;
  const int c_date = t->column("service_date"), c_id = t->column("trip_id_performed"),
            c_seq = t->column("scheduled_stop_sequence"), c_vehicle = t->column("vehicle_id"),
            c_arr = t->column("actual_arrival_time"), c_dep = t->column("actual_departure_time");
  const auto& f = n.feed();
  std::vector<StopEvent> out;
  Rows rows{*t, file};
  for (; rows.i < t->rows(); ++rows.i) {
    const auto i = rows.i;
    auto day = parse_date(t->at(i, c_date));
    if (!day) return fail(rows.bad("service_date", "不是 YYYY-MM-DD 日期"));
    auto rec = by.find({format_date(*day), t->at(i, c_id)});
    if (rec == by.end())
      return fail(rows.bad("trip_id_performed",
                           "不是该运营日已有路单中的班次：" + std::string(t->at(i, c_id))));
    const auto& r = *rec->second;
    auto trip = r.trip_id.empty() ? std::nullopt : n.find_trip(r.trip_id);
    if (!trip) return fail(rows.bad("trip_id_performed", "没有当前 GTFS 数据中的计划班次"));
    int seq = 0;
    const auto sv = t->at(i, c_seq);
    auto [p, ec] = std::from_chars(sv.data(), sv.data() + sv.size(), seq);
    if (ec != std::errc{} || p != sv.data() + sv.size())
      return fail(rows.bad("scheduled_stop_sequence", "须为整数"));
    auto [b, e] = n.trip_span(*trip);
    std::optional<std::uint32_t> index;
    for (auto k = b; k < e; ++k)
      if (f.stop_times[k].sequence == seq) index = std::uint32_t(k - b);
    if (!index)
      return fail(
          rows.bad("scheduled_stop_sequence", fmt::format("班次 {} 没有第 {} 站", r.trip_id, seq)));
    StopEvent ev{std::string(t->at(i, c_vehicle)), *trip, *day, r.seen_shift, *index, 0, 0};
    if (ev.vehicle_id.empty()) return fail(rows.bad("vehicle_id", "为空"));
    auto dep = parse_iso_datetime(t->at(i, c_dep));
    if (!dep) return fail(rows.bad("actual_departure_time", "不是带时区的 ISO 8601 时间"));
    ev.departed = *dep;
    if (const auto a = t->at(i, c_arr); !a.empty()) {
      auto arr = parse_iso_datetime(a);
      if (!arr) return fail(rows.bad("actual_arrival_time", "不是带时区的 ISO 8601 时间"));
      if (*arr > *dep) return fail(rows.bad("actual_arrival_time", "晚于 actual_departure_time"));
      ev.arrived = *arr;
    }
    out.push_back(std::move(ev));
  }
  return out;
}

Result<std::vector<VehicleReport>> read_vehicle_locations(std::string text,
                                                          const std::string& file) {
  auto t = CsvTable::parse(std::move(text), file);
  if (!t) return fail(t.error());
  if (auto s =
          require_columns(*t, file, {"vehicle_id", "event_timestamp", "latitude", "longitude"});
      !s)
    return fail(s.error());
  const int c_vehicle = t->column("vehicle_id"), c_time = t->column("event_timestamp"),
            c_trip = t->column("trip_id_scheduled"), c_stop = t->column("stop_id"),
            c_status = t->column("current_status"), c_lat = t->column("latitude"),
            c_lon = t->column("longitude"), c_heading = t->column("heading"),
            c_speed = t->column("speed");
  constexpr std::string_view kStatus[] = {"Incoming at", "Stopped at", "In transit to"};
  std::vector<VehicleReport> out;
  Rows rows{*t, file};
  for (; rows.i < t->rows(); ++rows.i) {
    const auto i = rows.i;
    VehicleReport v;
    v.vehicle_id = std::string(t->at(i, c_vehicle));
    if (v.vehicle_id.empty()) return fail(rows.bad("vehicle_id", "为空"));
    auto at = parse_iso_datetime(t->at(i, c_time));
    if (!at) return fail(rows.bad("event_timestamp", "不是带时区的 ISO 8601 时间"));
    v.timestamp = *at;
    auto lat = number(t->at(i, c_lat));
    if (!lat || std::abs(*lat) > 90) return fail(rows.bad("latitude", "须为 -90 到 90 的数值"));
    auto lon = number(t->at(i, c_lon));
    if (!lon || std::abs(*lon) > 180) return fail(rows.bad("longitude", "须为 -180 到 180 的数值"));
    v.lat = *lat;
    v.lon = *lon;
    v.trip_id = std::string(t->at(i, c_trip));
    v.stop_id = std::string(t->at(i, c_stop));
    if (const auto st = t->at(i, c_status); !st.empty()) {
      auto it = std::find(std::begin(kStatus), std::end(kStatus), st);
      if (it == std::end(kStatus))
        return fail(rows.bad("current_status", "取值无效：" + std::string(st)));
      v.status = int(it - std::begin(kStatus));
    }
    if (const auto h = t->at(i, c_heading); !h.empty()) {
      auto d = number(h);
      if (!d || *d < 0 || *d > 360) return fail(rows.bad("heading", "须为 0 到 360 的数值"));
      v.bearing = *d;
    }
    if (const auto sp = t->at(i, c_speed); !sp.empty()) {
      auto d = number(sp);
      if (!d || *d < 0 || *d > 100) return fail(rows.bad("speed", "须为 0 到 100（米/秒）的数值"));
      v.speed = *d;
    }
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace zt::transit::kpi

#include "transit/kpi/tides_rows.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "core/csv.hpp"

namespace zt::transit::kpi {
namespace {

// Exactly `n` decimal digits at `at` (from_chars alone would take a sign: "T-1:00:00").
bool digits(std::string_view s, std::size_t at, std::size_t n, int& v) {
  if (s.size() < at + n) return false;
  for (std::size_t k = at; k < at + n; ++k)
    if (s[k] < '0' || s[k] > '9') return false;
  auto [p, ec] = std::from_chars(s.data() + at, s.data() + at + n, v);
  return ec == std::errc{} && p == s.data() + at + n;
}

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

Error tides_bad_field(const std::string& file, int line, const char* name, const std::string& why) {
  return Error::invalid(fmt::format("{}:{}：字段 {} {}", file, line, name, why), name);
}

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

Result<std::vector<TidesTripRow>> read_trips_performed_rows(std::string text,
                                                            const std::string& file) {
  auto t = CsvTable::parse(std::move(text), file);
  if (!t) return fail(t.error());
  if (auto s = require_columns(*t, file, {"service_date", "trip_id_performed", "vehicle_id"}); !s)
    return fail(s.error());
  auto col = [&](const char* name) { return t->column(name); };
  const int c_date = col("service_date"), c_id = col("trip_id_performed"),
            c_vehicle = col("vehicle_id"), c_trip = col("trip_id_scheduled"),
            c_route = col("route_id"), c_dir = col("direction_id"), c_block = col("block_id"),
            c_from = col("trip_start_stop_id"), c_to = col("trip_end_stop_id"),
            c_ss = col("schedule_trip_start"), c_se = col("schedule_trip_end"),
            c_as = col("actual_trip_start"), c_ae = col("actual_trip_end"),
            c_rel = col("schedule_relationship");
  std::vector<TidesTripRow> out;
  std::set<std::pair<std::string, std::string>> ids;
  for (std::size_t i = 0; i < t->rows(); ++i) {
    TidesTripRow r;
    r.line = t->line(i);
    auto bad = [&](const char* name, const std::string& why) {
      return tides_bad_field(file, r.line, name, why);
    };
    auto day = parse_date(t->at(i, c_date));
    if (!day) return fail(bad("service_date", "不是 YYYY-MM-DD 日期"));
    r.service_date = *day;
    r.trip_id_performed = std::string(t->at(i, c_id));
    if (r.trip_id_performed.empty()) return fail(bad("trip_id_performed", "为空"));
    if (!ids.insert({format_date(*day), r.trip_id_performed}).second)
      return fail(bad("trip_id_performed", "在同一运营日重复：" + r.trip_id_performed));
    r.vehicle_id = std::string(t->at(i, c_vehicle));
    const auto rel = t->at(i, c_rel);
    if (rel == "Canceled") {
      r.relationship = TidesRelationship::kCanceled;
    } else if (rel == "Added" || rel == "Unscheduled" || rel == "Duplicated") {
      r.relationship = TidesRelationship::kAdded;
    } else if (!rel.empty() && rel != "Scheduled") {
      return fail(bad("schedule_relationship", "取值无效：" + std::string(rel)));
    }
    if (r.vehicle_id.empty() && r.relationship != TidesRelationship::kCanceled)
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
    r.trip_id_scheduled = std::string(t->at(i, c_trip));
    r.route_id = std::string(t->at(i, c_route));
    r.block_id = std::string(t->at(i, c_block));
    r.start_stop_id = std::string(t->at(i, c_from));
    r.end_stop_id = std::string(t->at(i, c_to));
    if (auto d = t->at(i, c_dir); !d.empty()) {
      if (d != "0" && d != "1") return fail(bad("direction_id", "只能是 0 或 1"));
      r.direction = d[0] - '0';
    }
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<TidesVisitRow>> read_stop_visit_rows(std::string text, const std::string& file) {
  auto t = CsvTable::parse(std::move(text), file);
  if (!t) return fail(t.error());
  if (auto s = require_columns(*t, file,
                               {"service_date", "trip_id_performed", "scheduled_stop_sequence",
                                "vehicle_id", "actual_departure_time"});
      !s)
    return fail(s.error());
  const int c_date = t->column("service_date"), c_id = t->column("trip_id_performed"),
            c_seq = t->column("scheduled_stop_sequence"), c_vehicle = t->column("vehicle_id"),
            c_arr = t->column("actual_arrival_time"), c_dep = t->column("actual_departure_time");
  std::vector<TidesVisitRow> out;
  for (std::size_t i = 0; i < t->rows(); ++i) {
    TidesVisitRow v;
    v.line = t->line(i);
    auto bad = [&](const char* name, const std::string& why) {
      return tides_bad_field(file, v.line, name, why);
    };
    auto day = parse_date(t->at(i, c_date));
    if (!day) return fail(bad("service_date", "不是 YYYY-MM-DD 日期"));
    v.service_date = *day;
    v.trip_id_performed = std::string(t->at(i, c_id));
    if (v.trip_id_performed.empty()) return fail(bad("trip_id_performed", "为空"));
    const auto sv = t->at(i, c_seq);
    auto [p, ec] = std::from_chars(sv.data(), sv.data() + sv.size(), v.scheduled_stop_sequence);
    if (ec != std::errc{} || p != sv.data() + sv.size())
      return fail(bad("scheduled_stop_sequence", "须为整数"));
    v.vehicle_id = std::string(t->at(i, c_vehicle));
    if (v.vehicle_id.empty()) return fail(bad("vehicle_id", "为空"));
    auto dep = parse_iso_datetime(t->at(i, c_dep));
    if (!dep) return fail(bad("actual_departure_time", "不是带时区的 ISO 8601 时间"));
    v.departed = *dep;
    if (const auto a = t->at(i, c_arr); !a.empty()) {
      auto arr = parse_iso_datetime(a);
      if (!arr) return fail(bad("actual_arrival_time", "不是带时区的 ISO 8601 时间"));
      if (*arr > *dep) return fail(bad("actual_arrival_time", "晚于 actual_departure_time"));
      v.arrived = *arr;
    }
    out.push_back(std::move(v));
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
  for (std::size_t i = 0; i < t->rows(); ++i) {
    auto bad = [&](const char* name, const std::string& why) {
      return tides_bad_field(file, t->line(i), name, why);
    };
    VehicleReport v;
    v.vehicle_id = std::string(t->at(i, c_vehicle));
    if (v.vehicle_id.empty()) return fail(bad("vehicle_id", "为空"));
    auto at = parse_iso_datetime(t->at(i, c_time));
    if (!at) return fail(bad("event_timestamp", "不是带时区的 ISO 8601 时间"));
    v.timestamp = *at;
    auto lat = number(t->at(i, c_lat));
    if (!lat || std::abs(*lat) > 90) return fail(bad("latitude", "须为 -90 到 90 的数值"));
    auto lon = number(t->at(i, c_lon));
    if (!lon || std::abs(*lon) > 180) return fail(bad("longitude", "须为 -180 到 180 的数值"));
    v.lat = *lat;
    v.lon = *lon;
    v.trip_id = std::string(t->at(i, c_trip));
    v.stop_id = std::string(t->at(i, c_stop));
    if (const auto st = t->at(i, c_status); !st.empty()) {
      auto it = std::find(std::begin(kStatus), std::end(kStatus), st);
      if (it == std::end(kStatus))
        return fail(bad("current_status", "取值无效：" + std::string(st)));
      v.status = int(it - std::begin(kStatus));
    }
    if (const auto h = t->at(i, c_heading); !h.empty()) {
      auto d = number(h);
      if (!d || *d < 0 || *d > 360) return fail(bad("heading", "须为 0 到 360 的数值"));
      v.bearing = *d;
    }
    if (const auto sp = t->at(i, c_speed); !sp.empty()) {
      auto d = number(sp);
      if (!d || *d < 0 || *d > 100) return fail(bad("speed", "须为 0 到 100（米/秒）的数值"));
      v.speed = *d;
    }
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace zt::transit::kpi

#include "transit/kpi/record_store.hpp"

#include <fmt/format.h>

#include "core/batch_insert.hpp"
#include "transit/positions.hpp"
#include "transit/stop_events.hpp"

namespace zt::transit::kpi {
namespace {

constexpr const char* kColumns =
    "service_date, trip_id_performed, trip_id, vehicle_id, route_id, direction_id, block_id, "
    "start_stop_id, end_stop_id, sched_start, sched_end, actual_start, actual_end, stops_planned, "
    "stops_served, distance_m, headway_s, outcome, seen_shift, last_visit_at";

}  // namespace

Status save_day(Store& store, Date day, std::span<const TripRecord> records,
                const std::string& source, std::int64_t feed_id, Instant now, const Actor& actor) {
  const auto date = format_date(day);
  return store.transact([&](Tx& tx) -> Status {
    auto before = tx.query("SELECT trips FROM tr_ops_days WHERE service_date = $1", {date});
    if (!before) return fail(before.error());
    if (auto d = tx.query("DELETE FROM tr_trips_performed WHERE service_date = $1", {date}); !d)
      return fail(d.error());
    BatchInsert b(
        tx, "tr_trips_performed",
        {"service_date", "trip_id_performed", "trip_id",       "vehicle_id",    "route_id",
         "direction_id", "block_id",          "start_stop_id", "end_stop_id",   "sched_start",
         "sched_end",    "actual_start",      "actual_end",    "stops_planned", "stops_served",
         "distance_m",   "headway_s",         "outcome",       "seen_shift",    "last_visit_at"},
        records.size());
    for (const auto& r : records) {
      if (r.service_date != day)
        return fail(
            Error::invalid(r.trip_id_performed + " 的运营日期不是 " + date, "service_date"));
      if (auto s = b.add({date,
                          r.trip_id_performed,
                          r.trip_id,
                          r.vehicle_id,
                          r.route_id,
                          std::int64_t(r.direction),
                          r.block_id,
                          r.start_stop_id,
                          r.end_stop_id,
                          r.sched_start,
                          r.sched_end,
                          r.actual_start,
                          r.actual_end,
                          std::int64_t(r.stops_planned),
                          std::int64_t(r.stops_served),
                          r.distance_m,
                          std::int64_t(r.headway_s),
                          std::string(outcome_code(r.outcome)),
                          std::int64_t(r.seen_shift),
                          r.last_visit_at});
          !s)
        return s;
    }
    if (auto s = b.flush(); !s) return s;
    if (auto d = tx.query("DELETE FROM tr_ops_days WHERE service_date = $1", {date}); !d)
      return fail(d.error());
    if (auto i = tx.query(
            "INSERT INTO tr_ops_days (service_date, recorded_at, source, feed_id, trips) VALUES "
            "($1, $2, $3, $4, $5)",
            {date, unix_seconds(now), source, feed_id, std::int64_t(records.size())});
        !i)
      return fail(i.error());
    const std::string was =
        before->rows.empty() ? "" : fmt::format("{{\"trips\":{}}}", before->rows[0].i64(0));
    auto a = append_audit(
        tx,
        actor.entry("transit.ops_day.record", "transit_ops_day", date,
                    fmt::format("{} 运营记录（路单）{} 条，来源：{}", date, records.size(),
                                source == "tides" ? "TIDES 导入" : "车辆到离站"),
                    was, fmt::format("{{\"trips\":{},\"source\":\"{}\"}}", records.size(), source)),
        now);
    if (!a) return fail(a.error());
    return {};
  });
}

Result<std::vector<TripRecord>> load_records(Store& store, Date from, Date to) {
  auto rows = store.query(std::string("SELECT ") + kColumns +
                              " FROM tr_trips_performed WHERE service_date >= $1 AND "
                              "service_date <= $2 ORDER BY service_date, route_id, direction_id, "
                              "sched_start, trip_id_performed",
                          {format_date(from), format_date(to)});
  if (!rows) return fail(rows.error());
  std::vector<TripRecord> out;
  out.reserve(rows->rows.size());
  for (const auto& r : rows->rows) {
    auto day = parse_date(r.str(0));
    if (!day) return fail(day.error());
    TripRecord t;
    t.service_date = *day;
    t.trip_id_performed = r.str(1);
    t.trip_id = r.str(2);
    t.vehicle_id = r.str(3);
    t.route_id = r.str(4);
    t.direction = int(r.i64(5));
    t.block_id = r.str(6);
    t.start_stop_id = r.str(7);
    t.end_stop_id = r.str(8);
    t.sched_start = r.i64(9);
    t.sched_end = r.i64(10);
    t.actual_start = r.i64(11);
    t.actual_end = r.i64(12);
    t.stops_planned = int(r.i64(13));
    t.stops_served = int(r.i64(14));
    t.distance_m = r.f64(15);
    t.headway_s = int(r.i64(16));
    t.outcome = parse_outcome(r.str(17)).value_or(Outcome::kPartial);
    t.seen_shift = int(r.i64(18));
    t.last_visit_at = r.i64(19);
    out.push_back(std::move(t));
  }
  return out;
}

Result<std::vector<RecordedDay>> recorded_days(Store& store, Date from, Date to) {
  auto rows = store.query(
      "SELECT service_date, recorded_at, source, feed_id, trips FROM tr_ops_days WHERE "
      "service_date >= $1 AND service_date <= $2 ORDER BY service_date",
      {format_date(from), format_date(to)});
  if (!rows) return fail(rows.error());
  std::vector<RecordedDay> out;
  for (const auto& r : rows->rows) {
    auto day = parse_date(r.str(0));
    if (!day) return fail(day.error());
    out.push_back({*day, r.i64(1), r.str(2), r.i64(3), int(r.i64(4))});
  }
  return out;
}

Result<std::vector<StopEvent>> load_day_events(Store& store, const Network& n, Date day) {
  auto rows = store.query(
      "SELECT vehicle_id, trip_id, shift, stop_seq, arrived_at, departed_at FROM tr_stop_events "
      "WHERE service_date = $1 AND departed_at >= $2 AND departed_at < $3 ORDER BY vehicle_id, "
      "trip_id, shift, stop_seq",
      // The departure-time bounds use the index (a frequency slot may start an hour early).
      {format_date(day), n.at(day, 0) - 3 * 3600, n.at(day, 36 * 3600)});
  if (!rows) return fail(rows.error());
  const auto& f = n.feed();
  std::vector<StopEvent> out;
  out.reserve(rows->rows.size());
  for (const auto& r : rows->rows) {
    auto t = n.find_trip(r.str(1));
    if (!t) continue;  // a trip of another feed version
    auto [b, e] = n.trip_span(*t);
    const int seq = int(r.i64(3));
    for (auto k = b; k < e; ++k)
      if (f.stop_times[k].sequence == seq) {
        out.push_back({r.str(0), *t, day, int(r.i64(2)), std::uint32_t(k - b),
                       r.is_null(4) ? 0 : r.i64(4), r.i64(5)});
        break;
      }
  }
  return out;
}

Result<std::vector<VehicleReport>> load_day_fixes(Store& store, const Network& n, Date day) {
  const std::int64_t from = n.empty() ? unix_seconds(shanghai_time(day, 0, 0, 0)) : n.at(day, 0);
  auto rows = store.query(
      "SELECT vehicle_id, ts, lat, lon, bearing, speed, trip_id, stop_id, status, route_id FROM "
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
    v.route_id = r.str(9);
    fixes.push_back(std::move(v));
  }
  return fixes;
}

Status import_fixes_and_visits(Store& store, const Network& n, std::span<const VehicleReport> fixes,
                               const std::vector<StopEvent>& visits, Instant now,
                               const Actor& actor) {
  const auto at = unix_seconds(now);
  return store.transact([&](Tx& tx) -> Status {
    if (auto s = save_stop_events(tx, n, visits); !s) return s;
    auto inserted = insert_fixes(tx, fixes, at);
    if (!inserted) return fail(inserted.error());
    auto a = append_audit(
        tx,
        actor.entry("transit.tides.import", "transit_tides", "",
                    fmt::format("导入 TIDES：车辆定位 {} 条（新增 {} 条），到离站 {} 条",
                                fixes.size(), *inserted, visits.size()),
                    "", fmt::format("{{\"fixes\":{},\"visits\":{}}}", fixes.size(), visits.size())),
        now);
    if (!a) return fail(a.error());
    return {};
  });
}

bool day_over(const Network& n, Date day, std::int64_t now) { return now >= n.at(day, 30 * 3600); }

Result<std::vector<Date>> record_closed_days(Store& store, const Network& n, Instant now,
                                             int lookback) {
  std::vector<Date> done;
  if (n.empty()) return done;
  const auto t = unix_seconds(now);
  const Date today = n.local_date(t);
  auto have = recorded_days(store, today - std::chrono::days(lookback), today);
  if (!have) return fail(have.error());
  for (int k = lookback; k >= 1; --k) {
    const Date day = today - std::chrono::days(k);
    if (!day_over(n, day, t)) continue;
    if (std::any_of(have->begin(), have->end(), [&](const auto& d) { return d.day == day; }))
      continue;
    auto events = load_day_events(store, n, day);
    if (!events) return fail(events.error());
    if (events->empty()) continue;
    auto records = build_trip_records(n, day, *events);
    if (auto s = save_day(store, day, records, "tracker", n.version(), now, Actor{}); !s)
      return fail(s.error());
    done.push_back(day);
  }
  return done;
}

}  // namespace zt::transit::kpi

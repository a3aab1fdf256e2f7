#include "transit/flow/flow_store.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/batch_insert.hpp"

namespace zt::transit::flow {
namespace {

constexpr const char* kDayColumns =
    "service_date, source, taps, taps_rejected, boarded, with_destination, inference_rate, "
    "journeys, transfers, unresolved, noncash_share, stop_visits, created_by, created_at, "
    "trips_with_counter, apc_boardings, "
    "counted_taps";

FlowDay day_of(const Row& r) {
  FlowDay d;
  d.day = *parse_date(r.str(0));
  d.source = r.str(1);
  d.taps = int(r.i64(2));
  d.taps_rejected = int(r.i64(3));
  d.boarded = int(r.i64(4));
  d.with_destination = int(r.i64(5));
  d.inference_rate = r.f64(6);
  d.journeys = int(r.i64(7));
  d.transfers = int(r.i64(8));
  d.unresolved = nlohmann::json::parse(r.str(9), nullptr, false);
  if (d.unresolved.is_discarded()) d.unresolved = nlohmann::json::object();
  d.noncash_share = r.f64(10);
  d.stop_visits = int(r.i64(11));
  d.created_by = r.str(12);
  d.created_at = r.i64(13);
  d.trips_with_counter = int(r.i64(14));
  d.apc_boardings = r.f64(15);
  d.counted_taps = int(r.i64(16));
  return d;
}

Status clear_day(Tx& tx, const std::string& date) {
  for (const char* table : {"tr_flow_stop_hours", "tr_flow_segment_loads", "tr_flow_od",
                            "tr_flow_trip_loads", "tr_flow_visit_loads", "tr_flow_days"})
    if (auto d = tx.query(fmt::format("DELETE FROM {} WHERE service_date = $1", table), {date}); !d)
      return fail(d.error());
  return {};
}

Status insert_aggregates(Tx& tx, const std::string& date, const FlowOutputs& out) {
  BatchInsert hours(tx, "tr_flow_stop_hours",
                    {"service_date", "stop_id", "route_id", "hour", "boardings", "alightings"},
                    out.by_stop_route_hour.size());
  for (const auto& [key, v] : out.by_stop_route_hour) {
    const auto& [stop, route, hour] = key;
    if (auto s = hours.add({date, stop, route, std::int64_t(hour), v.on, v.off}); !s) return s;
  }
  if (auto s = hours.flush(); !s) return s;
  BatchInsert segs(tx, "tr_flow_segment_loads",
                   {"service_date", "route_id", "direction_id", "hour", "seq", "from_stop_id",
                    "to_stop_id", "riders", "max_load"},
                   out.segments.size());
  std::int64_t seq = 0;
  const SegmentLoad* prev = nullptr;
  for (const auto& sg : out.segments) {
    if (!prev || prev->route_id != sg.route_id || prev->direction != sg.direction ||
        prev->hour != sg.hour)
      seq = 0;
    prev = &sg;
    bool is_max = false;
    for (const auto& m : out.max_load)
      if (m.route_id == sg.route_id && m.direction == sg.direction && m.hour == sg.hour &&
          m.from_stop == sg.from_stop && m.to_stop == sg.to_stop)
        is_max = true;
    if (auto s = segs.add({date, sg.route_id, std::int64_t(sg.direction), std::int64_t(sg.hour),
                           seq++, sg.from_stop, sg.to_stop, sg.load, std::int64_t(is_max)});
        !s)
      return s;
  }
  if (auto s = segs.flush(); !s) return s;
  BatchInsert od(tx, "tr_flow_od", {"service_date", "from_stop_id", "to_stop_id", "riders"},
                 out.od.size());
  for (const auto& [pair, riders] : out.od)
    if (auto s = od.add({date, pair.first, pair.second, riders}); !s) return s;
  if (auto s = od.flush(); !s) return s;
  BatchInsert trips(tx, "tr_flow_trip_loads",
                    {"service_date", "trip_id", "vehicle_id", "route_id", "direction_id", "hour",
                     "taps", "counted", "riders", "max_load", "max_from_stop_id", "max_to_stop_id"},
                    out.trip_loads.size());
  for (const auto& t : out.trip_loads)
    if (auto s = trips.add({date, t.trip_id, t.vehicle_id, t.route_id, std::int64_t(t.direction),
                            std::int64_t(t.hour), std::int64_t(t.taps), std::int64_t(t.counted),
                            t.riders, t.max_load, t.max_from, t.max_to});
        !s)
      return s;
  if (auto s = trips.flush(); !s) return s;
  BatchInsert visits(tx, "tr_flow_visit_loads",
                     {"service_date", "trip_id", "vehicle_id", "stop_sequence", "stop_id",
                      "arrived", "departed", "boardings", "alightings", "departure_load"},
                     out.visit_loads.size());
  for (const auto& v : out.visit_loads)
    if (auto s = visits.add({date, v.trip_id, v.vehicle_id, std::int64_t(v.stop_sequence),
                             v.stop_id, v.arrived, v.departed, v.on, v.off, v.load});
        !s)
      return s;
  return visits.flush();
}

}  // namespace

nlohmann::json FlowDay::to_json() const {
  return {{"service_date", format_date(day)},
          {"source", source},
          {"taps", taps},
          {"taps_rejected", taps_rejected},
          {"boarded", boarded},
          {"with_destination", with_destination},
          {"inference_rate", inference_rate},
          {"journeys", journeys},
          {"transfers", transfers},
          {"not_inferred", unresolved},
          {"noncash_share", noncash_share},
          {"stop_visits", stop_visits},
          {"trips_with_counter", trips_with_counter},
          {"apc_boardings", apc_boardings},
          {"tap_share", tap_share()},
          {"created_by", created_by},
          {"created_at", format_shanghai(Instant{std::chrono::seconds{created_at}})}};
}

FlowDay flow_day(Date day, std::string source, const Inference& inf, const FlowOutputs& out,
                 std::size_t stop_visits) {
  FlowDay d;
  d.day = day;
  d.source = std::move(source);
  d.taps = int(inf.taps.size());
  d.taps_rejected = int(inf.unresolved[std::size_t(Unresolved::kNoVisitsOfVehicle)] +
                        inf.unresolved[std::size_t(Unresolved::kNoVisitNearTime)]);
  d.boarded = int(inf.boarded);
  d.with_destination = int(inf.with_destination);
  d.journeys = int(inf.journeys);
  d.transfers = int(inf.transfers);
  d.inference_rate = inf.taps.empty() ? 0 : double(inf.with_destination) / double(inf.taps.size());
  for (std::size_t u = 1; u < inf.unresolved.size(); ++u)
    d.unresolved[std::string(unresolved_name(Unresolved(u)))] = inf.unresolved[u];
  d.noncash_share = out.noncash_share;
  d.stop_visits = int(stop_visits);
  d.trips_with_counter = int(out.trips_with_counter);
  d.apc_boardings = out.apc_boardings;
  d.counted_taps = int(out.counted_taps);
  return d;
}

Status save_flow_day(Store& store, FlowDay day, const FlowOutputs& out, Instant now,
                     const Actor& actor) {
  const auto date = format_date(day.day);
  day.created_by = actor.name;
  day.created_at = unix_seconds(now);
  return store.transact([&](Tx& tx) -> Status {
    auto before =
        tx.query("SELECT taps, inference_rate FROM tr_flow_days WHERE service_date = $1", {date});
    if (!before) return fail(before.error());
    if (auto s = clear_day(tx, date); !s) return s;
    if (auto s = insert_aggregates(tx, date, out); !s) return s;
    if (auto i = tx.query(
            fmt::format("INSERT INTO tr_flow_days ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
                        "$9, $10, $11, $12, $13, $14, $15, $16, $17)",
                        kDayColumns),
            {date, day.source, std::int64_t(day.taps), std::int64_t(day.taps_rejected),
             std::int64_t(day.boarded), std::int64_t(day.with_destination), day.inference_rate,
             std::int64_t(day.journeys), std::int64_t(day.transfers), day.unresolved.dump(),
             day.noncash_share, std::int64_t(day.stop_visits), day.created_by, day.created_at,
             std::int64_t(day.trips_with_counter), day.apc_boardings,
             std::int64_t(day.counted_taps)});
        !i)
      return fail(i.error());
    const std::string was = before->rows.empty()
                                ? ""
                                : fmt::format("{{\"taps\":{},\"inference_rate\":{:.4f}}}",
                                              before->rows[0].i64(0), before->rows[0].f64(1));
    auto a = append_audit(
        tx,
        actor.entry("transit.flow_day.save", "transit_flow_day", date,
                    fmt::format("{} 客流分析：刷卡 {} 条，推断率 {:.1f}%", date, day.taps,
                                day.inference_rate * 100),
                    was,
                    fmt::format("{{\"taps\":{},\"inference_rate\":{:.4f},\"source\":\"{}\"}}",
                                day.taps, day.inference_rate, day.source)),
        now);
    if (!a) return fail(a.error());
    return {};
  });
}

Result<std::vector<FlowDay>> flow_days(Store& store, Date from, Date to) {
  auto rows = store.query(fmt::format("SELECT {} FROM tr_flow_days WHERE service_date >= $1 AND "
                                      "service_date <= $2 ORDER BY service_date DESC",
                                      kDayColumns),
                          {format_date(from), format_date(to)});
  if (!rows) return fail(rows.error());
  std::vector<FlowDay> out;
  for (const auto& r : rows->rows) out.push_back(day_of(r));
  return out;
}

Result<std::optional<FlowDay>> find_flow_day(Store& store, Date day) {
  auto d = flow_days(store, day, day);
  if (!d) return fail(d.error());
  if (d->empty()) return std::optional<FlowDay>{};
  return std::optional<FlowDay>{std::move(d->front())};
}

Result<std::vector<StopHourRow>> load_stop_hours(Store& store, Date day) {
  auto rows = store.query(
      "SELECT stop_id, route_id, hour, boardings, alightings FROM tr_flow_stop_hours WHERE "
      "service_date = $1 ORDER BY stop_id, route_id, hour",
      {format_date(day)});
  if (!rows) return fail(rows.error());
  std::vector<StopHourRow> out;
  for (const auto& r : rows->rows)
    out.push_back({r.str(0), r.str(1), int(r.i64(2)), r.f64(3), r.f64(4)});
  return out;
}

Result<std::vector<SegmentRow>> load_segments(Store& store, Date day, const std::string& route,
                                              int direction, int from_hour, int to_hour) {
  auto rows = store.query(
      "SELECT route_id, direction_id, hour, seq, from_stop_id, to_stop_id, riders, max_load FROM "
      "tr_flow_segment_loads WHERE service_date = $1 AND ($2 = '' OR route_id = $2) AND ($3 = -2 "
      "OR direction_id = $3) AND hour >= $4 AND hour <= $5 ORDER BY route_id, direction_id, hour, "
      "seq",
      {format_date(day), route, std::int64_t(direction), std::int64_t(from_hour),
       std::int64_t(to_hour)});
  if (!rows) return fail(rows.error());
  std::vector<SegmentRow> out;
  for (const auto& r : rows->rows)
    out.push_back({r.str(0), int(r.i64(1)), int(r.i64(2)), int(r.i64(3)), r.str(4), r.str(5),
                   r.f64(6), r.i64(7) != 0});
  return out;
}

Result<std::vector<OdRow>> load_od(Store& store, Date day, int limit) {
  auto rows = store.query(
      fmt::format("SELECT from_stop_id, to_stop_id, riders FROM tr_flow_od WHERE service_date = "
                  "$1 ORDER BY riders DESC, from_stop_id, to_stop_id{}",
                  limit > 0 ? fmt::format(" LIMIT {}", limit) : ""),
      {format_date(day)});
  if (!rows) return fail(rows.error());
  std::vector<OdRow> out;
  for (const auto& r : rows->rows) out.push_back({r.str(0), r.str(1), r.f64(2)});
  return out;
}

Result<std::vector<VisitLoad>> load_visit_loads(Store& store, Date day) {
  auto rows = store.query(
      "SELECT vehicle_id, trip_id, stop_id, stop_sequence, arrived, departed, boardings, "
      "alightings, departure_load FROM tr_flow_visit_loads WHERE service_date = $1 ORDER BY "
      "trip_id, vehicle_id, departed, stop_sequence",
      {format_date(day)});
  if (!rows) return fail(rows.error());
  std::vector<VisitLoad> out;
  out.reserve(rows->rows.size());
  for (const auto& r : rows->rows)
    out.push_back({r.str(0), r.str(1), r.str(2), int(r.i64(3)), r.i64(4), r.i64(5), r.f64(6),
                   r.f64(7), r.f64(8)});
  return out;
}

Result<std::vector<TripLoad>> load_trip_loads(Store& store, Date day) {
  auto rows = store.query(
      "SELECT trip_id, vehicle_id, route_id, direction_id, hour, taps, counted, riders, max_load, "
      "max_from_stop_id, max_to_stop_id FROM tr_flow_trip_loads WHERE service_date = $1 ORDER BY "
      "route_id, direction_id, hour, trip_id, vehicle_id",
      {format_date(day)});
  if (!rows) return fail(rows.error());
  std::vector<TripLoad> out;
  for (const auto& r : rows->rows)
    out.push_back({r.str(0), r.str(1), r.str(2), int(r.i64(3)), int(r.i64(4)), int(r.i64(5)),
                   r.i64(6) != 0, r.f64(7), r.f64(8), r.str(9), r.str(10)});
  return out;
}

}  // namespace zt::transit::flow

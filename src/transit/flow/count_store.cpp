#include "transit/flow/count_store.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "core/batch_insert.hpp"

namespace zt::transit::flow {
namespace {

constexpr const char* kColumns =
    "service_date, source, events, matched, no_visits_of_vehicle, no_visit_near_time, boarded, "
    "alighted, vehicles, created_by, created_at";

}  // namespace

nlohmann::json CountDay::to_json() const {
  return {
      {"service_date", format_date(day)},
      {"source", source},
      {"events", events},
      {"matched", matched},
      {"not_matched",
       {{"no_visits_of_vehicle", no_visits_of_vehicle},
        {"no_visit_near_time", no_visit_near_time}}},
      {"boarded", boarded},
      {"alighted", alighted},
      {"vehicles", vehicles},
      {"created_by", created_by},
      {"created_at", created_at ? format_shanghai(Instant{std::chrono::seconds{created_at}}) : ""}};
}

Result<CountDay> save_counts(Store& store, const Network& n, Date day, std::string source,
                             const CountMatch& m, Instant now, const Actor& actor) {
  CountDay d{day,
             std::move(source),
             m.events,
             m.matched,
             m.no_visits_of_vehicle,
             m.no_visit_near_time,
             m.boarded,
             m.alighted,
             m.vehicles,
             actor.name,
             unix_seconds(now)};
  const auto date = format_date(day);
  auto s = store.transact([&](Tx& tx) -> Status {
    for (const char* table : {"tr_flow_counts", "tr_flow_count_days"})
      if (auto q = tx.query(fmt::format("DELETE FROM {} WHERE service_date = $1", table), {date});
          !q)
        return fail(q.error());
    BatchInsert rows(tx, "tr_flow_counts",
                     {"service_date", "vehicle_id", "trip_id", "stop_index", "boarded", "alighted"},
                     m.counts.size());
    for (const auto& c : m.counts)
      if (auto a = rows.add({date, c.vehicle_id, n.trip(c.trip).id, std::int64_t(c.index),
                             std::int64_t(c.on), std::int64_t(c.off)});
          !a)
        return a;
    if (auto f = rows.flush(); !f) return f;
    if (auto q =
            tx.query(fmt::format("INSERT INTO tr_flow_count_days ({}) VALUES ($1, $2, $3, $4, "
                                 "$5, $6, $7, $8, $9, $10, $11)",
                                 kColumns),
                     {date, d.source, std::int64_t(d.events), std::int64_t(d.matched),
                      std::int64_t(d.no_visits_of_vehicle), std::int64_t(d.no_visit_near_time),
                      d.boarded, d.alighted, std::int64_t(d.vehicles), d.created_by, d.created_at});
        !q)
      return fail(q.error());
    auto a = append_audit(
        tx,
        actor.entry("transit.flow_counts.save", "transit_flow_counts", date,
                    fmt::format("{} 客流计数：{} 条，匹配 {} 条，上客 {} 人次，下客 {} 人次", date,
                                d.events, d.matched, d.boarded, d.alighted),
                    "",
                    fmt::format("{{\"events\":{},\"matched\":{},\"source\":\"{}\"}}", d.events,
                                d.matched, d.source)),
        now);
    if (!a) return fail(a.error());
    return {};
  });
  if (!s) return fail(s.error());
  return d;
}

Result<std::optional<CountDay>> find_count_day(Store& store, Date day) {
  auto rows = store.query(
      fmt::format("SELECT {} FROM tr_flow_count_days WHERE service_date = $1", kColumns),
      {format_date(day)});
  if (!rows) return fail(rows.error());
  if (rows->rows.empty()) return std::optional<CountDay>{};
  const auto& r = rows->rows[0];
  return std::optional<CountDay>{CountDay{
      day, r.str(1), std::size_t(r.i64(2)), std::size_t(r.i64(3)), std::size_t(r.i64(4)),
      std::size_t(r.i64(5)), r.i64(6), r.i64(7), std::size_t(r.i64(8)), r.str(9), r.i64(10)}};
}

Result<std::vector<ApcCount>> load_counts(Store& store, const Network& n, Date day) {
  auto rows = store.query(
      "SELECT vehicle_id, trip_id, stop_index, boarded, alighted FROM tr_flow_counts WHERE "
      "service_date = $1 ORDER BY vehicle_id, trip_id, stop_index",
      {format_date(day)});
  if (!rows) return fail(rows.error());
  std::vector<ApcCount> out;
  out.reserve(rows->rows.size());
  for (const auto& r : rows->rows) {
    auto trip = n.find_trip(r.str(1));
    if (!trip) continue;
    const auto index = std::uint32_t(r.i64(2));
    const auto [b, e] = n.trip_span(*trip);
    if (index >= e - b) continue;
    out.push_back({r.str(0), *trip, index, int(r.i64(3)), int(r.i64(4))});
  }
  return out;
}

Result<std::vector<CountEvent>> load_live_counts(Store& store, const Network& n, Date day) {
  const std::int64_t from = n.at(day, 12 * 3600) - 12 * 3600;  // local midnight
  auto rows = store.query(
      "SELECT vehicle_id, ts, boarded, alighted FROM tr_positions WHERE ts >= $1 AND ts < $2 AND "
      "(boarded > 0 OR alighted > 0) ORDER BY vehicle_id, ts",
      {from, from + 30 * 3600});
  if (!rows) return fail(rows.error());
  std::vector<CountEvent> out;
  out.reserve(rows->rows.size());
  for (const auto& r : rows->rows)
    out.push_back({0, r.str(0), "", r.i64(1), int(std::max<std::int64_t>(0, r.i64(2))),
                   int(std::max<std::int64_t>(0, r.i64(3)))});
  return out;
}

Result<std::vector<ApcCount>> day_counts(Store& store, const Network& n, Date day,
                                         const std::vector<StopEvent>& visits, CountMatch* live) {
  auto counts = load_counts(store, n, day);
  if (!counts) return fail(counts.error());
  auto events = load_live_counts(store, n, day);
  if (!events) return fail(events.error());
  // A bus counted by the file is not counted twice.
  std::set<std::string> filed;
  for (const auto& c : *counts) filed.insert(c.vehicle_id);
  std::erase_if(*events, [&](const CountEvent& e) { return filed.contains(e.vehicle_id); });
  if (events->empty()) return counts;
  VisitIndex index(n, visits);
  auto m = match_counts(index, *events);
  counts->insert(counts->end(), m.counts.begin(), m.counts.end());
  if (live) *live = std::move(m);
  return counts;
}

}  // namespace zt::transit::flow

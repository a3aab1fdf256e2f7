#include "transit/stop_events.hpp"

#include <unordered_map>

#include "core/batch_insert.hpp"

namespace zt::transit {

Status save_stop_events(Tx& tx, const Network& n, const std::vector<StopEvent>& events) {
  if (events.empty()) return {};
  const auto& f = n.feed();
  BatchInsert b(tx, "tr_stop_events",
                {"vehicle_id", "trip_id", "service_date", "shift", "stop_seq", "stop_id",
                 "arrived_at", "departed_at"},
                events.size(), {},
                " ON CONFLICT (trip_id, service_date, shift, stop_seq, vehicle_id) DO NOTHING");
  for (const auto& e : events) {
    const auto& st = f.stop_times[n.trip_span(e.trip).first + e.index];
    if (auto s = b.add({e.vehicle_id, n.trip(e.trip).id, format_date(e.day), std::int64_t(e.shift),
                        std::int64_t(st.sequence), f.stops[st.stop].id,
                        e.arrived ? Param{e.arrived} : Param{nullptr}, e.departed});
        !s)
      return s;
  }
  return b.flush();
}

Result<std::vector<StopEvent>> load_stop_events(Store& store, const Network& n,
                                                std::int64_t since) {
  auto rows = store.query(
      "SELECT vehicle_id, trip_id, service_date, shift, stop_seq, arrived_at, departed_at FROM "
      "tr_stop_events WHERE departed_at >= $1 ORDER BY vehicle_id, service_date, trip_id, shift, "
      "stop_seq",
      {since});
  if (!rows) return fail(rows.error());
  const auto& f = n.feed();
  std::vector<StopEvent> out;
  out.reserve(rows->rows.size());
  for (const auto& r : rows->rows) {
    auto t = n.find_trip(r.str(1));
    auto day = parse_date(r.str(2));
    if (!t || !day) continue;
    auto [b, e] = n.trip_span(*t);
    const int seq = int(r.i64(4));
    for (auto k = b; k < e; ++k)
      if (f.stop_times[k].sequence == seq) {
        out.push_back({r.str(0), *t, *day, int(r.i64(3)), std::uint32_t(k - b),
                       r.is_null(5) ? 0 : r.i64(5), r.i64(6)});
        break;
      }
  }
  return out;
}

Result<std::int64_t> prune_stop_events(Store& store, std::int64_t before) {
  auto r = store.query("DELETE FROM tr_stop_events WHERE departed_at < $1", {before});
  if (!r) return fail(r.error());
  return r->affected;
}

}  // namespace zt::transit

#include "transit/feed_store.hpp"

#include "core/batch_insert.hpp"
#include "core/calendar.hpp"
#include "transit/pack.hpp"

#include <set>

#include <fmt/format.h>

namespace zt::transit {
namespace {

Param opt_date(const std::optional<Date>& d) { return d ? Param{format_date(*d)} : Param{nullptr}; }

}  // namespace

Result<FeedVersion> import_feed(Store& store, const Feed& feed, const std::string& name, bool force,
                                const Progress& progress, Instant now, const Actor& actor) {
  auto summary = feed.summary();
  if (feed.has_errors() && !force)
    return fail(Error::rule_violation(
        "gtfs-errors",
        fmt::format(
            "数据源有 {} 个错误，未导入（先用 transit validate 查看；确需导入请加 --force）",
            summary["errors"].get<int>())));
  auto id = store.transact_value<std::int64_t>([&](Tx& tx) -> Result<std::int64_t> {
    auto ins = tx.query(
        "INSERT INTO tr_feeds (name, imported_at, summary, active, forced) VALUES ($1, $2, $3, 0, "
        "$4) RETURNING id",
        {name, unix_seconds(now),
         summary.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
         std::int64_t(force && feed.has_errors())});
    if (!ins) return fail(ins.error());
    const std::int64_t fid = ins->rows[0].i64(0);
    auto write = [&](const char* table, std::vector<std::string> cols, std::size_t total,
                     auto&& each) -> Status {
      BatchInsert b(tx, table, std::move(cols), total, progress);
      if (auto st = each(b); !st) return st;
      return b.flush();
    };
    Status st = write("tr_agencies", {"feed_id", "agency_id", "name", "url", "timezone"},
                      feed.agencies.size(), [&](BatchInsert& b) -> Status {
                        for (const auto& a : feed.agencies)
                          if (auto s = b.add({fid, a.id, a.name, a.url, a.timezone}); !s) return s;
                        return {};
                      });
    if (!st) return fail(st.error());
    st = write("tr_stops",
               {"feed_id", "stop_id", "code", "name", "lat", "lon", "location_type", "parent"},
               feed.stops.size(), [&](BatchInsert& b) -> Status {
                 for (const auto& s : feed.stops)
                   if (auto r = b.add({fid, s.id, s.code, s.name, s.lat, s.lon,
                                       std::int64_t(s.location_type), s.parent});
                       !r)
                     return r;
                 return {};
               });
    if (!st) return fail(st.error());
    st = write("tr_routes",
               {"feed_id", "route_id", "agency_id", "short_name", "long_name", "route_type",
                "color", "text_color"},
               feed.routes.size(), [&](BatchInsert& b) -> Status {
                 for (const auto& r : feed.routes)
                   if (auto s = b.add({fid, r.id, r.agency_id, r.short_name, r.long_name,
                                       std::int64_t(r.type), r.color, r.text_color});
                       !s)
                     return s;
                 return {};
               });
    if (!st) return fail(st.error());
    st = write("tr_trips",
               {"feed_id", "trip_id", "route_id", "service_id", "headsign", "block_id", "shape_id",
                "direction"},
               feed.trips.size(), [&](BatchInsert& b) -> Status {
                 for (const auto& t : feed.trips)
                   if (auto s = b.add({fid, t.id, t.route_id, t.service_id, t.headsign, t.block_id,
                                       t.shape_id, std::int64_t(t.direction)});
                       !s)
                     return s;
                 return {};
               });
    if (!st) return fail(st.error());
    // Stop times packed per trip, shape points per shape (pack.hpp): the server reads them whole.
    st = write("tr_trip_stop_times", {"feed_id", "trip_id", "stops", "packed"}, feed.trips.size(),
               [&](BatchInsert& b) -> Status {
                 for (const auto& t : trip_spans(feed.stop_times))
                   if (auto s = b.add({fid, feed.trips[t.trip].id, std::int64_t(t.end - t.begin),
                                       pack_stop_times(feed, t.begin, t.end)});
                       !s)
                     return s;
                 return {};
               });
    if (!st) return fail(st.error());
    st = write("tr_shape_points", {"feed_id", "shape_id", "points", "packed"}, feed.shapes.size(),
               [&](BatchInsert& b) -> Status {
                 for (const auto& [sid, pts] : feed.shapes) {
                   std::set<int> seen;  // duplicate sequences were reported; keep the first
                   std::vector<ShapePoint> kept;
                   kept.reserve(pts.size());
                   for (const auto& p : pts)
                     if (seen.insert(p.sequence).second) kept.push_back(p);
                   if (auto s = b.add({fid, sid, std::int64_t(kept.size()), pack_shape(kept)}); !s)
                     return s;
                 }
                 return {};
               });
    if (!st) return fail(st.error());
    st = write("tr_services", {"feed_id", "service_id", "weekdays", "start_date", "end_date"},
               feed.services.size(), [&](BatchInsert& b) -> Status {
                 for (const auto& s : feed.services)
                   if (auto r = b.add({fid, s.id, std::int64_t(s.weekdays), opt_date(s.start),
                                       opt_date(s.end)});
                       !r)
                     return r;
                 return {};
               });
    if (!st) return fail(st.error());
    st = write(
        "tr_service_dates", {"feed_id", "service_id", "date", "exception"},
        feed.service_dates.size(), [&](BatchInsert& b) -> Status {
          for (const auto& d : feed.service_dates)
            if (auto r = b.add({fid, d.service_id, format_date(d.date), std::int64_t(d.exception)});
                !r)
              return r;
          return {};
        });
    if (!st) return fail(st.error());
    st = write("tr_frequencies",
               {"feed_id", "trip_id", "start_time", "end_time", "headway_secs", "exact_times"},
               feed.frequencies.size(), [&](BatchInsert& b) -> Status {
                 for (const auto& f : feed.frequencies)
                   if (auto r = b.add({fid, feed.trips[f.trip].id, std::int64_t(f.start),
                                       std::int64_t(f.end), std::int64_t(f.headway),
                                       std::int64_t(f.exact_times)});
                       !r)
                     return r;
                 return {};
               });
    if (!st) return fail(st.error());
    // Only now, with every row in, does the new version replace the old.
    auto act = tx.query("UPDATE tr_feeds SET active = CASE WHEN id = $1 THEN 1 ELSE 0 END", {fid});
    if (!act) return fail(act.error());
    auto a = append_audit(
        tx,
        actor.entry("feed.import", "feed", std::to_string(fid), "导入公交数据 " + name, "",
                    summary.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)),
        now);
    if (!a) return fail(a.error());
    return fid;
  });
  if (!id) return fail(id.error());
  auto all = list_feeds(store);
  if (!all) return fail(all.error());
  for (auto& f : *all)
    if (f.id == *id) return f;
  return fail(Error::internal("导入的数据版本不见了"));
}

Result<std::vector<FeedVersion>> list_feeds(Store& store) {
  auto rows = store.query(
      "SELECT id, name, imported_at, active, forced, summary FROM tr_feeds ORDER BY id DESC");
  if (!rows) return fail(rows.error());
  std::vector<FeedVersion> out;
  for (const auto& r : rows->rows)
    out.push_back({r.i64(0), r.str(1), Instant{std::chrono::seconds{r.i64(2)}}, r.i64(3) != 0,
                   r.i64(4) != 0, nlohmann::json::parse(r.str(5), nullptr, false)});
  return out;
}

nlohmann::json feed_version_json(const FeedVersion& f) {
  return {
      {"id", f.id},         {"name", f.name},     {"imported_at", format_shanghai(f.imported_at)},
      {"active", f.active}, {"forced", f.forced}, {"summary", f.summary}};
}

}  // namespace zt::transit

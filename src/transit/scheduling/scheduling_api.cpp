#include "transit/scheduling/scheduling_api.hpp"

#include <fmt/format.h>

#include "core/http_fields.hpp"
#include "transit/feed_store.hpp"
#include "transit/network.hpp"
#include "transit/scheduling/block_query.hpp"
#include "transit/scheduling/day_blocks.hpp"
#include "transit/scheduling/duties_api.hpp"
#include "transit/scheduling/publish_blocks.hpp"
#include "transit/scheduling/publish_timetable.hpp"
#include "transit/scheduling/timetable_api.hpp"

namespace zt::transit::scheduling {
namespace {

// The stored version the active network was built from (a publication derives from it), or 409
// when the network has moved on since the planner's page was read.
Result<FeedVersion> active_source(const Services& sv, const Network& n) {
  auto feeds = list_feeds(sv.store);
  if (!feeds) return fail(feeds.error());
  for (const auto& f : *feeds)
    if (f.id == n.version()) return f;
  return fail(Error::conflict("线网数据已更新，请刷新后再发布"));
}

// {route_id, direction, date, trips: [{departure_s, arrival_s}]} as the proposal gave them.
struct TimetablePublish {
  std::string route_id;
  int direction = 0;
  Date date{};
  std::vector<TimetableTrip> trips;
};

Result<TimetablePublish> timetable_publish_request(const http::Request& req) {
  auto body = http::parse_json_document(req.body);
  if (!body) return fail(body.error());
  if (!body->is_object()) return fail(Error::invalid("请求体应为 JSON 对象", "body"));
  TimetablePublish p;
  auto route = http::require_string(*body, "route_id", false, 64);
  if (!route) return fail(route.error());
  p.route_id = *route;
  auto dir = http::optional_int(*body, "direction", 0, 1);
  if (!dir) return fail(dir.error());
  p.direction = int(dir->value_or(0));
  auto date = http::optional_date(*body, "date");
  if (!date) return fail(date.error());
  if (!*date) return fail(Error::invalid("缺少 date（按哪一天的运营服务发布）", "date"));
  p.date = **date;
  if (!body->contains("trips") || !(*body)["trips"].is_array())
    return fail(Error::invalid("trips 应为数组", "trips"));
  const auto& list = (*body)["trips"];
  if (list.empty() || list.size() > 1000)
    return fail(Error::invalid("trips 应有 1 至 1000 个班次", "trips"));
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_object()) return fail(Error::invalid("trips 的元素应为对象", "trips"));
    auto dep = http::as_int(list[i].value("departure_s", nlohmann::json()),
                            fmt::format("trips[{}].departure_s", i), 0, 30 * 3600);
    if (!dep) return fail(dep.error());
    auto arr = http::as_int(list[i].value("arrival_s", nlohmann::json()),
                            fmt::format("trips[{}].arrival_s", i), 0, 32 * 3600);
    if (!arr) return fail(arr.error());
    p.trips.push_back({int(i + 1), int(*dep), int(*arr), 0, ""});
  }
  return p;
}

}  // namespace

void register_scheduling_routes(http::Router& router, const Services& sv) {
  router.add(
      "GET", "/api/v1/transit/scheduling/blocks", Permission::kTransitPlan,
      "The date's optimal vehicle blocks over the active feed (fewest vehicles, then least "
      "deadhead): ?date=YYYY-MM-DD, ?min_layover= minutes (0-120, default 5), ?max_deadhead= "
      "metres (0-3000, default 0: only from the stop the last trip ended at), ?deadhead_speed= "
      "km/h (5-80, default 20)",
      [&sv](http::Request& req) -> Result<http::Response> {
        auto r = block_query(req);
        if (!r) return fail(r.error());
        const auto& o = r->options;
        auto n = sv.network.get();
        if (!n) return fail(n.error());
        if ((*n)->empty()) return fail(Error::not_found("尚未导入 GTFS 数据源"));
        auto d = day_blocks(**n, r->date, o);
        if (!d) return fail(d.error());
        const auto& f = (*n)->feed();
        nlohmann::json blocks = nlohmann::json::array();
        for (std::size_t b = 0; b < d->plan.blocks.size(); ++b) {
          nlohmann::json trips = nlohmann::json::array();
          for (auto i : d->plan.blocks[b]) {
            const auto& t = d->timed[i];
            const auto& trip = f.trips[d->trips[i].trip];
            trips.push_back({{"trip_id", trip.id},
                             {"route_id", trip.route_id},
                             {"from_stop", f.stops[t.start_stop].id},
                             {"departure", format_gtfs_time(t.departure)},
                             {"to_stop", f.stops[t.end_stop].id},
                             {"arrival", format_gtfs_time(t.arrival)}});
          }
          blocks.push_back(
              {{"block_id", block_name(int(b), d->plan.vehicles)}, {"trips", std::move(trips)}});
        }
        auto out = blocks_summary(*d, o);
        out["feed_version"] = (*n)->version();
        out["blocks"] = std::move(blocks);
        return http::Response::json(out);
      });
  router.add(
      "POST", "/api/v1/transit/scheduling/blocks/publish", Permission::kTransitPlan,
      "Publishes the date's optimal blocks (the same query as GET …/scheduling/blocks) into the "
      "active feed's trips as block_id (路牌), stored as a new feed version and made active "
      "(planner, admin; audited as a feed import)",
      [&sv](http::Request& req) -> Result<http::Response> {
        auto r = block_query(req);
        if (!r) return fail(r.error());
        auto n = sv.network.get();
        if (!n) return fail(n.error());
        if ((*n)->empty()) return fail(Error::not_found("尚未导入 GTFS 数据源"));
        auto source = active_source(sv, **n);
        if (!source) return fail(source.error());
        auto p = publish_blocks(sv.store, **n, source->name, source->forced, r->date, r->options,
                                sv.records_clock.now(), req.actor());
        if (!p) return fail(p.error());
        if (auto st = sv.network.reload(); !st) return fail(st.error());
        return http::Response::json({{"feed", feed_version_json(p->version)},
                                     {"date", format_date(r->date)},
                                     {"vehicles", p->vehicles},
                                     {"trips", p->trips},
                                     {"kept_frequency", p->kept_frequency}},
                                    201);
      });
  router.add(
      "POST", "/api/v1/transit/scheduling/timetable/publish", Permission::kTransitPlan,
      "Publishes a timetable proposal ({route_id, direction, date, trips: [{departure_s, "
      "arrival_s}]}, as POST …/scheduling/timetable returned them): the route's trips in that "
      "direction on the service running on `date` are replaced by these, copies of its longest "
      "trip stretched to each running time, stored as a new feed version and made active "
      "(planner, admin; audited as a feed import)",
      [&sv](http::Request& req) -> Result<http::Response> {
        auto r = timetable_publish_request(req);
        if (!r) return fail(r.error());
        auto n = sv.network.get();
        if (!n) return fail(n.error());
        if ((*n)->empty()) return fail(Error::not_found("尚未导入 GTFS 数据源"));
        auto source = active_source(sv, **n);
        if (!source) return fail(source.error());
        auto p =
            publish_timetable(sv.store, **n, source->name, source->forced, r->route_id,
                              r->direction, r->date, r->trips, sv.records_clock.now(), req.actor());
        if (!p) return fail(p.error());
        if (auto st = sv.network.reload(); !st) return fail(st.error());
        return http::Response::json({{"feed", feed_version_json(p->version)},
                                     {"route_id", r->route_id},
                                     {"direction", r->direction},
                                     {"date", format_date(r->date)},
                                     {"service_id", p->service_id},
                                     {"removed", p->removed},
                                     {"added", p->added}},
                                    201);
      });
  router.allow_body(1u << 20);
  register_timetable_routes(router, sv);
  register_duties_routes(router, sv);
}

}  // namespace zt::transit::scheduling

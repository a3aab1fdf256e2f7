#include "transit/scheduling/scheduling_api.hpp"

#include "core/http_fields.hpp"
#include "transit/feed_store.hpp"
#include "transit/network.hpp"
#include "transit/scheduling/day_blocks.hpp"
#include "transit/scheduling/publish_blocks.hpp"
#include "transit/scheduling/timetable_api.hpp"

namespace zt::transit::scheduling {
namespace {

struct BlockRequest {
  Date date{};
  BlockOptions options;
};

// ?date=, ?min_layover= minutes, ?max_deadhead= metres, ?deadhead_speed= km/h; bounded so that
// no request costs the server more than a large network's solve.
Result<BlockRequest> block_request(const http::Request& req) {
  auto date = http::require_query_date(req, "date");
  if (!date) return fail(date.error());
  auto layover = http::query_int_or(req, "min_layover", 5, 0, 120);
  if (!layover) return fail(layover.error());
  auto reach = http::query_int_or(req, "max_deadhead", 0, 0, 3000);
  if (!reach) return fail(reach.error());
  auto speed = http::query_int_or(req, "deadhead_speed", 20, 5, 80);
  if (!speed) return fail(speed.error());
  return BlockRequest{*date,
                      {.min_layover_s = int(*layover) * 60,
                       .max_deadhead_m = double(*reach),
                       .deadhead_speed_mps = double(*speed) / 3.6}};
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
        auto r = block_request(req);
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
        auto r = block_request(req);
        if (!r) return fail(r.error());
        auto n = sv.network.get();
        if (!n) return fail(n.error());
        if ((*n)->empty()) return fail(Error::not_found("尚未导入 GTFS 数据源"));
        auto feeds = list_feeds(sv.store);
        if (!feeds) return fail(feeds.error());
        const FeedVersion* source = nullptr;
        for (const auto& f : *feeds)
          if (f.id == (*n)->version()) source = &f;
        if (!source) return fail(Error::conflict("线网数据已更新，请刷新后再发布"));
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
  register_timetable_routes(router, sv);
}

}  // namespace zt::transit::scheduling

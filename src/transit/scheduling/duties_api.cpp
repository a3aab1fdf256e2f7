#include "transit/scheduling/duties_api.hpp"

#include <cmath>
#include <map>

#include "core/http_fields.hpp"
#include "transit/network.hpp"
#include "transit/scheduling/block_query.hpp"
#include "transit/scheduling/day_duties.hpp"
#include "transit/scheduling/duty_workbook.hpp"
#include "transit/scheduling/ods_export.hpp"

namespace zt::transit::scheduling {
namespace {

// A solve on a request is bounded: CBC stops at this many seconds with its best duties, and
// column generation, when the day is too large to list, prices for as long before it.
constexpr double kSolveSeconds = 20;

struct DutyQuery {
  BlockQuery blocks;
  std::vector<std::string> routes;
  DutyRules rules;
  bool by_cost = false;
};

// The block query plus the company's rules, each bounded to what a bus company could mean.
Result<DutyQuery> duty_query(const http::Request& req) {
  DutyQuery q;
  auto b = block_query(req);
  if (!b) return fail(b.error());
  q.blocks = *b;
  auto routes = routes_query(req);
  if (!routes) return fail(routes.error());
  q.routes = std::move(*routes);
  struct Rule {
    const char* name;
    int* field;
    int min, max;
  };
  auto& r = q.rules;
  const Rule rules[] = {{"max_continuous_driving", &r.max_continuous_driving_min, 30, 600},
                        {"min_break", &r.min_break_min, 0, 180},
                        {"max_driving", &r.max_driving_min, 60, 900},
                        {"max_spread", &r.max_spread_min, 60, 1080},
                        {"max_pieces", &r.max_pieces, 1, 4}};
  for (const auto& rule : rules) {
    auto v = http::query_int_or(req, rule.name, *rule.field, rule.min, rule.max);
    if (!v) return fail(v.error());
    *rule.field = int(*v);
  }
  auto split = http::query_int_or(req, "allow_split", 1, 0, 1);
  if (!split) return fail(split.error());
  r.allow_split = *split == 1;
  auto objective = http::query_enum(req, "objective", {"duties", "paid"});
  if (!objective) return fail(objective.error());
  q.by_cost = objective->value_or("duties") == "paid";
  return q;
}

struct Solved {
  std::shared_ptr<const Network> network;
  DayBlocks blocks;
  DayDuties duties;
};

Result<Solved> solve(const Services& sv, const DutyQuery& q) {
  auto n = sv.network.get();
  if (!n) return fail(n.error());
  if ((*n)->empty()) return fail(Error::not_found("尚未导入 GTFS 数据源"));
  auto b = day_blocks(**n, q.blocks.date, q.blocks.options, q.routes);
  if (!b) return fail(b.error());
  auto d = day_duties(**n, *b, q.rules, {.by_cost = q.by_cost, .time_limit_s = kSolveSeconds});
  if (!d) return fail(d.error());
  return Solved{*n, std::move(*b), std::move(*d)};
}

nlohmann::json rules_json(const DutyRules& r, bool by_cost) {
  return {{"objective", by_cost ? "paid" : "duties"},
          {"max_continuous_driving_min", r.max_continuous_driving_min},
          {"min_break_min", r.min_break_min},
          {"max_driving_min", r.max_driving_min},
          {"max_spread_min", r.max_spread_min},
          {"sign_on_min", r.sign_on_min},
          {"sign_off_min", r.sign_off_min},
          {"max_pieces", r.max_pieces},
          {"meal_after_min", r.meal_after_min},
          {"meal_break_min", r.meal_break_min},
          {"allow_split", r.allow_split},
          {"split_gap_min", r.split_gap_min}};
}

nlohmann::json duties_json(const Solved& s, const DutyQuery& q) {
  const auto& f = s.network->feed();
  const auto& b = s.blocks;
  const auto& r = q.rules;
  std::map<std::string_view, std::string_view> short_name;
  for (const auto& route : f.routes)
    short_name[route.id] = route.short_name.empty() ? route.long_name : route.short_name;
  nlohmann::json duties = nlohmann::json::array();
  for (const auto& row : duty_sheet(b, s.duties)) {
    nlohmann::json pieces = nlohmann::json::array();
    for (std::size_t p = 0; p < row.pieces.size(); ++p) {
      const auto& piece = row.pieces[p];
      nlohmann::json trips = nlohmann::json::array();
      for (auto t : piece.trips) {
        const auto& trip = f.trips[b.trips[t].trip];
        trips.push_back({{"trip_id", trip.id},
                         {"route_id", trip.route_id},
                         {"route_short_name", short_name[trip.route_id]},
                         {"start", format_gtfs_time(b.timed[t].departure)},
                         {"end", format_gtfs_time(b.timed[t].arrival)}});
      }
      const auto& first = b.timed[piece.trips.front()];
      const auto& last = b.timed[piece.trips.back()];
      pieces.push_back({{"piece", p + 1},
                        {"block_id", block_name(piece.block, b.plan.vehicles)},
                        {"start", format_gtfs_time(first.departure)},
                        {"end", format_gtfs_time(last.arrival)},
                        {"from_stop", f.stops[first.start_stop].name},
                        {"to_stop", f.stops[last.end_stop].name},
                        {"trips", std::move(trips)}});
    }
    const int on = row.first_departure - r.sign_on_min * 60;
    const int off = row.last_arrival + r.sign_off_min * 60;
    duties.push_back({{"duty_id", row.id},
                      {"sign_on", format_gtfs_time(on)},
                      {"sign_off", format_gtfs_time(off)},
                      {"spread_min", (off - on) / 60},
                      {"driving_min", row.driving_s / 60},
                      {"paid_min", (off - on) / 60},
                      {"split", row.longest_gap_s >= r.split_gap_min * 60 && row.pieces.size() > 1},
                      {"pieces", std::move(pieces)}});
  }
  return {{"date", format_date(b.date)},
          {"feed_version", s.network->version()},
          {"routes", q.routes},
          {"summary", duties_summary(b, s.duties)},
          {"blocks", blocks_summary(b, q.blocks.options)},
          {"rules", rules_json(r, q.by_cost)},
          {"duties", std::move(duties)}};
}

constexpr const char* kQueryHelp =
    "?date=YYYY-MM-DD, ?routes= route_ids comma-separated (default all), the blocks' "
    "?min_layover= ?max_deadhead= ?deadhead_speed= (as GET …/scheduling/blocks), the rules in "
    "minutes ?max_continuous_driving= (30-600, default 240) ?min_break= (0-180, 20) "
    "?max_driving= (60-900, 540) ?max_spread= (60-1080, 720), ?max_pieces= (1-4, 3), "
    "?allow_split= 0|1 (1), ?objective= duties|paid";

}  // namespace

void register_duties_routes(http::Router& router, const Services& sv) {
  router.add("GET", "/api/v1/transit/scheduling/duties", Permission::kTransitPlan,
             std::string("The date's driver duties (司机排班) over the optimal blocks, fewest "
                         "duties (or least paid time) by CBC: ") +
                 kQueryHelp,
             [&sv](http::Request& req) -> Result<http::Response> {
               auto q = duty_query(req);
               if (!q) return fail(q.error());
               auto s = solve(sv, *q);
               if (!s) return fail(s.error());
               return http::Response::json(duties_json(*s, *q));
             });
  router.add(
      "GET", "/api/v1/transit/scheduling/duties.xlsx", Permission::kTransitPlan,
      std::string("The same duties as the 排班表 workbook (sheets 司机排班 and 车辆排班): ") +
          kQueryHelp,
      [&sv](http::Request& req) -> Result<http::Response> {
        auto q = duty_query(req);
        if (!q) return fail(q.error());
        auto s = solve(sv, *q);
        if (!s) return fail(s.error());
        auto book = duty_workbook(*s->network, s->blocks, s->duties, q->rules);
        if (!book) return fail(book.error());
        const std::string day = format_date(q->blocks.date);
        return http::download(std::move(*book), http::kXlsxType, "duties-" + day + ".xlsx",
                              "司机排班表-" + day + ".xlsx");
      });
  router.add("GET", "/api/v1/transit/scheduling/duties/ods.zip", Permission::kTransitPlan,
             std::string("The same duties and blocks in the Operational Data Standard "
                         "(deadheads.txt, runs_pieces.txt, run_events.txt), zipped: ") +
                 kQueryHelp,
             [&sv](http::Request& req) -> Result<http::Response> {
               auto q = duty_query(req);
               if (!q) return fail(q.error());
               auto s = solve(sv, *q);
               if (!s) return fail(s.error());
               auto zip = ods_archive(*s->network, s->blocks, s->duties, q->rules);
               if (!zip) return fail(zip.error());
               const std::string day = format_date(q->blocks.date);
               return http::download(std::move(*zip), "application/zip", "ods-" + day + ".zip",
                                     "运营数据-" + day + ".zip");
             });
}

}  // namespace zt::transit::scheduling

#include "transit/kpi/api_live.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "transit/fleet.hpp"
#include "transit/kpi/kpi_query.hpp"
#include "transit/stop_events.hpp"

namespace zt::transit::kpi {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

// Visits are read again this far back each round: a visit is stored when its bus leaves the stop,
// by a fix that may come late; those already judged find no samples.
constexpr std::int64_t kEventOverlapS = 300;

Result<Response> accuracy(const Services& sv, Request& req) {
  auto q = kpi_query(sv, req, Period::kRange);
  if (!q) return fail(q.error());
  const auto route = req.q("route").value_or("");
  auto cells = load_accuracy(sv.store, q->from, q->to);
  if (!cells) return fail(cells.error());
  const auto& n = *q->network;
  const auto agency_of = route_agencies(n);
  auto city = Accuracy::empty();
  std::vector<Accuracy> hours(24, Accuracy::empty());
  std::map<std::string, Accuracy> routes;
  std::map<Date, Accuracy> days;
  for (const auto& [key, a] : *cells) {
    const auto& [day, route_id, hour] = key;
    if (!route.empty() && route_id != route) continue;
    city.add(a);
    if (hour >= 0 && hour < 24) hours[std::size_t(hour)].add(a);
    routes[route_id].add(a);
    days[day].add(a);
  }
  json hours_j = json::array(), routes_j = json::array(), days_j = json::array();
  for (int h = 0; h < 24; ++h) {
    if (!hours[std::size_t(h)].predictions()) continue;
    auto j = hours[std::size_t(h)].to_json();
    j["hour"] = h;
    hours_j.push_back(std::move(j));
  }
  for (const auto& [id, a] : routes) {
    auto j = a.to_json();
    j["route_id"] = id;
    j["name"] = route_title(n, id);
    auto it = agency_of.find(id);
    j["agency_id"] = it == agency_of.end() ? "" : it->second;
    routes_j.push_back(std::move(j));
  }
  for (const auto& [day, a] : days) {
    auto j = a.to_json();
    j["service_date"] = format_date(day);
    days_j.push_back(std::move(j));
  }
  json buckets = json::array();
  for (const auto& b : kHorizonBuckets)
    buckets.push_back({{"bucket", b.name},
                       {"from_s", b.from_s},
                       {"to_s", b.to_s},
                       {"early_s", b.early_s},
                       {"late_s", b.late_s}});
  auto out = city.to_json();
  out["from"] = format_date(q->from);
  out["to"] = format_date(q->to);
  out["windows"] = std::move(buckets);
  out["hours"] = std::move(hours_j);
  out["routes"] = std::move(routes_j);
  out["days"] = std::move(days_j);
  return Response::json(out);
}

Result<Response> coverage_days(const Services& sv, Request& req) {
  auto limit = http::query_int_or(req, "limit", 500, 1, 20000);
  if (!limit) return fail(limit.error());
  auto q = kpi_query(sv, req, Period::kRange);
  if (!q) return fail(q.error());
  auto stored = load_coverage(sv.store, q->from, q->to);
  if (!stored) return fail(stored.error());
  const auto& f = q->network->feed();
  std::map<std::string, const Stop*> by_id;
  for (const auto& s : f.stops) by_id[s.id] = &s;
  struct Row {
    const std::string* id;
    StopCoverageMinutes m;
    double share;
  };
  std::vector<Row> rows;
  int served = 0, predicted = 0;
  for (const auto& [id, m] : stored->stops) {
    if (m.served <= 0) continue;
    rows.push_back({&id, m, double(m.predicted) / m.served});
    served += m.served;
    predicted += m.predicted;
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.share < b.share; });
  json stops = json::array(), never = json::array();
  for (const auto& r : rows) {
    json one = {{"stop_id", *r.id},
                {"minutes_served", r.m.served},
                {"minutes_predicted", r.m.predicted},
                {"share", r.share}};
    // A stop of an older feed version keeps its figures without a name or place.
    if (auto it = by_id.find(*r.id); it != by_id.end()) {
      one["name"] = it->second->name;
      one["lat"] = it->second->lat;
      one["lon"] = it->second->lon;
    } else {
      one["name"] = *r.id;
    }
    if (r.m.predicted == 0 && never.size() < std::size_t(*limit)) never.push_back(one);
    if (stops.size() < std::size_t(*limit)) stops.push_back(std::move(one));
  }
  json days = json::array();
  int sampled = 0;
  for (const auto& [day, m] : stored->days) {
    const auto it = stored->minutes_sampled.find(day);
    const int minutes = it == stored->minutes_sampled.end() ? 0 : it->second;
    sampled += minutes;
    days.push_back({{"service_date", format_date(day)},
                    {"stop_minutes_served", m.served},
                    {"stop_minutes_predicted", m.predicted},
                    {"minutes_sampled", minutes},
                    {"share", m.served ? double(m.predicted) / m.served : 1.0}});
  }
  const auto never_total =
      std::count_if(rows.begin(), rows.end(), [](const Row& r) { return r.m.predicted == 0; });
  return Response::json({{"from", format_date(q->from)},
                         {"to", format_date(q->to)},
                         {"target", 1.0},
                         {"share", served ? double(predicted) / served : 1.0},
                         {"stop_minutes_served", served},
                         {"stop_minutes_predicted", predicted},
                         {"minutes_sampled", sampled},
                         {"stops_with_service", rows.size()},
                         {"stops_never_covered", never_total},
                         {"days", days},
                         {"stops", stops},
                         {"never_covered", never}});
}

}  // namespace

Status LiveKpis::run(const Services& sv, json& out) {
  std::lock_guard lock(mu_);
  auto n = sv.network.get();
  if (!n) return fail(n.error());
  if ((*n)->empty()) return {};
  const auto now = unix_seconds(sv.clock.now());
  const auto since = events_since_ ? events_since_ - kEventOverlapS : now - 3600;
  auto events = load_stop_events(sv.store, **n, since);
  if (!events) return fail(events.error());
  accuracy.arrived(**n, *events);
  accuracy.sample(**n, *sv.fleet.snapshot(now, 600));  // what boards and TripUpdates publish
  events_since_ = now;
  auto cells = accuracy.take();
  int judged = 0;
  for (const auto& [key, a] : cells) judged += a.predictions();
  if (auto s = save_accuracy(sv.store, cells); !s) return s;
  out["accuracy_judged"] = judged;
  auto hours = coverage.flush(sv.store, sv.coverage, now);
  if (!hours) return fail(hours.error());
  out["coverage_hours_stored"] = *hours;
  return {};
}

std::string LiveKpis::metrics(std::int64_t now) const {
  const auto a = accuracy.recent(now);
  if (!a.predictions()) return "";
  std::string text = fmt::format(
      "# HELP zt_transit_prediction_accuracy_score Mean of the horizon buckets' hit rates of the "
      "published predictions judged in the last 24 h (Transit App's windows)\n"
      "# TYPE zt_transit_prediction_accuracy_score gauge\n"
      "zt_transit_prediction_accuracy_score {:.4f}\n"
      "# HELP zt_transit_prediction_accuracy_ratio Hit rate by horizon bucket, last 24 h\n"
      "# TYPE zt_transit_prediction_accuracy_ratio gauge\n",
      a.score());
  for (std::size_t i = 0; i < a.buckets.size(); ++i)
    if (a.buckets[i].n)
      text += fmt::format("zt_transit_prediction_accuracy_ratio{{bucket=\"{}\"}} {:.4f}\n",
                          kHorizonBuckets[i].code, double(a.buckets[i].hits) / a.buckets[i].n);
  text += fmt::format(
      "# HELP zt_transit_prediction_mae_seconds Mean absolute error of the judged predictions, "
      "last 24 h\n# TYPE zt_transit_prediction_mae_seconds gauge\n"
      "zt_transit_prediction_mae_seconds {:.1f}\n",
      a.mae());
  return text;
}

void register_live_kpi_routes(http::Router& router, const Services& sv) {
  router.add("GET", "/api/v1/transit/kpi/accuracy", Permission::kTransit,
             "Live prediction accuracy of ?date= or ?from=&to= (?route=): the published "
             "predictions judged against the detected arrivals by Transit App's horizon buckets, "
             "score and MAE, by hour, route and day",
             [&sv](Request& req) { return accuracy(sv, req); });
  router.add("GET", "/api/v1/transit/kpi/forecast-coverage/days", Permission::kTransit,
             "Stored 来车信息实时预报覆盖率 of ?date= or ?from=&to=: per stop its minutes with "
             "service and with a live prediction, worst first (?limit=), the stops never covered "
             "and the daily series",
             [&sv](Request& req) { return coverage_days(sv, req); });
}

}  // namespace zt::transit::kpi

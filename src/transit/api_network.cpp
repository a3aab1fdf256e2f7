// The network as the map and the phone pages read it: routes with their shapes simplified to a
// few metres, the stops, and stop search by name. Public, like the GTFS feed it comes from.
#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/http_fields.hpp"
#include "transit/api.hpp"
#include "transit/network.hpp"

namespace zt::transit {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

// Shapes are drawn to within this many metres: invisible at street zoom, and a tenth of the points.
constexpr double kToleranceM = 4.0;

// The vertices of `p` that Douglas–Peucker keeps at `tolerance` metres (first and last always).
std::vector<std::size_t> simplify(const Path& p, double tolerance) {
  const std::size_t n = p.x.size();
  std::vector<bool> keep(n, false);
  if (n == 0) return {};
  keep[0] = keep[n - 1] = true;
  // An explicit stack: a shape of 10 000 points must not recurse 10 000 deep.
  std::vector<std::pair<std::size_t, std::size_t>> todo{{0, n - 1}};
  while (!todo.empty()) {
    auto [a, b] = todo.back();
    todo.pop_back();
    if (b <= a + 1) continue;
    const double dx = p.x[b] - p.x[a], dy = p.y[b] - p.y[a];
    const double len = std::hypot(dx, dy);
    double worst = -1;
    std::size_t at = a;
    for (std::size_t i = a + 1; i < b; ++i) {
      const double ex = p.x[i] - p.x[a], ey = p.y[i] - p.y[a];
      // Distance to the chord, or to its start when the chord has no length (a loop).
      const double d = len > 0 ? std::fabs(dx * ey - dy * ex) / len : std::hypot(ex, ey);
      if (d > worst) worst = d, at = i;
    }
    if (worst > tolerance) {
      keep[at] = true;
      todo.push_back({a, at});
      todo.push_back({at, b});
    }
  }
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < n; ++i)
    if (keep[i]) out.push_back(i);
  return out;
}

// Five decimals of a degree: about a metre.
double round5(double v) { return std::round(v * 1e5) / 1e5; }

std::string route_name(const Route& r) { return r.short_name.empty() ? r.long_name : r.short_name; }

// ASCII letters folded to lower case; Chinese names have no case.
std::string fold(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  return out;
}

// What one network version looks like to the pages, built once per version.
struct NetworkView {
  std::weak_ptr<const Network> source;
  std::string map_body;                           // GET /network, dumped once
  std::vector<std::uint32_t> by_name;             // boarding stops sorted by name, then id
  std::vector<std::string> folded;                // each stop's name folded for search
  std::vector<std::vector<std::string>> serving;  // each stop's route names, sorted
};

std::shared_ptr<const NetworkView> build_view(const std::shared_ptr<const Network>& n) {
  auto v = std::make_shared<NetworkView>();
  v->source = n;
  const auto& f = n->feed();
  const auto& g = n->geometry();
  std::unordered_map<std::string_view, std::size_t> route_index;
  for (std::size_t r = 0; r < f.routes.size(); ++r) route_index.emplace(f.routes[r].id, r);

  // Each route's distinct paths (its shapes, or its stops joined where it has none).
  std::vector<std::set<std::uint32_t>> paths(f.routes.size());
  for (std::uint32_t t = 0; t < f.trips.size(); ++t) {
    auto r = route_index.find(f.trips[t].route_id);
    if (r == route_index.end()) continue;
    auto [b, e] = n->trip_span(TripIdx{t});
    if (e - b < 2) continue;
    paths[r->second].insert(g.pattern(g.pattern_of(t)).path);
  }
  double lat_min = 90, lat_max = -90, lon_min = 180, lon_max = -180;
  auto extend = [&](double lat, double lon) {
    lat_min = std::min(lat_min, lat), lat_max = std::max(lat_max, lat);
    lon_min = std::min(lon_min, lon), lon_max = std::max(lon_max, lon);
  };
  // Trips per route in the whole feed, so planners' pages can open on the busiest line.
  std::unordered_map<std::string_view, std::size_t> trips_of;
  for (const auto& t : f.trips) ++trips_of[t.route_id];
  json routes = json::array();
  for (std::size_t r = 0; r < f.routes.size(); ++r) {
    const auto& route = f.routes[r];
    json shapes = json::array();
    for (auto p : paths[r]) {
      const auto& path = g.path(p);
      if (path.length() < 1) continue;
      json line = json::array();
      for (auto i : simplify(path, kToleranceM)) {
        auto [lat, lon] = g.to_latlon(path.x[i], path.y[i]);
        extend(lat, lon);
        line.push_back({round5(lat), round5(lon)});
      }
      shapes.push_back(std::move(line));
    }
    routes.push_back({{"route_id", route.id},
                      {"short_name", route.short_name},
                      {"long_name", route.long_name},
                      {"color", route.color},
                      {"text_color", route.text_color},
                      {"type", route.type},
                      {"trips", trips_of[route.id]},
                      {"shapes", std::move(shapes)}});
  }

  v->folded.resize(f.stops.size());
  v->serving.resize(f.stops.size());
  json stops = json::array();
  for (std::uint32_t s = 0; s < f.stops.size(); ++s) {
    const auto& stop = f.stops[s];
    if (stop.location_type != 0) continue;  // stations and entrances have no board of their own
    v->folded[s] = fold(stop.name);
    v->by_name.push_back(s);
    std::set<std::string> names;
    for (auto i : n->calls_at(StopIdx{s})) {
      auto r = route_index.find(f.trips[f.stop_times[i].trip].route_id);
      if (r != route_index.end()) names.insert(route_name(f.routes[r->second]));
    }
    v->serving[s].assign(names.begin(), names.end());
    extend(stop.lat, stop.lon);
    stops.push_back({{"stop_id", stop.id},
                     {"name", stop.name},
                     {"lat", round5(stop.lat)},
                     {"lon", round5(stop.lon)}});
  }
  std::sort(v->by_name.begin(), v->by_name.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (f.stops[a].name != f.stops[b].name) return f.stops[a].name < f.stops[b].name;
    return f.stops[a].id < f.stops[b].id;
  });
  json bounds = nullptr;
  if (lat_min <= lat_max)
    bounds = json::array({json::array({round5(lat_min), round5(lon_min)}),
                          json::array({round5(lat_max), round5(lon_max)})});
  v->map_body =
      json{{"version", n->version()},
           {"routes", std::move(routes)},
           {"stops", std::move(stops)},
           {"bounds", std::move(bounds)},
           {"counts",
            {{"routes", f.routes.size()}, {"stops", v->by_name.size()}, {"trips", f.trips.size()}}}}
          .dump();
  return v;
}

// The view of the network the holder serves now, rebuilt when an import swaps the network.
// Thread-safe; owned by the routes that read it.
class NetworkViews {
 public:
  struct Current {
    std::shared_ptr<const Network> network;
    std::shared_ptr<const NetworkView> view;  // built from `network`
  };
  explicit NetworkViews(NetworkHolder& holder) : holder_(holder) {}

  Result<Current> get() {
    auto n = holder_.get();
    if (!n) return fail(n.error());
    std::lock_guard lock(mu_);
    if (!current_ || current_->source.lock() != *n) current_ = build_view(*n);
    return Current{*n, current_};
  }

 private:
  NetworkHolder& holder_;
  std::mutex mu_;
  std::shared_ptr<const NetworkView> current_;
};

}  // namespace

void register_network_routes(http::Router& router, const Services& sv) {
  auto views = std::make_shared<NetworkViews>(sv.network);
  router.add("GET", "/api/v1/transit/network", Permission::kPublic,
             "The active feed's routes (names, colours, type, shapes simplified to a few metres) "
             "and stops for the map, with their bounds and counts (public; empty arrays without a "
             "feed)",
             [views](Request&) -> Result<Response> {
               auto v = views->get();
               if (!v) return fail(v.error());
               return Response::text(v->view->map_body, "application/json; charset=utf-8");
             });
  router.add(
      "GET", "/api/v1/transit/stops/search", Permission::kPublic,
      "Stops whose name contains ?q= (any case; all stops without it), sorted by name, "
      "?limit= (1–100, default 20) from ?offset=, with the total and the routes serving "
      "each (public)",
      [views](Request& req) -> Result<Response> {
        auto q = http::query_string(req, "q", 100);
        if (!q) return fail(q.error());
        auto limit = http::query_int_or(req, "limit", 20, 1, 100);
        if (!limit) return fail(limit.error());
        auto offset = http::query_int_or(req, "offset", 0, 0, 1000000);
        if (!offset) return fail(offset.error());
        auto v = views->get();
        if (!v) return fail(v.error());
        const auto& view = *v->view;
        const auto& f = v->network->feed();
        const std::string needle = fold(q->value_or(""));
        std::size_t total = 0;
        json out = json::array();
        for (auto s : view.by_name) {
          if (!needle.empty() && view.folded[s].find(needle) == std::string::npos) continue;
          if (total >= std::size_t(*offset) && out.size() < std::size_t(*limit)) {
            const auto& stop = f.stops[s];
            out.push_back({{"stop_id", stop.id},
                           {"name", stop.name},
                           {"lat", stop.lat},
                           {"lon", stop.lon},
                           {"routes", view.serving[s]}});
          }
          ++total;
        }
        return Response::json(
            {{"stops", std::move(out)}, {"total", total}, {"limit", *limit}, {"offset", *offset}});
      });
}

}  // namespace zt::transit

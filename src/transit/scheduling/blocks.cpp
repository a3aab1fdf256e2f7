#include "transit/scheduling/blocks.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <numeric>
#include <utility>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/successive_shortest_path_nonnegative_weights.hpp>

#include "transit/gtfs.hpp"

namespace zt::transit::scheduling {
namespace {

using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
using Edge = Traits::edge_descriptor;
using Graph = boost::adjacency_list<
    boost::vecS, boost::vecS, boost::directedS, boost::no_property,
    boost::property<boost::edge_capacity_t, long,
                    boost::property<boost::edge_residual_capacity_t, long,
                                    boost::property<boost::edge_reverse_t, Edge,
                                                    boost::property<boost::edge_weight_t, long>>>>>;

// The flow network with its reverse (residual) arcs, as Boost's min-cost flow expects.
class FlowNetwork {
 public:
  explicit FlowNetwork(std::size_t vertices) : g_(vertices) {}
  Edge add(std::size_t from, std::size_t to, long capacity, long cost) {
    const Edge e = boost::add_edge(from, to, g_).first;
    const Edge r = boost::add_edge(to, from, g_).first;
    auto cap = boost::get(boost::edge_capacity, g_);
    auto weight = boost::get(boost::edge_weight, g_);
    auto rev = boost::get(boost::edge_reverse, g_);
    cap[e] = capacity;
    cap[r] = 0;
    weight[e] = cost;
    weight[r] = -cost;
    rev[e] = r;
    rev[r] = e;
    return e;
  }
  // Boost adds each round's distances to the potentials for every vertex, the unreachable ones
  // (distance = the type's max) too: with integer distances that is signed overflow (UBSan
  // caught it). Distances in double saturate at +inf instead; the costs are integers far below
  // 2^53, so every finite sum is exact, and unreachable vertices never become reachable again.
  void solve(std::size_t source, std::size_t sink) {
    const std::size_t n = boost::num_vertices(g_);
    std::vector<Edge> pred(n);
    std::vector<double> distance(n, 0.0);
    std::vector<double> potential(n, 0.0);
    const auto index = boost::get(boost::vertex_index, g_);
    boost::successive_shortest_path_nonnegative_weights(
        g_, source, sink, boost::get(boost::edge_capacity, g_),
        boost::get(boost::edge_residual_capacity, g_), boost::get(boost::edge_weight, g_),
        boost::get(boost::edge_reverse, g_), index,
        boost::make_iterator_property_map(pred.begin(), index),
        boost::make_iterator_property_map(distance.begin(), index),
        boost::make_iterator_property_map(potential.begin(), index));
  }
  long flow(Edge e) const {
    return boost::get(boost::edge_capacity, g_, e) -
           boost::get(boost::edge_residual_capacity, g_, e);
  }

 private:
  Graph g_;
};

// A trip is ready for its next one at arrival + layover, and never before it has departed.
int ready_time(const BlockTrip& t, const BlockOptions& o) {
  return std::max(t.arrival + o.min_layover_s, t.departure + 1);
}

}  // namespace

std::int64_t deadhead_metres(const StopPoint& a, const StopPoint& b) {
  return std::llround(haversine_m(a.lat, a.lon, b.lat, b.lon));
}

int deadhead_seconds(std::int64_t metres, double speed_mps) {
  if (metres <= 0) return 0;
  return int(std::ceil(double(metres) / std::max(speed_mps, 0.1)));
}

std::int64_t connection_metres(const BlockTrip& prev, const BlockTrip& next,
                               const std::vector<StopPoint>& stops, const BlockOptions& o) {
  std::int64_t m = 0;
  if (prev.end_stop != next.start_stop) {
    if (o.max_deadhead_m <= 0) return -1;
    m = deadhead_metres(stops[prev.end_stop], stops[next.start_stop]);
    if (double(m) > o.max_deadhead_m) return -1;
  }
  const int ready = std::max(ready_time(prev, o), prev.arrival + o.min_layover_s +
                                                      deadhead_seconds(m, o.deadhead_speed_mps));
  return next.departure >= ready ? m : -1;
}

Connections connections(const std::vector<BlockTrip>& trips, const std::vector<StopPoint>& stops,
                        const BlockOptions& o) {
  Connections out;
  const std::uint32_t n = std::uint32_t(trips.size());
  auto& lines = out.lines;
  // Each terminal's departures in time order: a vehicle that reaches the line waits along it,
  // so a trip needs one arc per terminal it can reach, not one per later departure.
  for (std::uint32_t v = 0; v < n; ++v) lines[trips[v].start_stop].push_back(v);
  for (auto& [stop, line] : lines)
    std::sort(line.begin(), line.end(), [&](std::uint32_t a, std::uint32_t b) {
      return std::pair(trips[a].departure, a) < std::pair(trips[b].departure, b);
    });
  // The terminals within reach of each stop where trips end, with the empty metres.
  std::map<std::uint32_t, std::vector<std::pair<std::uint32_t, std::int64_t>>> reach;
  for (const auto& t : trips) {
    auto [it, fresh] = reach.try_emplace(t.end_stop);
    if (!fresh) continue;
    for (const auto& [s, line] : lines) {
      if (s == t.end_stop) {
        it->second.emplace_back(s, 0);
      } else if (o.max_deadhead_m > 0) {
        const auto m = deadhead_metres(stops[t.end_stop], stops[s]);
        if (double(m) <= o.max_deadhead_m) it->second.emplace_back(s, m);
      }
    }
  }

  // The connections: from each trip to the first departure it can make on each line in reach.
  auto& arcs = out.arcs;
  for (std::uint32_t u = 0; u < n; ++u)
    for (const auto& [s, m] : reach[trips[u].end_stop]) {
      const int ready =
          std::max(ready_time(trips[u], o),
                   trips[u].arrival + o.min_layover_s + deadhead_seconds(m, o.deadhead_speed_mps));
      const auto& line = lines[s];
      auto it = std::lower_bound(line.begin(), line.end(), ready,
                                 [&](std::uint32_t v, int t) { return trips[v].departure < t; });
      if (it != line.end()) arcs.push_back({u, *it, m});
    }

  return out;
}

BlockPlan solve_blocks(const std::vector<BlockTrip>& trips, const std::vector<StopPoint>& stops,
                       const BlockOptions& o) {
  const std::size_t n = trips.size();
  BlockPlan plan;
  plan.block_of.assign(n, -1);
  if (n == 0) return plan;

  auto net = connections(trips, stops, o);
  const auto& lines = net.lines;
  const auto& arcs = net.arcs;
  plan.arcs = arcs.size();

  // Lines that one trip's arcs reach belong to one part of the flow network; parts share no
  // vertex but the source and the sink, so each is solved alone, with shortest-path searches
  // over its own vertices (a network of many routes falls apart into many small parts).
  std::map<std::uint32_t, std::size_t> line_index;
  for (const auto& [stop, line] : lines) line_index.emplace(stop, line_index.size());
  std::vector<std::size_t> parent(line_index.size());
  std::iota(parent.begin(), parent.end(), std::size_t{0});
  auto find = [&](std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  auto line_of = [&](std::uint32_t v) { return line_index[trips[v].start_stop]; };
  for (std::size_t i = 1; i < arcs.size(); ++i)
    if (arcs[i].from == arcs[i - 1].from)
      parent[find(line_of(arcs[i].to))] = find(line_of(arcs[i - 1].to));
  std::map<std::size_t, std::vector<std::size_t>> part_arcs;  // part -> its arcs
  for (std::size_t i = 0; i < arcs.size(); ++i) part_arcs[find(line_of(arcs[i].to))].push_back(i);
  std::map<std::size_t, std::vector<const std::vector<std::uint32_t>*>> part_lines;
  for (const auto& [stop, line] : lines) part_lines[find(line_index[stop])].push_back(&line);

  // Per part: source -> each trip's end (out) -> arcs -> the trip's place on its line (in) ->
  // sink; the line's places joined by waiting arcs. A maximum flow pairs the most trips with a
  // successor (the fewest vehicles); of those, the least cost (deadhead metres).
  std::vector<long> arc_flow(arcs.size(), 0);
  std::vector<char> served(n, 0);  // the trip is taken over by a vehicle that ran before
  std::vector<std::size_t> out_id(n), in_id(n);
  for (const auto& [part, ids] : part_arcs) {
    std::size_t vertices = 2;
    std::vector<std::uint32_t> outs;
    for (auto i : ids)
      if (outs.empty() || outs.back() != arcs[i].from) outs.push_back(arcs[i].from);
    for (auto u : outs) out_id[u] = vertices++;
    for (const auto* line : part_lines[part])
      for (auto v : *line) in_id[v] = vertices++;
    FlowNetwork net(vertices);
    const std::size_t source = 0, sink = 1;
    for (auto u : outs) net.add(source, out_id[u], 1, 0);
    std::vector<std::pair<std::uint32_t, Edge>> takes;
    for (const auto* line : part_lines[part])
      for (std::size_t k = 0; k < line->size(); ++k) {
        const auto v = (*line)[k];
        takes.emplace_back(v, net.add(in_id[v], sink, 1, 0));
        if (k + 1 < line->size()) net.add(in_id[v], in_id[(*line)[k + 1]], long(n), 0);
      }
    std::vector<Edge> edges;
    for (auto i : ids)
      edges.push_back(net.add(out_id[arcs[i].from], in_id[arcs[i].to], 1, long(arcs[i].metres)));
    net.solve(source, sink);
    for (std::size_t k = 0; k < ids.size(); ++k) arc_flow[ids[k]] = net.flow(edges[k]);
    for (const auto& [v, e] : takes) served[v] = net.flow(e) > 0;
  }

  // Pair the vehicles entering each line with the departures they take, in line order: any
  // pairing works, since a vehicle entering a line may take any later departure on it.
  std::vector<std::vector<std::uint32_t>> entering(n);
  for (std::size_t i = 0; i < arcs.size(); ++i)
    if (arc_flow[i] > 0) {
      entering[arcs[i].to].push_back(arcs[i].from);
      plan.deadhead_m += arcs[i].metres;
    }
  std::vector<std::int64_t> next(n, -1);
  std::vector<bool> has_prev(n, false);
  for (const auto& [stop, line] : lines) {
    std::deque<std::uint32_t> waiting;
    for (auto v : line) {
      for (auto u : entering[v]) waiting.push_back(u);
      if (served[v] && !waiting.empty()) {
        next[waiting.front()] = v;
        has_prev[v] = true;
        waiting.pop_front();
      }
    }
  }
  std::vector<std::uint32_t> heads;
  for (std::uint32_t v = 0; v < n; ++v)
    if (!has_prev[v]) heads.push_back(v);
  std::sort(heads.begin(), heads.end(), [&](std::uint32_t a, std::uint32_t b) {
    return std::pair(trips[a].departure, a) < std::pair(trips[b].departure, b);
  });
  for (auto h : heads) {
    const int b = int(plan.blocks.size());
    auto& block = plan.blocks.emplace_back();
    for (std::int64_t v = h; v >= 0; v = next[std::size_t(v)]) {
      block.push_back(std::uint32_t(v));
      plan.block_of[std::size_t(v)] = b;
    }
  }
  plan.vehicles = int(plan.blocks.size());
  return plan;
}

int max_overlap(const std::vector<BlockTrip>& trips, const BlockOptions& o) {
  std::vector<std::pair<int, int>> events;  // (time, +1 start / -1 free); frees first at a tie
  for (const auto& t : trips) {
    events.emplace_back(t.departure, 1);
    events.emplace_back(ready_time(t, o), -1);
  }
  std::sort(events.begin(), events.end());
  int now = 0, most = 0;
  for (const auto& [t, d] : events) most = std::max(most, now += d);
  return most;
}

int deficit_fleet(const std::vector<BlockTrip>& trips, const BlockOptions& o) {
  std::map<std::uint32_t, std::vector<std::pair<int, int>>> at;  // per terminal (time, ±1)
  for (const auto& t : trips) {
    at[t.start_stop].emplace_back(t.departure, 1);
    at[t.end_stop].emplace_back(ready_time(t, o), -1);
  }
  int fleet = 0;
  for (auto& [stop, events] : at) {
    std::sort(events.begin(), events.end());
    int deficit = 0, most = 0;
    for (const auto& [t, d] : events) most = std::max(most, deficit += d);
    fleet += most;
  }
  return fleet;
}

}  // namespace zt::transit::scheduling

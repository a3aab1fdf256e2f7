#include "transit/scheduling/multi_depot.hpp"

#include <algorithm>
#include <cmath>
#include <deque>

#include "transit/scheduling/mip.hpp"

namespace zt::transit::scheduling {
namespace {

// A vehicle is worth more than any day's empty running: 10,000 km.
constexpr double kVehicleCost = 1e7;

struct Layer {
  // Column indices read back from the solution, per trip (take: the trip in this layer;
  // pull_in: back to the depot) and per line (pull_out: to its first departure).
  std::vector<int> take, pull_in;
  std::vector<int> pull_out;
  std::vector<int> arc;  // per connection
};

}  // namespace

Result<DepotPlan> solve_multi_depot(const std::vector<BlockTrip>& trips,
                                    const std::vector<StopPoint>& stops,
                                    const std::vector<Depot>& depots, const BlockOptions& o,
                                    double time_limit_s) {
  DepotPlan out;
  const std::size_t n = trips.size();
  out.plan.block_of.assign(n, -1);
  out.per_depot.assign(depots.size(), 0);
  if (n == 0) return out;
  if (depots.empty()) return fail(Error::invalid("至少需要一个车场", "depots"));
  long capacity = 0;
  bool limited = true;
  for (const auto& d : depots) {
    limited = limited && d.vehicles > 0;
    capacity += d.vehicles;
  }
  const int floor = max_overlap(trips, o);
  if (limited && capacity < floor)
    return fail(Error::rule_violation("depot_capacity", "各车场合计 " + std::to_string(capacity) +
                                                            " 辆车，少于同时在线所需的 " +
                                                            std::to_string(floor) + " 辆"));

  const auto net = connections(trips, stops, o);
  std::vector<std::int64_t> next_on_line(n, -1);
  std::vector<std::uint32_t> line_stop, line_first;
  for (const auto& [stop, line] : net.lines) {
    for (std::size_t k = 0; k + 1 < line.size(); ++k) next_on_line[line[k]] = line[k + 1];
    line_stop.push_back(stop);
    line_first.push_back(line.front());
  }

  // Rows: the trips' cover (n), then per depot each trip's line place (in) and end (out), then
  // the depot's vehicles.
  const int layers = int(depots.size());
  auto in_row = [&](int k, std::size_t v) { return int(n + std::size_t(k) * 2 * n + v); };
  auto out_row = [&](int k, std::size_t v) { return int(n + std::size_t(k) * 2 * n + n + v); };
  auto cap_row = [&](int k) { return int(n + std::size_t(layers) * 2 * n) + k; };
  Mip m;
  m.rows = cap_row(layers);
  auto column = [&](std::initializer_list<std::pair<int, double>> entries, double cost,
                    double upper) {
    std::vector<int> rows;
    std::vector<double> values;
    for (const auto& [r, v] : entries) {
      rows.push_back(r);
      values.push_back(v);
    }
    return m.add_column(rows, values, cost, 0, upper, true);
  };
  // Flow conservation as rows `inflow - outflow = 0`: an arc is +1 at its head, -1 at its tail.
  std::vector<Layer> layer(static_cast<std::size_t>(layers));
  const double big = double(n);
  for (int k = 0; k < layers; ++k) {
    auto& L = layer[std::size_t(k)];
    const auto& at = depots[std::size_t(k)].at;
    L.take.resize(n);
    L.pull_in.resize(n);
    for (std::size_t v = 0; v < n; ++v) {
      L.take[v] = column({{int(v), 1}, {in_row(k, v), -1}, {out_row(k, v), 1}}, 0, 1);
      if (next_on_line[v] >= 0)  // waiting for the next departure on the line
        column({{in_row(k, v), -1}, {in_row(k, std::size_t(next_on_line[v])), 1}}, 0, big);
      L.pull_in[v] =
          column({{out_row(k, v), -1}}, double(deadhead_metres(stops[trips[v].end_stop], at)), 1);
    }
    for (std::size_t l = 0; l < line_stop.size(); ++l)
      L.pull_out.push_back(column({{in_row(k, line_first[l]), 1}, {cap_row(k), 1}},
                                  kVehicleCost + double(deadhead_metres(at, stops[line_stop[l]])),
                                  big));
    for (const auto& a : net.arcs)
      L.arc.push_back(
          column({{out_row(k, a.from), -1}, {in_row(k, a.to), 1}}, double(a.metres), 1));
  }
  m.row_lower.assign(std::size_t(m.rows), 0.0);
  m.row_upper.assign(std::size_t(m.rows), 0.0);
  for (std::size_t v = 0; v < n; ++v) m.row_lower[v] = m.row_upper[v] = 1;
  for (int k = 0; k < layers; ++k) {
    const int cap = depots[std::size_t(k)].vehicles;
    m.row_upper[std::size_t(cap_row(k))] = cap > 0 ? double(cap) : Mip::kInfinity;
  }
  out.variables = m.cost.size();

  auto solved = solve_mip(m, time_limit_s);
  if (!solved) return fail(solved.error());
  if (solved->infeasible)
    return fail(Error::rule_violation("depot_capacity", "车场车辆数不足以完成全部班次"));
  out.optimal = solved->optimal;
  out.seconds = solved->seconds;
  const auto& x = solved->x;
  auto on = [&](int j) { return long(std::lround(x[std::size_t(j)])); };

  // Per layer, pair the vehicles entering each line with the departures taken in it, in line
  // order (any pairing works: the vehicles waiting on a line are alike); -1 enters from the depot.
  std::vector<std::int64_t> next(n, -1);
  std::vector<int> depot_of_trip(n, -1);
  std::vector<bool> has_prev(n, false);
  for (int k = 0; k < layers; ++k) {
    const auto& L = layer[std::size_t(k)];
    std::vector<std::vector<std::int64_t>> entering(n);
    for (std::size_t l = 0; l < line_stop.size(); ++l)
      for (long c = on(L.pull_out[l]); c > 0; --c) {
        entering[line_first[l]].push_back(-1);
        out.depot_m += deadhead_metres(depots[std::size_t(k)].at, stops[line_stop[l]]);
      }
    for (std::size_t i = 0; i < net.arcs.size(); ++i)
      if (on(L.arc[i]) > 0) {
        entering[net.arcs[i].to].push_back(net.arcs[i].from);
        out.plan.deadhead_m += net.arcs[i].metres;
      }
    for (std::size_t v = 0; v < n; ++v)
      if (on(L.pull_in[v]) > 0)
        out.depot_m += deadhead_metres(stops[trips[v].end_stop], depots[std::size_t(k)].at);
    for (const auto& [stop, line] : net.lines) {
      std::deque<std::int64_t> waiting;
      for (auto v : line) {
        for (auto u : entering[v]) waiting.push_back(u);
        if (on(L.take[v]) == 0) continue;
        if (waiting.empty()) return fail(Error::internal("多车场排班的解不守恒"));
        depot_of_trip[v] = k;
        if (waiting.front() >= 0) {
          next[std::size_t(waiting.front())] = v;
          has_prev[v] = true;
        }
        waiting.pop_front();
      }
    }
  }
  std::vector<std::uint32_t> heads;
  for (std::uint32_t v = 0; v < n; ++v) {
    if (depot_of_trip[v] < 0) return fail(Error::internal("多车场排班的解漏掉了班次"));
    if (!has_prev[v]) heads.push_back(v);
  }
  std::sort(heads.begin(), heads.end(), [&](std::uint32_t a, std::uint32_t b) {
    return std::pair(trips[a].departure, a) < std::pair(trips[b].departure, b);
  });
  for (auto h : heads) {
    const int b = int(out.plan.blocks.size());
    auto& block = out.plan.blocks.emplace_back();
    for (std::int64_t v = h; v >= 0; v = next[std::size_t(v)]) {
      block.push_back(std::uint32_t(v));
      out.plan.block_of[std::size_t(v)] = b;
    }
    out.depot_of.push_back(depot_of_trip[h]);
    ++out.per_depot[std::size_t(depot_of_trip[h])];
  }
  out.plan.vehicles = int(out.plan.blocks.size());
  out.plan.arcs = net.arcs.size();
  return out;
}

}  // namespace zt::transit::scheduling

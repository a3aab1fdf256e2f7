#include "transit/scheduling/flow_demand.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "transit/flow/boarding.hpp"
#include "transit/flow/flow_store.hpp"

namespace zt::transit::scheduling {

Result<std::vector<DemandRow>> flow_demand_rows(Store& store, const Network& n, Date day,
                                                const std::string& route_id, int direction) {
  auto stored = flow::find_flow_day(store, day);
  if (!stored) return fail(stored.error());
  if (!*stored) return fail(Error::not_found(format_date(day) + " 没有客流分析数据"));
  auto segs = flow::load_segments(store, day, route_id, direction, 0, 23);
  if (!segs) return fail(segs.error());
  if (segs->empty())
    return fail(Error::invalid(
        fmt::format("{} 的客流分析没有该线路该方向的断面客流", format_date(day)), "flow_date"));
  // One order of the segments for every hour: by their earliest place along the trips.
  std::map<std::pair<std::string, std::string>, int> first_seq;
  for (const auto& s : *segs) {
    auto [it, fresh] = first_seq.try_emplace({s.from_stop, s.to_stop}, s.seq);
    if (!fresh) it->second = std::min(it->second, s.seq);
  }
  std::vector<std::pair<int, std::pair<std::string, std::string>>> order;
  for (const auto& [pair, seq] : first_seq) order.push_back({seq, pair});
  std::stable_sort(order.begin(), order.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::map<std::pair<std::string, std::string>, int> index;
  std::map<int, double> km;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const auto& [from, to] = order[i].second;
    index[order[i].second] = int(i);
    auto a = n.find_stop(from), b = n.find_stop(to);
    // A stop an older feed had: the segment keeps a nominal length, so the profile still adds up.
    km[int(i)] = a && b ? std::max(0.05, flow::stop_metres(n, *a, *b) / 1000) : 0.4;
  }
  std::vector<DemandRow> rows;
  rows.reserve(segs->size());
  for (const auto& s : *segs) {
    const int seg = index.at({s.from_stop, s.to_stop});
    rows.push_back({route_id, direction, s.hour, seg, s.riders, km[seg]});
  }
  return rows;
}

}  // namespace zt::transit::scheduling

#include "transit/scheduling/day_duties.hpp"

#include <algorithm>
#include <cmath>

#include "core/csv.hpp"

namespace zt::transit::scheduling {

Result<DayDuties> day_duties(const Network& n, const DayBlocks& blocks, const DutyRules& rules,
                             const PartitionOptions& o, DutyLimits limits) {
  DayDuties d;
  auto c = duty_candidates(blocks.timed, stop_points(n.feed()), blocks.plan, rules, limits);
  if (!c) return fail(c.error());
  d.candidates = std::move(*c);
  auto r = solve_partition(d.candidates.problem, o);
  if (!r) return fail(r.error());
  d.chosen = std::move(*r);
  return d;
}

void write_duties_csv(const Network& n, const DayBlocks& b, const DayDuties& d, std::ostream& out) {
  const auto& cand = d.candidates;
  auto first_departure = [&](int duty) {
    const auto& p = cand.pieces[std::size_t(cand.duties[std::size_t(duty)].front())];
    return b.timed[b.plan.blocks[std::size_t(p.block)][p.first]].departure;
  };
  std::vector<int> order = d.chosen.columns;
  std::sort(order.begin(), order.end(), [&](int x, int y) {
    return std::pair(first_departure(x), x) < std::pair(first_departure(y), y);
  });
  out << "duty_id,piece,block_id,trip_id,start,end\n";
  const int width = std::max(3, int(std::to_string(order.size()).size()));
  for (std::size_t k = 0; k < order.size(); ++k) {
    std::string id = std::to_string(k + 1);
    id = "D" + std::string(std::size_t(std::max(0, width - int(id.size()))), '0') + id;
    const auto& duty = cand.duties[std::size_t(order[k])];
    for (std::size_t p = 0; p < duty.size(); ++p) {
      const auto& piece = cand.pieces[std::size_t(duty[p])];
      for (auto i = piece.first; i <= piece.last; ++i) {
        const auto t = b.plan.blocks[std::size_t(piece.block)][i];
        const std::string trip = csv_field(n.feed().trips[b.trips[t].trip].id);
        out << id << ',' << p + 1 << ',' << block_name(piece.block, b.plan.vehicles) << ',' << trip
            << ',' << format_gtfs_time(b.timed[t].departure) << ','
            << format_gtfs_time(b.timed[t].arrival) << '\n';
      }
    }
  }
}

nlohmann::json duties_summary(const DayBlocks& b, const DayDuties& d) {
  double paid = 0;
  for (int j : d.chosen.columns) paid += d.candidates.problem.columns[std::size_t(j)].cost;
  return {{"date", format_date(b.date)},
          {"duties", d.chosen.columns.size()},
          {"vehicles", b.plan.vehicles},
          {"trips", b.trips.size()},
          {"pieces", d.candidates.pieces.size()},
          {"candidates", d.candidates.duties.size()},
          {"paid_hours", std::round(paid / 60 * 100) / 100},
          {"optimal", d.chosen.optimal},
          {"bound", std::round(d.chosen.bound * 1e6) / 1e6},
          {"seconds", std::round(d.chosen.seconds * 1000) / 1000}};
}

}  // namespace zt::transit::scheduling

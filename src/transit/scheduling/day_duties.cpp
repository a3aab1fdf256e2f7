#include "transit/scheduling/day_duties.hpp"

#include <algorithm>
#include <cmath>

#include "core/csv.hpp"

namespace zt::transit::scheduling {

namespace {

// The search names a trip no driver can drive by its place in the day; a planner needs the
// trip itself: its id, route and times.
Error name_the_trip(const Network& n, const DayBlocks& b, const std::vector<StopPoint>& stops,
                    const DutyRules& rules, Error e) {
  if (e.rule != "duty_trip_too_long") return e;
  const DutyRules cut = piece_rules(rules);
  const auto& f = n.feed();
  for (std::size_t t = 0; t < b.timed.size(); ++t) {
    if (duty_obeys({{b.timed[t]}}, stops, cut)) continue;
    const auto& trip = f.trips[b.trips[t].trip];
    e.message = "班次 " + trip.id + "（线路 " + trip.route_id + "，" +
                format_gtfs_time(b.timed[t].departure).substr(0, 5) + "–" +
                format_gtfs_time(b.timed[t].arrival).substr(0, 5) + "，驾驶 " +
                std::to_string((b.timed[t].arrival - b.timed[t].departure) / 60) +
                " 分钟）单独一人也无法按排班规则完成：请放宽连续驾驶、日驾驶或工作跨度上限";
    break;
  }
  return e;
}

}  // namespace

Result<DayDuties> day_duties(const Network& n, const DayBlocks& blocks, const DutyRules& rules,
                             const PartitionOptions& o, DutyLimits limits, DutyMethod method) {
  DayDuties d;
  const auto stops = stop_points(n.feed());
  if (method != DutyMethod::kGenerate) {
    auto c = duty_candidates(blocks.timed, stops, blocks.plan, rules, limits);
    if (c) {
      d.candidates = std::move(*c);
      auto r = solve_partition(d.candidates.problem, o);
      if (!r) return fail(r.error());
      d.chosen = std::move(*r);
      return d;
    }
    if (method == DutyMethod::kEnumerate || c.error().rule != "duty_candidates_limit")
      return fail(name_the_trip(n, blocks, stops, rules, c.error()));
  }
  auto g = generate_duties(blocks.timed, stops, blocks.plan, rules, o,
                           {.time_limit_s = std::max(1.0, o.time_limit_s)});
  if (!g) return fail(name_the_trip(n, blocks, stops, rules, g.error()));
  d.candidates = std::move(g->candidates);
  d.chosen = std::move(g->chosen);
  d.generated = true;
  d.rounds = g->rounds;
  return d;
}

std::vector<DutySheetRow> duty_sheet(const DayBlocks& b, const DayDuties& d) {
  const auto& cand = d.candidates;
  auto first_departure = [&](int duty) {
    const auto& p = cand.pieces[std::size_t(cand.duties[std::size_t(duty)].front())];
    return b.timed[b.plan.blocks[std::size_t(p.block)][p.first]].departure;
  };
  std::vector<int> order = d.chosen.columns;
  std::sort(order.begin(), order.end(), [&](int x, int y) {
    return std::pair(first_departure(x), x) < std::pair(first_departure(y), y);
  });
  const int width = std::max(3, int(std::to_string(order.size()).size()));
  std::vector<DutySheetRow> out;
  out.reserve(order.size());
  for (std::size_t k = 0; k < order.size(); ++k) {
    DutySheetRow row;
    const std::string digits = std::to_string(k + 1);
    row.id = "D" + std::string(std::size_t(std::max(0, width - int(digits.size()))), '0') + digits;
    const BlockTrip* prev = nullptr;
    for (int p : cand.duties[std::size_t(order[k])]) {
      const auto& piece = cand.pieces[std::size_t(p)];
      DutySheetPiece sp{piece.block, {}};
      for (auto i = piece.first; i <= piece.last; ++i) {
        const auto t = b.plan.blocks[std::size_t(piece.block)][i];
        const auto& bt = b.timed[t];
        if (prev) row.longest_gap_s = std::max(row.longest_gap_s, bt.departure - prev->arrival);
        row.driving_s += bt.arrival - bt.departure;
        prev = &bt;
        sp.trips.push_back(t);
      }
      row.pieces.push_back(std::move(sp));
    }
    row.first_departure = b.timed[row.pieces.front().trips.front()].departure;
    row.last_arrival = b.timed[row.pieces.back().trips.back()].arrival;
    out.push_back(std::move(row));
  }
  return out;
}

void write_duties_csv(const Network& n, const DayBlocks& b, const DayDuties& d, std::ostream& out) {
  out << "duty_id,piece,block_id,trip_id,start,end\n";
  for (const auto& row : duty_sheet(b, d))
    for (std::size_t p = 0; p < row.pieces.size(); ++p)
      for (auto t : row.pieces[p].trips) {
        const std::string trip = csv_field(n.feed().trips[b.trips[t].trip].id);
        out << row.id << ',' << p + 1 << ',' << block_name(row.pieces[p].block, b.plan.vehicles)
            << ',' << trip << ',' << format_gtfs_time(b.timed[t].departure) << ','
            << format_gtfs_time(b.timed[t].arrival) << '\n';
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
          {"seconds", std::round(d.chosen.seconds * 1000) / 1000},
          {"method", d.generated ? "column_generation" : "enumeration"},
          {"rounds", d.rounds}};
}

}  // namespace zt::transit::scheduling

#include "transit/scheduling/duty_candidates.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace zt::transit::scheduling {
namespace {

// Seconds to walk between two stops at 1 m/s, or -1 when the relief is not allowed there.
int relief_seconds(const BlockTrip& from, const BlockTrip& to, const std::vector<StopPoint>& stops,
                   const DutyRules& r) {
  if (from.end_stop == to.start_stop) return 0;
  if (r.relief_walk_m <= 0) return -1;
  const auto m = deadhead_metres(stops[from.end_stop], stops[to.start_stop]);
  return double(m) <= r.relief_walk_m ? int(m) : -1;
}

}  // namespace

bool duty_obeys(const std::vector<std::vector<BlockTrip>>& pieces,
                const std::vector<StopPoint>& stops, const DutyRules& r) {
  if (pieces.empty() || int(pieces.size()) > r.max_pieces) return false;
  const int brk = r.min_break_min * 60;
  const BlockTrip* prev = nullptr;
  int continuous = 0, driving = 0, longest_gap = 0;
  for (std::size_t p = 0; p < pieces.size(); ++p) {
    if (pieces[p].empty()) return false;
    for (std::size_t k = 0; k < pieces[p].size(); ++k) {
      const auto& t = pieces[p][k];
      if (prev) {
        const int gap = t.departure - prev->arrival;
        if (gap < 0) return false;
        if (k == 0) {  // a relief: the driver changes vehicles during a break
          const int walk = relief_seconds(*prev, t, stops, r);
          if (walk < 0 || gap < brk + walk) return false;
          if (!r.allow_split && gap >= r.split_gap_min * 60) return false;
        }
        if (gap >= brk) continuous = 0;
        longest_gap = std::max(longest_gap, gap);
      }
      continuous += t.arrival - t.departure;
      driving += t.arrival - t.departure;
      if (continuous > r.max_continuous_driving_min * 60) return false;
      prev = &t;
    }
  }
  const int spread =
      (r.sign_on_min + r.sign_off_min) * 60 + prev->arrival - pieces.front().front().departure;
  if (driving > r.max_driving_min * 60 || spread > r.max_spread_min * 60) return false;
  if (r.meal_break_min > 0 && spread > r.meal_after_min * 60 && longest_gap < r.meal_break_min * 60)
    return false;
  return true;
}

Result<DutyCandidates> duty_candidates(const std::vector<BlockTrip>& trips,
                                       const std::vector<StopPoint>& stops, const BlockPlan& plan,
                                       const DutyRules& rules, DutyLimits limits) {
  DutyCandidates out;
  // The rules without the meal break: a duty breaking them breaks them however it is extended
  // (a later piece can bring the meal break, nothing else), so they cut pieces and prune.
  DutyRules cut = rules;
  cut.meal_break_min = 0;
  auto trips_of = [&](const Piece& p) {
    std::vector<BlockTrip> v;
    for (auto k = p.first; k <= p.last; ++k)
      v.push_back(trips[plan.blocks[std::size_t(p.block)][k]]);
    return v;
  };
  // Pieces: runs of a block's trips that a driver may drive alone; longer runs only break more.
  for (std::size_t b = 0; b < plan.blocks.size(); ++b) {
    const auto& block = plan.blocks[b];
    for (std::uint32_t i = 0; i < block.size(); ++i) {
      for (std::uint32_t j = i; j < block.size(); ++j) {
        Piece p{int(b), i, j};
        if (!duty_obeys({trips_of(p)}, stops, cut)) {
          if (i == j)
            return fail(Error::rule_violation(
                "duty_trip_too_long",
                "第 " + std::to_string(block[i]) +
                    " 个班次单独一人也无法按排班规则完成（连续驾驶、驾驶或工作时长超限）"));
          break;
        }
        out.pieces.push_back(p);
      }
    }
  }
  auto start = [&](int p) {
    const auto& x = out.pieces[std::size_t(p)];
    return trips[plan.blocks[std::size_t(x.block)][x.first]].departure;
  };
  auto end = [&](int p) {
    const auto& x = out.pieces[std::size_t(p)];
    return trips[plan.blocks[std::size_t(x.block)][x.last]].arrival;
  };
  std::vector<int> by_start(out.pieces.size());
  for (std::size_t i = 0; i < by_start.size(); ++i) by_start[i] = int(i);
  std::sort(by_start.begin(), by_start.end(),
            [&](int a, int b) { return std::pair(start(a), a) < std::pair(start(b), b); });
  const int brk = rules.min_break_min * 60;
  const int spread = (rules.max_spread_min - rules.sign_on_min - rules.sign_off_min) * 60;

  // Duties: each piece followed by later ones after a break, as long as the spread allows; the
  // whole duty checked by duty_obeys, the same rule the pieces were cut by.
  std::vector<int> duty;
  bool over = false;
  auto extend = [&](auto&& self) -> void {
    if (over) return;
    std::vector<std::vector<BlockTrip>> parts;
    for (int p : duty) parts.push_back(trips_of(out.pieces[std::size_t(p)]));
    if (!duty_obeys(parts, stops, cut)) return;
    if (duty_obeys(parts, stops, rules)) {
      if (out.duties.size() >= limits.max_candidates) {
        over = true;
        return;
      }
      out.duties.push_back(duty);
    }
    if (int(duty.size()) >= rules.max_pieces) return;
    const int ready = end(duty.back()) + brk;
    auto it = std::lower_bound(by_start.begin(), by_start.end(), ready,
                               [&](int p, int t) { return start(p) < t; });
    for (; it != by_start.end() && start(*it) - start(duty.front()) <= spread; ++it) {
      if (end(*it) - start(duty.front()) > spread) continue;
      // The next run of the same vehicle is the longer piece already generated.
      const auto& a = out.pieces[std::size_t(duty.back())];
      const auto& b = out.pieces[std::size_t(*it)];
      if (a.block == b.block && b.first == a.last + 1) continue;
      duty.push_back(*it);
      self(self);
      duty.pop_back();
    }
  };
  for (int p : by_start) {
    duty.assign(1, p);
    extend(extend);
  }
  if (over)
    return fail(Error::rule_violation("duty_candidates_limit",
                                      "候选班型超过 " + std::to_string(limits.max_candidates) +
                                          " 个：请按线路或时段分开排班（列生成尚未实现）"));

  // Rows are the trips; each duty's cost is its paid spread in minutes.
  out.problem.rows = int(trips.size());
  for (const auto& d : out.duties) {
    SetPartition::Column c;
    for (int p : d) {
      const auto& x = out.pieces[std::size_t(p)];
      for (auto k = x.first; k <= x.last; ++k)
        c.rows.push_back(int(plan.blocks[std::size_t(x.block)][k]));
    }
    std::sort(c.rows.begin(), c.rows.end());
    c.cost = double(end(d.back()) - start(d.front())) / 60 + rules.sign_on_min + rules.sign_off_min;
    out.problem.columns.push_back(std::move(c));
  }
  return out;
}

}  // namespace zt::transit::scheduling

#include "transit/scheduling/duty_search.hpp"

#include <algorithm>
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

DutyRules piece_rules(DutyRules r) {
  r.meal_break_min = 0;
  return r;
}

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

Result<DutySearch> DutySearch::make(const std::vector<BlockTrip>& trips,
                                    const std::vector<StopPoint>& stops, const BlockPlan& plan,
                                    const DutyRules& rules) {
  DutySearch s;
  s.stops_ = stops;
  s.blocks_ = plan.blocks;
  s.rules_ = rules;
  const DutyRules cut = piece_rules(rules);
  // Pieces: runs of a block's trips that a driver may drive alone; longer runs only break more.
  for (std::size_t b = 0; b < plan.blocks.size(); ++b) {
    const auto& block = plan.blocks[b];
    for (std::uint32_t i = 0; i < block.size(); ++i) {
      std::vector<BlockTrip> run;
      for (std::uint32_t j = i; j < block.size(); ++j) {
        run.push_back(trips[block[j]]);
        if (!duty_obeys({run}, stops, cut)) {
          if (i == j)
            return fail(Error::rule_violation(
                "duty_trip_too_long",
                "第 " + std::to_string(block[i]) +
                    " 个班次单独一人也无法按排班规则完成（连续驾驶、驾驶或工作时长超限）"));
          break;
        }
        s.pieces_.push_back({int(b), i, j});
        s.piece_trips_.push_back(run);
        s.start_.push_back(run.front().departure);
        s.end_.push_back(run.back().arrival);
      }
    }
  }
  s.by_start_.resize(s.pieces_.size());
  for (std::size_t i = 0; i < s.by_start_.size(); ++i) s.by_start_[i] = int(i);
  std::sort(s.by_start_.begin(), s.by_start_.end(),
            [&](int a, int b) { return std::pair(s.start(a), a) < std::pair(s.start(b), b); });
  return s;
}

std::vector<std::uint32_t> DutySearch::rows(int piece) const {
  const auto& p = pieces_[std::size_t(piece)];
  const auto& block = blocks_[std::size_t(p.block)];
  return {block.begin() + p.first, block.begin() + p.last + 1};
}

std::size_t DutySearch::first_from(int t) const {
  return std::size_t(std::lower_bound(by_start_.begin(), by_start_.end(), t,
                                      [&](int p, int x) { return start(p) < x; }) -
                     by_start_.begin());
}

void DutySearch::walk(const std::function<bool(const Duty&)>& visit,
                      const std::function<bool(const Duty&)>& extend,
                      const std::function<bool(const Duty&, int)>& admit) const {
  const DutyRules cut = piece_rules(rules_);
  const int brk = rules_.min_break_min * 60;
  const int spread = (rules_.max_spread_min - rules_.sign_on_min - rules_.sign_off_min) * 60;
  std::vector<int> duty;
  std::vector<std::vector<BlockTrip>> parts;
  bool stop = false;
  // Each piece followed by later ones after a break, as long as the spread allows; the whole
  // duty checked by duty_obeys, the same rule the pieces were cut by.
  auto grow = [&](auto&& self) -> void {
    if (stop || !duty_obeys(parts, stops_, cut)) return;
    if (duty_obeys(parts, stops_, rules_) && !visit(duty)) {
      stop = true;
      return;
    }
    if (int(duty.size()) >= rules_.max_pieces || !extend(duty)) return;
    const int first = start(duty.front());
    const auto& a = pieces_[std::size_t(duty.back())];
    for (auto i = first_from(end(duty.back()) + brk);
         i < by_start_.size() && start(by_start_[i]) - first <= spread; ++i) {
      const int next = by_start_[i];
      if (end(next) - first > spread) continue;
      // The next run of the same vehicle is the longer piece already generated.
      const auto& b = pieces_[std::size_t(next)];
      if (a.block == b.block && b.first == a.last + 1) continue;
      if (admit && !admit(duty, next)) continue;
      duty.push_back(next);
      parts.push_back(piece_trips_[std::size_t(next)]);
      self(self);
      parts.pop_back();
      duty.pop_back();
      if (stop) return;
    }
  };
  for (int p : by_start_) {
    duty.assign(1, p);
    parts.assign(1, piece_trips_[std::size_t(p)]);
    grow(grow);
    if (stop) return;
  }
}

}  // namespace zt::transit::scheduling

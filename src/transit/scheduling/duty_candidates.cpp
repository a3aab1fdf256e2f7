#include "transit/scheduling/duty_candidates.hpp"

#include <algorithm>
#include <string>

namespace zt::transit::scheduling {

Result<DutyCandidates> duty_candidates(const std::vector<BlockTrip>& trips,
                                       const std::vector<StopPoint>& stops, const BlockPlan& plan,
                                       const DutyRules& rules, DutyLimits limits) {
  auto search = DutySearch::make(trips, stops, plan, rules);
  if (!search) return fail(search.error());
  DutyCandidates out;
  out.pieces = search->pieces();
  bool over = false;
  search->walk(
      [&](const std::vector<int>& duty) {
        if (out.duties.size() >= limits.max_candidates) {
          over = true;
          return false;
        }
        out.duties.push_back(duty);
        return true;
      },
      [](const std::vector<int>&) { return true; });
  if (over)
    return fail(Error::rule_violation(
        "duty_candidates_limit",
        "候选班型超过 " + std::to_string(limits.max_candidates) + " 个：请按线路或时段分开排班"));

  // Rows are the trips; each duty's cost is its paid spread in minutes.
  out.problem.rows = int(trips.size());
  for (const auto& d : out.duties) {
    SetPartition::Column c;
    for (int p : d) {
      const auto r = search->rows(p);
      c.rows.insert(c.rows.end(), r.begin(), r.end());
    }
    std::sort(c.rows.begin(), c.rows.end());
    c.cost = double(search->end(d.back()) - search->start(d.front())) / 60 + rules.sign_on_min +
             rules.sign_off_min;
    out.problem.columns.push_back(std::move(c));
  }
  return out;
}

}  // namespace zt::transit::scheduling

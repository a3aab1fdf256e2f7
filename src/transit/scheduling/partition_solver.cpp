#include "transit/scheduling/partition_solver.hpp"

#include <cmath>
#include <string>

#include "transit/scheduling/mip.hpp"

namespace zt::transit::scheduling {

Result<PartitionResult> solve_partition(const SetPartition& sp, const PartitionOptions& o) {
  // A row no column covers makes the instance infeasible; say which before asking CBC.
  std::vector<int> covered(std::size_t(sp.rows), 0);
  for (const auto& c : sp.columns)
    for (int r : c.rows) covered[std::size_t(r)] = 1;
  for (int r = 0; r < sp.rows; ++r)
    if (!covered[std::size_t(r)])
      return fail(Error::rule_violation("set_partition_infeasible",
                                        "第 " + std::to_string(r) + " 行没有任何列覆盖，无解"));

  Mip m;
  m.rows = sp.rows;
  std::vector<double> ones;
  for (const auto& c : sp.columns) {
    ones.assign(c.rows.size(), 1.0);
    m.add_column(c.rows, ones, o.by_cost ? c.cost : 1.0, 0, 1, true);
  }
  m.row_lower.assign(std::size_t(sp.rows), 1.0);
  m.row_upper.assign(std::size_t(sp.rows), o.covering ? Mip::kInfinity : 1.0);

  auto solved = solve_mip(m, o.time_limit_s);
  if (!solved) return fail(solved.error());
  if (solved->infeasible)
    return fail(
        Error::rule_violation("set_partition_infeasible", "没有恰好覆盖每一行一次的列组合，无解"));
  PartitionResult out;
  out.optimal = solved->optimal;
  out.bound = solved->bound;
  for (int j = 0; j < int(solved->x.size()); ++j)
    if (solved->x[std::size_t(j)] > 0.5) out.columns.push_back(j);
  // CBC's answer checked against the rows: each covered once (or at least once).
  std::vector<int> times(std::size_t(sp.rows), 0);
  for (int j : out.columns)
    for (int r : sp.columns[std::size_t(j)].rows) ++times[std::size_t(r)];
  for (int r = 0; r < sp.rows; ++r)
    if (times[std::size_t(r)] == 0 || (!o.covering && times[std::size_t(r)] > 1))
      return fail(Error::internal("CBC 的解覆盖第 " + std::to_string(r) + " 行 " +
                                  std::to_string(times[std::size_t(r)]) + " 次"));
  out.seconds = solved->seconds;
  for (int j : out.columns) out.objective += o.by_cost ? sp.columns[std::size_t(j)].cost : 1.0;
  return out;
}

nlohmann::json partition_summary(const SetPartition& sp, const PartitionResult& r) {
  nlohmann::json j{{"duties", r.columns.size()},
                   {"columns", r.columns},
                   {"objective", r.objective},
                   {"bound", std::round(r.bound * 1e6) / 1e6},
                   {"optimal", r.optimal},
                   {"seconds", std::round(r.seconds * 1000) / 1000},
                   {"rows", sp.rows},
                   {"candidates", sp.columns.size()}};
  if (sp.known) j["known"] = *sp.known;
  return j;
}

}  // namespace zt::transit::scheduling

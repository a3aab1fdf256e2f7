// A mixed-integer programme solved by COIN-OR CBC, for the scheduling problems that are theirs
// (set partitioning of duties, multi-depot vehicle blocks). CBC's driver keeps state of its own,
// so solves are serialised on a lock inside; safe to call from any thread.
#pragma once

#include <limits>
#include <span>
#include <vector>

#include "core/error.hpp"

namespace zt::transit::scheduling {

// min cost·x  subject to  row_lower <= A x <= row_upper,  col_lower <= x <= col_upper, the
// columns in `integers` whole. Built a column at a time; CBC's headers stay out of callers.
struct Mip {
  static constexpr double kInfinity = std::numeric_limits<double>::max();
  int rows = 0;
  std::vector<double> row_lower, row_upper;  // `rows` each
  std::vector<int> starts{0}, indices;       // column j: indices[starts[j] .. starts[j + 1])
  std::vector<double> values, col_lower, col_upper, cost;
  std::vector<int> integers;

  int columns() const { return int(cost.size()); }
  // Adds a column with entries (row, value), rows < `rows`; returns its index.
  int add_column(std::span<const int> rows_of, std::span<const double> values_of, double c,
                 double lower, double upper, bool integer);
};

struct MipResult {
  std::vector<double> x;  // the best solution found (empty when none)
  double objective = 0;
  double bound = 0;  // CBC's proven lower bound
  bool optimal = false;
  bool infeasible = false;  // proven: no solution exists
  double seconds = 0;
};

// Fails (internal) only when CBC stops within the time limit without any solution and without
// proving there is none.
Result<MipResult> solve_mip(const Mip& m, double time_limit_s);

}  // namespace zt::transit::scheduling

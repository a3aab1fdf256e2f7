// Set partitioning (each row covered exactly once) or covering (at least once) solved exactly
// with COIN-OR CBC: fewest columns, or least cost. For crew duties (司机排班): the rows are the
// pieces of work, the columns candidate duties.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "transit/scheduling/set_partition.hpp"

namespace zt::transit::scheduling {

struct PartitionOptions {
  bool covering = false;     // rows covered at least once instead of exactly once
  bool by_cost = false;      // minimise the columns' cost instead of their number
  double time_limit_s = 60;  // CBC stops there with the best solution found (optimal = false)
};

struct PartitionResult {
  std::vector<int> columns;  // chosen, ascending, 0-based
  double objective = 0;      // number of columns, or their cost
  double bound = 0;          // CBC's proven lower bound
  bool optimal = false;      // proven
  double seconds = 0;
};

// Fails (rule violation "set_partition_infeasible") when no partition exists, or (internal)
// when CBC stops within the time limit without any solution. CBC's driver keeps state of its
// own, so calls are serialised on a lock inside; safe to call from any thread.
Result<PartitionResult> solve_partition(const SetPartition& sp, const PartitionOptions& o);

// {"duties","columns","objective","bound","optimal","seconds","rows","candidates","known"}
nlohmann::json partition_summary(const SetPartition& sp, const PartitionResult& r);

}  // namespace zt::transit::scheduling

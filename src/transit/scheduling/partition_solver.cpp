#include "transit/scheduling/partition_solver.hpp"

#include <chrono>
#include <cmath>
#include <mutex>
#include <string>

#include <CbcModel.hpp>
#include <CbcSolver.hpp>
#include <CoinPackedMatrix.hpp>
#include <OsiClpSolverInterface.hpp>

namespace zt::transit::scheduling {
namespace {

// CbcMain1 keeps statics of its own (parameters, the message state); one solve at a time.
std::mutex& cbc_lock() {
  static std::mutex m;
  return m;
}

int no_callback(CbcModel*, int) { return 0; }

}  // namespace

Result<PartitionResult> solve_partition(const SetPartition& sp, const PartitionOptions& o) {
  // A row no column covers makes the instance infeasible; say which before asking CBC.
  std::vector<int> covered(std::size_t(sp.rows), 0);
  for (const auto& c : sp.columns)
    for (int r : c.rows) covered[std::size_t(r)] = 1;
  for (int r = 0; r < sp.rows; ++r)
    if (!covered[std::size_t(r)])
      return fail(Error::rule_violation("set_partition_infeasible",
                                        "第 " + std::to_string(r) + " 行没有任何列覆盖，无解"));

  const int n = int(sp.columns.size());
  CoinPackedMatrix matrix(true, 0, 0);  // column-ordered
  matrix.setDimensions(sp.rows, 0);
  std::vector<double> ones;
  for (const auto& c : sp.columns) {
    ones.assign(c.rows.size(), 1.0);
    matrix.appendCol(int(c.rows.size()), c.rows.data(), ones.data());
  }
  const auto cols = std::size_t(n);
  std::vector<double> lower(cols, 0.0), upper(cols, 1.0), cost(cols, 1.0);
  for (int j = 0; j < n; ++j)
    cost[std::size_t(j)] = o.by_cost ? sp.columns[std::size_t(j)].cost : 1.0;
  std::vector<double> row_lower(std::size_t(sp.rows), 1.0);
  std::vector<double> row_upper(std::size_t(sp.rows), o.covering ? COIN_DBL_MAX : 1.0);

  PartitionResult out;
  const auto t0 = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(cbc_lock());
    OsiClpSolverInterface lp;
    lp.messageHandler()->setLogLevel(0);
    lp.loadProblem(matrix, lower.data(), upper.data(), cost.data(), row_lower.data(),
                   row_upper.data());
    for (int j = 0; j < n; ++j) lp.setInteger(j);
    CbcModel model(lp);
    model.setLogLevel(0);
    model.messageHandler()->setLogLevel(0);
    CbcSolverUsefulData data;
    data.noPrinting_ = true;
    CbcMain0(model, data);
    const std::string seconds = std::to_string(std::max(1.0, o.time_limit_s));
    const char* argv[] = {"zhengtong", "-log", "0", "-sec", seconds.c_str(), "-solve", "-quit"};
    CbcMain1(int(std::size(argv)), argv, model, no_callback, data);
    out.optimal = model.isProvenOptimal();
    out.bound = model.getBestPossibleObjValue();
    if (model.isProvenInfeasible())
      return fail(Error::rule_violation("set_partition_infeasible",
                                        "没有恰好覆盖每一行一次的列组合，无解"));
    const double* x = model.bestSolution();
    if (!x) return fail(Error::internal("CBC 在 " + seconds + " 秒内未找到可行解"));
    for (int j = 0; j < model.getNumCols() && j < n; ++j)
      if (x[j] > 0.5) out.columns.push_back(j);
  }
  // CBC's answer checked against the rows: each covered once (or at least once).
  std::vector<int> times(std::size_t(sp.rows), 0);
  for (int j : out.columns)
    for (int r : sp.columns[std::size_t(j)].rows) ++times[std::size_t(r)];
  for (int r = 0; r < sp.rows; ++r)
    if (times[std::size_t(r)] == 0 || (!o.covering && times[std::size_t(r)] > 1))
      return fail(Error::internal("CBC 的解覆盖第 " + std::to_string(r) + " 行 " +
                                  std::to_string(times[std::size_t(r)]) + " 次"));
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
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

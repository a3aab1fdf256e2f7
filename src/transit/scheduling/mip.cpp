#include "transit/scheduling/mip.hpp"

#include <algorithm>
#include <chrono>
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

int Mip::add_column(std::span<const int> rows_of, std::span<const double> values_of, double c,
                    double lower, double upper, bool integer) {
  indices.insert(indices.end(), rows_of.begin(), rows_of.end());
  values.insert(values.end(), values_of.begin(), values_of.end());
  starts.push_back(int(indices.size()));
  cost.push_back(c);
  col_lower.push_back(lower);
  col_upper.push_back(upper);
  const int j = columns() - 1;
  if (integer) integers.push_back(j);
  return j;
}

Result<MipResult> solve_mip(const Mip& m, double time_limit_s) {
  MipResult out;
  const auto t0 = std::chrono::steady_clock::now();
  std::lock_guard lock(cbc_lock());
  OsiClpSolverInterface lp;
  lp.messageHandler()->setLogLevel(0);
  // COIN's infinity is DBL_MAX too; the matrix is column-ordered as built.
  std::vector<int> lengths(std::size_t(m.columns()));
  for (int j = 0; j < m.columns(); ++j)
    lengths[std::size_t(j)] = m.starts[std::size_t(j) + 1] - m.starts[std::size_t(j)];
  const CoinPackedMatrix matrix(true, m.rows, m.columns(), CoinBigIndex(m.indices.size()),
                                m.values.data(), m.indices.data(), m.starts.data(), lengths.data());
  lp.loadProblem(matrix, m.col_lower.data(), m.col_upper.data(), m.cost.data(), m.row_lower.data(),
                 m.row_upper.data());
  for (int j : m.integers) lp.setInteger(j);
  CbcModel model(lp);
  model.setLogLevel(0);
  model.messageHandler()->setLogLevel(0);
  CbcSolverUsefulData data;
  data.noPrinting_ = true;
  CbcMain0(model, data);
  const std::string seconds = std::to_string(std::max(1.0, time_limit_s));
  const char* argv[] = {"zhengtong", "-log", "0", "-sec", seconds.c_str(), "-solve", "-quit"};
  CbcMain1(int(std::size(argv)), argv, model, no_callback, data);
  out.optimal = model.isProvenOptimal();
  out.bound = model.getBestPossibleObjValue();
  // Only a finished search proves there is no solution; one stopped by the clock proves nothing.
  out.infeasible = model.status() == 0 && model.isProvenInfeasible();
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (out.infeasible) return out;
  const double* x = model.bestSolution();
  if (!x) return fail(Error::internal("CBC 在 " + seconds + " 秒内未找到可行解"));
  const int n = std::min(model.getNumCols(), m.columns());
  out.x.assign(x, x + n);
  out.objective = model.getObjValue();
  return out;
}

}  // namespace zt::transit::scheduling

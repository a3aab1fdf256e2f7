#include "transit/scheduling/duty_generation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <queue>

#include <OsiClpSolverInterface.hpp>

namespace zt::transit::scheduling {
namespace {

constexpr double kEps = 1e-6;

// What a duty costs: one (counting duties) or its paid spread in minutes.
struct CostModel {
  bool by_cost = false;
  double paid_extra_min = 0;  // sign-on and sign-off
  double of(const DutySearch& s, const std::vector<int>& d) const {
    if (!by_cost) return 1;
    return double(s.end(d.back()) - s.start(d.front())) / 60 + paid_extra_min;
  }
  double per_second() const { return by_cost ? 1.0 / 60 : 0; }
};

struct Column {
  std::vector<int> duty;
  double cost = 0, reduced = 0;
};

// The restricted master: rows are the trips, columns the duties found so far plus one
// artificial column per row (so that it is always feasible) at a cost no duty reaches.
class Master {
 public:
  Master(int rows, bool covering, double artificial) {
    lp_.messageHandler()->setLogLevel(0);
    std::vector<double> lower(std::size_t(rows), 1.0);
    std::vector<double> upper(std::size_t(rows), covering ? lp_.getInfinity() : 1.0);
    CoinPackedMatrix empty(true, 0, 0);
    empty.setDimensions(rows, 0);
    lp_.loadProblem(empty, nullptr, nullptr, nullptr, lower.data(), upper.data());
    for (int r = 0; r < rows; ++r) {
      const double one = 1.0;
      lp_.addCol(1, &r, &one, 0.0, lp_.getInfinity(), artificial);
    }
  }
  void add(const std::vector<int>& rows, double cost) {
    std::vector<double> ones(rows.size(), 1.0);
    lp_.addCol(int(rows.size()), rows.data(), ones.data(), 0.0, lp_.getInfinity(), cost);
  }
  bool solve(bool first) {
    if (first)
      lp_.initialSolve();
    else
      lp_.resolve();
    return lp_.isProvenOptimal();
  }
  double value() const { return lp_.getObjValue(); }
  const double* duals() const { return lp_.getRowPrice(); }

 private:
  OsiClpSolverInterface lp_;
};

// H(q): the best that a chain of pieces starting with q can add to a duty's reduced cost,
// relaxed to time order and breaks only: -price(q) + min(end(q)·β, min over later q' of H(q')),
// β the cost per second of spread. Kept as suffix minima over the pieces by start, so the best
// continuation of anything ending at e is tail(e + break) - e·β.
class Tails {
 public:
  Tails(const DutySearch& s, const std::vector<double>& price, double beta) : s_(s) {
    const auto& order = s.by_start();
    const int brk = s.rules().min_break_min * 60;
    suffix_.assign(order.size() + 1, std::numeric_limits<double>::infinity());
    for (std::size_t i = order.size(); i-- > 0;) {
      const int q = order[i];
      const double after = suffix_[s.first_from(s.end(q) + brk)];
      const double h = -price[std::size_t(q)] + std::min(double(s.end(q)) * beta, after);
      suffix_[i] = std::min(suffix_[i + 1], h);
    }
  }
  // The best gain from pieces departing at or after t.
  double from(int t) const { return suffix_[s_.first_from(t)]; }

 private:
  const DutySearch& s_;
  std::vector<double> suffix_;
};

}  // namespace

Result<GeneratedDuties> generate_duties(const std::vector<BlockTrip>& trips,
                                        const std::vector<StopPoint>& stops, const BlockPlan& plan,
                                        const DutyRules& rules, const PartitionOptions& o,
                                        GenerationOptions g) {
  auto search = DutySearch::make(trips, stops, plan, rules);
  if (!search) return fail(search.error());
  const auto& s = *search;
  const int rows = int(trips.size());
  const CostModel cost{o.by_cost, double(rules.sign_on_min + rules.sign_off_min)};
  const double beta = cost.per_second();
  const int brk = rules.min_break_min * 60;
  const std::size_t per_round = g.columns_per_round ? g.columns_per_round : std::size_t(rows);
  const double artificial =
      o.by_cost ? 10.0 * (rules.max_spread_min + rules.sign_on_min + rules.sign_off_min) : 10.0;
  const auto t0 = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };

  GeneratedDuties out;
  out.candidates.pieces = s.pieces();
  out.candidates.problem.rows = rows;
  std::vector<std::vector<int>> piece_rows(s.pieces().size());
  for (std::size_t p = 0; p < piece_rows.size(); ++p) {
    const auto r = s.rows(int(p));
    piece_rows[p].assign(r.begin(), r.end());
  }
  Master master(rows, o.covering, artificial);
  auto add = [&](const std::vector<int>& duty, double c) {
    SetPartition::Column col;
    for (int p : duty)
      col.rows.insert(col.rows.end(), piece_rows[std::size_t(p)].begin(),
                      piece_rows[std::size_t(p)].end());
    std::sort(col.rows.begin(), col.rows.end());
    // The column's own cost is always its paid time (duties_summary adds it up).
    col.cost = double(s.end(duty.back()) - s.start(duty.front())) / 60 + cost.paid_extra_min;
    master.add(col.rows, c);
    out.candidates.duties.push_back(duty);
    out.candidates.problem.columns.push_back(std::move(col));
  };
  // The first columns: every piece as a duty of its own, where the rules allow it.
  s.walk(
      [&](const std::vector<int>& d) {
        add(d, cost.of(s, d));
        return true;
      },
      [](const std::vector<int>&) { return false; });

  std::vector<double> price(s.pieces().size());
  for (bool first = true;; first = false) {
    if (!master.solve(first)) return fail(Error::internal("CLP 未能求解列生成的主问题"));
    out.lp_value = master.value();
    ++out.rounds;
    if (out.rounds > g.max_rounds || elapsed() > g.time_limit_s) break;
    const double* pi = master.duals();
    for (std::size_t p = 0; p < price.size(); ++p) {
      double v = 0;
      for (int r : piece_rows[p]) v += pi[r];
      price[p] = v;
    }
    const Tails tails(s, price, beta);
    // The partial duty's reduced cost as if it ended now, and whether anything after its last
    // piece could still bring it below zero.
    auto reduced = [&](const std::vector<int>& d) {
      double v = cost.of(s, d);
      for (int p : d) v -= price[std::size_t(p)];
      return v;
    };
    auto hope = [&](double rc, int end) {
      return rc + std::min(0.0, tails.from(end + brk) - double(end) * beta) < -kEps;
    };
    // The most negative reduced costs found, worst on top.
    auto worse = [](const Column& a, const Column& b) { return a.reduced < b.reduced; };
    std::priority_queue<Column, std::vector<Column>, decltype(worse)> best(worse);
    s.walk(
        [&](const std::vector<int>& d) {
          const double rc = reduced(d);
          if (rc < -kEps && (best.size() < per_round || rc < best.top().reduced)) {
            best.push({d, cost.of(s, d), rc});
            if (best.size() > per_round) best.pop();
          }
          return true;
        },
        [&](const std::vector<int>& d) { return hope(reduced(d), s.end(d.back())); },
        [&](const std::vector<int>& d, int next) {
          // The duty with `next` and the best that could follow it.
          const double rc =
              reduced(d) + beta * double(s.end(next) - s.end(d.back())) - price[std::size_t(next)];
          return hope(rc, s.end(next));
        });
    if (best.empty()) {
      out.converged = true;
      break;
    }
    for (; !best.empty(); best.pop()) add(best.top().duty, best.top().cost);
  }

  PartitionOptions final_options = o;
  auto chosen = solve_partition(out.candidates.problem, final_options);
  if (!chosen) return fail(chosen.error());
  out.chosen = std::move(*chosen);
  if (out.converged) {
    // The relaxation over all duties bounds every partition; counting, a whole number.
    const double bound = o.by_cost ? out.lp_value : std::ceil(out.lp_value - kEps);
    out.chosen.bound = std::max(bound, 0.0);
    out.chosen.optimal = out.chosen.objective <= bound + kEps;
  } else {
    out.chosen.optimal = false;
  }
  out.chosen.seconds = elapsed();
  return out;
}

}  // namespace zt::transit::scheduling

// CBC reaches the proven minimum of every CSPLib 022 instance shipped in data/scheduling, with
// the chosen duties checked here to cover each piece of work exactly once.
#include "transit/scheduling/partition_solver.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

namespace zt::transit::scheduling {
namespace {

SetPartition instance(const std::string& name) {
  std::ifstream in(std::string(ZT_DATA_DIR) + "/scheduling/" + name, std::ios::binary);
  auto sp = parse_set_partition(std::string{std::istreambuf_iterator<char>(in), {}});
  EXPECT_TRUE(sp) << name;
  return sp ? *sp : SetPartition{};
}

void expect_partition(const SetPartition& sp, const std::vector<int>& columns) {
  std::vector<int> times(std::size_t(sp.rows), 0);
  for (int j : columns)
    for (int r : sp.columns[std::size_t(j)].rows) ++times[std::size_t(r)];
  for (int r = 0; r < sp.rows; ++r) EXPECT_EQ(times[std::size_t(r)], 1) << "row " << r;
}

struct Known {
  const char* file;
  int minimum;
};

class Csplib022 : public testing::TestWithParam<Known> {};

TEST_P(Csplib022, ReachesTheProvenMinimum) {
  auto sp = instance(GetParam().file);
  ASSERT_GT(sp.rows, 0);
  auto r = solve_partition(sp, {.time_limit_s = 60});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->optimal);
  EXPECT_EQ(int(r->columns.size()), GetParam().minimum);
  EXPECT_EQ(r->objective, GetParam().minimum);
  EXPECT_GE(r->bound, GetParam().minimum - 1e-6);
  expect_partition(sp, r->columns);
}

INSTANTIATE_TEST_SUITE_P(
    Instances, Csplib022,
    testing::Values(Known{"csplib022-t1.txt", 7}, Known{"csplib022-t2.txt", 19},
                    Known{"csplib022-r1.txt", 11}, Known{"csplib022-r2.txt", 14},
                    Known{"csplib022-r4.txt", 25}, Known{"csplib022-c1.txt", 26}),
    [](const auto& info) {
      std::string n = info.param.file;
      return n.substr(10, n.size() - 14);  // "t1"
    });

TEST(PartitionSolver, TinyByHandAndByCost) {
  // Rows 0-3. Columns: {0,1} {2,3} {0,1,2,3} {0} {1} {2,3}. Fewest: column 2 alone.
  SetPartition sp{4,
                  std::nullopt,
                  {{5, {0, 1}}, {5, {2, 3}}, {20, {0, 1, 2, 3}}, {1, {0}}, {1, {1}}, {1, {2, 3}}}};
  auto fewest = solve_partition(sp, {});
  ASSERT_TRUE(fewest) << fewest.error().message;
  EXPECT_EQ(fewest->columns, (std::vector<int>{2}));
  // Cheapest: {0} {1} {2,3} for 3.
  auto cheapest = solve_partition(sp, {.by_cost = true});
  ASSERT_TRUE(cheapest);
  EXPECT_EQ(cheapest->columns, (std::vector<int>{3, 4, 5}));
  EXPECT_EQ(cheapest->objective, 3);
  EXPECT_TRUE(cheapest->optimal);
}

TEST(PartitionSolver, InfeasibleIsARuleViolation) {
  // Row 2 is covered by no column.
  SetPartition none{3, std::nullopt, {{1, {0}}, {1, {1}}}};
  auto r = solve_partition(none, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().rule, "set_partition_infeasible");
  EXPECT_NE(r.error().message.find("第 2 行"), std::string::npos);
  // Every row covered, but only by overlapping columns: no exact partition, a cover exists.
  SetPartition overlap{3, std::nullopt, {{1, {0, 1}}, {1, {1, 2}}}};
  auto p = solve_partition(overlap, {});
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().rule, "set_partition_infeasible");
  auto c = solve_partition(overlap, {.covering = true});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->columns, (std::vector<int>{0, 1}));
}

}  // namespace
}  // namespace zt::transit::scheduling

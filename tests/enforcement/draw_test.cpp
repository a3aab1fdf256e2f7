// The draw is a pure function of (snapshot, seed): same in, same out, on any machine.
#include <set>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "core/digest.hpp"
#include "enforcement/draw.hpp"

namespace zt::enforcement {
namespace {

DrawInput population(int entities, int inspectors) {
  init_crypto();
  DrawInput in;
  in.seed = "2024-03-05 福彩3D 第2024058期 开奖号码 5 2 7";
  for (int i = 0; i < entities; ++i)
    in.entities.push_back({fmt::format("91411200MA{:08d}", i), fmt::format("企业{}", i),
                           "ABCD"[i % 10 < 3   ? 0
                                  : i % 10 < 8 ? 1
                                  : i % 10 < 9 ? 2
                                               : 3]});
  for (int i = 0; i < inspectors; ++i)
    in.inspectors.push_back({i + 1, fmt::format("ZF{:04d}", i), fmt::format("检查员{}", i), {}});
  return in;
}

TEST(Draw, SameSeedSameResultAnotherSeedAnother) {
  auto in = population(1000, 20);
  auto a = run_draw(in);
  auto b = run_draw(in);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(result_digest(in, *a), result_digest(in, *b));
  in.seed += "x";
  auto c = run_draw(in);
  ASSERT_TRUE(c);
  EXPECT_NE(result_digest(in, *a), result_digest(in, *c));
}

TEST(Draw, StratifiedByClassWithDistinctInspectors) {
  auto in = population(1000, 20);  // 300 A, 500 B, 100 C, 100 D
  in.percent = {5, 20, 60, 100};
  auto picks = run_draw(in);
  ASSERT_TRUE(picks);
  std::map<char, int> per_class;
  std::set<std::uint32_t> entities;
  for (const auto& p : *picks) {
    per_class[in.entities[p.entity].credit_class]++;
    EXPECT_TRUE(entities.insert(p.entity).second) << "entity drawn twice";
    ASSERT_EQ(p.inspectors.size(), 2u);
    EXPECT_NE(p.inspectors[0], p.inspectors[1]);
  }
  EXPECT_EQ(per_class['A'], 15);   // ceil(300 × 5 %)
  EXPECT_EQ(per_class['B'], 100);  // 500 × 20 %
  EXPECT_EQ(per_class['C'], 60);
  EXPECT_EQ(per_class['D'], 100);
}

TEST(Draw, ConflictedInspectorsAreNeverAssigned) {
  auto in = population(200, 4);
  in.percent = {100, 100, 100, 100};
  // Inspectors 0 and 1 are conflicted with every tenth entity.
  for (int i = 0; i < 200; i += 10) {
    in.inspectors[0].conflicts.push_back(in.entities[std::size_t(i)].uscc);
    in.inspectors[1].conflicts.push_back(in.entities[std::size_t(i)].uscc);
  }
  auto picks = run_draw(in);
  ASSERT_TRUE(picks);
  for (const auto& p : *picks) {
    if (p.entity % 10 != 0) continue;
    for (auto i : p.inspectors) EXPECT_GE(i, 2u) << in.entities[p.entity].uscc;
  }
  // With a third conflict, one entity is left with a single eligible inspector: refused.
  in.inspectors[2].conflicts.push_back(in.entities[0].uscc);
  auto refused = run_draw(in);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().rule, "draw-inspectors");
}

TEST(Draw, SnapshotRoundTripsAndPinsTheAlgorithm) {
  auto in = population(50, 5);
  in.inspectors[3].conflicts = {in.entities[7].uscc};
  auto text = snapshot_text(in);
  auto back = parse_snapshot(text);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(snapshot_text(*back), text);
  back->seed = in.seed;
  auto a = run_draw(in), b = run_draw(*back);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(result_digest(in, *a), result_digest(*back, *b));
  // Pinned: a change to the generator or the order of draws must bump kDrawAlgorithm.
  EXPECT_EQ(in.entities[(*a)[0].entity].uscc, "91411200MA00000000");
  EXPECT_EQ(a->size(), 1u + 5u + 3u + 5u);  // ceil(15 × 5 %), 25 × 20 %, ceil(5 × 60 %), 5
}

TEST(Draw, MalformedSnapshotNamesTheLine) {
  auto bad = parse_snapshot("zt-draw-1\nper_entity\t2\nentity\tX\n");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("第3行"), std::string::npos) << bad.error().message;
  EXPECT_FALSE(parse_snapshot("zt-draw-0\n"));
}

TEST(Draw, SampleIndicesAreDistinctAndReproducible) {
  init_crypto();
  auto a = sample_indices("seed", "ctx", 100, 10);
  EXPECT_EQ(a, sample_indices("seed", "ctx", 100, 10));
  EXPECT_NE(a, sample_indices("seed", "ctx2", 100, 10));
  EXPECT_EQ(std::set<std::size_t>(a.begin(), a.end()).size(), 10u);
  EXPECT_EQ(sample_indices("s", "c", 3, 10).size(), 3u);
}

}  // namespace
}  // namespace zt::enforcement

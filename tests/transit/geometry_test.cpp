// Trip geometry: paths and stop distances along them, a loop's second pass by its terminal, and
// one pattern for the trips of a route.
#include "transit/geometry.hpp"
#include "transit/network.hpp"

#include <vector>

#include <gtest/gtest.h>

#include "transit/test_feeds.hpp"

namespace zt::transit {
namespace {

using fixtures::city;

TEST(Geometry, StopsAlongPathsAndTheLoopsSecondPass) {
  auto n = Network::from_feed(city());
  const auto& g = n->geometry();
  const auto& loop = g.pattern(g.pattern_of(n->feed().trip_index.at("L0")));
  ASSERT_EQ(loop.stop_dist.size(), 5u);
  // Each stop further along than the one before; the last (same place as the first) at the end.
  for (std::size_t i = 1; i < 5; ++i) EXPECT_GT(loop.stop_dist[i], loop.stop_dist[i - 1] + 500);
  EXPECT_NEAR(loop.stop_dist[4], g.path(loop.path).length(), 5);
  EXPECT_NEAR(loop.stop_dist[0], 0, 5);
  // The terminal's corner is two passes of the loop's path.
  auto [x, y] = g.to_plane(34.780, 111.1801);
  std::vector<Pass> passes;
  g.near(x, y, 50, nullptr, passes);
  int loop_passes = 0;
  for (const auto& p : passes) loop_passes += p.path == loop.path;
  EXPECT_EQ(loop_passes, 2);
  // Every trip of route 1 shares one pattern.
  EXPECT_EQ(g.pattern_of(n->feed().trip_index.at("E0")),
            g.pattern_of(n->feed().trip_index.at("E7")));
}

}  // namespace
}  // namespace zt::transit

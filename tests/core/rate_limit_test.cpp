// The per-key limit on public forms: a key over its limit is refused until its window is over;
// other keys are not affected.
#include "core/rate_limit.hpp"

#include <gtest/gtest.h>

namespace zt {
namespace {

TEST(RateLimit, PerKeyFixedWindow) {
  RateLimit limit(3, std::chrono::seconds(60));
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limit.allow("10.0.0.1", 1000 + i));
  EXPECT_FALSE(limit.allow("10.0.0.1", 1010));
  EXPECT_TRUE(limit.allow("10.0.0.2", 1010));  // another sender
  EXPECT_FALSE(limit.allow("10.0.0.1", 1059));
  EXPECT_TRUE(limit.allow("10.0.0.1", 1060));  // a new window
}

}  // namespace
}  // namespace zt

// Inputs the fuzz harnesses (fuzz/) found crashing transit decoders, kept as found so the defect
// cannot come back.
#include <gtest/gtest.h>

#include "transit/realtime.hpp"

namespace zt::transit {
namespace {

// avl_fuzz: a fix whose number overflows a double threw out_of_range past the AVL route's
// parse_error catch (a 500, and in the harness an abort); decode_avl is that route's body.
TEST(FuzzRegressions, AvlBodyWithNumberOutOfRangeIsRefusedAsInvalid) {
  const char* found =
      R"([{"vehicle": "1208", "lat": 34.77, "lon": 111.19, "tiem": 1710E93670, "spee(": 30, )"
      R"("route": "1"}, {"rou89vehicle": "1208", "lat": 34.771, "lon": 111.192, "time": )"
      R"("2024-83-20 08:15:30", "sAAApegd": 32, "route": "1", "trip": "T1", "heading": 90, )"
      R"("proute_ids":9, "time": 17110893730}])";
  Result<AvlBatch> b;
  EXPECT_NO_THROW(b = decode_avl(found));
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(b.error().field, "body");

  auto ok = decode_avl(R"([{"vehicle":"1208","lat":34.77,"lon":111.19,"time":1710893670},)"
                       R"({"vehicle":"1209","lon":111.19,"time":1710893670}])");
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->reports.size(), 1u);
  ASSERT_EQ(ok->rejected.size(), 1u);
  EXPECT_EQ(ok->rejected[0].entity, "#1");
}

}  // namespace
}  // namespace zt::transit

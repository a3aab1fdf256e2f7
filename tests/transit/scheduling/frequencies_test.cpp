// Ceder's four frequency-setting methods on a small worked example, computed by hand, and the
// demand table's reader.
#include "transit/scheduling/frequencies.hpp"

#include <gtest/gtest.h>

namespace zt::transit::scheduling {
namespace {

// Three segments of 2, 3 and 1 km (L = 6); c = 50, d0 = 0.8 so d0·c = 40; F_min = 2.
//   hour 7: 200 400 100   A = 400 + 1200 + 100 = 1700 pkm
//   hour 8: 300 250 150   A = 600 + 750 + 150 = 1500 pkm
//   hour 9:  20  30  10   A = 40 + 90 + 10 = 140 pkm
// Day totals 520 680 260: the day's max-load point s* is segment 1.
const char* kDemand =
    "route_id,direction,hour,segment,load,length_km\n"
    "R,0,7,0,200,2\nR,0,7,1,400,3\nR,0,7,2,100,1\n"
    "R,0,8,0,300,2\nR,0,8,1,250,3\nR,0,8,2,150,1\n"
    "R,0,9,0,20,2\nR,0,9,1,30,3\nR,0,9,2,10,1\n"
    "R,1,7,0,5,\n";

TEST(Frequencies, CedersFourMethodsByHand) {
  auto rows = parse_demand_csv(kDemand);
  ASSERT_TRUE(rows) << rows.error().message;
  auto p = load_profile(*rows, "R", 0);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_DOUBLE_EQ(p->route_km(), 6);
  FrequencyParams q{.capacity = 50, .design_load = 0.8, .f_min = 2, .method = 1};
  auto h = hourly_frequencies(*p, q);
  // Method 1: the load at s* / 40.
  EXPECT_DOUBLE_EQ(h[7].f[0], 10);    // 400 / 40
  EXPECT_DOUBLE_EQ(h[8].f[0], 6.25);  // 250 / 40
  EXPECT_DOUBLE_EQ(h[9].f[0], 2);     // 30 / 40 = 0.75, below F_min
  // Method 2: the hour's heaviest segment / 40.
  EXPECT_DOUBLE_EQ(h[7].f[1], 10);   // 400 / 40
  EXPECT_DOUBLE_EQ(h[8].f[1], 7.5);  // 300 / 40
  // Method 3: A / (40 · 6).
  EXPECT_NEAR(h[7].f[2], 1700.0 / 240, 1e-12);  // 7.083
  EXPECT_DOUBLE_EQ(h[8].f[2], 6.25);            // 1500 / 240
  EXPECT_DOUBLE_EQ(h[9].f[2], 2);               // 0.583, below F_min
  // Method 4: also at least P_m / c.
  EXPECT_DOUBLE_EQ(h[7].f[3], 8);     // max(7.083, 400 / 50)
  EXPECT_DOUBLE_EQ(h[8].f[3], 6.25);  // max(6.25, 300 / 50 = 6)
  EXPECT_DOUBLE_EQ(h[3].f[3], 2);     // no riders: the policy frequency
  EXPECT_DOUBLE_EQ(h[7].pkm, 1700);

  std::vector<PlanPeriod> periods{{"早高峰", 7, 9}, {"平峰", 9, 10}};
  q.method = 2;
  auto f = period_frequencies(h, periods, q);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_DOUBLE_EQ(f[0].frequency, 10);  // max(10, 7.5)
  EXPECT_EQ(f[0].headway_min, 6);
  EXPECT_EQ(f[1].headway_min, 30);
  q.method = 3;
  f = period_frequencies(h, periods, q);
  EXPECT_EQ(f[0].headway_min, 8);  // 60 / 7.083 = 8.47, rounded down
}

TEST(Frequencies, LengthsFromTheRouteLength) {
  auto rows = parse_demand_csv("route_id,direction,hour,segment,load\nR,1,7,0,80\nR,1,7,1,40\n");
  ASSERT_TRUE(rows);
  EXPECT_FALSE(load_profile(*rows, "R", 1));  // no lengths and no route length
  auto p = load_profile(*rows, "R", 1, 10);
  ASSERT_TRUE(p);
  EXPECT_DOUBLE_EQ(p->length_km[1], 5);
  EXPECT_FALSE(load_profile(*rows, "X", 0));
}

TEST(Frequencies, DemandFaultsNameTheirLines) {
  auto r = parse_demand_csv(
      "route_id,direction,hour,segment,load\nR,0,7,0,10\nR,2,7,0,1\nR,0,24,0,1\nR,0,7,0,5\n"
      "R,0,7,1,-3\n");
  ASSERT_FALSE(r);
  ASSERT_EQ(r.error().fields.size(), 4u);
  EXPECT_EQ(r.error().fields[0].message, "第 3 行: direction 应为 0 或 1");
  EXPECT_EQ(r.error().fields[1].message, "第 4 行: hour 应为 0–23");
  EXPECT_EQ(r.error().fields[2].message, "第 5 行: 同一线路、方向、小时和区段重复");
  EXPECT_NE(r.error().fields[3].message.find("第 6 行: load"), std::string::npos);
  EXPECT_FALSE(parse_demand_csv("a,b\n1,2\n"));
  EXPECT_FALSE(parse_demand_csv("route_id,direction,hour,segment,load\n"));
  EXPECT_FALSE(check_params({.capacity = 5}));
  EXPECT_FALSE(check_params({.method = 5}));
  EXPECT_TRUE(check_params({}));
}

}  // namespace
}  // namespace zt::transit::scheduling

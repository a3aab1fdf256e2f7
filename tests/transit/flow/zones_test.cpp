// 交通小区 OD (transit/flow/zones.hpp) on the flow city: stops fall into square cells, a zone is
// named after its busiest stop, OD within a zone is kept apart from the OD between zones.
#include "transit/flow/zones.hpp"

#include <gtest/gtest.h>

#include "transit/flow/flow_city.hpp"

namespace zt::transit::flow {
namespace {

TEST(FlowZones, StopsFallIntoCellsNamedAfterTheirBusiestStop) {
  auto n = Network::from_feed(testing::flow_city());
  // Route 1's stops 0 and 1 are 400 m apart, its stop 9 3.6 km east; each stop's opposite is
  // 30 m across the street.
  std::map<std::string, std::pair<double, double>> onoff{
      {"R1D0S0", {10, 0}}, {"R1D1S0", {0, 2}}, {"R1D0S1", {1, 1}}, {"R1D0S9", {0, 12}}};
  std::vector<OdRow> od{{"R1D0S0", "R1D0S9", 9},
                        {"R1D0S0", "R1D0S1", 1},
                        {"R1D0S1", "R1D0S9", 3},
                        {"GONE", "R1D0S9", 5}};
  auto z = zone_flow(*n, od, onoff, 2000);
  EXPECT_EQ(z.cell_m, 2000);
  ASSERT_EQ(z.zones.size(), 2u);
  EXPECT_EQ(z.zones[0].name, "1路0站一带");  // 10 + 2 + 2 riders in the west cell
  EXPECT_EQ(z.zones[0].stops, 3);
  EXPECT_DOUBLE_EQ(z.zones[0].boardings, 11);
  EXPECT_EQ(z.zones[1].name, "1路9站一带");
  EXPECT_DOUBLE_EQ(z.intrazonal, 1);  // stop 0 to stop 1, one cell
  ASSERT_EQ(z.od.size(), 1u);         // the stop an older feed had is left out
  EXPECT_EQ(z.od[0].from, 0u);
  EXPECT_EQ(z.od[0].to, 1u);
  EXPECT_DOUBLE_EQ(z.od[0].riders, 12);

  auto fine = zone_flow(*n, od, onoff, 200);
  EXPECT_EQ(fine.zones.size(),
            3u);  // now stops 0 and 1 are apart; each pair across the street is not
  EXPECT_DOUBLE_EQ(fine.intrazonal, 0);
}

}  // namespace
}  // namespace zt::transit::flow

// A timetable's demand from a stored passenger-flow day (transit/scheduling/flow_demand.cpp), on
// both stores: the flow city's simulated day inferred and stored, its segment loads read back as
// the rows of a demand table — nine 400 m segments of route 1 eastbound, riders per hour — from
// which the frequencies follow; a day or a route without loads refused.
#include "transit/scheduling/flow_demand.hpp"

#include <gtest/gtest.h>

#include "support/test_store.hpp"
#include "transit/flow/flow_api.hpp"
#include "transit/flow/flow_city.hpp"
#include "transit/flow/riders_sim.hpp"

namespace zt::transit::scheduling {
namespace {

class FlowDemandStore : public ::testing::TestWithParam<std::string> {};

TEST_P(FlowDemandStore, AStoredDaysLoadsAreTheDemandTable) {
  zt::test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  ManualClock clock(Instant{std::chrono::seconds{1715040000}});
  auto app = zt::test::open_app(db.url(), clock);
  ASSERT_TRUE(app);
  auto n = Network::from_feed(flow::testing::flow_city());
  const Date day = *parse_date("2024-05-06");
  EXPECT_EQ(flow_demand_rows(app->store(), *n, day, "1", 0).error().kind, ErrorKind::kNotFound);
  flow::RidersOptions ro;
  ro.riders = 600;
  auto sim = flow::simulate_riders(*n, day, *flow::TokenHasher::make("0123456789abcdef-x"), ro);
  ASSERT_TRUE(flow::infer_and_save(app->store(), *n, day, "simulated", sim.taps, sim.visits,
                                   sim.apc, clock.now(), Actor{1, "jt_gh", std::nullopt, "r"}));
  auto rows = flow_demand_rows(app->store(), *n, day, "1", 0);
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_FALSE(rows->empty());
  int top = 0;
  for (const auto& r : *rows) {
    EXPECT_EQ(r.route_id, "1");
    EXPECT_EQ(r.direction, 0);
    EXPECT_NEAR(r.length_km, 0.4, 0.01);  // stops 400 m apart
    EXPECT_GE(r.load, 0);
    top = std::max(top, r.segment);
  }
  EXPECT_LE(top, 8);  // nine segments at most
  auto profile = load_profile(*rows, "1", 0);
  ASSERT_TRUE(profile) << profile.error().message;
  const auto hours = hourly_frequencies(*profile, {});
  double peak = 0;
  for (const auto& h : hours) peak = std::max(peak, h.max_load);
  EXPECT_GT(peak, 0);  // the hour's heaviest segment carries riders
  auto none = flow_demand_rows(app->store(), *n, day, "9", 0);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().field, "flow_date");
}

INSTANTIATE_TEST_SUITE_P(Stores, FlowDemandStore, ::testing::ValuesIn(zt::test::backends()));

}  // namespace
}  // namespace zt::transit::scheduling

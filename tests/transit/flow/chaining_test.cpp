// Trip chaining on a simulated day of the flow city (flow_city.hpp): boardings from the detected
// stop visits, destinations from the next boarding, transfers linked, what cannot be inferred
// counted by reason; and the issue's goal met against the simulator's truth: >= 85 % of taps given
// a destination, >= 80 % of those within one stop. Loads expanded to the counters' totals.
#include "transit/flow/chaining.hpp"

#include <gtest/gtest.h>

#include "transit/flow/flow_city.hpp"
#include "transit/flow/loads.hpp"
#include "transit/flow/riders_sim.hpp"
#include "transit/flow/scoring.hpp"

namespace zt::transit::flow {
namespace {

const TokenHasher& hasher() {
  static const TokenHasher h = *TokenHasher::make("0123456789abcdef-test-secret");
  return h;
}

struct Day {
  std::shared_ptr<const Network> n = Network::from_feed(testing::flow_city());
  SimulatedDay sim = simulate_riders(*n, *parse_date("2024-05-06"), hasher());
};

const Day& day() {
  static const Day d;
  return d;
}

TEST(FlowChaining, MeetsTheIssuesGoalOnTheSimulatedDay) {
  const auto& d = day();
  ASSERT_GT(d.sim.taps.size(), 3000u);
  EXPECT_GT(d.sim.cash_boardings, 0u);
  VisitIndex visits(*d.n, d.sim.visits);
  auto inf = infer(visits, d.sim.taps);
  auto s = score(d.sim.taps, inf, d.sim.truth);
  EXPECT_EQ(s.taps, d.sim.taps.size());
  EXPECT_EQ(s.boarded_right, s.taps);  // the simulated visits are the detected ones
  EXPECT_GE(s.rate(), 0.85) << s.with_destination << " of " << s.taps;
  EXPECT_GE(s.accuracy(), 0.80) << s.within_one_stop << " of " << s.with_destination;
  EXPECT_GT(inf.transfers, 0u);
  EXPECT_EQ(inf.journeys + inf.transfers, inf.boarded);
  // Everything not given a destination is counted under a reason.
  std::size_t unresolved = 0;
  for (auto c : inf.unresolved) unresolved += c;
  EXPECT_EQ(unresolved + inf.with_destination, d.sim.taps.size());
}

TEST(FlowChaining, CountsTapsItCannotPlace) {
  const auto& d = day();
  VisitIndex visits(*d.n, d.sim.visits);
  std::vector<Tap> taps(4);
  taps[0] = {"x1", d.sim.taps[0].at, "NO-SUCH-BUS", "", "r1", FareMedia::kQrCode, 2};
  taps[1] = {"x2", d.sim.taps[0].at - 86400, d.sim.taps[0].vehicle_id, "", "r1", FareMedia::kQrCode,
             3};
  taps[2] = {"x3", d.sim.taps[0].at, d.sim.taps[0].vehicle_id, "", "", FareMedia::kCash, 4};
  taps[3] = d.sim.taps[0];
  taps[3].rider = "r2";
  auto inf = infer(visits, taps);
  EXPECT_EQ(inf.taps[0].reason, Unresolved::kNoVisitsOfVehicle);
  EXPECT_EQ(inf.taps[1].reason, Unresolved::kNoVisitNearTime);
  EXPECT_EQ(inf.taps[2].reason, Unresolved::kCash);
  EXPECT_EQ(inf.taps[3].reason, Unresolved::kOnlyTapOfDay);
  EXPECT_EQ(inf.unresolved[std::size_t(Unresolved::kOnlyTapOfDay)], 1u);
  EXPECT_EQ(inf.with_destination, 0u);
}

TEST(FlowChaining, ChainsTwoTapsOutAndBack) {
  const auto& d = day();
  VisitIndex visits(*d.n, d.sim.visits);
  // Boards route 1 eastbound at stop 2 at 07:30, back westbound from near stop 7 at 17:00.
  auto tap_at = [&](const std::string& trip_id, std::uint32_t index) {
    const auto trip = *d.n->find_trip(trip_id);
    for (const auto& v : d.sim.visits)
      if (v.trip == trip && v.index == index)
        return Tap{trip_id, v.arrived, v.vehicle_id, "1", "rider", FareMedia::kTransitCard, 0};
    return Tap{};
  };
  std::vector<Tap> taps{tap_at("1-0-11", 2), tap_at("1-1-82", 2)};
  auto inf = infer(visits, taps);
  ASSERT_TRUE(inf.taps[0].alight);
  ASSERT_TRUE(inf.taps[1].alight);
  // Westbound stop 2 is eastbound stop 7 (the opposite side); back to eastbound stop 2's opposite.
  EXPECT_EQ(*inf.taps[0].alight, 7u);
  EXPECT_EQ(*inf.taps[1].alight, 7u);
  EXPECT_EQ(inf.journeys, 2u);
}

TEST(FlowLoads, ExpandsTapsToTheCountersAndFindsTheMaxLoad) {
  const auto& d = day();
  VisitIndex visits(*d.n, d.sim.visits);
  auto inf = infer(visits, d.sim.taps);
  auto out = flow_outputs(visits, d.sim.taps, inf, d.sim.apc);
  EXPECT_GT(out.trips_with_counter, 0u);
  EXPECT_GT(out.apc_boardings, 0);
  // A tenth pay cash, so the non-cash share is about 90 %.
  EXPECT_NEAR(out.noncash_share, 0.9, 0.05);
  ASSERT_FALSE(out.max_load.empty());
  for (const auto& s : out.segments) EXPECT_GE(s.load, 0) << s.route_id << " " << s.from_stop;
  for (const auto& m : out.max_load) {
    for (const auto& s : out.segments) {
      if (s.route_id == m.route_id && s.direction == m.direction && s.hour == m.hour) {
        EXPECT_LE(s.load, m.load + 1e-9);
      }
    }
  }
  double on = 0;
  for (const auto& [_, f] : out.by_stop) on += f.on;
  double hours = 0;
  for (const auto& h : out.by_hour) hours += h.on;
  EXPECT_NEAR(on, hours, 1e-6);
  EXPECT_FALSE(out.od.empty());
}

}  // namespace
}  // namespace zt::transit::flow

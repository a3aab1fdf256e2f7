// Replaying recorded fixes: our predictions against the timetable and the last-vehicle baseline
// on simulated ground truth, and a learned history on congested roads.
#include "transit/replay.hpp"
#include "transit/simulator.hpp"

#include <sstream>
#include <vector>

#include <gtest/gtest.h>

#include "transit/test_feeds.hpp"

namespace zt::transit {
namespace {

using fixtures::at;
using fixtures::city;
using fixtures::line_feed;

TEST(Replay, BeatsTheTimetableOnSimulatedGroundTruth) {
  auto n = Network::from_feed(line_feed());
  Simulator sim({.seed = 11, .gps_error_m = 5, .missed_ping_share = 0.0, .max_delay_s = 420});
  std::vector<VehicleReport> fixes;
  for (auto t = at("2024-03-20", 7, 0); t < at("2024-03-20", 9, 0); t += 20)
    for (auto& v : sim.positions(*n, t)) fixes.push_back(std::move(v));
  ASSERT_GT(fixes.size(), 200u);
  std::ostringstream csv;
  auto r = replay(n, fixes, &csv);
  EXPECT_GT(r.observed_arrivals, 20u);
  EXPECT_GT(r.predictions, 100u);
  EXPECT_TRUE(csv.str().starts_with("issued_at,trip_id,stop_id,stop_sequence,predicted_arrival\n"));
  // Delays grow along each trip: carrying the current delay forward beats the timetable.
  EXPECT_GT(r.ours.score(), r.schedule_only.score());
  EXPECT_GT(r.ours.score(), 0.6);
  // The last-vehicle baseline scores the same predictions (falling back to the timetable where no
  // earlier bus ran the segment); the simulator's buses share one delay profile, so it beats the
  // timetable here too.
  for (std::size_t i = 0; i < r.ours.buckets.size(); ++i)
    EXPECT_EQ(r.last_vehicle.buckets[i].n, r.ours.buckets[i].n);
  EXPECT_GT(r.last_vehicle.score(), r.schedule_only.score());
  EXPECT_TRUE(r.to_json().contains("last_vehicle"));
}

TEST(Replay, LearnedHistoryBeatsCarryingTheDelayOnCongestedRoads) {
  auto n = Network::from_feed(city());
  // Congested segments at the morning peak, the same every day; the buses carry no trip ids.
  SimulatorOptions o{.seed = 9,
                     .gps_error_m = 6,
                     .missed_ping_share = 0.02,
                     .max_delay_s = 120,
                     .congestion = 0.8,
                     .trip_ids = false};
  Simulator sim(o);
  std::vector<VehicleReport> monday, tuesday;
  for (auto t = at("2024-03-18", 6, 30); t < at("2024-03-18", 10, 0); t += 20)
    for (auto& v : sim.positions(*n, t)) monday.push_back(std::move(v));
  for (auto t = at("2024-03-19", 6, 30); t < at("2024-03-19", 10, 0); t += 20)
    for (auto& v : sim.positions(*n, t)) tuesday.push_back(std::move(v));
  auto cold = replay(n, tuesday, nullptr);
  auto warm = replay(n, tuesday, nullptr, monday);
  EXPECT_GT(warm.history_observations, 80u);
  EXPECT_GT(warm.observed_arrivals, 100u);
  EXPECT_EQ(warm.predictions, cold.predictions);
  // Errors are seconds on this small network, so compare them rather than the hit rates.
  EXPECT_LT(warm.ours.mae(), cold.ours.mae());
  EXPECT_LT(warm.ours.mae(), warm.schedule_only.mae());
  EXPECT_LT(warm.ours.mae(), warm.last_vehicle.mae());
}

}  // namespace
}  // namespace zt::transit

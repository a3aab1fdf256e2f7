// Replaying recorded fixes: our predictions against the timetable and the last-vehicle baseline
// on simulated ground truth, and a learned history on congested roads.
#include "transit/replay.hpp"
#include "transit/simulator.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
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
  EXPECT_TRUE(
      csv.str().starts_with("issued_at,trip_id,stop_id,stop_sequence,predicted_arrival,basis\n"));
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
  // The expected arrivals (before the lead riders are shown) carry the errors.
  EXPECT_LT(warm.ours_expected.mae(), cold.ours_expected.mae());
  EXPECT_LT(warm.ours_expected.mae(), warm.schedule_only.mae());
  EXPECT_LT(warm.ours_expected.mae(), warm.last_vehicle.mae());
}

// A real day: WMATA C53 and D96 on Monday 2026-02-16 (data/avl, gzip-compressed CSV) with their
// feed. The figures themselves are the bench's (bench/eta); here, that the machinery holds on it.
TEST(Replay, ARealDayIsJudgedAtEveryInstantAndBeatsItsBaselines) {
  auto feed = load_feed(std::string(ZT_DATA_DIR) + "/gtfs/wmata-bus-3-routes-2026.zip");
  ASSERT_TRUE(feed) << feed.error().message;
  auto n = Network::from_feed(std::move(*feed));
  auto fixes = read_positions(std::string(ZT_DATA_DIR) + "/avl/wmata-c53-d96-2026-02-16.csv.gz");
  ASSERT_TRUE(fixes) << fixes.error().message;
  ASSERT_EQ(fixes->size(), 14092u);
  // The feed's status and speed columns are read (1.0 is STOPPED_AT).
  EXPECT_TRUE(
      std::any_of(fixes->begin(), fixes->end(), [](const auto& v) { return v.status == 1; }));
  EXPECT_TRUE(std::any_of(fixes->begin(), fixes->end(), [](const auto& v) { return v.speed; }));
  // A block's next trip: later the same day, in the same block.
  const auto trip = n->find_trip(fixes->front().trip_id);
  ASSERT_TRUE(trip);
  const auto next = n->next_in_block(*trip, n->local_date(fixes->front().timestamp));
  ASSERT_TRUE(next);
  EXPECT_EQ(n->trip(*next).block_id, n->trip(*trip).block_id);
  EXPECT_GT(n->feed().stop_times[n->trip_span(*next).first].departure,
            n->feed().stop_times[n->trip_span(*trip).first].departure);

  std::ostringstream predictions, arrivals;
  auto r = replay(n, std::move(*fixes), &predictions, {}, &arrivals);
  EXPECT_GT(r.judged_arrivals, 3000u);
  EXPECT_TRUE(
      arrivals.str().starts_with("trip_id,service_date,stop_sequence,stop_id,crossed_at\n"));
  EXPECT_NE(predictions.str().find(",next_in_block\n"), std::string::npos);
  // Every method is judged at the same instants; ours beats each baseline, and the lead shown to
  // riders scores better than the expected times themselves.
  for (std::size_t i = 0; i < r.ours.buckets.size(); ++i) {
    EXPECT_EQ(r.schedule_only.buckets[i].n, r.ours.buckets[i].n);
    EXPECT_EQ(r.delay_carried.buckets[i].n, r.ours.buckets[i].n);
  }
  EXPECT_GT(r.ours.score(), 0.8);
  EXPECT_GT(r.ours.score(), r.ours_expected.score());
  EXPECT_GT(r.ours_expected.score(), r.delay_carried.score());
  EXPECT_GT(r.delay_carried.score(), r.schedule_only.score());
  EXPECT_EQ(r.ours_by_route.size(), 2u);
}

TEST(Replay, AShortOrBrokenRecordingIsRefusedWithItsPlace) {
  const auto dir = std::filesystem::temp_directory_path() / "zt-replay-test";
  std::filesystem::create_directories(dir);
  {
    std::ofstream csv(dir / "bad.csv");
    csv << "vehicle.vehicle.id,vehicle.position.latitude,vehicle.position.longitude,"
           "vehicle.timestamp,vehicle.current_status\n"
           "4582,38.9,-77.0,1771257515,STOPPED_AT\n"
           "4582,38.9,-77.0,1771257545,stopped\n";
  }
  auto bad = read_positions((dir / "bad.csv").string());
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find(":3: vehicle.current_status"), std::string::npos)
      << bad.error().message;
  {
    // The real day's first kilobytes: a gzip stream cut short.
    std::ifstream in(std::string(ZT_DATA_DIR) + "/avl/wmata-c53-d96-2026-02-16.csv.gz",
                     std::ios::binary);
    std::string head(4096, '\0');
    in.read(head.data(), std::streamsize(head.size()));
    std::ofstream(dir / "cut.csv.gz", std::ios::binary) << head;
  }
  auto cut = read_positions((dir / "cut.csv.gz").string());
  ASSERT_FALSE(cut);
  EXPECT_NE(cut.error().message.find("gzip"), std::string::npos) << cut.error().message;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace zt::transit

// A day's blocks from a GTFS feed: which trips run on the date, frequency runs as trips, the
// trip_id,block_id file, and the demo network solved to the deficit function's exact fleet.
#include "transit/scheduling/day_blocks.hpp"
#include "transit/scheduling/day_feed.hpp"

#include <gtest/gtest.h>

#include <set>
#include <sstream>

namespace zt::transit::scheduling {
namespace {

using fixtures::network;

TEST(DayBlocks, TheDaysTripsWithFrequencyRuns) {
  auto n = network();
  std::vector<BlockTrip> timed;
  auto monday = trips_of_day(*n, *parse_date("2024-03-04"), &timed);
  ASSERT_EQ(monday.size(), 16u + 2u);  // two runs of F (09:00, 09:30); not SUN
  ASSERT_EQ(timed.size(), monday.size());
  EXPECT_EQ(monday[17].start_offset, 9 * 3600 + 1800);
  EXPECT_EQ(timed[17].departure, 9 * 3600 + 1800);
  EXPECT_EQ(timed[17].arrival, 9 * 3600 + 1800 + 1200);
  EXPECT_EQ(trips_of_day(*n, *parse_date("2024-03-10"), nullptr).size(), 1u);  // Sunday
}

TEST(DayBlocks, OptimalFleetAndTheBlocksFile) {
  auto n = network();
  // 10 min layover: a bus leaving S1 at 06:00 is ready at S3 for the 06:30 back, so each end
  // sends 06:00 and 06:15 before the first bus comes in: four. F's runs start at S2, 40 m from
  // S3, where no trip ends: at max-deadhead 0 each needs a bus of its own.
  BlockOptions o{.min_layover_s = 600};
  auto d = day_blocks(*n, *parse_date("2024-03-04"), o);
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->plan.vehicles, 2 + 2 + 2);
  EXPECT_EQ(d->plan.vehicles, deficit_fleet(d->timed, o));
  o.max_deadhead_m = 100;
  auto near = day_blocks(*n, *parse_date("2024-03-04"), o);
  ASSERT_TRUE(near);
  EXPECT_EQ(near->plan.vehicles, 4);  // buses done at S3 by 08:15 take F's runs
  EXPECT_GT(near->plan.deadhead_m, 0);

  std::ostringstream csv;
  write_blocks_csv(*n, *near, csv);
  std::istringstream lines(csv.str());
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "trip_id,block_id,start_time");
  std::set<std::string> trips, blocks;
  int rows = 0;
  while (std::getline(lines, line)) {
    ++rows;
    const auto comma = line.rfind(',', line.rfind(',') - 1);
    trips.insert(line.substr(0, comma) + line.substr(line.rfind(',')));
    blocks.insert(line.substr(comma + 1, 4));
  }
  EXPECT_EQ(rows, 18);
  EXPECT_EQ(trips.size(), 18u);  // every run once, told apart by its start time
  EXPECT_EQ(blocks.size(), 4u);
  EXPECT_TRUE(trips.count("\"T,1\","));  // quoted as CSV wants
  EXPECT_TRUE(blocks.count("B001"));

  auto j = blocks_summary(*near, o);
  EXPECT_EQ(j["vehicles"], 4);
  EXPECT_EQ(j["trips"], 18);
  EXPECT_EQ(j["lower_bound"], d->lower_bound);
}

TEST(DayBlocks, ADayWithoutServiceIsRefused) {
  auto n = network();
  auto d = day_blocks(*n, *parse_date("2025-03-04"), {});
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().field, "date");
}

TEST(DayBlocks, DemoNetworkMatchesTheDeficitFunction) {
  auto f = load_feed(std::string(ZT_DATA_DIR) + "/gtfs/porto-alegre-eptc-2019.zip");
  ASSERT_TRUE(f);
  auto n = Network::from_feed(std::move(*f));
  BlockOptions o{.min_layover_s = 300};
  auto d = day_blocks(*n, *parse_date("2019-05-06"), o);
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_GT(d->trips.size(), 1000u);
  EXPECT_EQ(d->plan.vehicles, deficit_fleet(d->timed, o));
  EXPECT_GE(d->plan.vehicles, d->lower_bound);
  // Deadheads of up to 1 km can only save vehicles, never cost any.
  o.max_deadhead_m = 1000;
  auto dh = day_blocks(*n, *parse_date("2019-05-06"), o);
  ASSERT_TRUE(dh);
  EXPECT_LE(dh->plan.vehicles, d->plan.vehicles);
  EXPECT_GE(dh->plan.vehicles, dh->lower_bound);
}

}  // namespace
}  // namespace zt::transit::scheduling

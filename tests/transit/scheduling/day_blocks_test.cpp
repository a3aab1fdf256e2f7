// A day's blocks from a GTFS feed: which trips run on the date, frequency runs as trips, the
// trip_id,block_id file, and the demo network solved to the deficit function's exact fleet.
#include "transit/scheduling/day_blocks.hpp"

#include <gtest/gtest.h>

#include <set>
#include <sstream>

namespace zt::transit::scheduling {
namespace {

// Route 1 between 火车站 (S1) and 陕州公园 (S3), 20 min each way, weekdays every 15 min
// 06:00-07:45 both ways; a Sunday trip; route 2 from S2, 40 m from S3, two runs on a 30-min
// headway from 09:00.
const FeedTexts kFeed = {
    {"agency.txt",
     "agency_id,agency_name,agency_url,agency_timezone\n"
     "A,三门峡公交,http://example.cn,Asia/Shanghai\n"},
    {"stops.txt",
     "stop_id,stop_name,stop_lat,stop_lon\nS1,火车站,34.7700,111.1900\n"
     "S2,陕州公园东,34.7790,111.20544\nS3,陕州公园,34.7790,111.2050\n"},
    {"routes.txt",
     "route_id,agency_id,route_short_name,route_long_name,route_type\n"
     "R1,A,1,火车站—陕州公园,3\nR2,A,2,陕州公园东—火车站,3\n"},
    {"calendar.txt",
     "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
     "WK,1,1,1,1,1,0,0,20240101,20241231\nSU,0,0,0,0,0,0,1,20240101,20241231\n"},
    {"trips.txt",
     "route_id,service_id,trip_id\n"
     "R1,WK,\"T,1\"\nR1,WK,T2\nR1,WK,T3\nR1,WK,T4\nR1,WK,T5\nR1,WK,T6\nR1,WK,T7\n"
     "R1,WK,T8\nR1,WK,B1\nR1,WK,B2\nR1,WK,B3\nR1,WK,B4\nR1,WK,B5\nR1,WK,B6\n"
     "R1,WK,B7\nR1,WK,B8\nR1,SU,SUN\nR2,WK,F\n"},
    {"frequencies.txt", "trip_id,start_time,end_time,headway_secs\nF,09:00:00,10:00:00,1800\n"},
};

std::string stop_times() {
  std::string s = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n";
  auto trip = [&](const std::string& id, const char* from, const char* to, int dep) {
    s += id + "," + format_gtfs_time(dep) + "," + format_gtfs_time(dep) + "," + from + ",1\n";
    s += id + "," + format_gtfs_time(dep + 1200) + "," + format_gtfs_time(dep + 1200) + "," + to +
         ",2\n";
  };
  for (int k = 0; k < 8; ++k) {
    trip(k == 0 ? "\"T,1\"" : "T" + std::to_string(k + 1), "S1", "S3", 6 * 3600 + 900 * k);
    trip("B" + std::to_string(k + 1), "S3", "S1", 6 * 3600 + 900 * k);
  }
  trip("SUN", "S1", "S3", 8 * 3600);
  trip("F", "S2", "S1", 9 * 3600);
  return s;
}

std::shared_ptr<const Network> network() {
  auto files = kFeed;
  const std::string st = stop_times();
  files["stop_times.txt"] = st;
  auto f = load_feed_texts(files);
  EXPECT_TRUE(f);
  EXPECT_FALSE(f->has_errors()) << (f->issues.empty() ? "" : f->issues[0].message);
  return Network::from_feed(std::move(*f));
}

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

// A small day of service for the block tests (day_blocks_test.cpp, publish_blocks_test.cpp).
#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "transit/gtfs.hpp"
#include "transit/network.hpp"

namespace zt::transit::scheduling::fixtures {

// Route 1 between 火车站 (S1) and 陕州公园 (S3), 20 min each way, weekdays every 15 min
// 06:00-07:45 both ways; a Sunday trip; route 2 from S2, 40 m from S3, two runs on a 30-min
// headway from 09:00.
inline const FeedTexts kFeed = {
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

inline std::string stop_times() {
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

inline std::shared_ptr<const Network> network() {
  auto files = kFeed;
  const std::string st = stop_times();
  files["stop_times.txt"] = st;
  auto f = load_feed_texts(files);
  EXPECT_TRUE(f);
  EXPECT_FALSE(f->has_errors()) << (f->issues.empty() ? "" : f->issues[0].message);
  return Network::from_feed(std::move(*f));
}

}  // namespace zt::transit::scheduling::fixtures

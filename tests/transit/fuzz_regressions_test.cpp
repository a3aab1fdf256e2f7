// Inputs the fuzz harnesses (fuzz/) found crashing transit decoders, kept as found so the defect
// cannot come back.
#include <gtest/gtest.h>

#include "support/office_files.hpp"
#include "transit/gtfs.hpp"
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

// gtfs_zip_fuzz: an entry whose name is not UTF-8 but ends in ".txt" was listed among the feed's
// files, and the summary's JSON dump threw (a 500 for the import). Such names are no GTFS table.
TEST(FuzzRegressions, GtfsEntryNamedInBytesThatAreNotUtf8IsIgnored) {
  auto zip = test::make_zip(
      {{"agency.txt",
        "agency_name,agency_url,agency_timezone\nA,http://example.cn,Asia/Shanghai\n"},
       {"stops\xF6\x8C\x8B\x95.txt", "stop_id\n1\n"},  // libzip takes F6 as a lead byte
       {"stops.txt", "stop_id,stop_name,stop_lat,stop_lon\nS1,一,34.77,111.19\n"}});
  auto feed = load_feed_zip(zip, "fuzz.zip");
  ASSERT_TRUE(feed) << feed.error().message;
  std::string dumped;
  EXPECT_NO_THROW(dumped = feed->summary().dump());
  EXPECT_EQ(dumped.find("\xF6"), std::string::npos);
}

}  // namespace
}  // namespace zt::transit

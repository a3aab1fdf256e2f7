// GTFS in: the real feeds load with the counts their publishers state, blank times are
// interpolated, and broken variants are reported with file, line and field.
#include "transit/gtfs.hpp"

#include <filesystem>
#include <fstream>
#include <map>

#include <gtest/gtest.h>

#include "support/office_files.hpp"
#include "support/test_store.hpp"
#include "transit/feed_store.hpp"
#include "transit/pack.hpp"

namespace zt::transit {
namespace {

std::string data(const std::string& name) { return std::string(ZT_DATA_DIR) + "/gtfs/" + name; }

// A small valid feed: route 1 with four stops, one weekday trip whose middle times are blank
// (to be interpolated along the shape's distances).
FeedTexts base_feed() {
  return {
      {"agency.txt", R"(agency_id,agency_name,agency_url,agency_timezone
A,三门峡公交,http://example.cn,Asia/Shanghai
)"},
      {"stops.txt", R"(stop_id,stop_name,stop_lat,stop_lon
S1,火车站,34.7700,111.1900
S2,市政府,34.7730,111.1950
S3,黄河公园,34.7760,111.2000
S4,陕州公园,34.7790,111.2050
)"},
      {"routes.txt", R"(route_id,agency_id,route_short_name,route_long_name,route_type
R1,A,1,火车站—陕州公园,3
)"},
      {"calendar.txt",
       R"(service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date
WK,1,1,1,1,1,0,0,20240101,20241231
)"},
      {"trips.txt", R"(route_id,service_id,trip_id,shape_id
R1,WK,T1,SH1
)"},
      {"shapes.txt", R"(shape_id,shape_pt_lat,shape_pt_lon,shape_pt_sequence,shape_dist_traveled
SH1,34.7700,111.1900,1,0
SH1,34.7790,111.2050,2,1000
)"},
      {"stop_times.txt",
       R"(trip_id,arrival_time,departure_time,stop_id,stop_sequence,shape_dist_traveled
T1,06:00:00,06:00:00,S1,1,0
T1,,,S2,2,100
T1,,,S3,3,400
T1,06:10:00,06:10:00,S4,4,1000
)"},
  };
}

// The base feed with some files replaced and some left out.
FeedTexts variant(const FeedTexts& replaced, std::initializer_list<std::string> removed = {}) {
  FeedTexts files = base_feed();
  for (const auto& [name, text] : replaced) files[name] = text;
  for (const auto& name : removed) files.erase(name);
  return files;
}

// The base feed written as a folder, with some files replaced: for what reading a folder does
// (a file in pieces).
class FeedDir {
 public:
  explicit FeedDir(const FeedTexts& replaced) {
    dir_ = std::filesystem::temp_directory_path() /
           ("zt-gtfs-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            std::to_string(counter_++) + "-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    for (const auto& [name, text] : variant(replaced))
      std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  ~FeedDir() { std::filesystem::remove_all(dir_); }
  std::string path() const { return dir_.string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path dir_;
};

const Issue* find(const Feed& f, const std::string& code) {
  for (const auto& i : f.issues)
    if (i.code == code) return &i;
  return nullptr;
}

TEST(GtfsTime, HoursPastMidnightAndMalformed) {
  EXPECT_EQ(parse_gtfs_time("06:00:00"), 21600);
  EXPECT_EQ(parse_gtfs_time("6:00:00"), 21600);
  EXPECT_EQ(parse_gtfs_time("25:10:05"), 90605);
  EXPECT_FALSE(parse_gtfs_time("06:60:00"));
  EXPECT_FALSE(parse_gtfs_time("0600"));
  EXPECT_FALSE(parse_gtfs_time("aa:00:00"));
}

TEST(RealFeeds, PortoAlegreLoadsWholeWithInterpolatedTimes) {
  auto f = load_feed(data("porto-alegre-eptc-2019.zip"));
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->routes.size(), 115u);
  EXPECT_EQ(f->trips.size(), 2374u);
  EXPECT_EQ(f->stops.size(), 3986u);
  EXPECT_EQ(f->stop_times.size(), 130019u);
  std::size_t points = 0;
  for (const auto& [id, pts] : f->shapes) points += pts.size();
  EXPECT_EQ(points, 57723u);
  EXPECT_FALSE(f->has_errors());
  // Non-timepoint times are blank in this feed: every one is filled in, in order.
  EXPECT_GT(f->interpolated, 100000);
  for (std::size_t i = 0; i < f->stop_times.size(); ++i) {
    const auto& st = f->stop_times[i];
    ASSERT_GE(st.arrival, 0) << i;
    if (i > 0 && f->stop_times[i - 1].trip == st.trip) {
      ASSERT_GE(st.arrival, f->stop_times[i - 1].departure) << "trip " << f->trips[st.trip].id;
    }
  }
  auto s = f->summary();
  EXPECT_EQ(s["service_start"], "2019-04-15");
  EXPECT_EQ(s["rows"]["stop_times.txt"], 130019);
}

TEST(RealFeeds, OthersLoadIncludingFrequencies) {
  auto cairns = load_feed(data("cairns-2014.zip"));
  ASSERT_TRUE(cairns);
  EXPECT_EQ(cairns->stop_times.size(), 37790u);
  EXPECT_FALSE(cairns->has_errors());
  auto kcm = load_feed(data("kcm_gtfs.zip"));
  ASSERT_TRUE(kcm);
  EXPECT_EQ(kcm->routes.size(), 219u);
  EXPECT_EQ(kcm->agencies.size(), 4u);
  auto sample = load_feed(data("google-sample-feed-1.zip"));
  ASSERT_TRUE(sample);
  EXPECT_EQ(sample->frequencies.size(), 11u);
  bool exact = false, headway = false;
  for (const auto& q : sample->frequencies) (q.exact_times ? exact : headway) = true;
  EXPECT_TRUE(headway);  // exact_times=0: headway-based service
  EXPECT_FALSE(load_feed(data("no-such-feed.zip")));
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(FeedBudget, StopTimesAreReadInPiecesWithTheirLinesAndQuotedLineBreaks) {
  // Over 4 MiB, so read in two pieces at least; quoted line breaks on both sides of the cut.
  const std::size_t blank = 5u << 20;
  std::string st =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence,shape_dist_traveled,stop_"
      "headsign\nT1,06:00:00,06:00:00,S1,1,0,\"火车站\n方向\"\nT1,,,S2,2,100,\n";
  st += std::string(blank, '\n');
  st +=
      "T1,,,S3,3,400,\"黄河\n公园\"\nT1,06:10:00,06:10:00,S4,4,1000,\nT1,06:20:00,06:20:00,NOPE,5,,"
      "\n";
  FeedDir dir({{"stop_times.txt", st}});
  auto f = load_feed(dir.path());
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->stop_times.size(), 4u);
  EXPECT_EQ(f->interpolated, 2);
  const Issue* bad = find(*f, "foreign_key_violation");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->field, "stop_id");
  EXPECT_EQ(bad->line, int(8 + blank));
}

TEST(FeedBudget, AFeedWhoseStopTimesSpanSeveralPiecesLoadsWhole) {
  // WMATA quotes every field; its 12 MB of stop times are three pieces.
  auto f = load_feed_zip(slurp(data("wmata-bus-3-routes-2026.zip")), "wmata.zip");
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->stop_times.size(), 232187u);
  for (const auto& i : f->issues)
    EXPECT_NE(i.file, "stop_times.txt") << i.code << " " << i.line << " " << i.message;
}

TEST(FeedBudget, AnUploadInflatingPastItsBudgetIsRefusedNamingTheLimit) {
  // 8 MiB of stop times from a zip of a few kilobytes, against a 4 MiB budget.
  std::string stop_times = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n";
  while (stop_times.size() < (8u << 20)) stop_times += "T1,06:00:00,06:00:00,S1,1\n";
  auto zip = test::make_zip(
      {{"agency.txt", "agency_name,agency_url,agency_timezone\n"}, {"stop_times.txt", stop_times}});
  EXPECT_LT(zip.size(), 256u * 1024);
  auto f =
      load_feed_zip(zip, "炸弹.zip",
                    {.total_bytes = 4u << 20, .entries = 100, .setting = "server.inflate_limit"});
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().kind, ErrorKind::kTooLarge);
  EXPECT_NE(f.error().message.find("4194304"), std::string::npos) << f.error().message;
  EXPECT_NE(f.error().message.find("server.inflate_limit"), std::string::npos);
}

TEST(FeedBudget, TheTableIndexIsChargedBeforeItIsBuilt) {
  // 1 MiB of empty fields is 16 MiB of field views: refused under 8 MiB.
  std::string stop_times = "trip_id,stop_id,stop_sequence\n";
  while (stop_times.size() < (1u << 20)) stop_times += ",,,,,,,,,,,,,,,\n";
  auto f = load_feed_zip(test::make_zip({{"stop_times.txt", stop_times}}), "逗号.zip",
                         {8u << 20, 100, {}});
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().kind, ErrorKind::kTooLarge);
}

TEST(FeedBudget, ARealFeedFitsABudgetOfAFewTimesItsText) {
  // Porto Alegre: 0.9 MB zipped, 5.7 MB of text.
  auto zip = slurp(data("porto-alegre-eptc-2019.zip"));
  auto f = load_feed_zip(zip, "poa.zip", {64u << 20, 100, {}});
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->stop_times.size(), 130019u);
  EXPECT_FALSE(load_feed_zip(zip, "poa.zip", {8u << 20, 100, {}}));
}

TEST(Pack, StopTimesAndShapesRoundTrip) {
  auto feed = load_feed(data("porto-alegre-eptc-2019.zip"));
  ASSERT_TRUE(feed);
  Feed back;
  back.stops = feed->stops;
  back.stop_index = feed->stop_index;
  for (const auto& t : trip_spans(feed->stop_times))
    ASSERT_TRUE(unpack_stop_times(pack_stop_times(*feed, t.begin, t.end), t.trip, back, "t"));
  ASSERT_EQ(back.stop_times.size(), feed->stop_times.size());
  for (std::size_t k = 0; k < back.stop_times.size(); ++k) {
    const auto &a = feed->stop_times[k], &b = back.stop_times[k];
    ASSERT_TRUE(a.trip == b.trip && a.stop == b.stop && a.sequence == b.sequence &&
                a.arrival == b.arrival && a.departure == b.departure && a.dist == b.dist &&
                a.timepoint == b.timepoint && a.interpolated == b.interpolated)
        << k;
  }
  for (const auto& [id, pts] : feed->shapes) {
    auto got = unpack_shape(pack_shape(pts), id);
    ASSERT_TRUE(got);
    ASSERT_EQ(got->size(), pts.size());
    for (std::size_t k = 0; k < pts.size(); ++k) {
      EXPECT_NEAR((*got)[k].lat, pts[k].lat, 1e-7);
      EXPECT_NEAR((*got)[k].lon, pts[k].lon, 1e-7);
      EXPECT_EQ((*got)[k].sequence, pts[k].sequence);
    }
  }
  // A damaged value names what it was and where.
  auto bad = unpack_stop_times("1,2,x", 0, back, "班次 T1");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("班次 T1"), std::string::npos);
  EXPECT_FALSE(unpack_stop_times("1,2,3,-1,1,10:NOSUCHSTOP", 0, back, "t"));
  EXPECT_FALSE(unpack_shape("1,2;", "s"));
}

TEST(Variants, InterpolationFollowsShapeDistance) {
  auto f = load_feed_texts(base_feed());
  ASSERT_TRUE(f);
  EXPECT_FALSE(f->has_errors()) << f->issues[0].message;
  ASSERT_EQ(f->stop_times.size(), 4u);
  EXPECT_EQ(f->stop_times[1].arrival, 6 * 3600 + 60);   // 100 m of 1000 in 10 min
  EXPECT_EQ(f->stop_times[2].arrival, 6 * 3600 + 240);  // 400 m
  EXPECT_TRUE(f->stop_times[1].interpolated);
  EXPECT_FALSE(f->stop_times[3].interpolated);
}

TEST(Variants, BomQuotesAndTimesPastMidnight) {
  // stops.txt as escapes: its byte order mark and CRLF line ends are what is tested.
  auto f = load_feed_texts(variant(
      {{"stops.txt",
        "\xEF\xBB\xBFstop_id,stop_name,stop_lat,stop_lon\r\nS1,\"火车站, 北广场\",34.77,111.19\r\n"
        "S2,\"市政府 "
        "\"\"东\"\"\",34.773,111.195\r\nS3,黄河公园,34.776,111.2\r\nS4,陕州公园,34.779,111."
        "205\r\n"},
       {"stop_times.txt", R"(trip_id,arrival_time,departure_time,stop_id,stop_sequence
T1,24:50:00,24:50:00,S1,1
T1,24:55:00,24:55:00,S2,2
T1,25:00:00,25:00:00,S3,3
T1,25:10:00,25:10:00,S4,4
)"}}));
  ASSERT_TRUE(f);
  EXPECT_FALSE(f->has_errors()) << f->issues[0].message;
  EXPECT_EQ(f->stops[0].name, "火车站, 北广场");
  EXPECT_EQ(f->stops[1].name, "市政府 \"东\"");
  EXPECT_EQ(f->stop_times[3].arrival, 25 * 3600 + 600);
}

TEST(Variants, ErrorsNameFileLineAndField) {
  {
    auto f = load_feed_texts(variant({}, {"stops.txt"}));
    ASSERT_TRUE(f);
    auto i = find(*f, "missing_required_file");
    ASSERT_NE(i, nullptr);
    EXPECT_EQ(i->file, "stops.txt");
  }
  {
    auto f = load_feed_texts(variant({{"stop_times.txt",
                                       R"(trip_id,arrival_time,departure_time,stop_id,stop_sequence
T1,06:00:00,06:00:00,S1,1
T1,06:05:00,06:05:00,S9,2
T1,06:04:00,06:04:00,S3,3
T1,06:10:00,06:10:00,S4,4
)"}}));
    ASSERT_TRUE(f);
    auto fk = find(*f, "foreign_key_violation");
    ASSERT_NE(fk, nullptr);
    EXPECT_EQ(fk->file, "stop_times.txt");
    EXPECT_EQ(fk->line, 3);
    EXPECT_EQ(fk->field, "stop_id");
    auto back = find(*f, "stop_time_with_arrival_before_previous_departure_time");
    ASSERT_EQ(back, nullptr);  // S9's row is dropped, so 06:04 follows 06:00
  }
  {
    auto f = load_feed_texts(variant({{"stop_times.txt",
                                       R"(trip_id,arrival_time,departure_time,stop_id,stop_sequence
T1,06:00:00,06:00:00,S1,1
T1,06:05:00,06:05:00,S2,2
T1,06:04:00,06:04:00,S3,3
T1,06:10:00,06:10:00,S4,4
)"},
                                      {"trips.txt", R"(route_id,service_id,trip_id,shape_id
R1,WK,T1,SH1
R9,WK,T1,SH1
)"}}));
    ASSERT_TRUE(f);
    auto back = find(*f, "stop_time_with_arrival_before_previous_departure_time");
    ASSERT_NE(back, nullptr);
    EXPECT_EQ(back->line, 4);
    auto dup = find(*f, "duplicate_key");
    ASSERT_NE(dup, nullptr);
    EXPECT_EQ(dup->file, "trips.txt");
    EXPECT_EQ(dup->line, 3);
    auto route = find(*f, "foreign_key_violation");
    ASSERT_NE(route, nullptr);
    EXPECT_EQ(route->field, "route_id");
    EXPECT_TRUE(f->has_errors());
  }
  {
    auto f = load_feed_texts(variant({{"stops.txt", R"(stop_id,stop_name,stop_lat,stop_lon
S1,火车站,北纬,111.19
S2,市政府,34.773,111.195
S3,黄河公园,34.776,111.2
S4,陕州公园,34.779,111.205
)"},
                                      {"stop_times.txt",
                                       R"(trip_id,arrival_time,departure_time,stop_id,stop_sequence
T1,6:00,06:00:00,S1,1
T1,,,S2,2
T1,,,S3,3
T1,06:10:00,06:10:00,S4,4
)"}}));
    ASSERT_TRUE(f);
    auto n = find(*f, "invalid_number");
    ASSERT_NE(n, nullptr);
    EXPECT_EQ(n->field, "stop_lat");
    auto t = find(*f, "invalid_time");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->line, 2);
  }
  {
    // A stop 1 km from its trip's shape is a warning, not an error.
    auto f = load_feed_texts(variant({{"stops.txt", R"(stop_id,stop_name,stop_lat,stop_lon
S1,火车站,34.7700,111.1900
S2,市政府,34.7830,111.1950
S3,黄河公园,34.7760,111.2000
S4,陕州公园,34.7790,111.2050
)"}}));
    ASSERT_TRUE(f);
    EXPECT_FALSE(f->has_errors());
    EXPECT_NE(find(*f, "stop_too_far_from_shape"), nullptr);
  }
}

class FeedImport : public ::testing::TestWithParam<std::string> {};

TEST_P(FeedImport, NewVersionActivatesAndAFailedImportKeepsThePrevious) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  ManualClock clock(shanghai_time(*parse_date("2024-03-20"), 10, 0, 0));
  auto app = test::open_app(db.url(), clock);
  ASSERT_TRUE(app);
  Actor actor;
  auto cairns = load_feed(data("cairns-2014.zip"));
  ASSERT_TRUE(cairns);
  std::size_t last_done = 0;
  auto v1 = import_feed(
      app->store(), *cairns, "cairns-2014.zip", false,
      [&](std::string_view, std::size_t done, std::size_t) { last_done = done; }, clock.now(),
      actor);
  ASSERT_TRUE(v1) << v1.error().message;
  EXPECT_TRUE(v1->active);
  EXPECT_GT(last_done, 0u);
  auto n =
      app->store().query("SELECT SUM(stops) FROM tr_trip_stop_times WHERE feed_id = $1", {v1->id});
  EXPECT_EQ(n->rows[0].i64(0), 37790);

  auto bad = load_feed_texts(variant({{"trips.txt", R"(route_id,service_id,trip_id
R9,WK,T1
)"}}));
  ASSERT_TRUE(bad && bad->has_errors());
  auto refused = import_feed(app->store(), *bad, "broken", false, {}, clock.now(), actor);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().rule, "gtfs-errors");
  auto feeds = list_feeds(app->store());
  ASSERT_EQ(feeds->size(), 1u);
  EXPECT_TRUE(feeds->at(0).active);

  auto forced = import_feed(app->store(), *bad, "broken", true, {}, clock.now(), actor);
  ASSERT_TRUE(forced) << forced.error().message;
  EXPECT_TRUE(forced->forced);
  feeds = list_feeds(app->store());
  ASSERT_EQ(feeds->size(), 2u);
  EXPECT_TRUE(feeds->at(0).active);
  EXPECT_FALSE(feeds->at(1).active);
  auto trail = app->store().query("SELECT COUNT(*) FROM audit_log WHERE action = 'feed.import'");
  EXPECT_EQ(trail->rows[0].i64(0), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, FeedImport, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt::transit

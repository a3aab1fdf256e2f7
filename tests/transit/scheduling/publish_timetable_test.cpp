// Publishing a timetable proposal (transit/scheduling/publish_timetable.cpp): the route's trips in
// the direction on the day's service are replaced by copies of its longest trip stretched to each
// running time; the other direction, other services and other routes (their frequencies too) are
// kept; bad proposals refused; stored as a new active version on both stores.
#include "transit/scheduling/publish_timetable.hpp"

#include <gtest/gtest.h>

#include "support/test_store.hpp"

namespace zt::transit::scheduling {
namespace {

// R1 A→B→C (dir 0, two weekday trips, T2 skips B; one Sunday trip) and C→A (dir 1); R2 a
// frequency-based trip.
const FeedTexts kFeed = {
    {"agency.txt",
     "agency_name,agency_url,agency_timezone\n三门峡公交,http://example.cn,Asia/Shanghai\n"},
    {"stops.txt",
     "stop_id,stop_name,stop_lat,stop_lon\nA,火车站,34.770,111.190\nB,市政府,34.775,111.195\n"
     "C,陕州公园,34.779,111.205\n"},
    {"routes.txt", "route_id,route_short_name,route_type\nR1,1,3\nR2,2,3\n"},
    {"calendar.txt",
     "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
     "WK,1,1,1,1,1,0,0,20240101,20241231\nSU,0,0,0,0,0,0,1,20240101,20241231\n"},
    {"trips.txt",
     "route_id,service_id,trip_id,direction_id,trip_headsign\nR1,WK,T1,0,陕州公园\n"
     "R1,WK,T2,0,陕州公园\nR1,WK,U1,1,火车站\nR1,SU,S1,0,陕州公园\nR2,WK,F,0,\n"},
    {"stop_times.txt",
     "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
     "T1,06:00:00,06:00:00,A,1\nT1,06:10:00,06:11:00,B,2\nT1,06:20:00,06:20:00,C,3\n"
     "T2,06:30:00,06:30:00,A,1\nT2,06:48:00,06:48:00,C,3\n"
     "U1,07:00:00,07:00:00,C,1\nU1,07:20:00,07:20:00,A,2\n"
     "S1,08:00:00,08:00:00,A,1\nS1,08:20:00,08:20:00,C,2\n"
     "F,09:00:00,09:00:00,A,1\nF,09:15:00,09:15:00,C,2\n"},
    {"frequencies.txt", "trip_id,start_time,end_time,headway_secs\nF,09:00:00,10:00:00,1800\n"},
};

std::shared_ptr<const Network> network() {
  auto f = load_feed_texts(kFeed);
  EXPECT_TRUE(f && !f->has_errors());
  return Network::from_feed(std::move(*f));
}

const Date kMonday = *parse_date("2024-03-04");

// Two trips of 30 minutes (the template's 20 stretched by half).
const std::vector<TimetableTrip> kTrips{{1, 7 * 3600, 7 * 3600 + 1800, 0, "早高峰"},
                                        {2, 7 * 3600 + 900, 7 * 3600 + 2700, 900, "早高峰"}};

TEST(PublishTimetable, TheDaysTripsOfTheRouteAndDirectionAreReplaced) {
  auto n = network();
  auto p = feed_with_timetable(*n, "R1", 0, kMonday, kTrips);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->service_id, "WK");
  EXPECT_EQ(p->template_trip, "T1");  // the longest: T2 skips B
  EXPECT_EQ(p->removed, 2);
  EXPECT_EQ(p->added, 2);
  auto g = Network::from_feed(std::move(p->feed));
  for (const char* kept : {"U1", "S1", "F"}) EXPECT_TRUE(g->find_trip(kept)) << kept;
  for (const char* gone : {"T1", "T2"}) EXPECT_FALSE(g->find_trip(gone)) << gone;
  auto first = g->find_trip("R1_0_2024-03-04_001");
  ASSERT_TRUE(first);
  const auto& t = g->trip(*first);
  EXPECT_EQ(t.headsign, "陕州公园");
  EXPECT_EQ(t.service_id, "WK");
  const auto [b, e] = g->trip_span(*first);
  ASSERT_EQ(e - b, 3u);
  const auto& st = g->feed().stop_times;
  EXPECT_EQ(st[b].departure, 7 * 3600);
  EXPECT_EQ(st[b + 1].arrival, 7 * 3600 + 900);    // 10 min × 1.5
  EXPECT_EQ(st[b + 1].departure, 7 * 3600 + 990);  // its dwell stretched too
  EXPECT_EQ(st[b + 2].arrival, 7 * 3600 + 1800);
  EXPECT_EQ(g->feed().stops[st[b + 2].stop].id, "C");
  // The frequency row still points at its trip.
  ASSERT_EQ(g->feed().frequencies.size(), 1u);
  EXPECT_EQ(g->feed().trips[g->feed().frequencies[0].trip].id, "F");
  EXPECT_EQ(g->frequencies_of(*g->find_trip("F")).size(), 1u);
  // The source network is untouched.
  EXPECT_TRUE(n->find_trip("T1"));
}

TEST(PublishTimetable, BadProposalsAreRefused) {
  auto n = network();
  EXPECT_FALSE(feed_with_timetable(*n, "R1", 0, kMonday, {}));
  auto backwards = kTrips;
  std::swap(backwards[0], backwards[1]);
  EXPECT_FALSE(feed_with_timetable(*n, "R1", 0, kMonday, backwards));
  auto zero = kTrips;
  zero[0].arrival = zero[0].departure;
  EXPECT_FALSE(feed_with_timetable(*n, "R1", 0, kMonday, zero));
  auto none = feed_with_timetable(*n, "R2", 1, kMonday, kTrips);  // no such direction
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().field, "route_id");
  EXPECT_FALSE(feed_with_timetable(*n, "R1", 0, *parse_date("2024-03-02"), kTrips));  // Saturday
  // Past the feed's range, the latest day like it: the weekday service.
  EXPECT_TRUE(feed_with_timetable(*n, "R1", 0, *parse_date("2025-03-03"), kTrips));
  // Sunday: only S1 is replaced.
  auto sunday = feed_with_timetable(*n, "R1", 0, *parse_date("2024-03-03"), kTrips);
  ASSERT_TRUE(sunday) << sunday.error().message;
  EXPECT_EQ(sunday->service_id, "SU");
  EXPECT_EQ(sunday->removed, 1);
}

class PublishTimetableStore : public ::testing::TestWithParam<std::string> {};

TEST_P(PublishTimetableStore, ANewActiveVersion) {
  zt::test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  ManualClock clock(Instant{std::chrono::seconds{1709510400}});
  auto app = zt::test::open_app(db.url(), clock);
  ASSERT_TRUE(app);
  auto& store = app->store();
  const Actor who{.id = {}, .name = "jt_gh", .unit_id = {}, .request_id = {}};
  auto first = import_feed(store, network()->feed(), "sanmenxia.zip", false, {}, clock.now(), who);
  ASSERT_TRUE(first) << first.error().message;
  auto source = Network::load(store);
  ASSERT_TRUE(source);
  auto p = publish_timetable(store, **source, first->name, false, "R1", 0, kMonday, kTrips,
                             clock.now(), who);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->version.name, "sanmenxia.zip · 行车计划 1路 上行 2024-03-04");
  auto published = Network::load(store);
  ASSERT_TRUE(published);
  EXPECT_EQ((*published)->version(), p->version.id);
  EXPECT_TRUE((*published)->find_trip("R1_0_2024-03-04_002"));
  EXPECT_FALSE((*published)->find_trip("T1"));
  EXPECT_EQ((*published)->feed().frequencies.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Stores, PublishTimetableStore, ::testing::ValuesIn(zt::test::backends()));

}  // namespace
}  // namespace zt::transit::scheduling

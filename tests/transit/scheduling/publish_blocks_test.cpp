// Publishing a day's blocks (transit/scheduling/publish_blocks.cpp): the feed's trips of the day
// get their 路牌 as block_id, other days' trips and frequency trips keep theirs; stored as a new
// active version (named once, however often republished) on both stores.
#include "transit/scheduling/publish_blocks.hpp"

#include <gtest/gtest.h>

#include <set>

#include "support/test_store.hpp"
#include "transit/scheduling/day_feed.hpp"

namespace zt::transit::scheduling {
namespace {

const BlockOptions kTenMinutes{.min_layover_s = 600};

TEST(PublishBlocks, TheDaysTripsGetTheirBlocks) {
  auto n = fixtures::network();
  auto b = feed_with_blocks(*n, *parse_date("2024-03-04"), kTenMinutes);
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(b->vehicles, 6);
  EXPECT_EQ(b->trips, 16);          // route 1's trips both ways
  EXPECT_EQ(b->kept_frequency, 1);  // F: two runs, one trip row
  std::set<std::string> blocks;
  for (const auto& t : b->feed.trips) {
    if (t.id == "SUN" || t.id == "F") {
      EXPECT_EQ(t.block_id, "") << t.id;
      continue;
    }
    EXPECT_EQ(t.block_id.substr(0, 2), "B0") << t.id;
    blocks.insert(t.block_id);
  }
  EXPECT_EQ(blocks.size(), 4u);  // F's two runs had the other two buses
  // The source network is untouched.
  for (const auto& t : n->feed().trips) EXPECT_EQ(t.block_id, "");
  EXPECT_FALSE(feed_with_blocks(*n, *parse_date("2025-03-04"), kTenMinutes));  // no service
}

class PublishBlocksStore : public ::testing::TestWithParam<std::string> {};

TEST_P(PublishBlocksStore, ANewActiveVersionNamedOnce) {
  zt::test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  ManualClock clock(Instant{std::chrono::seconds{1709510400}});
  auto app = zt::test::open_app(db.url(), clock);
  ASSERT_TRUE(app);
  auto& store = app->store();
  const Actor who{.id = {}, .name = "jt_gh", .unit_id = {}, .request_id = {}};
  auto first =
      import_feed(store, fixtures::network()->feed(), "sanmenxia.zip", false, {}, clock.now(), who);
  ASSERT_TRUE(first) << first.error().message;
  auto source = Network::load(store);
  ASSERT_TRUE(source);
  const Date monday = *parse_date("2024-03-04");
  auto p =
      publish_blocks(store, **source, first->name, false, monday, kTenMinutes, clock.now(), who);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->version.name, "sanmenxia.zip · 路牌 2024-03-04");
  EXPECT_GT(p->version.id, first->id);
  EXPECT_EQ(p->vehicles, 6);
  auto published = Network::load(store);
  ASSERT_TRUE(published);
  EXPECT_EQ((*published)->version(), p->version.id);
  auto t2 = (*published)->find_trip("T2");
  ASSERT_TRUE(t2);
  EXPECT_FALSE((*published)->trip(*t2).block_id.empty());
  // Republishing from the published version does not pile up suffixes.
  auto again = publish_blocks(store, **published, p->version.name, false, monday, kTenMinutes,
                              clock.now(), who);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->version.name, "sanmenxia.zip · 路牌 2024-03-04");
  auto feeds = list_feeds(store);
  ASSERT_TRUE(feeds);
  EXPECT_EQ(feeds->size(), 3u);
}

INSTANTIATE_TEST_SUITE_P(Stores, PublishBlocksStore, ::testing::ValuesIn(zt::test::backends()));

}  // namespace
}  // namespace zt::transit::scheduling

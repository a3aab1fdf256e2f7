// GTFS-Realtime in and out on real captures, the JSON AVL form, and stored positions.
#include "transit/realtime.hpp"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "support/test_store.hpp"
#include "transit/feed_store.hpp"
#include "transit/positions.hpp"
#include "transit/simulator.hpp"

namespace zt::transit {
namespace {

std::string capture(const std::string& name) {
  std::ifstream in(std::string(ZT_SHARED_DIR) + "/data/gtfs-rt/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(Realtime, KingCountyVehiclePositionsDecode) {
  for (const char* name : {"king-county-metro-1.pbf", "king-county-metro-2.pbf"}) {
    auto bytes = capture(name);
    ASSERT_FALSE(bytes.empty()) << name << " missing";
    auto feed = decode_feed(bytes, name);
    ASSERT_TRUE(feed) << feed.error().message;
    EXPECT_GT(feed->vehicles.size(), 400u) << name;
    EXPECT_EQ(feed->version, "2.0");
    for (const auto& v : feed->vehicles) {
      EXPECT_FALSE(implausible(v)) << v.vehicle_id;
      EXPECT_NEAR(v.lat, 47.5, 1.5);  // around Seattle
    }
  }
}

TEST(Realtime, SeptaTripUpdatesDecode) {
  auto feed = decode_feed(capture("septa.pbf"), "septa.pbf");
  ASSERT_TRUE(feed) << feed.error().message;
  EXPECT_EQ(feed->trip_updates.size() + feed->rejected.size(), 35u);
  std::size_t stops = 0;
  for (const auto& t : feed->trip_updates) stops += t.stops.size();
  EXPECT_GT(stops, 0u);
}

TEST(Realtime, GarbageAndTruncatedFeedsAreRefusedByName) {
  auto bad = decode_feed("not protobuf at all", "x.pbf");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("x.pbf"), std::string::npos);
  auto bytes = capture("king-county-metro-1.pbf");
  EXPECT_FALSE(decode_feed(std::string_view(bytes).substr(0, bytes.size() / 2), "half.pbf"));
  EXPECT_FALSE(decode_feed("", "empty.pbf"));
}

TEST(Realtime, EncodedPositionsDecodeToTheSame) {
  VehicleReport v;
  v.vehicle_id = "豫M-12345";
  v.route_id = "1";
  v.trip_id = "T1";
  v.lat = 34.7731;
  v.lon = 111.2003;
  v.speed = 8.5;
  v.timestamp = 1710900000;
  auto bytes = encode_vehicle_positions({v}, Instant{std::chrono::seconds{1710900005}});
  auto back = decode_feed(bytes, "ours");
  ASSERT_TRUE(back) << back.error().message;
  ASSERT_EQ(back->vehicles.size(), 1u);
  EXPECT_EQ(back->vehicles[0].vehicle_id, "豫M-12345");
  EXPECT_NEAR(back->vehicles[0].lat, 34.7731, 1e-4);
  EXPECT_EQ(back->timestamp, 1710900005);
  auto j = vehicle_positions_json({v}, Instant{std::chrono::seconds{1710900005}});
  EXPECT_EQ(j["entity"][0]["vehicle"]["trip"]["route_id"], "1");
}

TEST(Realtime, AvlJsonAsTerminalsSendIt) {
  auto r = avl_report({{"vehicle", 1208},
                       {"lat", 34.77},
                       {"lon", 111.19},
                       {"time", "2024-03-20 08:15:30"},
                       {"speed", 36},
                       {"passengers", 23}});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->vehicle_id, "1208");
  EXPECT_EQ(r->timestamp, unix_seconds(shanghai_time(*parse_date("2024-03-20"), 8, 15, 30)));
  EXPECT_NEAR(*r->speed, 10.0, 1e-9);  // 36 km/h
  EXPECT_EQ(r->passengers, 23);
  EXPECT_FALSE(avl_report({{"vehicle", "a"}, {"lat", 134.77}, {"lon", 111.19}, {"time", 1}}));
  EXPECT_FALSE(avl_report({{"vehicle", "a"}, {"lat", 34.77}, {"lon", 111.19}, {"time", "昨天"}}));
  EXPECT_FALSE(avl_report({{"vehicle", "a"}, {"lat", "34.77"}, {"lon", 111.19}, {"time", 1}}));
  EXPECT_FALSE(avl_report({{"vehicle", "a"}, {"lat", 0}, {"lon", 0}, {"time", 1}}));
}

class PositionsTest : public ::testing::TestWithParam<std::string> {};

TEST_P(PositionsTest, StoredOnceLiveAndTrajectory) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  auto feed = decode_feed(capture("king-county-metro-1.pbf"), "kcm");
  ASSERT_TRUE(feed);
  std::int64_t newest = 0;
  for (const auto& v : feed->vehicles) newest = std::max(newest, v.timestamp);
  ManualClock clock(Instant{std::chrono::seconds{newest + 60}});
  auto app = test::open_app(db.url(), clock);
  ASSERT_TRUE(app);
  Positions positions(app->store(), clock);
  const auto n = feed->vehicles.size();
  auto first = positions.ingest(feed->vehicles, {});
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(std::size_t(first->accepted), n);
  auto again = positions.ingest(feed->vehicles, {{"x", "bad"}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->accepted, 0);
  EXPECT_EQ(std::size_t(again->duplicate), n);
  EXPECT_EQ(again->rejected, 1);
  EXPECT_GT(positions.live(std::chrono::minutes(10)).size(), 0u);

  // One bus moves on: two fixes make a track.
  auto bus = feed->vehicles.front();
  bus.vehicle_id = "test-bus";
  ASSERT_TRUE(positions.ingest({bus}, {}));
  bus.timestamp += 30;
  bus.lat += 0.001;
  ASSERT_TRUE(positions.ingest({bus}, {}));
  auto track = positions.trajectory(bus.vehicle_id, bus.timestamp - 3600, bus.timestamp);
  ASSERT_TRUE(track) << track.error().message;
  const auto& features = (*track)["features"];
  ASSERT_EQ(features.size(), 3u);
  EXPECT_EQ(features[0]["geometry"]["type"], "LineString");
  EXPECT_NEAR(features[2]["geometry"]["coordinates"][1].get<double>(), bus.lat, 1e-6);
  EXPECT_FALSE(positions.trajectory(bus.vehicle_id, 10, 5));

  clock.set(clock.now() + std::chrono::hours(24 * 31));
  auto pruned = positions.prune();
  ASSERT_TRUE(pruned);
  EXPECT_EQ(std::size_t(*pruned), n + 2);
}

TEST_P(PositionsTest, TrackedWithoutTripIdsVisitsStoredAndLearnedAfterARestart) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  auto feed = load_feed(std::string(ZT_SHARED_DIR) + "/data/gtfs/porto-alegre-eptc-2019.zip");
  ASSERT_TRUE(feed) << feed.error().message;
  // Monday 2019-07-15 in Porto Alegre: 12:00 to 12:30 local, fixes every 20 s without trip ids.
  const std::int64_t start = 1563202800, end = start + 1800;
  ManualClock clock(Instant{std::chrono::seconds{end + 10}});
  auto app = test::open_app(db.url(), clock);
  ASSERT_TRUE(app);
  ASSERT_TRUE(import_feed(app->store(), *feed, "poa.zip", false, {}, clock.now(),
                          Actor{std::nullopt, "test", std::nullopt, "test"}));
  NetworkHolder network(app->store());
  auto n = network.get();
  ASSERT_TRUE(n);
  SimulatorOptions o;
  o.trip_ids = false;
  Simulator sim(o);
  std::size_t visits = 0;
  {
    LiveFleet fleet;
    Positions positions(app->store(), clock, &network, &fleet);
    for (auto t = start; t < end; t += 20) {
      auto r = positions.ingest(sim.positions(**n, t), {});
      ASSERT_TRUE(r) << r.error().message;
      visits += std::size_t(r->stop_events);
    }
    auto live = fleet.snapshot(end, 600);
    ASSERT_GT(live->trips.size(), 50u);
    // Matched by place and time: the simulator names each bus after its trip.
    std::size_t right = 0;
    for (const auto& p : live->trips)
      right += p.vehicle.vehicle_id == "SIM-" + (*n)->feed().trips[p.on.trip].id;
    EXPECT_GT(double(right) / double(live->trips.size()), 0.9);
    EXPECT_GT(fleet.profile_observations(), 500u);
  }
  EXPECT_GT(visits, 1000u);
  auto stored = app->store().query("SELECT COUNT(*) FROM tr_stop_events");
  ASSERT_TRUE(stored);
  EXPECT_EQ(std::size_t(stored->rows[0].i64(0)), visits);
  // A restarted server learns the stored visits in the background and tracks meanwhile.
  LiveFleet fresh;
  Positions again(app->store(), clock, &network, &fresh);
  ASSERT_TRUE(again.ingest(sim.positions(**n, end), {}));
  again.await_history();
  EXPECT_GT(fresh.profile_observations(), 500u);
  EXPECT_GT(fresh.snapshot(end, 600)->trips.size(), 50u);
}

INSTANTIATE_TEST_SUITE_P(Backends, PositionsTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt::transit

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
  std::ifstream in(std::string(ZT_DATA_DIR) + "/gtfs-rt/" + name, std::ios::binary);
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
                       {"passengers", 23},
                       {"boarded", 4},
                       {"alighted", 2}});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->boarded, 4);  // the counter's riders on and off since the last report
  EXPECT_EQ(r->alighted, 2);
  EXPECT_EQ(r->vehicle_id, "1208");
  EXPECT_EQ(r->timestamp, unix_seconds(shanghai_time(*parse_date("2024-03-20"), 8, 15, 30)));
  EXPECT_NEAR(*r->speed, 10.0, 1e-9);  // 36 km/h
  EXPECT_EQ(r->passengers, 23);
  auto uncounted = avl_report({{"vehicle", "a"},
                               {"lat", 34.77},
                               {"lon", 111.19},
                               {"time", 1},
                               {"boarded", -3},
                               {"alighted", 1e12}});
  ASSERT_TRUE(uncounted);
  EXPECT_EQ(uncounted->boarded, -1);  // out of range: not counted, never converted
  EXPECT_EQ(uncounted->alighted, -1);
  // Malformed objects fail; well-formed but implausible ones are implausible()'s to refuse.
  EXPECT_FALSE(avl_report({{"vehicle", "a"}, {"lat", 34.77}, {"lon", 111.19}, {"time", "昨天"}}));
  EXPECT_FALSE(avl_report({{"vehicle", "a"}, {"lat", "34.77"}, {"lon", 111.19}, {"time", 1}}));
  auto far = avl_report({{"vehicle", "a"}, {"lat", 134.77}, {"lon", 111.19}, {"time", 1}});
  ASSERT_TRUE(far);
  ASSERT_TRUE(implausible(*far));
  EXPECT_EQ(implausible(*far)->code, Refused::kPosition);
  auto null_island = avl_report({{"vehicle", "a"}, {"lat", 0}, {"lon", 0}, {"time", 1}});
  ASSERT_TRUE(null_island);
  EXPECT_EQ(implausible(*null_island)->code, Refused::kPosition);
  // A passenger count beyond int's range is dropped, not converted (undefined behaviour).
  auto crowd = avl_report(
      {{"vehicle", "a"}, {"lat", 34.7}, {"lon", 111.1}, {"time", 1}, {"passengers", 1e300}});
  ASSERT_TRUE(crowd);
  EXPECT_EQ(crowd->passengers, -1);
}

VehicleReport bus_at(std::string id, std::int64_t t) {
  VehicleReport v;
  v.vehicle_id = std::move(id);
  v.lat = 34.7731;
  v.lon = 111.2003;
  v.timestamp = t;
  return v;
}

TEST(Realtime, IdsMustBeShortPrintableUtf8) {
  const std::int64_t t = 1710900000;
  EXPECT_FALSE(implausible(bus_at("豫M-12345", t)));
  EXPECT_FALSE(implausible(bus_at(std::string(64, 'a'), t)));
  for (const std::string& id :
       {std::string(65, 'a'), std::string(10000, 'x'), std::string("bus\0one", 7),
        std::string("bus\x1b[31m"), std::string("bad\xff"), std::string("\xe8\xb1"),
        std::string("c1\xc2\x85"), std::string("del\x7f"), std::string("\xff\x80\x80"),
        std::string("\xc0\xaf"), std::string("rtl\xe2\x80\xae"),
        std::string("\xef\xbb\xbf"
                    "1"),
        std::string()}) {
    auto why = implausible(bus_at(id, t));
    ASSERT_TRUE(why) << shown_id(id);
    EXPECT_EQ(why->code, Refused::kId);
    // Shown back short and as valid UTF-8 (JSON cannot carry anything else).
    EXPECT_LE(why->entity.size(), 40u);
    EXPECT_NO_THROW((void)nlohmann::json(why->entity).dump());
  }
  auto trip = bus_at("1208", t);
  trip.trip_id = std::string(200, 't');
  ASSERT_TRUE(implausible(trip));
  EXPECT_NE(implausible(trip)->reason.find("trip_id"), std::string::npos);
  auto route = bus_at("1208", t);
  route.route_id = std::string("1\0", 2);
  ASSERT_TRUE(implausible(route));
  EXPECT_NE(implausible(route)->reason.find("route_id"), std::string::npos);
  LiveLimits strict;
  strict.max_id_bytes = 4;
  EXPECT_TRUE(implausible(bus_at("12345", t), strict));
  EXPECT_FALSE(implausible(bus_at("1234", t), strict));
}

TEST(Realtime, FixTimesOutsideTheWindowAreRefused) {
  const std::int64_t now = 1710900000;
  const LiveLimits l;  // a day back, five minutes ahead
  EXPECT_FALSE(outside_window(bus_at("a", now + 300), now, l));
  EXPECT_FALSE(outside_window(bus_at("a", now - 86400), now, l));
  EXPECT_EQ(outside_window(bus_at("a", now + 301), now, l)->code, Refused::kFuture);
  EXPECT_EQ(outside_window(bus_at("a", now + 50LL * 365 * 86400), now, l)->code, Refused::kFuture);
  EXPECT_EQ(outside_window(bus_at("a", now - 86401), now, l)->code, Refused::kStale);
  EXPECT_NE(outside_window(bus_at("a", now + 301), now, l)->reason.find("fix_max_ahead_seconds"),
            std::string::npos);
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
  auto feed = load_feed(std::string(ZT_DATA_DIR) + "/gtfs/porto-alegre-eptc-2019.zip");
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
  Simulator sim({.trip_ids = false});
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
      right += p.vehicle.vehicle_id == "SIM-" + (*n)->feed().trips[p.on.trip.value].id;
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

TEST_P(PositionsTest, ImplausibleFixesAreRefusedCountedAndNeverLive) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  const std::int64_t now = 1710900000;
  ManualClock clock(Instant{std::chrono::seconds{now}});
  auto app = test::open_app(db.url(), clock);
  ASSERT_TRUE(app);
  Positions positions(app->store(), clock);
  // Partly refused: the good fixes are stored, the sender gets the counts per reason.
  auto r =
      positions.ingest({bus_at("ok", now - 10), bus_at("ahead", now + 50LL * 365 * 86400),
                        bus_at("soon", now + 200), bus_at("old", now - 2 * 86400),
                        bus_at(std::string("n\0l", 3), now), bus_at(std::string(10240, 'x'), now)},
                       {{"#9", "bad", Refused::kMalformed}});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->accepted, 2);
  EXPECT_EQ(r->rejected, 5);
  EXPECT_EQ(r->refused[std::size_t(Refused::kFuture)], 1);
  EXPECT_EQ(r->refused[std::size_t(Refused::kStale)], 1);
  EXPECT_EQ(r->refused[std::size_t(Refused::kId)], 2);
  EXPECT_EQ(r->refused[std::size_t(Refused::kMalformed)], 1);
  const auto j = r->to_json();
  EXPECT_EQ(j["refused"]["future"], 1);
  EXPECT_EQ(j["refused"]["id"], 2);
  EXPECT_NO_THROW((void)j.dump());
  auto stored = app->store().query("SELECT COUNT(*) FROM tr_positions");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->rows[0].i64(0), 2);
  // Fifty years on the fix would still have been "live"; it never is.
  clock.set(clock.now() + std::chrono::hours(24 * 365 * 10));
  EXPECT_TRUE(positions.live(std::chrono::minutes(10)).empty());
  const auto t = positions.totals();
  EXPECT_EQ(t.refused[std::size_t(Refused::kFuture)], 1);
  EXPECT_EQ(t.rejected, 5);
}

TEST_P(PositionsTest, EntityAndFleetCapsBoundWhatASenderCanMakeUsHold) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  const std::int64_t now = 1710900000;
  ManualClock clock(Instant{std::chrono::seconds{now}});
  auto app = test::open_app(db.url(), clock);
  ASSERT_TRUE(app);
  LiveLimits limits;
  limits.max_entities = 4;
  limits.max_vehicles = 3;
  Positions positions(app->store(), clock, nullptr, nullptr, std::chrono::hours(24 * 30), limits);
  // Over the per-request cap: refused whole, the cap named, every entity counted.
  auto over = positions.ingest(
      {bus_at("a", now), bus_at("b", now), bus_at("c", now), bus_at("d", now)}, {{"#4", "x"}});
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().kind, ErrorKind::kTooLarge);
  EXPECT_NE(over.error().message.find("max_entities"), std::string::npos);
  EXPECT_NE(over.error().message.find('4'), std::string::npos);
  EXPECT_EQ(positions.totals().refused[std::size_t(Refused::kEntityCap)], 5);
  auto stored = app->store().query("SELECT COUNT(*) FROM tr_positions");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->rows[0].i64(0), 0);

  // Three vehicles held: a fourth is refused, the held ones keep reporting.
  auto r = positions.ingest(
      {bus_at("a", now), bus_at("b", now), bus_at("c", now), bus_at("d", now)}, {});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->accepted, 3);
  EXPECT_EQ(r->refused[std::size_t(Refused::kFleetCap)], 1);
  EXPECT_EQ(positions.totals().vehicles, 3u);
  r = positions.ingest({bus_at("a", now + 10), bus_at("e", now + 10)}, {});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->accepted, 1);
  EXPECT_EQ(r->refused[std::size_t(Refused::kFleetCap)], 1);
  EXPECT_EQ(positions.live(std::chrono::minutes(10)).size(), 3u);
  // A day and more unheard: the slots are freed for new vehicles.
  clock.set(clock.now() + std::chrono::hours(25));
  r = positions.ingest({bus_at("e", now + 25 * 3600)}, {});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->accepted, 1);
  EXPECT_EQ(positions.totals().vehicles, 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, PositionsTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt::transit

// The day's buses and drivers on blocks (transit/dispatch/assignments.cpp) on both stores: the
// blocks a feed runs on a date, assignment, reassignment, a bus on two blocks refused, removal,
// every change audited; and a bus running another block than its assignment raises 不按排班运营.
#include "transit/dispatch/assignments.hpp"

#include <gtest/gtest.h>

#include "core/audit.hpp"
#include "support/test_store.hpp"
#include "transit/dispatch/alarms.hpp"
#include "transit/dispatch/dispatch_fixtures.hpp"
#include "transit/dispatch/fleet_view.hpp"
#include "transit/dispatch/settings.hpp"
#include "transit/test_feeds.hpp"

namespace zt::transit::dispatch {
namespace {

using test::kNow;

// line_feed's 97 trips on three blocks: trips 0-9 on 路牌 01, 10-19 on 02, the rest on none;
// and one Sunday-only trip on 03 (a service that does not run on the Wednesday tested).
std::shared_ptr<const Network> blocked_network() {
  auto f = fixtures::line_feed();
  for (std::size_t t = 0; t < 20; ++t) f.trips[t].block_id = t < 10 ? "01" : "02";
  f.services.push_back({"SUN", 0b1000000, *parse_date("2024-01-01"), *parse_date("2024-12-31")});
  f.trips[50].service_id = "SUN";
  f.trips[50].block_id = "03";
  return Network::from_feed(std::move(f));
}

TEST(Assignments, TheBlocksADateRunsByFirstDeparture) {
  auto n = blocked_network();
  auto blocks = blocks_on(*n, *parse_date("2024-03-20"));
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].block_id, "01");
  EXPECT_EQ(blocks[0].trips, 10);
  EXPECT_EQ(blocks[0].first_departure, 6 * 3600);
  EXPECT_EQ(blocks[0].last_arrival, 6 * 3600 + 9 * 600 + 3 * 180);
  EXPECT_EQ(blocks[0].routes, std::vector<std::string>{"1"});
  EXPECT_EQ(blocks[1].block_id, "02");
  EXPECT_EQ(blocks_on(*n, *parse_date("2024-03-24")).size(), 1u);  // Sunday: 03 only
}

class AssignmentStore : public ::testing::TestWithParam<std::string> {};

TEST_P(AssignmentStore, AssignReassignRefuseRemoveAudited) {
  zt::test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  ManualClock clock(Instant{std::chrono::seconds{kNow}});
  auto app = zt::test::open_app(db.url(), clock);
  ASSERT_TRUE(app);
  auto& store = app->store();
  const Actor who{.id = {}, .name = "gj_dd", .unit_id = 7, .request_id = {}};
  const Actor other{.id = {}, .name = "qt_dd", .unit_id = 8, .request_id = {}};
  const Date day = *parse_date("2024-03-20");
  auto put = [&](const char* block, const char* bus, const char* driver) {
    return put_assignment(store, {day, block, bus, driver, "GJ-0012", 7, "", 0}, who, false,
                          clock.now());
  };
  auto one = put("01", "豫M·D1001", "张建国");
  ASSERT_TRUE(one) << one.error().message;
  EXPECT_EQ(one->updated_by, "gj_dd");
  ASSERT_TRUE(put("02", "豫M·D1002", "李红"));
  // A bus on two blocks the same day is refused, naming the block it is on.
  auto twice = put("02", "豫M·D1001", "张建国");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().kind, ErrorKind::kConflict);
  EXPECT_NE(twice.error().message.find("01"), std::string::npos);
  // Reassigning a block replaces its bus and driver; another day is another plan.
  ASSERT_TRUE(put("02", "豫M·D1003", "王强"));
  ASSERT_TRUE(put_assignment(store,
                             {*parse_date("2024-03-21"), "01", "豫M·D1002", "", "", {}, "", 0}, who,
                             false, clock.now()));
  // Another unit may neither change nor remove this unit's assignment, unless it sees all.
  Assignment theirs{day, "02", "豫M·X0001", "", "", 8, "", 0};
  auto refused = put_assignment(store, theirs, other, false, clock.now());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(remove_assignment(store, day, "02", other, false, clock.now()).error().kind,
            ErrorKind::kForbidden);
  // A unit-less assignment (no operating unit configured) is anyone's.
  ASSERT_TRUE(
      put_assignment(store, {day, "04", "豫M·X0002", "", "", {}, "", 0}, who, false, clock.now()));
  EXPECT_TRUE(
      put_assignment(store, {day, "04", "豫M·X0003", "", "", 8, "", 0}, other, false, clock.now()));
  auto by = assignments_by_vehicle(store, day);
  ASSERT_TRUE(by);
  ASSERT_EQ(by->size(), 3u);
  EXPECT_EQ(by->at("豫M·D1003").block_id, "02");
  EXPECT_EQ(by->at("豫M·D1003").driver_name, "王强");
  EXPECT_EQ(by->at("豫M·D1003").unit, std::optional<std::int64_t>(7));
  EXPECT_FALSE(by->contains("豫M·D1002"));

  auto removed = remove_assignment(store, day, "01", other, true, clock.now());  // an admin's
  ASSERT_TRUE(removed);
  EXPECT_TRUE(*removed);
  auto again = remove_assignment(store, day, "01", who, false, clock.now());
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);                                 // idempotent
  EXPECT_EQ(list_assignments(store, day)->size(), 2u);  // 02 and 04

  AuditQuery q;
  q.object_type = "transit_block_assignment";
  auto trail = search_audit(store, q);
  ASSERT_TRUE(trail);
  std::multiset<std::string> actions;
  for (const auto& r : trail->records) actions.insert(r.action);
  EXPECT_EQ(actions.count("transit.assignment.create"), 4u);
  EXPECT_EQ(actions.count("transit.assignment.update"), 2u);
  EXPECT_EQ(actions.count("transit.assignment.remove"), 1u);
  EXPECT_TRUE(verify_audit(store)->ok());
}

INSTANTIATE_TEST_SUITE_P(Stores, AssignmentStore, ::testing::ValuesIn(zt::test::backends()));

// The alarm: a bus assigned to 01 is seen running a trip of 02. Without the assignment it
// began the day on 02, which is no alarm.
TEST(Assignments, ABusOnAnotherBlockThanAssignedRaisesAnAlarm) {
  auto n = blocked_network();
  const auto now = fixtures::at("2024-03-20", 7, 42);  // trip 10 (block 02) left at 07:40
  TripPrediction p;
  p.vehicle.vehicle_id = "豫M·D1001";
  p.vehicle.route_id = "R1";
  p.vehicle.timestamp = now;
  p.on.trip = *n->find_trip("T10");
  p.on.day = *parse_date("2024-03-20");
  p.on.next = 1;
  p.base = fixtures::at("2024-03-20", 0, 0);
  p.stops.push_back({now + 60, now + 60});
  auto snapshot = LiveSnapshot::of(*n, {p}, now);
  const auto& live = *snapshot;
  auto off_block = [&](const AssignmentsByVehicle* assigned) {
    FleetMemory memory;
    auto buses = bus_states(*n, live, now, memory, assigned);
    EXPECT_EQ(buses.size(), 1u);
    int alarms = 0;
    for (const auto& c : detect(buses, Settings{}, now))
      alarms += c.kind == AlarmKind::kOffBlock ? 1 : 0;
    return alarms;
  };
  EXPECT_EQ(off_block(nullptr), 0);
  AssignmentsByVehicle assigned;
  assigned["豫M·D1001"] = {*parse_date("2024-03-20"), "01", "豫M·D1001", "张建国", "", {}, "", 0};
  EXPECT_EQ(off_block(&assigned), 1);
  assigned["豫M·D1001"].block_id = "02";
  EXPECT_EQ(off_block(&assigned), 0);
}

}  // namespace
}  // namespace zt::transit::dispatch

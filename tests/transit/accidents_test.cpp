// 行车责任事故死亡率 by hand, and the register on both stores.
#include "transit/register/accidents.hpp"

#include <gtest/gtest.h>

#include "support/test_store.hpp"
#include "transit/kpi/record_store.hpp"

namespace zt::transit {
namespace {

Accident accident(std::string date, Responsibility r, int deaths, int injuries) {
  Accident a;
  a.date = *parse_date(date);
  a.plate = "豫M·D1001";
  a.route = "11路";
  a.responsibility = r;
  a.deaths = deaths;
  a.injuries = injuries;
  return a;
}

TEST(Accidents, RateCountsOnlyAccidentsWithResponsibility) {
  const std::vector<Accident> list = {accident("2024-02-01", Responsibility::kMain, 1, 2),
                                      accident("2024-03-01", Responsibility::kNone, 2, 0),
                                      accident("2024-04-01", Responsibility::kMinor, 0, 3)};
  // 1 responsible death over 25 million vehicle-km: 0.04 per million, within ≤ 0.05.
  auto r = accident_rate(list, 25e6);
  EXPECT_EQ(r.accidents, 3);
  EXPECT_EQ(r.responsible, 2);
  EXPECT_EQ(r.deaths, 3);
  EXPECT_EQ(r.responsible_deaths, 1);
  EXPECT_EQ(r.injuries, 5);
  ASSERT_TRUE(r.rate);
  EXPECT_NEAR(*r.rate, 0.04, 1e-12);
  EXPECT_EQ(r.to_json()["met"], true);
  EXPECT_NEAR(*accident_rate(list, 10e6).rate, 0.1, 1e-12);
  // Without kilometres there is no rate (the operations records will give them).
  EXPECT_FALSE(accident_rate(list, std::nullopt).rate);
  EXPECT_TRUE(accident_rate(list, std::nullopt).to_json()["rate_per_million_km"].is_null());
}

class AccidentStore : public ::testing::TestWithParam<std::string> {};

TEST_P(AccidentStore, RecordedAuditedAndListedByPeriod) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  ManualClock clock(shanghai_time(*parse_date("2024-09-20"), 10, 0, 0));
  auto app = test::open_app(db.url(), clock);
  ASSERT_TRUE(app);
  Actor who{std::nullopt, "jt_gh", std::nullopt, "req-1"};
  for (auto [d, r, deaths] : {std::tuple{"2023-12-30", Responsibility::kFull, 1},
                              std::tuple{"2024-03-01", Responsibility::kEqual, 1},
                              std::tuple{"2024-07-01", Responsibility::kNone, 0}}) {
    auto a = record_accident(app->store(), accident(d, r, deaths, 1), clock.now(), who);
    ASSERT_TRUE(a) << a.error().message;
    EXPECT_GT(a->id, 0);
    EXPECT_EQ(a->recorded_by, "jt_gh");
  }
  auto year = list_accidents(app->store(), *parse_date("2024-01-01"), *parse_date("2024-12-31"));
  ASSERT_TRUE(year);
  ASSERT_EQ(year->size(), 2u);
  EXPECT_EQ(year->at(0).responsibility, Responsibility::kEqual);
  EXPECT_EQ(accident_rate(*year, 20e6).responsible_deaths, 1);
  auto km = recorded_vehicle_km(app->store(), *parse_date("2024-01-01"), *parse_date("2024-12-31"));
  ASSERT_TRUE(km);
  EXPECT_FALSE(km->has_value());  // no operations records: the kilometres are an input
  // Two recorded days of 路单 give their revenue kilometres; a range with a day unrecorded none.
  for (auto [day, metres] : {std::pair{"2024-03-01", 12000.0}, std::pair{"2024-03-02", 8500.0}}) {
    kpi::TripRecord t;
    t.service_date = *parse_date(day);
    t.trip_id_performed = t.trip_id = "t1";
    t.vehicle_id = "v1";
    t.route_id = "11";
    t.outcome = kpi::Outcome::kCompleted;
    t.distance_m = metres;
    std::vector<kpi::TripRecord> one{t};
    ASSERT_TRUE(kpi::save_day(app->store(), t.service_date, one, "test", 1, clock.now(), who));
  }
  km = recorded_vehicle_km(app->store(), *parse_date("2024-03-01"), *parse_date("2024-03-02"));
  ASSERT_TRUE(km);
  ASSERT_TRUE(km->has_value());
  EXPECT_DOUBLE_EQ(**km, 20.5);
  km = recorded_vehicle_km(app->store(), *parse_date("2024-03-01"), *parse_date("2024-03-03"));
  ASSERT_TRUE(km);
  EXPECT_FALSE(km->has_value());
  auto audited =
      app->store().query("SELECT COUNT(*) FROM audit_log WHERE action = 'transit.accident.record'");
  ASSERT_TRUE(audited);
  EXPECT_EQ(audited->rows[0].i64(0), 3);
}

INSTANTIATE_TEST_SUITE_P(Stores, AccidentStore, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt::transit

// The fleet's targets from a hand-made register of five buses.
#include "transit/register/fleet_targets.hpp"

#include <gtest/gtest.h>

namespace zt::transit {
namespace {

Vehicle bus(std::string plate, Energy e, Floor f, std::string since, std::optional<double> len,
            bool video = true, bool counter = true, bool partition = true, bool central = true) {
  Vehicle v;
  v.plate = std::move(plate);
  v.model = "宇通";
  v.energy = e;
  v.floor = f;
  v.in_service_since = *parse_date(since);
  v.length_m = len;
  v.video = video;
  v.passenger_counter = counter;
  v.driver_partition = partition;
  v.central_city = central;
  v.depot = "东区场站";
  return v;
}

const FleetFigure& figure(const std::vector<FleetFigure>& all, std::string_view key) {
  for (const auto& f : all)
    if (f.key == key) return f;
  throw std::runtime_error("no figure " + std::string(key));
}

TEST(FleetTargets, SharesCountsAndStandardUnits) {
  const std::vector<Vehicle> fleet = {
      bus("A1", Energy::kBattery, Floor::kLow, "2024-03-01", 12),  // new, 新能源, 1.3 标台
      bus("A2", Energy::kPlugInHybrid, Floor::kLowEntry, "2024-05-01", 10.5),  // new, 新能源
      bus("A3", Energy::kHybrid, Floor::kHigh, "2024-06-01", 8),               // new, not 新能源
      bus("A4", Energy::kDiesel, Floor::kHigh, "2016-01-01", 18.5, false, false, true),
      bus("A5", Energy::kGas, Floor::kHigh, "2017-01-01", std::nullopt, true, false, false, false),
  };
  auto all = fleet_targets(fleet, {*parse_date("2024-01-01"), 2500});
  const auto& ne = figure(all, "new_energy_share_of_new");
  EXPECT_EQ(ne.numerator, 2);
  EXPECT_EQ(ne.denominator, 3);
  EXPECT_NEAR(ne.value, 2.0 / 3, 1e-9);
  EXPECT_FALSE(ne.met());  // the target is 100 %
  // Floors and counters are judged on the three new buses, video on all five.
  const auto& low = figure(all, "low_floor_share");
  EXPECT_NEAR(low.value, 2.0 / 3, 1e-9);
  EXPECT_EQ(low.denominator, 3);
  EXPECT_TRUE(low.met());  // ≥ 30 %
  EXPECT_NEAR(figure(all, "video_share").value, 0.8, 1e-9);
  EXPECT_EQ(figure(all, "passenger_counter_share").value, 1.0);
  EXPECT_TRUE(figure(all, "passenger_counter_share").met());
  EXPECT_NEAR(figure(all, "driver_partition_share").value, 0.8, 1e-9);
  // Central city: A1-A4 = 1.3 + 1.3 + 1.0 + 2.5 = 6.1 标台 for 2,500 people = 24.4 per 10,000.
  const auto& per = figure(all, "units_per_10k");
  EXPECT_NEAR(per.value, 24.4, 1e-9);
  EXPECT_TRUE(per.met());
  EXPECT_EQ(figure(all, "central_city_fleet").value, 4);
  EXPECT_FALSE(figure(all, "central_city_fleet").met());  // 350 wanted
}

TEST(FleetTargets, WithoutNewBusesOrPopulationThereIsNothingToMeasure) {
  const std::vector<Vehicle> fleet = {bus("A4", Energy::kDiesel, Floor::kHigh, "2016-01-01", 12)};
  auto all = fleet_targets(fleet, {*parse_date("2024-01-01"), std::nullopt});
  EXPECT_FALSE(figure(all, "new_energy_share_of_new").available);
  EXPECT_FALSE(figure(all, "units_per_10k").available);
  EXPECT_TRUE(figure(all, "units_per_10k").to_json()["value"].is_null());
  EXPECT_EQ(standard_units(bus("x", Energy::kDiesel, Floor::kHigh, "2020-01-01", 6)), 0.7);
  EXPECT_EQ(standard_units(bus("x", Energy::kDiesel, Floor::kHigh, "2020-01-01", 14)), 1.7);
}

}  // namespace
}  // namespace zt::transit

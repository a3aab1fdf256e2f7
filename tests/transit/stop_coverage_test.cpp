// 500 m stop coverage, hand-computed: a 2 km square near 30° S with one stop well inside (a
// whole circle) and one on a corner (a quarter circle) covers π·500²·1.25 m² of 4 km².
#include "transit/kpi/stop_coverage.hpp"

#include <cmath>
#include <numbers>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace zt::transit {
namespace {

constexpr double kLat0 = -30.05, kLon0 = -51.18;  // Porto Alegre, the demo's city
// Metres per degree of latitude and longitude at kLat0 (WGS 84 series; ~1 m per degree).
const double kPhi = kLat0 * std::numbers::pi / 180;
const double kMLat = 111132.92 - 559.82 * std::cos(2 * kPhi) + 1.175 * std::cos(4 * kPhi);
const double kMLon = 111412.84 * std::cos(kPhi) - 93.5 * std::cos(3 * kPhi);

LonLat at_m(double east, double north) { return {kLon0 + east / kMLon, kLat0 + north / kMLat}; }

// The square [0, side]² in metres east and north of the origin.
AreaGeometry square(double side) {
  AreaGeometry a;
  a.polygons.push_back(
      {{at_m(0, 0), at_m(side, 0), at_m(side, side), at_m(0, side), at_m(0, 0)}, {}});
  return a;
}

CoverageStop stop_at(std::string id, double east, double north) {
  auto p = at_m(east, north);
  return {std::move(id), p.lat, p.lon};
}

TEST(StopCoverage, TwoStopsOnASquareMatchTheHandComputedArea) {
  const auto area = square(2000);
  const CoverageStop stops[] = {stop_at("centre", 1000, 1000), stop_at("corner", 2000, 2000),
                                stop_at("far", 9000, 9000)};
  auto c = stop_coverage(area, stops);
  ASSERT_TRUE(c) << c.error().message;
  const double circle = std::numbers::pi * 500 * 500;
  EXPECT_NEAR(c->built_up_m2, 4e6, 4e6 * 0.01);
  EXPECT_NEAR(c->covered_m2, circle * 1.25, circle * 1.25 * 0.01);
  EXPECT_NEAR(c->uncovered_m2, 4e6 - circle * 1.25, (4e6 - circle * 1.25) * 0.01);
  EXPECT_NEAR(c->ratio, circle * 1.25 / 4e6, 0.01 * circle * 1.25 / 4e6);
  EXPECT_EQ(c->stops_near, 2u);  // the far stop's circle cannot reach the square
  // The uncovered part for the map: the square with a hole and a corner cut, in lon/lat.
  ASSERT_EQ(c->uncovered["type"], "Polygon");
  EXPECT_EQ(c->uncovered["coordinates"].size(), 2u);  // the shell and the centre's hole
  const double lon = c->uncovered["coordinates"][0][0][0],
               lat = c->uncovered["coordinates"][0][0][1];
  EXPECT_NEAR(lon, kLon0 + 0.01, 0.03);
  EXPECT_NEAR(lat, kLat0 + 0.01, 0.03);
}

TEST(StopCoverage, OverlappingCirclesCountOnceAndNoStopsCoverNothing) {
  const auto area = square(2000);
  const CoverageStop twins[] = {stop_at("a", 1000, 1000), stop_at("b", 1000, 1000)};
  auto c = stop_coverage(area, twins);
  ASSERT_TRUE(c);
  EXPECT_NEAR(c->covered_m2, std::numbers::pi * 250000, std::numbers::pi * 2500);
  auto none = stop_coverage(area, {});
  ASSERT_TRUE(none);
  EXPECT_EQ(none->ratio, 0);
  EXPECT_NEAR(none->uncovered_m2, none->built_up_m2, 1);
}

TEST(StopCoverage, OverlappingPolygonsOfTheAreaAreMergedAndABowTieIsRefused) {
  auto two = square(2000);
  two.polygons.push_back(square(2000).polygons[0]);  // the same square twice
  auto m2 = area_m2(two);
  ASSERT_TRUE(m2);
  EXPECT_NEAR(*m2, 4e6, 4e4);
  AreaGeometry bow;
  bow.polygons.push_back(
      {{at_m(0, 0), at_m(1000, 1000), at_m(1000, 0), at_m(0, 1000), at_m(0, 0)}, {}});
  auto bad = area_m2(bow);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(bad.error().message.find("第 1 个多边形无效"), std::string::npos)
      << bad.error().message;
}

}  // namespace
}  // namespace zt::transit

// The built-up area's GeoJSON parser: the shapes accepted, and each malformed input refused with
// the fault and where it is.
#include "transit/kpi/geojson.hpp"

#include <gtest/gtest.h>

namespace zt::transit {
namespace {

constexpr const char* kSquare = "[[[0,0],[1,0],[1,1],[0,1],[0,0]]]";

std::string polygon(const std::string& coords) {
  return R"({"type":"Polygon","coordinates":)" + coords + "}";
}

TEST(GeoJson, PolygonMultiPolygonFeatureAndCollection) {
  auto p = parse_area_geojson(polygon(kSquare));
  ASSERT_TRUE(p) << p.error().message;
  ASSERT_EQ(p->polygons.size(), 1u);
  EXPECT_EQ(p->polygons[0].outer.size(), 5u);
  auto holed =
      parse_area_geojson(polygon("[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[2,1],[2,2],[1,1]]]"));
  ASSERT_TRUE(holed);
  EXPECT_EQ(holed->polygons[0].holes.size(), 1u);
  auto multi = parse_area_geojson(std::string(R"({"type":"MultiPolygon","coordinates":[)") +
                                  kSquare + "," + kSquare + "]}");
  ASSERT_TRUE(multi);
  EXPECT_EQ(multi->polygons.size(), 2u);
  auto coll = parse_area_geojson(R"({"type":"FeatureCollection","features":[{"type":"Feature",
    "properties":{"name":"城区"},"geometry":)" +
                                 polygon(kSquare) + "}]}");
  ASSERT_TRUE(coll);
  EXPECT_EQ(coll->polygons.size(), 1u);
  EXPECT_EQ(coll->positions, 5u);
}

// Each malformed input, and words its error must hold.
TEST(GeoJson, MalformedInputNamesTheFault) {
  const std::pair<std::string, std::string> cases[] = {
      {"not json", "不是有效的 JSON"},
      {"[]", "须为 JSON 对象"},
      {R"({"coordinates":[]})", "缺少 type"},
      {R"({"type":"Point","coordinates":[1,2]})", "只接受 Polygon 或 MultiPolygon"},
      {R"({"type":"Polygon"})", "缺少 coordinates"},
      {polygon("[]"), "非空的环数组"},
      {polygon("[[[0,0],[1,0],[0,0]]]"), "至少需要 4 个坐标"},
      {polygon("[[[0,0],[1,0],[1,1],[0,1],[0,2]]]"), "环未闭合"},
      {polygon("[[[0,0],[1,0],[1,91],[0,1],[0,0]]]"), "coordinates[0][2]）：经纬度超出范围"},
      {polygon(R"([[[0,0],["1",0],[1,1],[0,1],[0,0]]])"), "coordinates[0][1]"},
      {R"({"type":"FeatureCollection","features":[{"type":"Feature","geometry":)" +
           polygon(kSquare) + R"(},{"type":"Feature","geometry":null}]})",
       "features[1]）：要素缺少 geometry"},
      {R"({"type":"FeatureCollection","features":[]})", "没有任何多边形"},
      {std::string(40, '[') + std::string(40, ']'), "嵌套过深"},
  };
  for (const auto& [text, words] : cases) {
    auto r = parse_area_geojson(text);
    ASSERT_FALSE(r) << text;
    EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
    EXPECT_EQ(r.error().field, "geojson");
    EXPECT_NE(r.error().message.find(words), std::string::npos)
        << text << " → " << r.error().message;
  }
}

TEST(GeoJson, TooManyPositionsAreRefused) {
  std::string ring = "[[0,0]";
  for (std::size_t i = 1; i <= kMaxAreaPositions; ++i) ring += ",[0.0001,0]";
  ring += ",[0,0]]";
  auto r = parse_area_geojson(polygon("[" + ring + "]"));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("坐标超过"), std::string::npos);
}

}  // namespace
}  // namespace zt::transit

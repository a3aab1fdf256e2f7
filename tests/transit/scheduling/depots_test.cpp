// depots.csv (depots.cpp): names, limits, and each fault named by its line and field.
#include "transit/scheduling/depots.hpp"

#include <gtest/gtest.h>

namespace zt::transit::scheduling {
namespace {

TEST(Depots, TheFileWithItsFaultsNamed) {
  auto d = parse_depots_csv(
      "depot_id,depot_name,depot_lat,depot_lon,vehicles\n"
      "D1,湖滨车场,34.7726,111.2002,120\nD2,,34.80,111.15,\n");
  ASSERT_TRUE(d) << d.error().message;
  ASSERT_EQ(d->size(), 2u);
  EXPECT_EQ((*d)[0].name, "湖滨车场");
  EXPECT_EQ((*d)[0].vehicles, 120);
  EXPECT_EQ((*d)[1].name, "D2");
  EXPECT_EQ((*d)[1].vehicles, 0);
  auto bad = [](const char* text, const char* field, const char* where) {
    auto r = parse_depots_csv(text);
    ASSERT_FALSE(r) << text;
    EXPECT_EQ(r.error().field, field) << r.error().message;
    EXPECT_NE(r.error().message.find(where), std::string::npos) << r.error().message;
  };
  bad("depot_id,depot_lat\nD1,34\n", "depot_lon", "depot_lon");
  bad("depot_id,depot_lat,depot_lon\n", "depots", "没有车场");
  bad("depot_id,depot_lat,depot_lon\nD1,91,111\n", "depot_lat", "第 2 行");
  bad("depot_id,depot_lat,depot_lon\nD1,34,111\nD1,34,111\n", "depot_id", "第 3 行");
  bad("depot_id,depot_lat,depot_lon,vehicles\nD1,34,111,2.5\n", "vehicles", "第 2 行");
  bad("depot_id,depot_lat,depot_lon\nD1,34x,111\n", "depot_lat", "第 2 行");
}

}  // namespace
}  // namespace zt::transit::scheduling

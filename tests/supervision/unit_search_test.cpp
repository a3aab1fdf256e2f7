// Finding units as the office types them: full names, aliases, short forms (发改委).
#include "supervision/unit_search.hpp"

#include <gtest/gtest.h>

#include "pages_fixture.hpp"

namespace zt::supervision {
namespace {

TEST(UnitNameMatches, SubstringsPrefixesAndShortForms) {
  EXPECT_TRUE(unit_name_matches("发改委", "市发展改革委"));
  EXPECT_TRUE(unit_name_matches("发改委", "三门峡市发展和改革委员会"));
  EXPECT_TRUE(unit_name_matches("人社局", "三门峡市人力资源和社会保障局"));
  EXPECT_TRUE(unit_name_matches("市财政局", "三门峡市财政局"));
  EXPECT_TRUE(unit_name_matches("财政", "三门峡市财政局"));
  EXPECT_TRUE(unit_name_matches(" 工信局 ", "市工信局"));
  EXPECT_TRUE(unit_name_matches("", "三门峡市财政局"));
  EXPECT_FALSE(unit_name_matches("发改委", "三门峡市财政局"));
  EXPECT_FALSE(unit_name_matches("委发", "市发展改革委"));  // the characters in order only
  // One character is a substring search, never a scattered match.
  EXPECT_FALSE(unit_name_matches("税", "三门峡市财政局"));
}

class UnitsMatching : public test::SupervisionPages {};

TEST_P(UnitsMatching, ThroughTheOrgsAliasesAndTheRoute) {
  auto& store = t_->app().store();
  auto fgw = t_->app().org().resolve_unit("三门峡市发展和改革委员会");
  ASSERT_TRUE(fgw && *fgw);
  auto found = units_matching(store, "发改委");
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, std::vector<UnitId>{**fgw});
  auto none = units_matching(store, "不存在的委员会");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());

  auto units = ok("/api/v1/supervision/units?q=" + enc("发改委"));
  ASSERT_EQ(units["units"].size(), 1u);
  EXPECT_EQ(units["units"][0]["name"], "三门峡市发展和改革委员会");
  // Every responsible unit without a query.
  auto all = ok("/api/v1/supervision/units");
  EXPECT_GT(all["units"].size(), 10u);
}

INSTANTIATE_TEST_SUITE_P(Backends, UnitsMatching, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt::supervision

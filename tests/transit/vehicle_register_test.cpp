// The vehicle register's import: every bad row named by row and column (nothing stored), an
// .xlsx and a CSV read alike, plates replaced on re-import, on both stores.
#include "transit/register/vehicle_register.hpp"

#include <gtest/gtest.h>

#include "support/office_files.hpp"
#include "support/test_store.hpp"

namespace zt::transit {
namespace {

const std::vector<std::string> kHeader = {
    "车牌号",       "车型",       "能源类型",       "车长（米）",   "地板类型",
    "车载视频监控", "客流调查仪", "驾驶区防护隔离", "投入运营日期", "所属场站"};

std::string csv(const std::vector<std::vector<std::string>>& rows) {
  std::string out;
  for (const auto& r : rows) {
    for (std::size_t i = 0; i < r.size(); ++i) out += (i ? "," : "") + r[i];
    out += "\n";
  }
  return out;
}

TEST(VehicleRegister, BadRowsAreNamedByRowAndColumn) {
  const std::vector<std::vector<std::string>> rows = {
      kHeader,
      {"豫M·D1001", "宇通ZK6105BEVG", "纯电动", "10.5", "低地板", "是", "是", "是", "2024-03-01",
       "东区场站"},
      {"豫M·D1002", "宇通ZK6105BEVG", "电池", "10.5", "低地板", "是", "是", "是", "2024-03-01",
       "东区场站"},
      {"豫M·D1003", "", "柴油", "abc", "高", "是", "也许", "是", "2024-02-30", ""},
      {"豫M·D1001", "宇通", "柴油", "", "普通", "否", "否", "否", "2019/05/06", "西区场站"},
  };
  auto sheet = read_register_rows(csv(rows), "档案.csv");
  ASSERT_TRUE(sheet);
  auto p = parse_vehicle_rows(*sheet);
  std::vector<std::pair<int, std::string>> got;
  for (const auto& e : p.errors) got.emplace_back(e.row, e.column);
  const std::vector<std::pair<int, std::string>> want = {
      {3, "能源类型"},   {4, "车型"},         {4, "车长（米）"}, {4, "地板类型"},
      {4, "客流调查仪"}, {4, "投入运营日期"}, {4, "所属场站"},   {5, "车牌号"}};
  EXPECT_EQ(got, want);
  EXPECT_NE(p.errors[0].message.find("「电池」不是纯电动"), std::string::npos);
  EXPECT_NE(p.errors.back().message.find("与第2行重复"), std::string::npos);
  ASSERT_EQ(p.vehicles.size(), 1u);
  EXPECT_EQ(p.vehicles[0].energy, Energy::kBattery);
  EXPECT_EQ(*p.vehicles[0].length_m, 10.5);

  auto missing = parse_vehicle_rows(*read_register_rows("车牌号,车型\n豫M1,宇通\n", "x.csv"));
  ASSERT_FALSE(missing.errors.empty());
  EXPECT_EQ(missing.errors[0].row, 1);
  EXPECT_EQ(missing.errors[0].column, "能源类型");
  EXPECT_EQ(missing.errors[0].message, "缺少此列");
}

class VehicleRegisterStore : public ::testing::TestWithParam<std::string> {};

TEST_P(VehicleRegisterStore, XlsxImportIsAllOrNothingAndReplacesByPlate) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  ManualClock clock(shanghai_time(*parse_date("2024-09-20"), 10, 0, 0));
  auto app = test::open_app(db.url(), clock);
  ASSERT_TRUE(app);
  Actor who{std::nullopt, "jt_gh", std::nullopt, "req-1"};
  // Excel stores the date as a serial number (45352 = 2024-03-01).
  auto book = test::make_xlsx(
      {{"车辆档案",
        {kHeader,
         {"豫M·D1001", "宇通", "纯电动", "12", "低入口", "是", "是", "是", "45352", "东区场站"},
         {"豫M·D1002", "金龙", "柴油", "", "普通", "是", "否", "否", "2018-06-01", "西区场站"}}}});
  auto first = import_vehicles(app->store(), book, "档案.xlsx", clock.now(), who, {});
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->inserted, 2u);
  auto list = list_vehicles(app->store());
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ(format_date(list->at(0).in_service_since), "2024-03-01");
  EXPECT_EQ(list->at(0).floor, Floor::kLowEntry);
  EXPECT_FALSE(list->at(1).length_m.has_value());

  // One bad row refuses the whole file: nothing changes.
  std::vector<RowError> errors;
  auto bad = import_vehicles(
      app->store(),
      csv({kHeader,
           {"豫M·D1002", "金龙", "纯电动", "", "普通", "是", "是", "是", "2024-05-01", "西区场站"},
           {"豫M·D1003", "金龙", "柴油", "", "普通", "是", "否", "否", "昨天", "西区场站"}}),
      "更新.csv", clock.now(), who, {}, &errors);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(bad.error().field, "投入运营日期");
  EXPECT_NE(bad.error().message.find("第3行「投入运营日期」"), std::string::npos)
      << bad.error().message;
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(list_vehicles(app->store())->at(1).energy, Energy::kDiesel);

  auto again = import_vehicles(app->store(),
                               csv({kHeader,
                                    {"豫M·D1002", "金龙", "纯电动", "", "普通", "是", "是", "是",
                                     "2024-05-01", "西区场站"}}),
                               "更新.csv", clock.now(), who, {});
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->updated, 1u);
  EXPECT_EQ(again->inserted, 0u);
  EXPECT_EQ(list_vehicles(app->store())->at(1).energy, Energy::kBattery);
  auto audited =
      app->store().query("SELECT COUNT(*) FROM audit_log WHERE action = 'transit.vehicles.import'");
  ASSERT_TRUE(audited) << audited.error().message;
  EXPECT_EQ(audited->rows[0].i64(0), 2);
}

INSTANTIATE_TEST_SUITE_P(Stores, VehicleRegisterStore, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt::transit

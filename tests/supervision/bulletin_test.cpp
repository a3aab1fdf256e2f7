// Bulletins: ties ranked honestly (1, 2, 2, 4), a 文号 per year in publication order kept on
// republishing, the Chinese date on the print page and in the workbook, the print dialog.
#include <gtest/gtest.h>

#include "core/html.hpp"
#include "core/ooxml.hpp"
#include "pages_fixture.hpp"
#include "supervision/reporting.hpp"

namespace zt {
namespace {

using nlohmann::json;
using supervision::BulletinUnit;

BulletinUnit unit(const char* name, int due, int on_time, int late = 0) {
  BulletinUnit u;
  u.unit = name;
  u.due = due;
  u.on_time = on_time;
  u.late = late;
  u.missing = due - on_time - late;
  return u;
}

TEST(RankUnits, EqualScoresShareARankAndTheNextSkips) {
  std::vector<BulletinUnit> units = {unit("丁", 3, 1), unit("乙", 3, 2), unit("甲", 3, 3),
                                     unit("丙", 6, 4)};
  supervision::rank_units(units);
  std::vector<std::pair<std::string, int>> got;
  for (const auto& u : units) got.push_back({u.unit, u.rank});
  // 乙 2/3 and 丙 4/6 score the same, however the rate would round.
  const std::vector<std::pair<std::string, int>> want = {
      {"甲", 1}, {"丙", 2}, {"乙", 2}, {"丁", 4}};
  EXPECT_EQ(got, want);
}

TEST(RankUnits, TheShareFiledBreaksAnOnTimeTie) {
  std::vector<BulletinUnit> units = {unit("甲", 4, 2), unit("乙", 4, 2, 2), unit("丙", 0, 0),
                                     unit("丁", 2, 0)};
  supervision::rank_units(units);
  EXPECT_EQ(units[0].unit, "乙");
  EXPECT_EQ(units[0].rank, 1);
  EXPECT_EQ(units[1].unit, "甲");
  EXPECT_EQ(units[1].rank, 2);
  // Nothing due and nothing on time of two score alike: 0.
  EXPECT_EQ(units[2].rank, 3);
  EXPECT_EQ(units[3].rank, 3);
}

TEST(BulletinDocNo, AsTheOfficeNumbersIt) {
  EXPECT_EQ(supervision::bulletin_doc_no(2024, 3), "三督查通报〔2024〕3号");
}

class Bulletins : public test::SupervisionPages {
 protected:
  std::string publish(const std::string& period) {
    auto r = post("/api/v1/supervision/bulletins/" + enc(period) + "/publish", json::object());
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.json()["doc_no"].get<std::string>() : "";
  }
};

TEST_P(Bulletins, NumberedPerYearInPublicationOrderAndKept) {
  auto draft = ok("/api/v1/supervision/bulletins/2024-03");
  EXPECT_TRUE(draft["doc_no"].is_null());
  EXPECT_EQ(draft["date_cn"], "二〇二四年三月二十日");  // a draft carries today's date
  at("2024-04-01");
  EXPECT_EQ(publish("2024-03"), "三督查通报〔2024〕1号");
  at("2024-05-06");
  EXPECT_EQ(publish("2024-04"), "三督查通报〔2024〕2号");
  EXPECT_EQ(publish("2024-03"), "三督查通报〔2024〕1号");  // republished: the same number
  at("2025-01-05");
  EXPECT_EQ(publish("2024-年度"), "三督查通报〔2025〕1号");  // a new year starts again at 1

  auto march = ok("/api/v1/supervision/bulletins/2024-03");
  EXPECT_EQ(march["doc_no"], "三督查通报〔2024〕1号");
  EXPECT_EQ(march["published_at"], "2024-04-01T10:00:00+08:00");
  EXPECT_EQ(march["date_cn"], "二〇二四年四月一日");  // the publication's, not today's
  // Ranks never skip without a tie, and a tie shares one.
  const auto& units = march["units"];
  ASSERT_GT(units.size(), 2u);
  EXPECT_EQ(units[0]["rank"], 1);
  for (std::size_t i = 1; i < units.size(); ++i) {
    bool tie = units[i]["on_time"].get<int>() * units[i - 1]["due"].get<int>() ==
                   units[i - 1]["on_time"].get<int>() * units[i]["due"].get<int>() &&
               units[i]["missing"].get<int>() * units[i - 1]["due"].get<int>() ==
                   units[i - 1]["missing"].get<int>() * units[i]["due"].get<int>();
    EXPECT_EQ(units[i]["rank"], tie ? units[i - 1]["rank"].get<int>() : int(i + 1)) << i;
  }

  auto print = get("/api/v1/supervision/bulletins/2024-03/print");
  ASSERT_EQ(print.status, 200);
  EXPECT_NE(print.body.find("三督查通报〔2024〕1号"), std::string::npos);
  EXPECT_NE(print.body.find("二〇二四年四月一日"), std::string::npos);
  EXPECT_EQ(print.body.find("<script"), std::string::npos);
  EXPECT_EQ(print.headers["content-security-policy"], kDocumentCsp);
  // The 打印 button's page opens the print dialog with the app's own script, nothing inline.
  auto dialog = get("/api/v1/supervision/bulletins/2024-03/print?dialog=1");
  ASSERT_EQ(dialog.status, 200);
  EXPECT_NE(dialog.body.find("<script src=\"/bulletin-print.js\" defer></script>"),
            std::string::npos);
  EXPECT_EQ(dialog.headers["content-security-policy"],
            std::string(kDocumentCsp) + "; script-src 'self'");

  auto x = get("/api/v1/supervision/bulletins/2024-03/xlsx");
  ASSERT_EQ(x.status, 200);
  auto rows = xlsx_rows(x.body, "通报", "通报信息");
  ASSERT_TRUE(rows) << rows.error().message;
  std::map<std::string, std::string> facts;
  for (const auto& r : *rows)
    if (r.cells.size() >= 2) facts[r.cells[0]] = r.cells[1];
  EXPECT_EQ(facts["文号"], "三督查通报〔2024〕1号");
  EXPECT_EQ(facts["日期"], "二〇二四年四月一日");
  EXPECT_EQ(post("/api/v1/supervision/bulletins/2024-05/publish", json::object(), "fgw_tb").status,
            403);
}

INSTANTIATE_TEST_SUITE_P(Backends, Bulletins, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt

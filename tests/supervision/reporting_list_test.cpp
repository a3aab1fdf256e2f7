// 进展报送 and the ledger filtered and paged on the server: unit by name or alias, state
// (incl. 逾期未报), keyword, pages with their total.
#include <set>

#include <gtest/gtest.h>

#include "pages_fixture.hpp"

namespace zt {
namespace {

using nlohmann::json;

class ReportingList : public test::SupervisionPages {
 protected:
  json slots(const std::string& query, const std::string& user = "ducha") {
    return ok("/api/v1/supervision/slots?period=2024-03&" + query, user);
  }
  // Slots of 市发展改革委 in March, lead ones first.
  std::vector<std::int64_t> fgw_slots() {
    std::vector<std::int64_t> out;
    const auto list = slots("", "fgw_tb");  // kept: a range over a temporary's member dangles
    for (const auto& s : list["slots"]) out.push_back(s["id"].get<std::int64_t>());
    return out;
  }
};

TEST_P(ReportingList, UnitByNameAliasOrShortForm) {
  auto all = slots("");
  const int period_total = all["total"].get<int>();
  EXPECT_EQ(all["slots"].size(), std::size_t(period_total));  // whole without per_page
  EXPECT_EQ(all["period_total"], period_total);
  auto by_short = slots("unit=" + enc("发改委"));
  ASSERT_GT(by_short["total"].get<int>(), 0);
  EXPECT_LT(by_short["total"].get<int>(), period_total);
  for (const auto& s : by_short["slots"]) EXPECT_EQ(s["unit"], "三门峡市发展和改革委员会");
  EXPECT_EQ(by_short["period_total"], period_total);
  for (const char* name : {"市发展改革委", "三门峡市发展和改革委员会"})
    EXPECT_EQ(slots("unit=" + enc(name))["total"], by_short["total"]) << name;
  const auto id = by_short["slots"][0]["unit_id"].get<std::int64_t>();
  EXPECT_EQ(slots("unit=" + std::to_string(id))["total"], by_short["total"]);
  EXPECT_EQ(slots("unit=" + enc("没有这个局"))["total"], 0);
  // A reporter's scope is not widened by a filter for another unit.
  EXPECT_EQ(slots("unit=" + enc("工信局"), "fgw_tb")["total"], 0);
}

TEST_P(ReportingList, StatesIncludingOverdueNotFiled) {
  auto mine = fgw_slots();
  ASSERT_GE(mine.size(), 3u);
  EXPECT_EQ(file(mine[0], "fgw_tb"), "按时");
  const int total = slots("")["total"].get<int>();
  EXPECT_EQ(slots("state=" + enc("未报"))["total"], total - 1);
  EXPECT_EQ(slots("state=" + enc("逾期未报"))["total"], 0);  // before the 25th
  at("2024-03-27");
  EXPECT_EQ(file(mine[1], "fgw_tb"), "迟报");
  EXPECT_EQ(slots("state=" + enc("逾期未报"))["total"], total - 2);
  ASSERT_EQ(post("/api/v1/supervision/bulletins/2024-03/publish", json::object()).status, 200);
  at("2024-03-28");
  EXPECT_EQ(file(mine[2], "fgw_tb"), "补报");
  const std::pair<const char*, std::int64_t> filed[] = {
      {"按时", mine[0]}, {"迟报", mine[1]}, {"补报", mine[2]}};
  for (auto [state, id] : filed) {
    auto r = slots("state=" + enc(state));
    ASSERT_EQ(r["total"], 1) << state;
    EXPECT_EQ(r["slots"][0]["id"], id) << state;
    EXPECT_EQ(r["slots"][0]["state"], state);
  }
  EXPECT_EQ(slots("state=" + enc("未报"))["total"], total - 3);
  auto mixed = slots("state=" + enc("按时") + "&unit=" + enc("工信局"));
  EXPECT_EQ(mixed["total"], 0);
  EXPECT_EQ(get("/api/v1/supervision/slots?period=2024-03&state=" + enc("已完成")).status, 400);
}

TEST_P(ReportingList, KeywordIsATaskNumberOrWords) {
  // A number finds the task of that number, and texts that contain it ("12个").
  auto by_no = slots("q=12");
  bool twelve = false;
  for (const auto& s : by_no["slots"]) {
    twelve |= s["task_no"] == 12;
    EXPECT_TRUE(s["task_no"] == 12 || s["task"].get<std::string>().find("12") != std::string::npos);
  }
  EXPECT_TRUE(twelve);
  auto words = slots("q=" + enc("高新技术企业"));
  ASSERT_GT(words["total"].get<int>(), 0);
  for (const auto& s : words["slots"])
    EXPECT_NE(s["task"].get<std::string>().find("高新技术企业"), std::string::npos);
  EXPECT_EQ(slots("q=" + enc("100%_"))["total"], 0);  // LIKE's own characters are literal
}

TEST_P(ReportingList, PagesCoverTheListOnce) {
  const int total = slots("")["total"].get<int>();
  ASSERT_GT(total, 300);  // 366 in the seed's March
  std::set<std::int64_t> seen;
  const int pages = (total + 49) / 50;
  for (int page = 1; page <= pages; ++page) {
    auto r = slots("per_page=50&page=" + std::to_string(page));
    EXPECT_EQ(r["total"], total);
    EXPECT_EQ(r["page"], page);
    EXPECT_EQ(r["per_page"], 50);
    EXPECT_EQ(r["slots"].size(), std::size_t(page < pages ? 50 : total - 50 * (pages - 1)));
    for (const auto& s : r["slots"]) EXPECT_TRUE(seen.insert(s["id"].get<std::int64_t>()).second);
  }
  EXPECT_EQ(seen.size(), std::size_t(total));
  EXPECT_TRUE(slots("per_page=50&page=" + std::to_string(pages + 1))["slots"].empty());
  EXPECT_EQ(get("/api/v1/supervision/slots?period=2024-03&per_page=0").status, 400);
  EXPECT_EQ(get("/api/v1/supervision/slots?period=2024-03&per_page=500").status, 400);
  EXPECT_EQ(get("/api/v1/supervision/slots?period=2024-03&page=0").status, 400);
}

TEST_P(ReportingList, LedgerFiltersAndPages) {
  auto all = ok("/api/v1/supervision/tasks");
  ASSERT_EQ(all["total"], 86);
  EXPECT_EQ(all["tasks"].size(), 86u);
  auto fgw = ok("/api/v1/supervision/tasks?unit=" + enc("发改委"));
  ASSERT_GT(fgw["total"].get<int>(), 0);
  EXPECT_LT(fgw["total"].get<int>(), 86);
  for (const auto& t : fgw["tasks"]) {
    std::string units = t["lead_units"].dump() + t["cooperating_units"].dump();
    EXPECT_NE(units.find("发展改革委"), std::string::npos) << units;
  }
  // The reporter's own ledger is what the office's filter for the unit shows.
  EXPECT_EQ(ok("/api/v1/supervision/tasks", "fgw_tb")["total"], fgw["total"]);
  auto page = ok("/api/v1/supervision/tasks?per_page=20&page=5");
  EXPECT_EQ(page["total"], 86);
  ASSERT_EQ(page["tasks"].size(), 6u);
  EXPECT_EQ(page["tasks"][0]["id"], all["tasks"][80]["id"]);
  auto section =
      ok("/api/v1/supervision/tasks?section=" + enc(all["tasks"][0]["section"].get<std::string>()));
  ASSERT_GT(section["total"].get<int>(), 0);
  for (const auto& t : section["tasks"]) EXPECT_EQ(t["section"], all["tasks"][0]["section"]);
  auto by_no = ok("/api/v1/supervision/tasks?q=7");
  bool has7 = false;
  for (const auto& t : by_no["tasks"]) has7 |= t["no"] == 7;
  EXPECT_TRUE(has7);
  auto by_unit_text = ok("/api/v1/supervision/tasks?q=" + enc("市体育局"));
  EXPECT_GT(by_unit_text["total"].get<int>(), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportingList, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt

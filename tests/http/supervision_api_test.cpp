// The supervision routes over HTTP: import by the office, scoped reads by units, refusals.
#include <gtest/gtest.h>

#include "core/html.hpp"
#include "support/test_store.hpp"

namespace zt {
namespace {

using nlohmann::json;
using test::HttpClient;

const char* kNotice =
    "# 三门峡市人民政府办公室关于明确重点工作责任单位的通知\n"
    "三政办〔2024〕9号\n"
    "二、重点工作分工\n"
    "（一）稳定经济运行\n"
    "1. 扩大有效投资。（市发展改革委牵头，市财政局，各县〔市、区〕政府配合）\n"
    "2. 推进智能制造。（市工业和信息化局牵头负责）\n"
    "三门峡市人民政府办公室\n"
    "2024年2月28日\n";

class SupervisionApiTest : public ::testing::TestWithParam<std::string> {};

TEST_P(SupervisionApiTest, OfficeImportsUnitsReadTheirOwn) {
  test::TestDb db(GetParam());
  ZT_REQUIRE_DB(db);
  test::TestApp t(db.url());
  HttpClient c(t.port());
  auto office = t.bearer("ducha");
  json body{{"text", kNotice}};

  auto preview = c.request("POST", "/api/v1/supervision/gazette/preview", body.dump(), office);
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_EQ(preview.json()["report"]["tasks_created"], 2);
  EXPECT_EQ(preview.json()["parse"]["tasks"][0]["lead_units"][0], "市发展改革委");

  auto refused =
      c.request("POST", "/api/v1/supervision/gazette/import", body.dump(), t.bearer("fgw_tb"));
  EXPECT_EQ(refused.status, 403);

  auto imported = c.request("POST", "/api/v1/supervision/gazette/import", body.dump(), office);
  ASSERT_EQ(imported.status, 201) << imported.body;
  EXPECT_EQ(imported.json()["report"]["tasks_created"], 2);
  auto again = c.request("POST", "/api/v1/supervision/gazette/import", body.dump(), office);
  EXPECT_EQ(again.json()["report"]["tasks_created"], 0);

  auto fgw = c.request("GET", "/api/v1/supervision/tasks", "", t.bearer("fgw_tb"));
  ASSERT_EQ(fgw.status, 200);
  ASSERT_EQ(fgw.json()["tasks"].size(), 1u);
  EXPECT_EQ(fgw.json()["tasks"][0]["no"], 1);
  auto gxj = c.request("GET", "/api/v1/supervision/tasks", "", t.bearer("gxj_tb"));
  ASSERT_EQ(gxj.json()["tasks"].size(), 1u);
  EXPECT_EQ(gxj.json()["tasks"][0]["no"], 2);
  auto all = c.request("GET", "/api/v1/supervision/tasks", "", office);
  EXPECT_EQ(all.json()["tasks"].size(), 2u);
  EXPECT_EQ(c.request("GET", "/api/v1/supervision/tasks", "", t.bearer("gj_dd")).status, 403);

  // The task's history is visible to its units and refused to others.
  auto id = std::to_string(gxj.json()["tasks"][0]["id"].get<std::int64_t>());
  EXPECT_EQ(c.request("GET", "/api/v1/audit?object=task:" + id, "", t.bearer("gxj_tb")).status,
            200);
  EXPECT_EQ(c.request("GET", "/api/v1/audit?object=task:" + id, "", t.bearer("fgw_tb")).status,
            403);

  // Reporting: plan the year, file as the lead unit, read the bulletin and its exports.
  auto plan = c.request("POST", "/api/v1/supervision/plan",
                        json{{"doc_no", "三政办〔2024〕9号"}, {"year", 2024}}.dump(), office);
  ASSERT_EQ(plan.status, 201) << plan.body;
  EXPECT_GT(plan.json()["slots_created"].get<int>(), 0);
  auto mine = c.request("GET", "/api/v1/supervision/slots?period=2024-03", "", t.bearer("fgw_tb"));
  ASSERT_EQ(mine.status, 200);
  ASSERT_EQ(mine.json()["slots"].size(), 1u);
  EXPECT_EQ(mine.json()["slots"][0]["state"], "未报");
  auto slot_id = std::to_string(mine.json()["slots"][0]["id"].get<std::int64_t>());
  json report{{"progress", "完成3个项目前期手续"}, {"percent", 25}, {"status", "正常推进"}};
  auto as_other = c.request("POST", "/api/v1/supervision/slots/" + slot_id + "/reports",
                            report.dump(), t.bearer("gxj_tb"));
  EXPECT_EQ(as_other.status, 403);
  auto as_office =
      c.request("POST", "/api/v1/supervision/slots/" + slot_id + "/reports", report.dump(), office);
  EXPECT_EQ(as_office.status, 403);
  auto bad_status = c.request("POST", "/api/v1/supervision/slots/" + slot_id + "/reports",
                              json{{"progress", "x"}, {"percent", 5}, {"status", "很好"}}.dump(),
                              t.bearer("fgw_tb"));
  EXPECT_EQ(bad_status.status, 400);
  EXPECT_EQ(bad_status.json()["error"]["field"], "status");
  auto filed = c.request("POST", "/api/v1/supervision/slots/" + slot_id + "/reports", report.dump(),
                         t.bearer("fgw_tb"));
  ASSERT_EQ(filed.status, 201) << filed.body;
  EXPECT_EQ(filed.json()["state"], "按时");  // the test clock is 2024-03-20
  auto bulletin = c.request("GET", "/api/v1/supervision/bulletins/2024-03", "", office);
  ASSERT_EQ(bulletin.status, 200);
  EXPECT_EQ(bulletin.json()["totals"]["on_time"], 1);
  auto print = c.request("GET", "/api/v1/supervision/bulletins/2024-03/print", "", office);
  EXPECT_EQ(print.status, 200);
  EXPECT_NE(print.body.find("关于2024年3月重点工作进展情况的通报"), std::string::npos);
  // Its inline <style> only: no script, nothing fetched.
  EXPECT_EQ(print.headers["content-security-policy"], kDocumentCsp);
  for (const char* path :
       {"/api/v1/supervision/ledger.xlsx", "/api/v1/supervision/bulletins/2024-03/xlsx"}) {
    auto x = c.request("GET", path, "", office);
    ASSERT_EQ(x.status, 200) << path;
    EXPECT_TRUE(x.body.starts_with("PK")) << path;  // a zip container
    EXPECT_NE(x.body.find("xl/worksheets/sheet2.xml"), std::string::npos) << path;
    EXPECT_NE(x.headers["content-disposition"].find("attachment"), std::string::npos);
  }

  auto bad = c.request("POST", "/api/v1/supervision/gazette/preview",
                       json{{"text", "没有文号的文字"}}.dump(), office);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "text");
}

INSTANTIATE_TEST_SUITE_P(Backends, SupervisionApiTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt

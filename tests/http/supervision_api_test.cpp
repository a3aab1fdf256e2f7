// The supervision routes over HTTP: import by the office, scoped reads by units, refusals.
#include <gtest/gtest.h>

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

  auto bad = c.request("POST", "/api/v1/supervision/gazette/preview",
                       json{{"text", "没有文号的文字"}}.dump(), office);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "text");
}

INSTANTIATE_TEST_SUITE_P(Backends, SupervisionApiTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt

// Who sees and changes which objects, case by case, for the defects the permission matrix walks
// in general: co-lead units' slots and attachments, market entities and inspectors kept by one
// unit, credit classes for enforcement units only, the public page's masking of spaced names and
// home addresses, and the bulletin page's period.
#include <gtest/gtest.h>

#include "support/app_fixture.hpp"
#include "support/test_store.hpp"

namespace zt {
namespace {

using nlohmann::json;
using test::HttpClient;

const char* kNotice =
    "# 三门峡市人民政府办公室关于印发2024年重点工作任务分解的通知\n"
    "三政办〔2024〕9号\n"
    "一、重点工作任务分解\n"
    "（一）稳定经济运行\n"
    "1. 扩大有效投资，推动重大项目落地，确保年度完成投资1500亿元以上。（市发展改革委、市工业和"
    "信息化局牵头，市财政局配合）\n"
    "三门峡市人民政府办公室\n"
    "2024年2月28日\n";

class ObjectScope : public test::AppFixture<> {
 protected:
  std::int64_t unit(const std::string& name) {
    auto u = t_->app().org().resolve_unit(name);
    EXPECT_TRUE(u && *u) << name;
    return u && *u ? (*u)->value : 0;
  }
  void add_user(const std::string& username, const std::string& unit_name, Role role) {
    auto u = t_->app().org().add_user(
        {username, "测试", UnitId{unit(unit_name)}, {role}, "Zhengtong@2024"}, Actor{});
    ASSERT_TRUE(u) << u.error().message;
  }
  test::HttpReply as(const std::string& user, const std::string& method, const std::string& target,
                     const std::string& body = "") {
    return c_->request(method, target, body, t_->bearer(user));
  }
};

TEST_P(ObjectScope, ACoLeadUnitDoesNotReadTheOtherLeadsSlotButTheLeadSeesItsCooperators) {
  ASSERT_EQ(
      as("ducha", "POST", "/api/v1/supervision/gazette/import", json{{"text", kNotice}}.dump())
          .status,
      201);
  ASSERT_EQ(as("ducha", "POST", "/api/v1/supervision/plan",
               json{{"doc_no", "三政办〔2024〕9号"}, {"year", 2024}}.dump())
                .status,
            201);
  add_user("czj_tb", "三门峡市财政局", Role::kUnitReporter);
  auto slot_of = [&](const char* user) {
    auto r = as(user, "GET", "/api/v1/supervision/slots?period=2024-03");
    EXPECT_EQ(r.status, 200) << r.body;
    auto slots = r.json()["slots"];
    EXPECT_EQ(slots.size(), 1u) << r.body;
    return std::to_string(slots.at(0)["id"].get<std::int64_t>());
  };
  auto ndrc = slot_of("fgw_tb"), miit = slot_of("gxj_tb"), finance = slot_of("czj_tb");
  auto file = as("gxj_tb", "POST", "/api/v1/supervision/slots/" + miit + "/attachments?name=a.txt",
                 "工信局的材料");
  ASSERT_EQ(file.status, 201) << file.body;
  auto fid = std::to_string(file.json()["id"].get<std::int64_t>());
  // 发展改革委 and 工业和信息化局 both lead task 1: neither reads the other's slot or its files.
  EXPECT_EQ(as("fgw_tb", "GET", "/api/v1/supervision/slots/" + miit).status, 403);
  EXPECT_EQ(as("fgw_tb", "GET", "/api/v1/supervision/slots/" + miit + "/attachments").status, 403);
  EXPECT_EQ(as("fgw_ld", "GET", "/api/v1/supervision/attachments/" + fid).status, 403);
  EXPECT_EQ(as("gxj_tb", "GET", "/api/v1/supervision/slots/" + ndrc).status, 403);
  // A lead unit sees its cooperating unit's slot; the cooperator sees no lead's slot.
  EXPECT_EQ(as("fgw_tb", "GET", "/api/v1/supervision/slots/" + finance).status, 200);
  EXPECT_EQ(as("gxj_tb", "GET", "/api/v1/supervision/slots/" + finance).status, 200);
  EXPECT_EQ(as("czj_tb", "GET", "/api/v1/supervision/slots/" + ndrc).status, 403);
  // The owner and the office read it.
  EXPECT_EQ(as("gxj_tb", "GET", "/api/v1/supervision/attachments/" + fid).status, 200);
  EXPECT_EQ(as("ducha", "GET", "/api/v1/supervision/attachments/" + fid).status, 200);
}

TEST_P(ObjectScope, TheBulletinPageTakesOnlyAPeriod) {
  for (const char* bad : {"%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E%E5%B9%B4%E5%BA%A6", "2024-13",
                          "2024-1x", "1999-03", "%3Cb%3Ex-ab", "2024-%E5%B9%B4"}) {
    auto r = as("ducha", "GET", std::string("/api/v1/supervision/bulletins/") + bad + "/print");
    EXPECT_EQ(r.status, 400) << bad << ": " << r.body;
    EXPECT_EQ(r.body.find("<img"), std::string::npos);
    EXPECT_EQ(r.json()["error"]["field"], "period") << r.body;
  }
  auto ok = as("ducha", "GET", "/api/v1/supervision/bulletins/2024-%E5%B9%B4%E5%BA%A6/print");
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_NE(ok.body.find("关于2024年度重点工作进展情况的通报"), std::string::npos);
  auto march = as("ducha", "GET", "/api/v1/supervision/bulletins/2024-03/print");
  EXPECT_NE(march.body.find("关于2024年3月重点工作进展情况的通报"), std::string::npos);
  EXPECT_EQ(as("ducha", "GET", "/api/v1/supervision/slots?period=2024-00").status, 400);
}

TEST_P(ObjectScope, OnlyTheKeepingUnitRewritesAnEntityOrAnInspector) {
  add_user("cg_zf1", "三门峡市城市管理局", Role::kEnforcementOfficer);
  const std::string header = "uscc,name,credit_class\n";
  auto first = as("scjg_zf1", "POST", "/api/v1/enforcement/entities/import",
                  header + "91411200MA44X0A1XK,三门峡甲商贸有限公司,D\n");
  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_EQ(first.json()["accepted"], 1);
  // Another unit's officer cannot lift the entity to class A (out of the draws' high ratios).
  auto rewrite =
      as("cg_zf1", "POST", "/api/v1/enforcement/entities/import",
         header + "91411200MA44X0A1XK,改名公司,A\n91411200MA44X0A28K,三门峡乙食品有限公司,B\n");
  ASSERT_EQ(rewrite.status, 200) << rewrite.body;
  EXPECT_EQ(rewrite.json()["accepted"], 1) << rewrite.body;
  ASSERT_EQ(rewrite.json()["errors"].size(), 1u);
  EXPECT_EQ(rewrite.json()["errors"][0]["row"], 2);
  EXPECT_EQ(rewrite.json()["errors"][0]["column"], "统一社会信用代码");
  EXPECT_NE(
      rewrite.json()["errors"][0]["message"].get<std::string>().find("三门峡市市场监督管理局"),
      std::string::npos);
  auto list = as("scjg_zf1", "GET", "/api/v1/enforcement/entities?q=91411200MA44X0A1XK").json();
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["credit_class"], "D");
  EXPECT_EQ(list["items"][0]["name"], "三门峡甲商贸有限公司");
  // The keeping unit updates its own; the admin updates any.
  auto own = as("scjg_zf2", "POST", "/api/v1/enforcement/entities/import",
                header + "91411200MA44X0A1XK,三门峡甲商贸有限公司,C\n");
  EXPECT_EQ(own.json()["accepted"], 1) << own.body;
  auto admin = as("admin", "POST", "/api/v1/enforcement/entities/import",
                  header + "91411200MA44X0A28K,三门峡乙食品有限公司,C\n");
  EXPECT_EQ(admin.json()["accepted"], 1) << admin.body;
  EXPECT_EQ(as("scjg_zf1", "GET", "/api/v1/enforcement/entities?credit_class=C").json()["total"],
            2);
  // Nor can a unit take over another unit's inspector (and their declared conflicts).
  const std::string inspectors = "姓名,执法证号,有效期至,执法领域,利害关系\n";
  ASSERT_EQ(as("scjg_zf1", "POST", "/api/v1/enforcement/inspectors/import",
               inspectors + "甲,ZF001,2027-12-31,市场监管,91411200MA44X0A1XK\n")
                .json()["accepted"],
            1);
  auto steal = as("cg_zf1", "POST", "/api/v1/enforcement/inspectors/import",
                  inspectors + "甲,ZF001,2027-12-31,城市管理,\n");
  EXPECT_EQ(steal.json()["accepted"], 0) << steal.body;
  EXPECT_EQ(steal.json()["errors"][0]["column"], "执法证号");
  auto mine = as("scjg_zf1", "GET", "/api/v1/enforcement/inspectors").json();
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0]["conflicts"], "91411200MA44X0A1XK");
  EXPECT_EQ(as("cg_zf1", "GET", "/api/v1/enforcement/inspectors").json().size(), 0u);
}

TEST_P(ObjectScope, CreditClassesAreForEnforcementUnitsOnly) {
  ASSERT_EQ(as("scjg_zf1", "POST", "/api/v1/enforcement/entities/import",
               "uscc,name,credit_class\n91411200MA44X0A1XK,三门峡甲商贸有限公司,D\n")
                .status,
            200);
  add_user("scjg_ld", "三门峡市市场监督管理局", Role::kUnitLeader);
  auto refused = as("fgw_ld", "GET", "/api/v1/enforcement/entities");
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(refused.body.find("91411200MA44X0A1XK"), std::string::npos);
  EXPECT_EQ(as("fgw_ld", "GET", "/api/v1/enforcement/entities?credit_class=D").status, 403);
  for (const char* reader : {"scjg_ld", "scjg_zf1", "scjg_fz", "sfj_jd", "admin"}) {
    auto r = as(reader, "GET", "/api/v1/enforcement/entities");
    EXPECT_EQ(r.status, 200) << reader << ": " << r.body;
    EXPECT_EQ(r.json()["total"], 1) << reader;
  }
}

TEST_P(ObjectScope, ThePublicPageMasksSpacedNamesAndHomeAddresses) {
  t_->clock().set(shanghai_time(*parse_date("2024-03-04"), 10, 0, 0));
  json body = {
      {"field", "市场监管"},
      {"procedure", "simplified"},
      {"party_kind", "individual"},
      {"party_name", "张三丰"},
      {"party_id", "411202199001011230"},
      {"party_address", "三门峡市湖滨区崤山路12号院3单元"},
      {"violation_code", "SC-11"},
      {"facts",
       "张 三 丰（住三门峡市湖滨区崤山路12号院3单元）占道经营，张\u3000三\u3000丰当场改正；"
       "另查明其户籍地：灵宝市函谷关镇王垛村5组。"},
      {"act_ended_on", "2024-03-01"}};
  auto created = as("scjg_zf1", "POST", "/api/v1/enforcement/cases", body.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  auto id = std::to_string(created.json()["id"].get<std::int64_t>());
  auto spot = as("scjg_zf1", "POST", "/api/v1/enforcement/cases/" + id + "/actions/on_the_spot",
                 json{{"officers", {"scjg_zf1", "scjg_zf2"}}, {"penalty", "warning"}}.dump());
  ASSERT_EQ(spot.status, 200) << spot.body;
  auto pubs = as("scjg_zf1", "GET", "/api/v1/enforcement/publications").json();
  ASSERT_EQ(pubs.size(), 1u);
  auto pid = std::to_string(pubs[0]["id"].get<std::int64_t>());
  ASSERT_EQ(
      as("scjg_zf1", "POST", "/api/v1/enforcement/publications/" + pid + "/publish", "{}").status,
      200);
  auto page = c_->request("GET", "/api/v1/public/decisions", "");
  ASSERT_EQ(page.status, 200);
  auto all = page.json();
  ASSERT_EQ(all.size(), 1u);
  auto content = all[0]["content"].get<std::string>();
  for (const char* leak : {"三 丰", "三\u3000丰", "三丰", "崤山路", "12号院", "函谷关", "王垛村"})
    EXPECT_EQ(page.body.find(leak), std::string::npos) << leak << " in " << content;
  EXPECT_EQ(all[0]["party"], "张某某");
  EXPECT_NE(content.find("张某某（住三门峡市湖滨区****）"), std::string::npos) << content;
  EXPECT_NE(content.find("户籍地：灵宝市****"), std::string::npos) << content;
  // The unit's own list keeps the record whole.
  auto own = as("scjg_zf1", "GET", "/api/v1/enforcement/cases/" + id).json();
  EXPECT_EQ(own["party_address"], "三门峡市湖滨区崤山路12号院3单元");
  // Searching by the person's name finds nothing (it would unmask them by elimination).
  EXPECT_EQ(c_->request("GET", "/api/v1/public/decisions?q=%E5%BC%A0%E4%B8%89%E4%B8%B0", "")
                .json()
                .size(),
            0u);
}

INSTANTIATE_TEST_SUITE_P(Backends, ObjectScope, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt

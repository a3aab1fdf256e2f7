// Records around a task over HTTP: a leader linked to an account and their scope, 督查 records
// from inspection to closure, attachments with their hash, figures for numeric targets.
#include <gtest/gtest.h>

#include "core/digest.hpp"
#include "support/app_fixture.hpp"
#include "support/office_files.hpp"
#include "support/test_store.hpp"

namespace zt {
namespace {

using nlohmann::json;
using test::HttpClient;

const char* kNotice =
    "# 三门峡市人民政府办公室关于印发2024年重点工作任务分解的通知\n"
    "三政办〔2024〕9号\n"
    "一、2024年经济社会发展主要预期目标分解\n"
    "1. 生产总值增长6.5%以上。（市发展改革委，各县〔市、区〕政府）\n"
    "二、重点工作任务分解\n"
    "（一）稳定经济运行\n"
    "1. 扩大有效投资，推动重大项目落地，确保年度完成投资1500亿元以上。（市发展改革委牵头，"
    "市财政局配合）\n"
    "2. 推进智能制造，加快5G项目建设，2024年新建5G基站700个以上。（市工业和信息化局牵头负责）\n"
    "3. 2024年6月月底前完成重大项目储备库建设。（责任单位：市发展改革委）\n"
    "三门峡市人民政府办公室\n"
    "2024年2月28日\n"
    "附件\n"
    "序号\t项目（任务）\t责任领导\t责任单位\n"
    "1\t推动重大项目落地，确保年度完成投资1500亿元以上。\t万战伟\t市发展改革委\n"
    "2\t加快5G项目建设，新建5G基站700个以上。\t卫祥玉\t市工业和信息化局\n";

class RecordsTest : public test::AppFixture<> {
 protected:
  void on_open() override {
    office_ = t_->bearer("ducha");
    auto imported = c_->request("POST", "/api/v1/supervision/gazette/import",
                                json{{"text", kNotice}}.dump(), office_);
    ASSERT_EQ(imported.status, 201) << imported.body;
    auto plan = c_->request("POST", "/api/v1/supervision/plan",
                            json{{"doc_no", "三政办〔2024〕9号"}, {"year", 2024}}.dump(), office_);
    ASSERT_EQ(plan.status, 201) << plan.body;
    auto tasks = c_->request("GET", "/api/v1/supervision/tasks", "", office_).json()["tasks"];
    ASSERT_EQ(tasks.size(), 2u);
    invest_ = tasks[0]["id"].get<std::int64_t>();
    fiveg_ = tasks[1]["id"].get<std::int64_t>();
  }
  std::string task_path(std::int64_t id) { return std::to_string(id); }
  json my_slot(const std::string& user, const std::string& period) {
    auto r = c_->request("GET", "/api/v1/supervision/slots?period=" + period, "", t_->bearer(user));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json()["slots"].at(0);
  }
  std::map<std::string, std::string> office_;
  std::int64_t invest_ = 0, fiveg_ = 0;
};

TEST_P(RecordsTest, LedgerLinesFindTheirTasksAndLeadersSeeTheirs) {
  auto tasks = c_->request("GET", "/api/v1/supervision/tasks", "", office_).json()["tasks"];
  EXPECT_EQ(tasks[0]["leaders"], json::array({"万战伟"}));
  EXPECT_EQ(tasks[1]["leaders"], json::array({"卫祥玉"}));

  // A vice-mayor's account, in the government office, linked to the ledger's 万战伟.
  auto unit = t_->app().org().resolve_unit("市人民政府");
  ASSERT_TRUE(unit && *unit) << "demo unit missing";
  auto user = t_->app().org().add_user(
      {"wzw", "万战伟", **unit, {Role::kUnitLeader}, "Zhengtong@2024"}, Actor{});
  ASSERT_TRUE(user) << user.error().message;
  auto people = c_->request("GET", "/api/v1/supervision/people", "", office_);
  ASSERT_EQ(people.status, 200) << people.body;
  std::int64_t person = 0;
  auto people_list = people.json()["people"];
  for (const auto& p : people_list)
    if (p["name"] == "万战伟") person = p["id"].get<std::int64_t>();
  ASSERT_NE(person, 0) << people.body;
  EXPECT_EQ(c_->request("PATCH", "/api/v1/supervision/people/" + std::to_string(person),
                        json{{"user_id", user->id.value}}.dump(), t_->bearer("fgw_tb"))
                .status,
            403);
  auto linked = c_->request("PATCH", "/api/v1/supervision/people/" + std::to_string(person),
                            json{{"user_id", user->id.value}}.dump(), office_);
  ASSERT_EQ(linked.status, 200) << linked.body;
  EXPECT_EQ(linked.json()["username"], "wzw");
  EXPECT_EQ(c_->request("PATCH", "/api/v1/supervision/people/" + std::to_string(person),
                        json{{"user_id", 999999}}.dump(), office_)
                .status,
            400);

  auto leader = t_->bearer("wzw");
  auto mine = c_->request("GET", "/api/v1/supervision/tasks", "", leader).json()["tasks"];
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0]["id"], invest_);
  // The leader sees the task's slots and history, not the other task's.
  auto slots = c_->request("GET", "/api/v1/supervision/slots?period=2024-03", "", leader);
  ASSERT_EQ(slots.status, 200);
  auto slot_list = slots.json()["slots"];
  for (const auto& s : slot_list) EXPECT_EQ(s["task_id"], invest_);
  EXPECT_GE(slots.json()["slots"].size(), 2u);  // lead and cooperating units
  EXPECT_EQ(
      c_->request("GET", "/api/v1/audit?object=task:" + task_path(invest_), "", leader).status,
      200);
  EXPECT_EQ(c_->request("GET", "/api/v1/audit?object=task:" + task_path(fiveg_), "", leader).status,
            403);
  // Unlinking takes the scope away.
  ASSERT_EQ(c_->request("PATCH", "/api/v1/supervision/people/" + std::to_string(person),
                        json{{"user_id", nullptr}}.dump(), office_)
                .status,
            200);
  EXPECT_EQ(c_->request("GET", "/api/v1/supervision/tasks", "", leader).json()["tasks"].size(), 0u);
}

TEST_P(RecordsTest, InspectionRunsFromFindingsToClosure) {
  json in{{"task_id", invest_},
          {"inspected_on", "2024-03-20"},
          {"inspectors", "督查室 张三、李四"},
          {"findings", "2个项目用地手续滞后"},
          {"rectify_by", "2024-04-15"}};
  EXPECT_EQ(c_->request("POST", "/api/v1/supervision/inspections", in.dump(), t_->bearer("fgw_tb"))
                .status,
            403);
  json bad = in;
  bad["rectify_by"] = "2024-03-01";
  EXPECT_EQ(c_->request("POST", "/api/v1/supervision/inspections", bad.dump(), office_).status,
            400);
  auto created = c_->request("POST", "/api/v1/supervision/inspections", in.dump(), office_);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json()["state"], "整改中");
  auto id = std::to_string(created.json()["id"].get<std::int64_t>());

  // The lead unit sees it; a unit with no part in the task does not.
  EXPECT_EQ(c_->request("GET", "/api/v1/supervision/inspections", "", t_->bearer("fgw_tb"))
                .json()["inspections"]
                .size(),
            1u);
  EXPECT_EQ(c_->request("GET", "/api/v1/supervision/inspections", "", t_->bearer("gxj_tb"))
                .json()["inspections"]
                .size(),
            0u);
  auto early_close = c_->request("POST", "/api/v1/supervision/inspections/" + id + "/close",
                                 json{{"closure", "同意销号"}}.dump(), office_);
  EXPECT_EQ(early_close.status, 422);
  EXPECT_NE(early_close.body.find("rectify-before-close"), std::string::npos);
  EXPECT_EQ(c_->request("POST", "/api/v1/supervision/inspections/" + id + "/rectification",
                        json{{"rectification", "已补齐"}}.dump(), t_->bearer("gxj_tb"))
                .status,
            404);  // outside its scope, as if it did not exist

  // Past the deadline it is overdue until rectified.
  t_->clock().set(shanghai_time(*parse_date("2024-04-16"), 9, 0, 0));
  office_ = t_->bearer("ducha");  // sessions from March have expired
  auto listed = c_->request("GET", "/api/v1/supervision/inspections?task_id=" + task_path(invest_),
                            "", office_);
  EXPECT_EQ(listed.json()["inspections"][0]["overdue"], true);
  auto rectified =
      c_->request("POST", "/api/v1/supervision/inspections/" + id + "/rectification",
                  json{{"rectification", "用地手续已于4月10日补齐"}}.dump(), t_->bearer("fgw_tb"));
  ASSERT_EQ(rectified.status, 200) << rectified.body;
  EXPECT_EQ(rectified.json()["state"], "待销号");
  EXPECT_EQ(rectified.json()["overdue"], false);
  auto closed = c_->request("POST", "/api/v1/supervision/inspections/" + id + "/close",
                            json{{"closure", "经核查已整改到位，同意销号"}}.dump(), office_);
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json()["state"], "已销号");
  auto history =
      c_->request("GET", "/api/v1/audit?object=task:" + task_path(invest_), "", office_).body;
  for (const char* action : {"inspection.create", "inspection.rectify", "inspection.close"})
    EXPECT_NE(history.find(action), std::string::npos) << action;
}

TEST_P(RecordsTest, AttachmentsKeepTheirBytesAndHash) {
  auto slot = my_slot("fgw_tb", "2024-03");
  auto base = "/api/v1/supervision/slots/" + std::to_string(slot["id"].get<std::int64_t>());
  std::string bytes(2 << 20, '\0');  // larger than the JSON body limit
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = char((i * 131) & 0xff);
  auto headers = t_->bearer("fgw_tb");
  headers["Content-Type"] = "application/pdf";
  auto up = c_->request("POST", base + "/attachments?name=%E7%8E%B0%E5%9C%BA.pdf", bytes, headers);
  ASSERT_EQ(up.status, 201) << up.body;
  EXPECT_EQ(up.json()["sha256"], sha256_hex(bytes));
  EXPECT_EQ(up.json()["name"], "现场.pdf");
  EXPECT_EQ(up.json()["size"], bytes.size());
  auto id = std::to_string(up.json()["id"].get<std::int64_t>());

  auto down = c_->request("GET", "/api/v1/supervision/attachments/" + id, "", t_->bearer("fgw_tb"));
  ASSERT_EQ(down.status, 200);
  EXPECT_TRUE(down.body == bytes);
  EXPECT_EQ(
      c_->request("GET", "/api/v1/supervision/attachments/" + id, "", t_->bearer("gxj_tb")).status,
      403);
  EXPECT_EQ(c_->request("GET", "/api/v1/supervision/attachments/" + id, "", office_).status, 200);
  auto list = c_->request("GET", base + "/attachments", "", t_->bearer("fgw_tb"));
  EXPECT_EQ(list.json()["attachments"].size(), 1u);

  auto other = t_->bearer("gxj_tb");
  EXPECT_EQ(c_->request("POST", base + "/attachments?name=x.pdf", "abc", other).status, 403);
  EXPECT_EQ(c_->request("POST", base + "/attachments?name=..%2Fx", "abc", headers).status, 400);
  EXPECT_EQ(c_->request("POST", base + "/attachments?name=x.pdf", "", headers).status, 400);
  EXPECT_EQ(c_->request("POST", base + "/attachments", "abc", headers).status, 400);
}

TEST_P(RecordsTest, ReportsCarryFiguresForTheirNumericTargets) {
  auto slot = my_slot("fgw_tb", "2024-03");
  auto base = "/api/v1/supervision/slots/" + std::to_string(slot["id"].get<std::int64_t>());
  auto targets = c_->request("GET", base + "/targets", "", t_->bearer("fgw_tb"));
  ASSERT_EQ(targets.status, 200) << targets.body;
  // The task's own (年度完成投资1500亿元以上) and the 预期目标 its unit answers for (生产总值).
  std::map<std::string, std::int64_t> by_indicator;
  auto target_list = targets.json()["targets"];
  for (const auto& k : target_list)
    by_indicator[k["indicator"].get<std::string>()] = k["id"].get<std::int64_t>();
  ASSERT_TRUE(by_indicator.count("生产总值")) << targets.body;
  ASSERT_EQ(by_indicator.size(), 2u) << targets.body;
  EXPECT_TRUE(by_indicator.count("年度完成投资")) << targets.body;
  json report{{"progress", "一季度完成投资360亿元"},
              {"percent", 24},
              {"status", "正常推进"},
              {"figures", json::array({{{"kpi_id", by_indicator["生产总值"]}, {"value", 6.1}}})}};
  auto filed = c_->request("POST", base + "/reports", report.dump(), t_->bearer("fgw_tb"));
  ASSERT_EQ(filed.status, 201) << filed.body;
  EXPECT_EQ(filed.json()["latest"]["figures"][0]["value"], 6.1);

  // A target the slot does not report on, or a malformed figure, is refused.
  auto gxj_targets = c_->request(
      "GET",
      "/api/v1/supervision/slots/" +
          std::to_string(my_slot("gxj_tb", "2024-03")["id"].get<std::int64_t>()) + "/targets",
      "", t_->bearer("gxj_tb"));
  auto foreign = gxj_targets.json()["targets"][0]["id"].get<std::int64_t>();
  report["figures"] = json::array({{{"kpi_id", foreign}, {"value", 1}}});
  EXPECT_EQ(c_->request("POST", base + "/reports", report.dump(), t_->bearer("fgw_tb")).status,
            400);
  report["figures"] = json::array({{{"kpi_id", "x"}}});
  EXPECT_EQ(c_->request("POST", base + "/reports", report.dump(), t_->bearer("fgw_tb")).status,
            400);
}

TEST_P(RecordsTest, EditedLedgerSheetAppliesGoodRowsAndNamesBadOnes) {
  auto sheet = test::make_xlsx(
      {{"重点任务", {{"序号"}}},
       {"项目台账",
        {{"序号", "项目（任务）", "责任领导", "责任单位"},
         {"1", "推动重大项目落地，确保年度完成投资1500亿元以上。", "万战伟、卫祥玉",
          "市发展改革委"},  // leader added
         {"2", "加快5G项目建设，新建5G基站700个以上。", "卫祥玉", "市工业和信息化局"},  // same
         {"3", "新建充电桩500个。", "卫祥玉", "市发展和改革委员会、市财政局"},  // new, alias
         {"4", "修缮古建筑。", "万战伟", "市文物保护中心"},                     // unknown unit
         {"x", "序号不对", "万战伟", "市财政局"},
         {"3", "重复的序号", "万战伟", "市财政局"},
         {"5", "没有领导", "", "市财政局"}}}});
  auto headers = office_;
  auto refused =
      c_->request("POST", "/api/v1/supervision/ledger/import", sheet, t_->bearer("fgw_tb"));
  EXPECT_EQ(refused.status, 403);
  auto preview = c_->request("POST", "/api/v1/supervision/ledger/import?dry_run=1", sheet, headers);
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_EQ(preview.json()["updated"], 1);
  EXPECT_EQ(preview.json()["created"], 1);
  EXPECT_EQ(preview.json()["unchanged"], 1);
  auto errors = preview.json()["errors"];
  ASSERT_EQ(errors.size(), 4u) << preview.body;
  EXPECT_EQ(errors[0]["line"], 5);
  EXPECT_EQ(errors[0]["column"], "责任单位");
  EXPECT_NE(errors[0]["message"].get<std::string>().find("市文物保护中心"), std::string::npos);
  EXPECT_EQ(errors[1]["line"], 6);
  EXPECT_EQ(errors[1]["column"], "序号");
  EXPECT_EQ(errors[2]["line"], 7);
  EXPECT_EQ(errors[3]["column"], "责任领导");
  // The preview changed nothing.
  auto tasks = c_->request("GET", "/api/v1/supervision/tasks", "", office_).json()["tasks"];
  EXPECT_EQ(tasks[0]["leaders"], json::array({"万战伟"}));

  auto applied = c_->request("POST", "/api/v1/supervision/ledger/import", sheet, headers);
  ASSERT_EQ(applied.status, 201) << applied.body;
  EXPECT_EQ(applied.json()["updated"], 1);
  tasks = c_->request("GET", "/api/v1/supervision/tasks", "", office_).json()["tasks"];
  EXPECT_EQ(tasks[0]["leaders"], json::array({"万战伟", "卫祥玉"}));
  auto again = c_->request("POST", "/api/v1/supervision/ledger/import", sheet, headers);
  EXPECT_EQ(again.json()["unchanged"], 3);
  EXPECT_EQ(again.json()["updated"], 0);
  // Not a workbook at all.
  auto junk = c_->request("POST", "/api/v1/supervision/ledger/import", "序号,项目", headers);
  EXPECT_EQ(junk.status, 400);
}

TEST_P(RecordsTest, NoticeUploadedAsDocx) {
  std::string text = kNotice;
  text.replace(text.find("9号"), 1, "8");
  std::vector<std::string> lines;
  for (std::size_t at = 0; at < text.size();) {
    auto nl = text.find('\n', at);
    lines.push_back(text.substr(at, nl - at));
    at = nl + 1;
  }
  auto preview = c_->request("POST", "/api/v1/supervision/gazette/preview?name=n.docx",
                             test::make_docx(lines), office_);
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_EQ(preview.json()["parse"]["notices"][0]["doc_no"], "三政办〔2024〕8号");
  EXPECT_EQ(preview.json()["parse"]["tasks"].size(), 2u);
  EXPECT_EQ(preview.json()["parse"]["ledger"].size(), 2u);
  auto broken = c_->request("POST", "/api/v1/supervision/gazette/preview",
                            std::string("PK\x03\x04broken", 10), office_);
  EXPECT_EQ(broken.status, 400);
}

TEST_P(RecordsTest, DashboardShowsFilingSectionsTargetsAndCommitments) {
  auto slot = my_slot("fgw_tb", "2024-03");
  auto base = "/api/v1/supervision/slots/" + std::to_string(slot["id"].get<std::int64_t>());
  auto target_list =
      c_->request("GET", base + "/targets", "", t_->bearer("fgw_tb")).json()["targets"];
  std::int64_t gdp = 0;
  for (const auto& k : target_list)
    if (k["indicator"] == "生产总值") gdp = k["id"].get<std::int64_t>();
  json report{{"progress", "一季度完成投资360亿元"},
              {"percent", 24},
              {"status", "正常推进"},
              {"figures", json::array({{{"kpi_id", gdp}, {"value", 6.1}}})}};
  ASSERT_EQ(c_->request("POST", base + "/reports", report.dump(), t_->bearer("fgw_tb")).status,
            201);
  // After the March deadline the month counts.
  t_->clock().set(shanghai_time(*parse_date("2024-03-26"), 9, 0, 0));
  office_ = t_->bearer("ducha");
  auto d = c_->request("GET", "/api/v1/supervision/dashboard?year=2024", "", office_);
  ASSERT_EQ(d.status, 200) << d.body;
  auto dash = d.json();
  EXPECT_EQ(dash["filing"]["periods"][0], "2024-03");
  EXPECT_EQ(dash["filing"]["periods"].back(), "2024-年度");
  std::map<std::string, json> by_unit;
  for (const auto& u : dash["filing"]["units"]) by_unit[u["unit"].get<std::string>()] = u;
  ASSERT_TRUE(by_unit.count("三门峡市发展和改革委员会")) << d.body;
  EXPECT_EQ(by_unit["三门峡市发展和改革委员会"]["rates"][0], 100.0);
  EXPECT_TRUE(by_unit["三门峡市发展和改革委员会"]["rates"][1].is_null());  // April not due
  EXPECT_EQ(by_unit["三门峡市工业和信息化局"]["rates"][0], 0.0);
  ASSERT_EQ(dash["sections"].size(), 1u);
  EXPECT_EQ(dash["sections"][0]["section"], "（一）");
  EXPECT_EQ(dash["sections"][0]["tasks"], 2);
  json gdp_row;
  for (const auto& t : dash["targets"])
    if (t["indicator"] == "生产总值") gdp_row = t;
  EXPECT_EQ(gdp_row["latest"]["value"], 6.1);
  EXPECT_EQ(gdp_row["met"], false);
  EXPECT_EQ(gdp_row["kind"], "target");
  ASSERT_EQ(dash["commitments"]["items"].size(), 1u) << d.body;
  auto commitment = dash["commitments"]["items"][0];
  EXPECT_EQ(commitment["deadline"], "2024-06-30");
  EXPECT_EQ(commitment["overdue"], false);
  // A unit's dashboard is its own.
  auto mine =
      c_->request("GET", "/api/v1/supervision/dashboard?year=2024", "", t_->bearer("gxj_tb"))
          .json();
  EXPECT_EQ(mine["filing"]["units"].size(), 1u);
  EXPECT_EQ(mine["commitments"]["items"].size(), 0u);
  EXPECT_EQ(c_->request("GET", "/api/v1/supervision/dashboard?year=20x4", "", office_).status, 400);

  // Past the deadline it is overdue, until the unit it is assigned to marks it done.
  t_->clock().set(shanghai_time(*parse_date("2024-07-02"), 9, 0, 0));
  office_ = t_->bearer("ducha");
  auto late = c_->request("GET", "/api/v1/supervision/commitments", "", office_).json();
  EXPECT_EQ(late["overdue"], 1);
  auto path = "/api/v1/supervision/commitments/" +
              std::to_string(commitment["id"].get<std::int64_t>()) + "/done";
  EXPECT_EQ(c_->request("POST", path, json{{"note", "已完成"}}.dump(), t_->bearer("gxj_tb")).status,
            403);
  EXPECT_EQ(
      c_->request("POST", path, json{{"note", "储备库已建成"}}.dump(), t_->bearer("fgw_tb")).status,
      200);
  EXPECT_EQ(c_->request("POST", path, json{{"note", "再次"}}.dump(), t_->bearer("fgw_tb")).status,
            422);
  auto after = c_->request("GET", "/api/v1/supervision/commitments", "", office_).json();
  EXPECT_EQ(after["overdue"], 0);
  EXPECT_EQ(after["done"], 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, RecordsTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt

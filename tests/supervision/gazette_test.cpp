// The gazette parser on the seed (field by field) and on variants of the same grammar.
#include "supervision/gazette.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "core/calendar.hpp"
#include "supervision/progress.hpp"
#include "supervision/text.hpp"
#include "supervision/units_clause.hpp"
#include "support/office_files.hpp"

namespace zt::supervision {
namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::vector<std::vector<std::string>> read_tsv(const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(read(path));
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= line.size(); ++i)
      if (i == line.size() || line[i] == '\t') {
        cols.push_back(line.substr(start, i - start));
        start = i + 1;
      }
    rows.push_back(cols);
  }
  return rows;
}

class SeedGazette : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto g = parse_gazette(
        read(std::string(ZT_SOURCE_DIR) + "/data/seed/sanmenxia-gazette-2024-02.txt"));
    ASSERT_TRUE(g) << g.error().message;
    seed_ = new Gazette(std::move(*g));
  }
  static void TearDownTestSuite() { delete seed_; }
  static Gazette* seed_;
};
Gazette* SeedGazette::seed_ = nullptr;

// The same gazette saved as Word (.docx: paragraphs split into runs, the ledger as a table)
// parses to exactly the same result.
TEST_F(SeedGazette, DocxGivesTheSameParse) {
  std::vector<std::string> lines;
  std::istringstream in(
      read(std::string(ZT_SOURCE_DIR) + "/data/seed/sanmenxia-gazette-2024-02.txt"));
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  auto text = notice_text(test::make_docx(lines), "seed.docx");
  ASSERT_TRUE(text) << text.error().message;
  auto g = parse_gazette(*text);
  ASSERT_TRUE(g) << g.error().message;
  EXPECT_EQ(to_json(*g), to_json(*seed_));
  EXPECT_EQ(g->tasks.size(), 86u);
  EXPECT_EQ(g->ledger.size(), 73u);
}

TEST(Variants, NumberUsedTwiceIsReportedNotStoredTwice) {
  auto g = parse_gazette(
      "三政办〔2024〕9号\n二、重点工作分工\n（一）稳定经济运行\n"
      "1. 扩大有效投资。（市发展改革委牵头）\n1. 推进智能制造。（市工业和信息化局牵头负责）\n");
  ASSERT_TRUE(g) << g.error().message;
  ASSERT_EQ(g->tasks.size(), 1u);
  ASSERT_EQ(g->unplaced.size(), 1u);
  EXPECT_EQ(g->unplaced[0].line, 5);
  EXPECT_NE(g->unplaced[0].reason.find("重复"), std::string::npos);
}

TEST(NoticeText, RefusesInvalidUtf8WithItsOffset) {
  auto bad = notice_text("三政办\xff〔2024〕", "gbk.txt");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("第 9 字节"), std::string::npos) << bad.error().message;
  EXPECT_TRUE(notice_text("三政办〔2024〕4号", "ok.txt"));
}

// The supervision notice (三政办〔2024〕4号) as a PDF: printed from the seed's text by Debian's
// Chromium (tests/supervision/seed-notice-4.pdf, 26 pages), with its running header (date, time
// and the gazette's title), its footer (file address and page n/26) and its lines wrapped at the
// page width. Read by poppler, the furniture taken out, it gives every task with exactly the
// units the text gives.
TEST_F(SeedGazette, APdfAsPrintedGivesTheSameTasksAndUnits) {
  auto text = notice_text(read(std::string(ZT_SOURCE_DIR) + "/tests/supervision/seed-notice-4.pdf"),
                          "seed-notice-4.pdf");
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(text->find("file:///"), std::string::npos);
  EXPECT_EQ(text->find("公报2024年第2号"), std::string::npos);
  EXPECT_EQ(text->find('\f'), std::string::npos);
  auto g = parse_gazette(*text);
  ASSERT_TRUE(g) << g.error().message;
  ASSERT_EQ(g->notices.size(), 1u);
  EXPECT_EQ(g->notices[0].doc_no, "三政办〔2024〕4号");
  EXPECT_TRUE(g->unplaced.empty());
  std::size_t want = 0;
  for (const auto& t : seed_->tasks) want += t.notice == "三政办〔2024〕4号";
  ASSERT_EQ(g->tasks.size(), want);
  for (const auto& t : g->tasks) {
    auto it = std::find_if(seed_->tasks.begin(), seed_->tasks.end(),
                           [&](const Task& s) { return s.notice == t.notice && s.no == t.no; });
    ASSERT_NE(it, seed_->tasks.end()) << t.no;
    EXPECT_EQ(t.lead_units, it->lead_units) << t.no;
    EXPECT_EQ(t.cooperating_units, it->cooperating_units) << t.no;
  }
  EXPECT_EQ(g->targets.size(), 10u);
}

TEST_F(SeedGazette, ThreeNoticesWithNumbersTitlesAndDates) {
  const auto& n = seed_->notices;
  ASSERT_EQ(n.size(), 3u);
  EXPECT_EQ(n[0].doc_no, "三政办〔2024〕2号");
  EXPECT_EQ(n[0].title, "三门峡市人民政府办公室关于进一步提升行政执法质量的通知");
  EXPECT_EQ(n[0].issued, "2024-02-05");
  EXPECT_EQ(n[1].doc_no, "三政办〔2024〕3号");
  EXPECT_EQ(n[1].issued, "2024-02-08");
  EXPECT_NE(n[1].title.find("推动城市公共交通高质量发展实施方案的通知"), std::string::npos);
  EXPECT_EQ(n[2].doc_no, "三政办〔2024〕4号");
  EXPECT_EQ(n[2].title,
            "三门峡市人民政府办公室关于明确政府工作报告提出的2024年重点工作责任单位的通知");
  EXPECT_EQ(n[2].issued, "2024-02-28");
  EXPECT_TRUE(seed_->unplaced.empty()) << seed_->unplaced[0].line << " " << seed_->unplaced[0].text;
}

TEST_F(SeedGazette, TenTargetsWithUnits) {
  const auto& t = seed_->targets;
  ASSERT_EQ(t.size(), 10u);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(t[std::size_t(i)].no, i + 1);
  EXPECT_EQ(t[0].text, "生产总值增长6.5%以上。");
  EXPECT_EQ(join(t[0].units, "、"), "市发展改革委、各县〔市、区〕政府");
  EXPECT_EQ(join(t[8].units, "、"), "市人力资源社会保障局、市农业农村局、各县〔市、区〕政府");
  EXPECT_EQ(t[7].text, "城镇调查失业率控制在5.5%左右，城镇新增就业3.5万人以上。");
  for (const auto& x : t) EXPECT_EQ(x.notice, "三政办〔2024〕4号");
}

TEST_F(SeedGazette, EightySixTasksWithExactlyTheirUnits) {
  auto expected = read_tsv(std::string(ZT_SOURCE_DIR) + "/tests/supervision/seed_tasks.tsv");
  ASSERT_EQ(expected.size(), 86u);
  ASSERT_EQ(seed_->tasks.size(), 86u);
  for (std::size_t i = 0; i < 86; ++i) {
    const auto& t = seed_->tasks[i];
    const auto& e = expected[i];
    SCOPED_TRACE("task " + e[0]);
    EXPECT_EQ(std::to_string(t.no), e[0]);
    EXPECT_EQ(t.section, e[1]);
    EXPECT_EQ(join(t.lead_units, "、"), e[2]);
    EXPECT_EQ(join(t.cooperating_units, "、"), e.size() > 3 ? e[3] : "");
    EXPECT_EQ(t.notice, "三政办〔2024〕4号");
  }
}

TEST_F(SeedGazette, TaskTextsAndSectionsSurvivePageBreaks) {
  const auto& t = seed_->tasks;
  EXPECT_EQ(t[0].section_title, "统筹消费投资，更大力度稳定经济运行");
  EXPECT_EQ(t[85].section, "（九）");
  // Task 7 is split by a page break after "龙头"; the parser joins it.
  EXPECT_NE(t[6].text.find("行业龙头企业和领军企业"), std::string::npos) << t[6].text;
  // Task 67 is written "67.办好" without a space.
  EXPECT_EQ(t[66].no, 67);
  EXPECT_TRUE(t[66].text.starts_with("办好黄河文化旅游节")) << t[66].text;
  // The unit clause is not part of the task text.
  EXPECT_EQ(t[85].text, "扎实做好第五次经济普查。");
}

TEST_F(SeedGazette, SeventyThreeLedgerRows) {
  auto expected = read_tsv(std::string(ZT_SOURCE_DIR) + "/tests/supervision/seed_ledger.tsv");
  ASSERT_EQ(expected.size(), 73u);
  ASSERT_EQ(seed_->ledger.size(), 73u);
  for (std::size_t i = 0; i < 73; ++i) {
    const auto& r = seed_->ledger[i];
    SCOPED_TRACE("ledger row " + expected[i][0]);
    EXPECT_EQ(std::to_string(r.no), expected[i][0]);
    EXPECT_EQ(join(r.leaders, " "), expected[i][1]);
    EXPECT_EQ(join(r.units, " "), expected[i][2]);
  }
  EXPECT_TRUE(seed_->ledger[0].task.starts_with("推动义马市高端精细化工可降解新材料基地"));
}

TEST_F(SeedGazette, DatedCommitments) {
  auto find = [&](const std::string& needle) -> const DatedCommitment* {
    for (const auto& c : seed_->dated_commitments)
      if (c.text.find(needle) != std::string::npos) return &c;
    return nullptr;
  };
  auto training = find("全员轮训");
  ASSERT_NE(training, nullptr);
  EXPECT_EQ(training->deadline, "2024-06-30");
  EXPECT_EQ(training->notice, "三政办〔2024〕2号");
  EXPECT_EQ(join(training->units, "、"), "市司法局、市级行政执法部门");
  auto discretion = find("裁量权基准进行全面清理");
  ASSERT_NE(discretion, nullptr);
  EXPECT_EQ(discretion->deadline, "2024-11-30");
  auto midterm = find("中期评估");
  ASSERT_NE(midterm, nullptr);
  EXPECT_EQ(midterm->deadline, "2024-09-30");
  auto final_review = find("终期评估");
  ASSERT_NE(final_review, nullptr);
  EXPECT_EQ(final_review->deadline, "2025-09-30");
  auto contacts = find("联络员名单");
  ASSERT_NE(contacts, nullptr);
  EXPECT_EQ(contacts->deadline, "2024-02-29");  // 2024 is a leap year
  auto boards = find("电子站牌");
  ASSERT_NE(boards, nullptr);
  EXPECT_EQ(boards->deadline, "2025-12-31");
  EXPECT_EQ(boards->notice, "三政办〔2024〕3号");
  // The monthly reporting rhythm of notice 4 is not a one-off commitment.
  EXPECT_EQ(find("每月"), nullptr);
}

TEST_F(SeedGazette, NumericTargets) {
  auto find = [&](const std::string& indicator) -> const KpiTarget* {
    for (const auto& k : seed_->kpi_targets)
      if (k.indicator == indicator) return &k;
    return nullptr;
  };
  // A task's own figures, for the notice's year: 高新技术企业达到200家以上.
  auto hightech = find("高新技术企业");
  ASSERT_NE(hightech, nullptr);
  EXPECT_EQ(hightech->comparator, ">=");
  EXPECT_DOUBLE_EQ(hightech->value, 200);
  EXPECT_EQ(hightech->unit, "家");
  EXPECT_EQ(hightech->by, "2024-12-31");
  auto fiveg = find("新建5G基站");
  ASSERT_NE(fiveg, nullptr);
  EXPECT_DOUBLE_EQ(fiveg->value, 700);
  auto ontime = find("发车正点率");
  ASSERT_NE(ontime, nullptr);
  EXPECT_EQ(ontime->comparator, ">=");
  EXPECT_DOUBLE_EQ(ontime->value, 90);
  EXPECT_EQ(ontime->unit, "%");
  EXPECT_EQ(ontime->by, "2025-12-31");
  EXPECT_EQ(ontime->notice, "三政办〔2024〕3号");
  auto speed = find("早晚高峰时段城市公共汽电车平均运营时速");
  ASSERT_NE(speed, nullptr);
  EXPECT_EQ(speed->unit, "公里/小时");
  EXPECT_DOUBLE_EQ(speed->value, 18);
  auto deaths = find("城市公共交通行车责任事故死亡率");
  ASSERT_NE(deaths, nullptr);
  EXPECT_EQ(deaths->comparator, "<=");
  EXPECT_DOUBLE_EQ(deaths->value, 0.05);
  auto coverage = find("中心城区公共交通站点500米覆盖率");
  ASSERT_NE(coverage, nullptr);
  EXPECT_DOUBLE_EQ(coverage->value, 100);
  auto gdp = find("生产总值");
  ASSERT_NE(gdp, nullptr);
  EXPECT_EQ(gdp->comparator, ">=");
  EXPECT_EQ(gdp->by, "2024-12-31");
  auto retail = find("社会消费品零售总额");
  ASSERT_NE(retail, nullptr);
  EXPECT_EQ(retail->comparator, "~");
  // "到2025年，…公交车总量达到350台，万人公交车辆保有量达到14标台/万人" in a tasks section.
  auto fleet = find("中心城区公交车总量");
  ASSERT_NE(fleet, nullptr);
  EXPECT_DOUBLE_EQ(fleet->value, 350);
  EXPECT_EQ(fleet->unit, "台");
  EXPECT_EQ(fleet->by, "2025-12-31");
  auto per_capita = find("万人公交车辆保有量");
  ASSERT_NE(per_capita, nullptr);
  EXPECT_EQ(per_capita->unit, "标台/万人");
  auto published = find("重大执法决定法制审核率");
  ASSERT_NE(published, nullptr);
  EXPECT_DOUBLE_EQ(published->value, 100);
}

// --- Variants of the grammar -------------------------------------------------------------

TEST(GazetteVariants, CountyNoticeWithFlatNumberingNoLedgerAndHalfWidthBrackets) {
  const char* text = R"(# 灵宝市人民政府办公室 关于印发2025年重点工作分工方案的通知
灵政办[2025]7号
各乡（镇）人民政府，市人民政府各部门：
1. 加快推进苹果产业升级，新建标准化果园2万亩。(市农业农村局牵头，市林业局、财政局，各乡(镇)政府配合)
2. 做好城区道路提质工程
建设。（市住房城乡建设局牵头负责）
3. 推进全域旅游示范区创建。（市文化广电旅游局、发展改革委按职责分工负责）
灵宝市人民政府办公室
2025年1月20日
)";
  auto g = parse_gazette(text);
  ASSERT_TRUE(g) << g.error().message;
  ASSERT_EQ(g->notices.size(), 1u);
  EXPECT_EQ(g->notices[0].doc_no, "灵政办〔2025〕7号");
  EXPECT_EQ(g->notices[0].issued, "2025-01-20");
  ASSERT_EQ(g->tasks.size(), 3u);
  EXPECT_EQ(join(g->tasks[0].lead_units, "、"), "市农业农村局");
  EXPECT_EQ(join(g->tasks[0].cooperating_units, "、"), "市林业局、市财政局、各乡（镇）政府");
  EXPECT_EQ(g->tasks[1].text, "做好城区道路提质工程建设。");  // joined across the line break
  EXPECT_EQ(join(g->tasks[2].lead_units, "、"), "市文化广电旅游局、市发展改革委");
  EXPECT_TRUE(g->ledger.empty());
  EXPECT_EQ(g->tasks[0].section, "");
}

TEST(GazetteVariants, CountyLevelPrefixIsRestoredFromTheFirstUnit) {
  auto r = parse_units_clause(U"县发展改革委牵头，财政局、自然资源局，各乡镇政府配合");
  EXPECT_EQ(join(r.lead, "、"), "县发展改革委");
  EXPECT_EQ(join(r.cooperating, "、"), "县财政局、县自然资源局、各乡镇政府");
}

TEST(GazetteVariants, OtherCityWithSectionsAndLedger) {
  const char* text =
      "# 洛阳市人民政府办公室关于明确2024年重点工作责任单位的通知\n"
      "洛政办〔2024〕11号\n"
      "一、主要预期目标\n"
      "1. 地区生产总值增长6%左右。（市发展改革委，各县区政府）\n"
      "二、重点工作分工\n"
      "（一）扩大有效需求\n"
      "1. 开展消费促进活动。（市商务局牵头，各县区政府配合）\n"
      "（二）建设现代化产业体系\n"
      "2. 推进智能制造。（市工业和信息化局牵头负责）\n"
      "附件：重点项目分工台账\n"
      "序号\t项目（任务）\t责任领导\t责任单位\n"
      "1\t开展消费促进活动。\t张三 李四\t市商务局\n"
      "2\t推进智能制造。\t王五\n";
  auto g = parse_gazette(text);
  ASSERT_TRUE(g) << g.error().message;
  ASSERT_EQ(g->targets.size(), 1u);
  EXPECT_EQ(join(g->targets[0].units, "、"), "市发展改革委、各县区政府");
  ASSERT_EQ(g->tasks.size(), 2u);
  EXPECT_EQ(g->tasks[0].section, "（一）");
  EXPECT_EQ(g->tasks[1].section, "（二）");
  EXPECT_EQ(g->tasks[1].section_title, "建设现代化产业体系");
  ASSERT_EQ(g->ledger.size(), 1u);
  EXPECT_EQ(join(g->ledger[0].leaders, " "), "张三 李四");
  // The malformed ledger row is reported with its line, not dropped silently.
  ASSERT_EQ(g->unplaced.size(), 1u);
  EXPECT_EQ(g->unplaced[0].line, 13);
}

TEST(GazetteVariants, TargetWithoutUnitsIsReported) {
  auto g = parse_gazette("某政办〔2024〕1号\n一、主要目标\n1. 粮食产量稳定在14亿斤以上。\n");
  ASSERT_TRUE(g);
  ASSERT_EQ(g->targets.size(), 1u);
  ASSERT_EQ(g->unplaced.size(), 1u);
  EXPECT_EQ(g->unplaced[0].line, 3);
}

TEST(GazetteVariants, NotANotice) {
  auto g = parse_gazette("这是一段普通文字，没有发文字号。\n");
  ASSERT_FALSE(g);
  EXPECT_NE(g.error().message.find("发文字号"), std::string::npos);
  EXPECT_FALSE(parse_gazette(""));
}

TEST(Phrases, Deadlines) {
  EXPECT_EQ(find_deadline(U"2024年6月月底前完成").value_or(""), "2024-06-30");
  EXPECT_EQ(find_deadline(U"于2024年2月月底前将").value_or(""), "2024-02-29");
  EXPECT_EQ(find_deadline(U"在2024年年底前制定").value_or(""), "2024-12-31");
  EXPECT_EQ(find_deadline(U"到2025年").value_or(""), "2025-12-31");
  EXPECT_EQ(find_deadline(U"2024年3月15日前报送").value_or(""), "2024-03-15");
  EXPECT_EQ(find_deadline(U"2024年底前").value_or(""), "2024-12-31");
  EXPECT_FALSE(find_deadline(U"2024年重点工作"));
  EXPECT_FALSE(find_deadline(U"从2024年3月起"));
}

TEST(Phrases, NumericTargets) {
  auto k = find_kpi(U"发车正点率不低于90%");
  ASSERT_TRUE(k);
  EXPECT_EQ(k->indicator, "发车正点率");
  EXPECT_EQ(k->comparator, ">=");
  EXPECT_DOUBLE_EQ(k->value, 90);
  auto lanes = find_kpi(U"新增公交专用车道30余公里");
  EXPECT_FALSE(lanes);  // no comparator verb: prose, not a target
  auto rate = find_kpi(U"城镇调查失业率控制在5.5%左右");
  ASSERT_TRUE(rate);
  EXPECT_EQ(rate->comparator, "~");
  auto cap = find_kpi(U"事故死亡率不高于0.05人/百万车公里");
  ASSERT_TRUE(cap);
  EXPECT_EQ(cap->comparator, "<=");
  EXPECT_EQ(cap->unit, "人/百万车公里");
  EXPECT_FALSE(find_kpi(U"到2025年"));
}

TEST(Text, NormaliseWidthsAndStraySpaces) {
  EXPECT_EQ(to_utf8(normalise(U"从 2024 年 3 月起，每月 25 日前")), "从2024年3月起，每月25日前");
  EXPECT_EQ(to_utf8(normalise(U"（市商务局牵头,各县(市、区)政府配合)")),
            "（市商务局牵头，各县（市、区）政府配合）");
  EXPECT_EQ(to_utf8(normalise(U"１２３％")), "123%");
  EXPECT_EQ(to_utf8(normalise(U"NPR 新材料")), "NPR新材料");
  EXPECT_EQ(to_utf8(normalise(U"1,000 万元")), "1,000万元");
  EXPECT_EQ(chinese_number(U"十二"), 12);
  EXPECT_EQ(chinese_number(U"九"), 9);
  EXPECT_EQ(chinese_number(U"二十"), 20);
}

}  // namespace
}  // namespace zt::supervision

namespace zt::supervision {
namespace {

TEST(Schedule, ExpectedPercentAndColours) {
  auto start = shanghai_time(*parse_date("2024-01-01"), 0, 0, 0);
  auto end = shanghai_time(*parse_date("2024-12-31"), 23, 59, 59);
  EXPECT_DOUBLE_EQ(expected_percent(start, end, start), 0);
  EXPECT_NEAR(expected_percent(start, end, shanghai_time(*parse_date("2024-07-02"), 0, 0, 0)), 50,
              0.2);
  EXPECT_DOUBLE_EQ(expected_percent(start, end, end + std::chrono::hours(24)), 100);
  EXPECT_EQ(colour_of(50, 60, false, false), Colour::kGreen);
  EXPECT_EQ(colour_of(50, 40, false, false), Colour::kYellow);
  EXPECT_EQ(colour_of(100, 90, true, false), Colour::kRed);
  EXPECT_EQ(colour_of(100, 100, true, true), Colour::kYellow);  // caught up after being red
  EXPECT_EQ(colour_of(50, 60, false, true), Colour::kYellow);
}

}  // namespace
}  // namespace zt::supervision

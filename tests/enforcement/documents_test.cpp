// The case documents as people sign them: officers by name with their 执法证号, the basis the
// officer entered, approval blocks with names and Chinese dates, the source in Chinese, no slugs;
// which documents each state offers; the Word package of a document.
#include <gtest/gtest.h>

#include "core/ooxml.hpp"
#include "core/zip_reader.hpp"
#include "enforcement/documents.hpp"

namespace zt::enforcement {
namespace {

using nlohmann::json;

CaseRecord decided_case() {
  CaseRecord c;
  c.id = CaseId{7};
  c.no = "市市场监管局立〔2024〕7号";
  c.unit_name = "三门峡市市场监督管理局";
  c.field = "市场监管";
  c.state = CaseState::kDecided;
  c.procedure = "general";
  c.source = "complaint";
  c.party_kind = "organisation";
  c.party_name = "三门峡某商贸有限公司";
  c.party_id = "91411200MA44X0A1XK";
  c.party_address = "湖滨区崤山路12号";
  c.violation_code = "SC-01";
  c.violation_name = "销售不合格产品";
  c.facts = "销售抽检不合格的电热水壶20台";
  c.act_ended_on = "2024-02-20";
  c.filed_on = "2024-03-04";
  c.evidence_count = 1;
  c.notice_on = "2024-03-06";
  c.proposed_penalty = "fine";
  c.proposed_fine = 20000;
  c.review_passed_on = "2024-03-12";
  c.decided_on = "2024-03-25";
  c.penalty = "fine";
  c.fine = 20000;
  c.major = true;
  return c;
}

std::vector<Step> steps_of() {
  const std::vector<std::string> two = {"scjg_zf1", "scjg_zf2"};
  return {
      {1, "file", "2024-03-04", 0, "张执法", two, json::object()},
      {2, "evidence", "2024-03-05", 0, "刘执法", two, {{"description", "现场检查笔录"}}},
      {3,
       "notify",
       "2024-03-06",
       0,
       "张执法",
       two,
       {{"penalty", "fine"}, {"fine", "20000"}, {"basis", "《产品质量法》第四十九条"}}},
      {4, "review", "2024-03-12", 0, "孙法制", {}, {{"result", "pass"}, {"opinion", "事实清楚"}}},
      {5, "decide", "2024-03-25", 0, "张执法", two, json::object()},
  };
}

DocumentFacts facts_of() {
  return {{{"scjg_zf1", {"张执法", "41120024000001"}}, {"scjg_zf2", {"刘执法", "41120024000002"}}},
          "《产品质量法》第四十九条"};
}

std::string text_of(const Document& d) { return document_html(d); }

TEST(Documents, FilingFormNamesTheOfficersWithCertificatesAndHasTheThreeApprovalBlocks) {
  auto d = document_build(decided_case(), "filing", steps_of(), facts_of());
  ASSERT_TRUE(d) << d.error().message;
  auto html = text_of(*d);
  EXPECT_NE(html.find("张执法（执法证号 41120024000001）、刘执法（执法证号 41120024000002）"),
            std::string::npos);
  for (const char* block : {"承办人意见", "审核意见", "负责人审批意见"})
    EXPECT_NE(html.find(block), std::string::npos) << block;
  EXPECT_NE(html.find("签名：张执法、刘执法　　二〇二四年三月四日"), std::string::npos);
  EXPECT_NE(html.find("投诉举报"), std::string::npos);  // the source in Chinese
  EXPECT_NE(html.find("二〇二四年二月二十日"), std::string::npos);
  for (const char* slug : {"complaint", "general", "organisation", "fine", "scjg_zf"})
    EXPECT_EQ(html.find(slug), std::string::npos) << slug;
}

TEST(Documents, DecisionCarriesTheOfficersBasisAndAChineseDateUnderTheSeal) {
  auto d = document_build(decided_case(), "decision", steps_of(), facts_of());
  ASSERT_TRUE(d);
  auto html = text_of(*d);
  EXPECT_NE(
      html.find(
          "依据《产品质量法》第四十九条的规定，本机关决定给予如下行政处罚：罚款人民币20000元"),
      std::string::npos);
  EXPECT_NE(html.find("（印章）<br>二〇二四年三月二十五日"), std::string::npos);
  EXPECT_EQ(html.find("2024-03-25"), std::string::npos);
}

TEST(Documents, DecisionApprovalShowsTheReviewerAndDateOfTheLegalReview) {
  auto d = document_build(decided_case(), "decision-approval", steps_of(), facts_of());
  ASSERT_TRUE(d);
  auto html = text_of(*d);
  EXPECT_NE(html.find("同意。事实清楚<br>签名：孙法制　　二〇二四年三月十二日"), std::string::npos)
      << html;
  EXPECT_NE(html.find("签名：张执法、刘执法　　二〇二四年三月六日"), std::string::npos);
  EXPECT_NE(html.find("负责人审批意见"), std::string::npos);
}

TEST(Documents, EachStateOffersOnlyTheDocumentsItReached) {
  auto c = decided_case();
  auto offered = [&](const CaseRecord& x) {
    std::string out;
    for (const auto& k : document_kinds())
      if (document_available(x, k.name))
        out += std::string(out.empty() ? "" : " ") + std::string(k.name);
    return out;
  };
  CaseRecord registered;
  registered.procedure = "general";
  EXPECT_EQ(offered(registered), "");
  CaseRecord filed = registered;
  filed.state = CaseState::kFiled;
  filed.filed_on = "2024-03-04";
  EXPECT_EQ(offered(filed), "filing");
  filed.state = CaseState::kInvestigating;
  filed.evidence_count = 2;
  EXPECT_EQ(offered(filed), "filing inquiry");
  EXPECT_EQ(offered(c), "filing inquiry notice decision-approval decision credit-repair");
  c.party_kind = "individual";  // no credit-repair notice for a person
  EXPECT_EQ(offered(c), "filing inquiry notice decision-approval decision");
  c.state = CaseState::kServed;
  c.served_on = "2024-03-27";
  EXPECT_EQ(offered(c), "filing inquiry notice decision-approval decision service");
  c.state = CaseState::kArchived;
  EXPECT_EQ(offered(c), "filing inquiry notice decision-approval decision service closing");
  CaseRecord simplified;
  simplified.procedure = "simplified";
  EXPECT_EQ(offered(simplified), "filing");
  EXPECT_FALSE(document_available(c, "no-such-document"));
  // What is not available is refused by name, never rendered half-empty.
  auto early = document_build(registered, "decision", {}, {});
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().rule, "state-order");
  EXPECT_EQ(document_build(registered, "nothing", {}, {}).error().kind, ErrorKind::kNotFound);
}

TEST(Documents, WordPackageHoldsTheSameTextInWordprocessingML) {
  auto d = document_build(decided_case(), "filing", steps_of(), facts_of());
  ASSERT_TRUE(d);
  auto bytes = document_docx(*d);
  ASSERT_TRUE(bytes) << bytes.error().message;
  auto zip = ZipReader::open_bytes(*bytes, "filing.docx");
  ASSERT_TRUE(zip);
  EXPECT_TRUE(zip->contains("[Content_Types].xml"));
  EXPECT_TRUE(zip->contains("word/document.xml"));
  auto xml = zip->read("word/document.xml");
  ASSERT_TRUE(xml);
  EXPECT_NE(xml->find("<w:tbl>"), std::string::npos);
  EXPECT_NE(xml->find("41120024000001"), std::string::npos);
  auto text = docx_text(*bytes, "filing.docx");
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("立案审批表"), std::string::npos);
  EXPECT_NE(text->find("负责人审批意见"), std::string::npos);
  EXPECT_NE(text->find("二〇二四年三月四日"), std::string::npos);
}

}  // namespace
}  // namespace zt::enforcement

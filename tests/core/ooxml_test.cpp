// .docx text and .xlsx rows as offices produce them, and clear errors for damaged packages.
#include "core/ooxml.hpp"

#include <gtest/gtest.h>

#include "core/zip_reader.hpp"
#include "support/office_files.hpp"

namespace zt {
namespace {

TEST(Docx, ParagraphsRunsAndTableRows) {
  auto docx = test::make_docx({"三门峡市人民政府办公室", "三政办〔2024〕4号",
                               "序号\t项目（任务）\t责任领导\t责任单位",
                               "1\t高新技术企业达到200家以上。\t卫祥玉\t市科技局", "附件"});
  auto text = docx_text(docx, "通知.docx");
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(*text,
            "三门峡市人民政府办公室\n三政办〔2024〕4号\n序号\t项目（任务）\t责任领导\t责任单位\n"
            "1\t高新技术企业达到200家以上。\t卫祥玉\t市科技局\n附件\n");
}

TEST(Docx, DamagedPackagesAreNamed) {
  auto not_zip = docx_text("PK\x03\x04 garbage", "坏.docx");
  ASSERT_FALSE(not_zip);
  EXPECT_NE(not_zip.error().message.find("坏.docx"), std::string::npos);
  auto no_document = docx_text(test::make_zip({{"word/other.xml", "<x/>"}}), "空.docx");
  ASSERT_FALSE(no_document);
  EXPECT_NE(no_document.error().message.find("word/document.xml"), std::string::npos);
  auto bad_xml = docx_text(test::make_zip({{"word/document.xml", "<w:document><w:body>"}}), "x");
  ASSERT_FALSE(bad_xml);
  EXPECT_NE(bad_xml.error().message.find("不是有效的 XML"), std::string::npos);
}

TEST(Zip, InflatedSizeIsCapped) {
  auto zip = ZipReader::open_bytes(test::make_zip({{"big.txt", std::string(1 << 20, 'a')}}), "z");
  ASSERT_TRUE(zip);
  auto small = zip->read("big.txt", 1000);
  ASSERT_FALSE(small);
  EXPECT_EQ(small.error().kind, ErrorKind::kTooLarge);
  EXPECT_EQ(zip->read("big.txt")->size(), 1u << 20);
  EXPECT_FALSE(zip->read("missing.txt"));
}

TEST(Xlsx, RowsKeepExcelLineNumbersAndPickTheNamedSheet) {
  auto xlsx = test::make_xlsx({{"重点任务", {{"序号", "领域"}, {"1", "（一）"}}},
                               {"项目台账",
                                {{"序号", "项目（任务）", "责任领导", "责任单位"},
                                 {"1", "推动项目落地", "万战伟", "市发展改革委"},
                                 {},
                                 {"2", "", "卫祥玉"}}}});
  auto first = xlsx_rows(xlsx, "台账.xlsx");
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ(first->at(1).cells.at(1), "（一）");
  auto ledger = xlsx_rows(xlsx, "台账.xlsx", "项目台账");
  ASSERT_TRUE(ledger) << ledger.error().message;
  ASSERT_EQ(ledger->size(), 3u);  // the blank row is left out
  EXPECT_EQ(ledger->at(1).line, 2);
  EXPECT_EQ(ledger->at(1).cells,
            (std::vector<std::string>{"1", "推动项目落地", "万战伟", "市发展改革委"}));
  EXPECT_EQ(ledger->at(2).line, 4);
  EXPECT_EQ(ledger->at(2).cells.at(0), "2");
  EXPECT_EQ(ledger->at(2).cells.at(1), "");
  EXPECT_FALSE(xlsx_rows("not a zip", "x.xlsx"));
}

}  // namespace
}  // namespace zt

// The Word writer: a package Word and LibreOffice open (content types, relationships, styles,
// document), read back through the same docx reader the gazette import uses; Chinese dates.
#include <gtest/gtest.h>

#include "core/date_words.hpp"
#include "core/docx_writer.hpp"
#include "core/ooxml.hpp"
#include "core/zip_reader.hpp"

namespace zt {
namespace {

TEST(DocxWriter, WritesAPackageWithItsPartsAndTheTextReadsBack) {
  DocxWriter w;
  w.paragraph("行政处罚决定书", {.align = DocxWriter::Align::kCenter, .heading = true});
  w.paragraph("当事人：三门峡某公司 <A&B>\n地址：湖滨区", {.indent = true});
  w.table({1, 3},
          {{{"承办人意见", 1, DocxWriter::Align::kCenter}, {"建议立案"}}, {{"合并单元格", 2}}});
  auto bytes = w.finish();
  ASSERT_TRUE(bytes) << bytes.error().message;
  ASSERT_TRUE(looks_like_zip(*bytes));
  auto zip = ZipReader::open_bytes(*bytes, "test.docx");
  ASSERT_TRUE(zip);
  for (const char* part : {"[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels",
                           "word/styles.xml", "word/document.xml"})
    EXPECT_TRUE(zip->contains(part)) << part;
  auto xml = zip->read("word/document.xml");
  ASSERT_TRUE(xml);
  EXPECT_NE(xml->find("&lt;A&amp;B&gt;"), std::string::npos);  // escaped, not raw markup
  EXPECT_NE(xml->find("<w:gridSpan w:val=\"2\"/>"), std::string::npos);
  EXPECT_NE(xml->find("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"), std::string::npos);  // A4
  auto text = docx_text(*bytes, "test.docx");
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_NE(text->find("行政处罚决定书"), std::string::npos);
  EXPECT_NE(text->find("承办人意见\t建议立案"), std::string::npos) << *text;
}

TEST(DocxWriter, DropsCharactersXmlForbids) {
  EXPECT_EQ(xml_text(std::string("a\x01"
                                 "b\tc\"",
                                 6)),
            "ab\tc&quot;");
}

TEST(ChineseDate, WritesTheYearDigitByDigitAndMonthAndDayAsNumbers) {
  EXPECT_EQ(chinese_date(*parse_date("2024-03-25")), "二〇二四年三月二十五日");
  EXPECT_EQ(chinese_date(*parse_date("2020-10-01")), "二〇二〇年十月一日");
  EXPECT_EQ(chinese_date(*parse_date("2024-12-10")), "二〇二四年十二月十日");
  EXPECT_EQ(chinese_date(*parse_date("2024-01-31")), "二〇二四年一月三十一日");
  EXPECT_EQ(chinese_date(std::string_view("")), "");
  EXPECT_EQ(chinese_date(std::string_view("不是日期")), "不是日期");
}

}  // namespace
}  // namespace zt

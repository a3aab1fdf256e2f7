// Hostile packages (issue 12, class 3): deep nesting is walked without recursion, and what an
// archive inflates to, with the structures parsed from it, stays within its budget.
#include <gtest/gtest.h>

#include "core/ooxml.hpp"
#include "core/zip_reader.hpp"
#include "support/office_files.hpp"

namespace zt {
namespace {

std::string document(const std::string& body) {
  return "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
         "<w:body>" +
         body + "</w:body></w:document>";
}

std::string repeat(const std::string& s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

TEST(DeepXml, HundredThousandNestedRunsAreReadNotACrash) {
  constexpr std::size_t kDepth = 100000;
  auto docx =
      test::make_zip({{"word/document.xml",
                       document("<w:p>" + repeat("<w:r>", kDepth) + "<w:t>深</w:t>" +
                                repeat("</w:r>", kDepth) + "<w:r><w:t>浅</w:t></w:r></w:p>")}});
  EXPECT_LT(docx.size(), 64u * 1024);  // a few kilobytes zipped
  auto text = docx_text(docx, "嵌套.docx");
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(*text, "深浅\n");
}

TEST(DeepXml, NestedContentControlsAreReadNotACrash) {
  constexpr std::size_t kDepth = 100000;
  auto docx = test::make_zip(
      {{"word/document.xml",
        document(repeat("<w:sdt><w:sdtPr/><w:sdtContent>", kDepth) +
                 "<w:p><w:r><w:t>内</w:t></w:r></w:p>" + repeat("</w:sdtContent></w:sdt>", kDepth) +
                 "<w:p><w:r><w:t>外</w:t></w:r></w:p>")}});
  auto text = docx_text(docx, "控件.docx");
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(*text, "内\n外\n");
}

TEST(ZipBudget, EveryEntryAndEveryReadCountsTowardsTheTotal) {
  const std::string mib(1 << 20, 'a');
  auto bytes = test::make_zip({{"a.txt", mib}, {"b.txt", mib}, {"c.txt", mib}});
  ZipLimits limits{(5u << 20) / 2, 100, "server.inflate_limit"};
  auto zip = ZipReader::open_bytes(bytes, "包.zip", limits);
  ASSERT_TRUE(zip);
  ASSERT_TRUE(zip->read("a.txt"));
  ASSERT_TRUE(zip->read("b.txt"));
  auto third = zip->read("c.txt");
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().kind, ErrorKind::kTooLarge);
  EXPECT_NE(third.error().message.find("2621440"), std::string::npos) << third.error().message;
  EXPECT_NE(third.error().message.find("server.inflate_limit"), std::string::npos);
  // One entry read again and again (or entries sharing their data) cannot multiply the work.
  auto again = ZipReader::open_bytes(bytes, "包.zip", limits);
  ASSERT_TRUE(again->read("a.txt"));
  ASSERT_TRUE(again->read("a.txt"));
  EXPECT_FALSE(again->read("a.txt"));
}

TEST(ZipBudget, AnEntryStopsInflatingAtItsCap) {
  auto bytes = test::make_zip({{"zeros.bin", std::string(16u << 20, '\0')}});
  EXPECT_LT(bytes.size(), 64u * 1024);
  auto zip = ZipReader::open_bytes(bytes, "z.zip");
  ASSERT_TRUE(zip);
  std::size_t delivered = 0;
  auto st = zip->read_chunks("zeros.bin", std::size_t(1) << 20, [&](std::string_view piece) {
    delivered += piece.size();
    return Status{};
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().kind, ErrorKind::kTooLarge);
  EXPECT_LE(delivered, std::size_t(1) << 20);  // stopped at the cap, not after 16 MiB
}

TEST(ZipBudget, ADeclaredSizeThatLiesDoesNotLiftTheCap) {
  auto bytes = test::make_zip({{"zeros.bin", std::string(8u << 20, '\0')}});
  // Claim 100 bytes in both the local and the central header.
  auto patch = [&](std::string_view sig, std::size_t offset) {
    for (auto at = bytes.find(sig); at != std::string::npos; at = bytes.find(sig, at + 1)) {
      bytes[at + offset] = 100;
      bytes[at + offset + 1] = bytes[at + offset + 2] = bytes[at + offset + 3] = 0;
    }
  };
  patch(std::string_view("PK\x03\x04", 4), 22);
  patch(std::string_view("PK\x01\x02", 4), 24);
  auto zip = ZipReader::open_bytes(bytes, "z.zip", {std::size_t(1) << 20, 10, {}});
  ASSERT_TRUE(zip) << zip.error().message;
  // libzip inflates past the declared size; the budget (1 MiB) stops it, not the 4 MiB cap.
  auto r = zip->read("zeros.bin", std::size_t(4) << 20);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kTooLarge);
  EXPECT_NE(r.error().message.find("1048576"), std::string::npos) << r.error().message;
}

TEST(ZipBudget, TooManyEntriesAreRefused) {
  std::vector<std::pair<std::string, std::string>> entries;
  for (int i = 0; i < 20; ++i) entries.emplace_back("f" + std::to_string(i), "x");
  auto zip = ZipReader::open_bytes(test::make_zip(entries), "多.zip", {1u << 20, 10, {}});
  ASSERT_FALSE(zip);
  EXPECT_EQ(zip.error().kind, ErrorKind::kTooLarge);
  EXPECT_NE(zip.error().message.find("20"), std::string::npos) << zip.error().message;
}

const ZipLimits k16MiB{16u << 20, 100, "server.inflate_ratio"};

TEST(XlsxBomb, OneSharedStringInEveryCellIsRefused) {
  // 4 KB referenced from 20,000 cells: 80 MB of cells from a few kilobytes of XML.
  std::string row = "<row>" + repeat("<c t=\"s\"><v>0</v></c>", 100) + "</row>";
  auto xlsx =
      test::make_raw_xlsx(repeat(row, 200), "<si><t>" + std::string(4096, 'x') + "</t></si>");
  auto rows = xlsx_rows(xlsx, "炸弹.xlsx", {}, k16MiB);
  ASSERT_FALSE(rows);
  EXPECT_EQ(rows.error().kind, ErrorKind::kTooLarge);
  EXPECT_NE(rows.error().message.find("16777216"), std::string::npos) << rows.error().message;
  EXPECT_NE(rows.error().message.find("server.inflate_ratio"), std::string::npos);
}

TEST(XlsxBomb, ALoneCellInTheLastColumnOfEveryRowIsRefused) {
  // Each row widens to 16,384 columns: 400 rows are 200 MB of empty strings.
  std::string data;
  for (int r = 1; r <= 400; ++r)
    data += "<row r=\"" + std::to_string(r) + "\"><c r=\"XFD" + std::to_string(r) +
            "\" t=\"inlineStr\"><is><t>x</t></is></c></row>";
  auto rows = xlsx_rows(test::make_raw_xlsx(data), "宽.xlsx", {}, k16MiB);
  ASSERT_FALSE(rows);
  EXPECT_EQ(rows.error().kind, ErrorKind::kTooLarge);
}

TEST(XlsxBomb, TheDomIsChargedBeforeItIsBuilt) {
  // Half a million empty rows: 3 MB of XML, 32 MB and more of pugixml nodes.
  auto rows = xlsx_rows(test::make_raw_xlsx(repeat("<row/>", 500000)), "空.xlsx", {}, k16MiB);
  ASSERT_FALSE(rows);
  EXPECT_EQ(rows.error().kind, ErrorKind::kTooLarge);
}

TEST(XlsxBomb, AnOrdinaryWorkbookFitsASmallBudget) {
  auto xlsx = test::make_xlsx({{"项目台账", {{"序号", "项目"}, {"1", "推动项目落地"}}}});
  auto rows = xlsx_rows(xlsx, "台账.xlsx", {}, {1u << 20, 100, {}});
  ASSERT_TRUE(rows) << rows.error().message;
  EXPECT_EQ(rows->size(), 2u);
}

}  // namespace
}  // namespace zt

#include "core/utf8.hpp"

#include <gtest/gtest.h>

#include "core/csv.hpp"

namespace zt {
namespace {

TEST(Utf8, AcceptsWellFormedTextAndFindsTheFirstBadByte) {
  EXPECT_TRUE(valid_utf8(""));
  EXPECT_TRUE(valid_utf8("三门峡市 ASCII \xF0\x9F\x9A\x8C"));  // CJK and a 4-byte emoji
  EXPECT_EQ(first_invalid_utf8("ab\xC0\xAF"), 2u);             // overlong '/'
  EXPECT_EQ(first_invalid_utf8("\xED\xA0\x80"), 0u);           // a UTF-16 surrogate
  EXPECT_EQ(first_invalid_utf8("x\xF4\x90\x80\x80"), 1u);      // past U+10FFFF
  EXPECT_EQ(first_invalid_utf8("\xE4\xB8"), 0u);               // truncated
  EXPECT_EQ(first_invalid_utf8("ok\xFF"), 2u);
  EXPECT_EQ(first_invalid_utf8("\xC8\xFD\xC3\xC5\xCF\xBF"), 0u);  // 三门峡 in GBK
}

// The market-entity import once wedged the store: a GBK file reached the error report's JSON
// dump, which threw inside the transaction. The parser now refuses it, naming the line.
TEST(Utf8, CsvRefusesTextThatIsNotUtf8WithTheLine) {
  auto ok = CsvTable::parse("name,code\n三门峡,1\n", "entities.csv");
  ASSERT_TRUE(ok) << ok.error().message;
  auto bad = CsvTable::parse("name,code\n三门峡,1\n\xC8\xFD\xC3\xC5,2\n", "entities.csv");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(bad.error().message.find("entities.csv:3"), std::string::npos) << bad.error().message;
  EXPECT_NE(bad.error().message.find("UTF-8"), std::string::npos);
}

}  // namespace
}  // namespace zt

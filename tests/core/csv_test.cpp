// CSV written as RFC 4180 (core/csv.hpp): a field quoted only when it must be, quotes doubled,
// and what is written reads back the same through CsvTable.
#include "core/csv.hpp"

#include <gtest/gtest.h>

namespace zt {
namespace {

TEST(Csv, FieldsAreQuotedOnlyWhenTheyMustBe) {
  EXPECT_EQ(csv_field("T1"), "T1");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("说\"好\""), "\"说\"\"好\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
}

TEST(Csv, ARowWrittenReadsBackTheSame) {
  std::string out;
  csv_row(out, "trip_id", "note");
  const std::string awkward = "1,\"快\"\r\n线";
  csv_row(out, std::string("T,1"), awkward);
  EXPECT_EQ(out.substr(0, 14), "trip_id,note\r\n");
  auto t = CsvTable::parse(out, "out.csv");
  ASSERT_TRUE(t) << t.error().message;
  ASSERT_EQ(t->rows(), 1u);
  EXPECT_EQ(t->at(0, 0), "T,1");
  EXPECT_EQ(t->at(0, 1), awkward);
}

}  // namespace
}  // namespace zt

#include <gtest/gtest.h>

#include "enforcement/masking.hpp"

namespace zt::enforcement {
namespace {

TEST(Masking, IdNumbersPhonesAndNames) {
  EXPECT_EQ(mask_id_number("11010519491231002X"), "110105********002X");
  EXPECT_EQ(mask_phone("13812345678"), "138****5678");
  EXPECT_EQ(mask_person_name("张三丰"), "张某某");
  EXPECT_EQ(mask_person_name("李四"), "李某某");
}

TEST(Masking, FreeTextKeepsOtherNumbers) {
  auto out = mask_text(
      "当事人王小明（身份证号41120219900101123X，电话13912345678）销售过期食品12箱，货值1234元，"
      "王小明对事实无异议。",
      "王小明");
  EXPECT_EQ(out.find("王小明"), std::string::npos) << out;
  EXPECT_NE(out.find("王某某"), std::string::npos) << out;
  EXPECT_NE(out.find("411202********123X"), std::string::npos) << out;
  EXPECT_NE(out.find("139****5678"), std::string::npos) << out;
  EXPECT_NE(out.find("12箱"), std::string::npos) << out;
  EXPECT_NE(out.find("1234元"), std::string::npos) << out;
}

// Spaces typed between a name's characters (ASCII, full-width U+3000, no-break U+00A0, zero-width
// U+200B, a tab) do not make it another name.
TEST(Masking, SpacedAndOddWhitespaceNamesAreTheSameName) {
  for (const char* spelled : {"张 三 丰", "张\u3000三\u3000丰", "张\u00a0三丰",
                              "张\u200b三\u200b丰", "张\t三 丰", "张  三丰"}) {
    auto out = mask_text(
        std::string("当事人") + spelled + "经营无照摊点，" + spelled + "拒不改正。", "张三丰");
    EXPECT_EQ(out.find("三"), std::string::npos) << spelled << " -> " << out;
    EXPECT_EQ(out.find("丰"), std::string::npos) << spelled << " -> " << out;
    EXPECT_NE(out.find("张某某"), std::string::npos) << out;
  }
  // The party's own name typed with spaces masks the unspaced text and keeps no blank surname.
  EXPECT_EQ(mask_text("张三丰销售过期食品", "张 三 丰"), "张某某销售过期食品");
  EXPECT_EQ(mask_person_name(" 张 三 丰"), "张某某");
  EXPECT_EQ(mask_person_name("\u3000王\u3000五"), "王某某");
  EXPECT_EQ(mask_person_name("   "), "");
  // Other people's text is untouched.
  EXPECT_EQ(mask_text("张三 丰收在望", ""), "张三 丰收在望");
}

TEST(Masking, NumbersTypedInGroupsAreMaskedToo) {
  EXPECT_EQ(mask_text("身份证号 4112 0219 9001 0112 3X，电话 139-1234-5678。"),
            "身份证号 411202********123X，电话 139****5678。");
  EXPECT_EQ(mask_text("电话\u3000139\u30001234\u30005678"), "电话\u3000139****5678");
  EXPECT_EQ(mask_text("411202 19900101 1230"), "411202********1230");
  // Counts and amounts side by side stay as they are.
  EXPECT_EQ(mask_text("销售 12 箱，货值 1234 元，2024 年 3 月"),
            "销售 12 箱，货值 1234 元，2024 年 3 月");
  EXPECT_EQ(mask_text("编号 2024-03-01"), "编号 2024-03-01");
}

TEST(Masking, AddressesKeepTheirDistrictOnly) {
  EXPECT_EQ(mask_address("河南省三门峡市湖滨区崤山路12号院3单元"), "河南省三门峡市湖滨区****");
  EXPECT_EQ(mask_address("灵宝市函谷关镇王垛村5组"), "灵宝市****");
  EXPECT_EQ(mask_address("渑池县"), "****");
  // The party's known address, wherever it appears and however spaced.
  auto out = mask_text("当事人李四（住三门峡市湖滨区 崤山路 12号）占道经营。", "李四",
                       "三门峡市湖滨区崤山路12号");
  EXPECT_EQ(out.find("崤山路"), std::string::npos) << out;
  EXPECT_NE(out.find("三门峡市湖滨区****"), std::string::npos) << out;
  EXPECT_NE(out.find("李某某"), std::string::npos) << out;
  // An address after a marker is masked even when the case holds none.
  auto marked =
      mask_text("当事人李四，住址：陕州区大营镇温塘村8号，身份证号411202199001011230。", "李四");
  EXPECT_EQ(marked.find("温塘村"), std::string::npos) << marked;
  EXPECT_NE(marked.find("住址：陕州区****，"), std::string::npos) << marked;
  auto home = mask_text("家住义马市千秋路6号的李四", "李四");
  EXPECT_EQ(home.find("千秋路"), std::string::npos) << home;
  // Not for organisations: their registered address is public record.
  EXPECT_EQ(mask_text("住所：湖滨区黄河路1号"), "住所：湖滨区黄河路1号");
}

}  // namespace
}  // namespace zt::enforcement

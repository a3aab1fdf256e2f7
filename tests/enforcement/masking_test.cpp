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

}  // namespace
}  // namespace zt::enforcement

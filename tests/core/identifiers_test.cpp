#include "core/identifiers.hpp"

#include <gtest/gtest.h>

namespace zt {
namespace {

TEST(Uscc, AcceptsValidCodes) {
  EXPECT_TRUE(validate_uscc("91110000600037341L"));
  EXPECT_TRUE(validate_uscc("91350100M000100Y43"));
}

TEST(Uscc, RejectsWithTheFault) {
  auto wrong_check = validate_uscc("91110000600037341K");
  ASSERT_FALSE(wrong_check);
  EXPECT_NE(wrong_check.error().message.find("校验位"), std::string::npos);
  auto short_code = validate_uscc("9111000060003734");
  ASSERT_FALSE(short_code);
  EXPECT_NE(short_code.error().message.find("18位"), std::string::npos);
  auto bad_char = validate_uscc("9111000060003734IL");  // I is not in the alphabet
  ASSERT_FALSE(bad_char);
  EXPECT_NE(bad_char.error().message.find("第17位"), std::string::npos);
  EXPECT_FALSE(validate_uscc("91110000600037341l"));  // lower case
}

TEST(ResidentId, ParsesBirthDateAndSex) {
  auto today = *parse_date("2024-03-20");
  auto r = parse_resident_id("11010519491231002X", today);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(format_date(r->birth_date), "1949-12-31");
  EXPECT_EQ(r->division, "110105");
  EXPECT_FALSE(r->male);
}

TEST(ResidentId, Rejects) {
  auto today = *parse_date("2024-03-20");
  EXPECT_FALSE(parse_resident_id("110105194912310021", today));  // wrong check digit
  EXPECT_FALSE(parse_resident_id("11010519491331002X", today));  // month 13
  EXPECT_FALSE(parse_resident_id("1101051949123100", today));    // short
  EXPECT_FALSE(parse_resident_id("11010520990101002X", today));  // born in the future
}

TEST(ResidentId, OldShanXianDivisionStillValid) {
  // 411222 (陕县) was replaced by 411203 (陕州区) in 2015; older ID numbers keep it.
  // Build a valid number with that prefix by computing its check digit.
  std::string body = "41122219800101123";
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (body[std::size_t(i)] - '0') * ((1 << (17 - i)) % 11);
  std::string id = body + "10X98765432"[sum % 11];
  auto r = parse_resident_id(id, *parse_date("2024-01-01"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(division_name(r->division).value_or(""), "陕县（2015年撤销，设陕州区）");
}

TEST(Division, SanmenxiaAndCounties) {
  EXPECT_EQ(division_name("411200").value_or(""), "三门峡市");
  EXPECT_EQ(division_name("411282").value_or(""), "灵宝市");
  EXPECT_EQ(division_name("411203").value_or(""), "陕州区");
  EXPECT_FALSE(division_name("411299"));
  EXPECT_TRUE(validate_division_code("411224"));
  EXPECT_FALSE(validate_division_code("99120"));
  EXPECT_FALSE(validate_division_code("991200"));
}

}  // namespace
}  // namespace zt

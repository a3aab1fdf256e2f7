// The two tap formats read into the same taps, tokens replaced by a keyed hash on read (never kept
// raw, not even in errors), every bad row named by line and column, oversized files refused.
#include "transit/flow/fare_taps.hpp"

#include <gtest/gtest.h>

namespace zt::transit::flow {
namespace {

const TokenHasher& hasher() {
  static const TokenHasher h = *TokenHasher::make("0123456789abcdef-test-secret");
  return h;
}

TEST(FareTaps, ReadsTheClearingExportWithChineseHeaders) {
  auto taps = read_clearing_export(
      "交易流水号,交易时间,车辆编号,线路,卡号,支付方式\n"
      "A1,2024-05-06 07:31:05,豫M1234,1,31040000123456,交通一卡通\n"
      "A2,20240506073210,豫M1234,1,wx-9f8e,二维码\n"
      "A3,2024-05-06 07:33:00,豫M1234,1,,现金\n",
      hasher());
  ASSERT_TRUE(taps) << taps.error().message;
  ASSERT_EQ(taps->size(), 3u);
  EXPECT_EQ((*taps)[0].at, 1714951865);  // 07:31:05 +08:00
  EXPECT_EQ((*taps)[0].media, FareMedia::kTransitCard);
  EXPECT_EQ((*taps)[1].media, FareMedia::kQrCode);
  EXPECT_EQ((*taps)[2].media, FareMedia::kCash);
  EXPECT_EQ((*taps)[2].rider, "");
  EXPECT_EQ((*taps)[0].rider, hasher().hash("31040000123456"));
  EXPECT_EQ((*taps)[0].rider.size(), 32u);
  EXPECT_EQ((*taps)[0].rider.find("3104"), std::string::npos);
  EXPECT_EQ((*taps)[0].vehicle_id, "豫M1234");
}

TEST(FareTaps, ReadsTidesFareTransactions) {
  auto taps = read_tides_fare_transactions(
      "transaction_id,service_date,event_timestamp,amount,fare_action,vehicle_id,fare_media_id,"
      "fare_capped,token_id\n"
      "t1,2024-05-06,2024-05-06T07:31:05+08:00,2,Enter,V1,Smart card or ticket,false,card-1\n"
      "t2,2024-05-06,2024-05-05T23:32:00Z,2,Enter,V1,Optical scan,false,acct-2\n"
      "t3,2024-05-06,2024-05-06T07:40:00+08:00,50,Add,,Smart card or ticket,false,card-1\n",
      hasher());
  ASSERT_TRUE(taps) << taps.error().message;
  ASSERT_EQ(taps->size(), 2u);  // the top-up is not a boarding
  EXPECT_EQ((*taps)[0].at, 1714951865);
  EXPECT_EQ((*taps)[1].at, 1714951920);
  EXPECT_EQ((*taps)[1].media, FareMedia::kQrCode);
}

TEST(FareTaps, NamesEveryBadRowAndColumnWithoutTheToken) {
  auto taps = read_clearing_export(
      "交易时间,车辆编号,卡号,支付方式\n"
      "2024-05-06 07:31:05,V1,SECRET-CARD-1,交通一卡通\n"
      "2024-05-06 25:00:00,V1,SECRET-CARD-2,交通一卡通\n"
      "2024-05-06 07:32:00,,SECRET-CARD-3,月票\n"
      "2024-05-06 07:33:00,V1,,二维码\n",
      hasher());
  ASSERT_FALSE(taps);
  EXPECT_EQ(taps.error().kind, ErrorKind::kInvalidInput);
  ASSERT_EQ(taps.error().fields.size(), 4u);
  EXPECT_EQ(taps.error().fields[0].field, "第3行 交易时间");
  EXPECT_EQ(taps.error().fields[1].field, "第4行 车辆编号");
  EXPECT_EQ(taps.error().fields[2].field, "第4行 支付方式");
  EXPECT_EQ(taps.error().fields[3].field, "第5行 卡号");
  EXPECT_NE(taps.error().message.find("4 行有误"), std::string::npos);
  for (const auto& f : taps.error().fields) EXPECT_EQ(f.message.find("SECRET"), std::string::npos);
}

TEST(FareTaps, RefusesMissingColumnsOversizedFilesAndShortSecrets) {
  EXPECT_EQ(read_clearing_export("车辆编号,卡号\nV1,c\n", hasher()).error().field, "交易时间");
  TapReadOptions small;
  small.limits.max_bytes = 10;
  EXPECT_EQ(read_clearing_export(std::string(11, 'x'), hasher(), small).error().kind,
            ErrorKind::kTooLarge);
  small.limits.max_bytes = 1 << 20;
  small.limits.max_rows = 1;
  EXPECT_EQ(
      read_clearing_export("交易时间,车辆编号,卡号,支付方式\n2024-05-06 07:31:05,V1,a,二维码\n"
                           "2024-05-06 07:31:05,V1,b,二维码\n",
                           hasher(), small)
          .error()
          .kind,
      ErrorKind::kTooLarge);
  EXPECT_FALSE(TokenHasher::make("short"));
  auto other = TokenHasher::make("another-secret-of-16+");
  ASSERT_TRUE(other);
  EXPECT_NE(other->hash("card"), hasher().hash("card"));
  EXPECT_EQ(hasher().hash("card"), hasher().hash("card"));
}

}  // namespace
}  // namespace zt::transit::flow

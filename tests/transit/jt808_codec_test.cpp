// The JT/T 808 codec (transit/jt808/codec.*, messages.*) against frames written byte by byte from
// the standard's layouts, in both header forms: 2013 (BCD[6] phone) and 2019 (version flag bit
// 14, protocol version byte, BCD[10] phone); escapes, check codes, sub-packages, and every way a
// frame can be wrong.
#include <gtest/gtest.h>

#include "transit/jt808/codec.hpp"
#include "transit/jt808/messages.hpp"

namespace zt::transit::jt808 {
namespace {

// "7E 00 02 …" as bytes.
std::string hex(std::string_view text) {
  std::string out;
  int nibbles = 0, v = 0;
  for (char c : text) {
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (d < 0) continue;
    v = v * 16 + d;
    if (++nibbles == 2) {
      out.push_back(char(v));
      nibbles = v = 0;
    }
  }
  return out;
}

// The content between the flags of a whole frame.
std::string inner(const std::string& frame) { return frame.substr(1, frame.size() - 2); }

// 2013 heartbeat: id 0002, attributes 0000 (no body), phone 013800138000, serial 0001, check A9.
const std::string kHeartbeat2013 = hex("7E 0002 0000 013800138000 0001 A9 7E");

// 2013 location report, serial 0x007E (sent as 7D 02) and altitude 0x007D (sent as 7D 01):
// alarm 0, status 3 (ACC, located), lat 34.746611 (0212 30F3), lon 113.625368 (06C5 C918),
// altitude 125 m, speed 35.6 km/h (0164), direction 90, time 2024-09-20 10:30:05 (GMT+8).
const std::string kLocation2013 =
    hex("7E 0200 001C 013800138000 007D02"
        " 00000000 00000003 021230F3 06C5C918 007D01 0164 005A 240920103005 62 7E");

// 2019 registration: id 0100, attributes 4054 (version flag, 84-byte body), protocol version 01,
// phone 00000000013800138000, serial 0005; province 41 (0029), city 0514, maker "ZTBUS" in 11
// bytes, model "YT-808" in 30, terminal id "T000001" in 30, plate colour 1, plate 豫M12345 in GBK
// (D4A5 4D 3132333435); check 80.
const std::string kRegister2019 =
    hex("7E 0100 4054 01 00000000013800138000 0005"
        " 0029 0514 5A54425553000000000000"
        " 59542D383038000000000000000000000000000000000000000000000000"
        " 543030303030310000000000000000000000000000000000000000000000"
        " 01 D4A54D3132333435 80 7E");

// 2013 registration: maker 5 bytes, model 20, terminal id 7; plate colour 2; check BE.
const std::string kRegister2013 =
    hex("7E 0100 002D 013800138000 0000 0029 0514 5A54425553"
        " 59542D3830380000000000000000000000000000 54303030303031 02 D4A54D3132333435 BE 7E");

// 2019 authentication: code length 8, "AUTH1234", IMEI 860000000000001, software "V1.0" in 20.
const std::string kAuth2019 =
    hex("7E 0102 402C 01 00000000013800138000 0007 08 4155544831323334"
        " 383630303030303030303030303031 56312E3000000000000000000000000000000000 81 7E");

// 2019 location, south and west (status 0F), alarm bit 0 (emergency), lat 33.868800, lon
// 151.209300, 20 m, speed 0, direction 359, 2024-09-20 02:30:05; items 01 (mileage 1234.5 km)
// and E5 (a maker's own, 3 bytes, skipped).
const std::string kLocation2019 =
    hex("7E 0200 4027 01 00000000013800138000 0006 00000001 0000000F 0204CC00 09034554 0014 0000"
        " 0167 240920023005 01 04 00003039 E5 03 010203 B5 7E");

// A 0x0704 batch of two fixes in two packages (bit 13; total 2, index 1 and 2; serials 10, 11).
const std::string kBatchPart1 =
    hex("7E 0704 201E 013800138000 0010 0002 0001 0002 00 001C 00000000 00000003 021230F3 06C5C918"
        " 0064 00C8 002D 240920 D4 7E");
const std::string kBatchPart2 =
    hex("7E 0704 2021 013800138000 0011 0002 0002 103005 001C 00000000 00000003 021230F3 06C5C918"
        " 0064 00C8 002D 240920103005 EB 7E");

TEST(Jt808Codec, EscapesAndCheckCode) {
  EXPECT_EQ(escape(hex("30 7E 08 7D 55")), hex("30 7D02 08 7D01 55"));
  EXPECT_EQ(*unescape(hex("30 7D02 08 7D01 55")), hex("30 7E 08 7D 55"));
  EXPECT_EQ(check_code(hex("0002 0000 013800138000 0001")), 0xA9);
  auto bad = unescape(hex("30 7D 03"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().fault, Fault::kBadEscape);
  EXPECT_EQ(unescape(hex("30 7D")).error().fault, Fault::kBadEscape);
  EXPECT_EQ(fault_code(Fault::kChecksum), "checksum");
}

TEST(Jt808Codec, Heartbeat2013) {
  auto p = decode_frame(inner(kHeartbeat2013));
  ASSERT_TRUE(p) << p.error().detail;
  EXPECT_EQ(p->header.id, msg::kHeartbeat);
  EXPECT_FALSE(p->header.v2019);
  EXPECT_EQ(p->header.phone, "013800138000");
  EXPECT_EQ(phone_key(p->header.phone), "13800138000");
  EXPECT_EQ(p->header.serial, 1);
  EXPECT_TRUE(p->body.empty());
  EXPECT_FALSE(p->header.package);
}

TEST(Jt808Codec, Location2013WithEscapes) {
  auto p = decode_frame(inner(kLocation2013));
  ASSERT_TRUE(p) << p.error().detail;
  EXPECT_EQ(p->header.serial, 0x7E);
  auto l = parse_location(p->body);
  ASSERT_TRUE(l) << l.error().detail;
  EXPECT_TRUE(l->located());
  EXPECT_NEAR(l->lat, 34.746611, 1e-9);
  EXPECT_NEAR(l->lon, 113.625368, 1e-9);
  EXPECT_EQ(l->altitude, 125);
  EXPECT_NEAR(l->speed_kmh, 35.6, 1e-9);
  EXPECT_EQ(l->direction, 90);
  EXPECT_EQ(l->time, 1726799405);  // 2024-09-20T02:30:05Z
  // Encoding it again gives the same bytes, flags, escapes and check code.
  Header h = p->header;
  EXPECT_EQ(*encode_frame(h, encode_location(*l)), kLocation2013);
}

TEST(Jt808Codec, Location2019SouthWestAndItems) {
  auto p = decode_frame(inner(kLocation2019));
  ASSERT_TRUE(p) << p.error().detail;
  EXPECT_TRUE(p->header.v2019);
  EXPECT_EQ(p->header.protocol_version, 1);
  EXPECT_EQ(p->header.phone, "00000000013800138000");
  EXPECT_EQ(phone_key(p->header.phone), "13800138000");
  auto l = parse_location(p->body);
  ASSERT_TRUE(l) << l.error().detail;
  EXPECT_EQ(l->alarm, 1u);
  EXPECT_NEAR(l->lat, -33.8688, 1e-9);
  EXPECT_NEAR(l->lon, -151.2093, 1e-9);
  EXPECT_EQ(l->direction, 359);
  ASSERT_TRUE(l->mileage_km);
  EXPECT_NEAR(*l->mileage_km, 1234.5, 1e-9);
  EXPECT_EQ(l->time, 1726770605);  // 2024-09-19T18:30:05Z
}

// Item 0xE1 (a vendor's, docs/jt808.md): riders on and off since the last report, a WORD each.
TEST(Jt808Codec, ALocationCarriesThePassengerCounterItem) {
  Location l;
  l.status = kStatusLocated;
  l.lat = 34.77;
  l.lon = 111.19;
  l.time = 1726770605;
  l.mileage_km = 12.5;
  l.boarded = 7;
  l.alighted = 300;
  const auto body = encode_location(l);
  EXPECT_EQ(body.substr(body.size() - 6), std::string("\xE1\x04\x00\x07\x01\x2C", 6));
  auto back = parse_location(body);
  ASSERT_TRUE(back) << back.error().detail;
  EXPECT_EQ(back->boarded, 7);
  EXPECT_EQ(back->alighted, 300);
  EXPECT_NEAR(*back->mileage_km, 12.5, 1e-9);
  // Another length is not this item: skipped, as unknown items are.
  auto odd = parse_location(body.substr(0, body.size() - 6) + std::string("\xE1\x02\x00\x07", 4));
  ASSERT_TRUE(odd) << odd.error().detail;
  EXPECT_FALSE(odd->boarded);
}

TEST(Jt808Codec, Registration2019And2013) {
  auto p = decode_frame(inner(kRegister2019));
  ASSERT_TRUE(p) << p.error().detail;
  EXPECT_EQ(p->header.id, msg::kRegister);
  EXPECT_EQ(p->header.serial, 5);
  auto r = parse_registration(p->body, true);
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->province, 41);
  EXPECT_EQ(r->city, 0x0514);
  EXPECT_EQ(r->maker, "ZTBUS");
  EXPECT_EQ(r->model, "YT-808");
  EXPECT_EQ(r->terminal_id, "T000001");
  EXPECT_EQ(r->plate_color, 1);
  EXPECT_EQ(r->plate, "豫M12345");
  EXPECT_EQ(encode_registration(*r, true), p->body);
  // The same body read as 2013 is a different split of the bytes, not the same fields.
  auto as2013 = parse_registration(p->body, false);
  ASSERT_TRUE(!as2013 || as2013->maker != "ZTBUS" || as2013->plate != "豫M12345");

  auto q = decode_frame(inner(kRegister2013));
  ASSERT_TRUE(q) << q.error().detail;
  auto s = parse_registration(q->body, false);
  ASSERT_TRUE(s) << s.error().detail;
  EXPECT_EQ(s->maker, "ZTBUS");
  EXPECT_EQ(s->model, "YT-808");
  EXPECT_EQ(s->terminal_id, "T000001");
  EXPECT_EQ(s->plate_color, 2);
  EXPECT_EQ(s->plate, "豫M12345");
  EXPECT_EQ(parse_registration(q->body.substr(0, 30), false).error().fault, Fault::kTruncated);
}

TEST(Jt808Codec, Authentication) {
  auto p = decode_frame(inner(kAuth2019));
  ASSERT_TRUE(p) << p.error().detail;
  auto a = parse_authentication(p->body, true);
  ASSERT_TRUE(a) << a.error().detail;
  EXPECT_EQ(a->code, "AUTH1234");
  EXPECT_EQ(a->imei, "860000000000001");
  EXPECT_EQ(a->software, "V1.0");
  EXPECT_EQ(encode_authentication(*a, true), p->body);
  auto b = parse_authentication("AUTH1234", false);  // 2013: the body is the code
  ASSERT_TRUE(b);
  EXPECT_EQ(b->code, "AUTH1234");
  EXPECT_EQ(parse_authentication("", false).error().fault, Fault::kBody);
  EXPECT_EQ(parse_authentication(hex("08 4155"), true).error().fault, Fault::kTruncated);
}

TEST(Jt808Codec, PlatformMessagesEncodeAsTheStandardLaysThemOut) {
  auto hb = decode_frame(inner(kHeartbeat2013));
  ASSERT_TRUE(hb);
  // 8001 to the heartbeat: reply serial 0001, id 0002, result 0; platform serial 0000.
  EXPECT_EQ(*encode_frame(reply_header(hb->header, msg::kPlatformReply, 0),
                          encode_general_reply({1, msg::kHeartbeat, ReplyResult::kOk})),
            hex("7E 8001 0005 013800138000 0000 0001 0002 00 2D 7E"));
  auto reg = decode_frame(inner(kRegister2019));
  ASSERT_TRUE(reg);
  // 8100 in the 2019 form: reply serial 0005, result 0, auth code "AUTH1234".
  EXPECT_EQ(*encode_frame(reply_header(reg->header, msg::kRegisterReply, 1),
                          encode_register_reply(5, RegisterResult::kOk, "AUTH1234")),
            hex("7E 8100 400B 01 00000000013800138000 0001 0005 00 4155544831323334 69 7E"));
  // 8300, 2019: flag 0C (display, TTS), type 1, 请到站后等候 in GBK.
  const auto text = hex("C7EB B5BD D5BE BAF3 B5C8 BAF2");
  EXPECT_EQ(*encode_frame(reply_header(reg->header, msg::kText, 2),
                          *encode_text({kTextDisplay | kTextTts, 1, "请到站后等候"}, true)),
            hex("7E 8300 400E 01 00000000013800138000 0002 0C 01") + text + hex("5A 7E"));
  // 8300, 2013: no type byte; serial 007D goes out as 7D 01.
  EXPECT_EQ(*encode_frame(reply_header(hb->header, msg::kText, 0x7D),
                          *encode_text({kTextDisplay | kTextTts, 1, "请到站后等候"}, false)),
            hex("7E 8300 000D 013800138000 007D01 0C") + text + hex("66 7E"));
  auto t = parse_text(*encode_text({kTextEmergency, 2, "注意安全"}, true), true);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->text, "注意安全");
  EXPECT_EQ(t->flag, kTextEmergency);
  EXPECT_EQ(t->type, 2);
  EXPECT_EQ(encode_text({0, 1, std::string(600, 'x') + std::string(600, 'y')}, true).error().fault,
            Fault::kTooLong);
  EXPECT_EQ(encode_text({0, 1, "\xff\xfe"}, true).error().fault, Fault::kText);
  auto g = parse_general_reply(encode_general_reply({9, msg::kText, ReplyResult::kOk}));
  ASSERT_TRUE(g);
  EXPECT_EQ(g->serial, 9);
  EXPECT_EQ(g->id, msg::kText);
  EXPECT_EQ(parse_general_reply(hex("0009 8300")).error().fault, Fault::kLength);
  EXPECT_EQ(parse_general_reply(hex("0009 8300 09")).error().fault, Fault::kBody);
}

TEST(Jt808Codec, SubPackagesReassemble) {
  auto a = decode_frame(inner(kBatchPart1));
  auto b = decode_frame(inner(kBatchPart2));
  ASSERT_TRUE(a) << a.error().detail;
  ASSERT_TRUE(b) << b.error().detail;
  ASSERT_TRUE(a->header.package);
  EXPECT_EQ(a->header.package->first, 2);
  EXPECT_EQ(a->header.package->second, 1);
  // In either order.
  for (bool reversed : {false, true}) {
    Reassembler r;
    auto first = r.add(reversed ? *b : *a);
    ASSERT_TRUE(first);
    EXPECT_FALSE(*first);
    EXPECT_EQ(r.pending(), 1u);
    auto whole = r.add(reversed ? *a : *b);
    ASSERT_TRUE(whole);
    ASSERT_TRUE(*whole);
    EXPECT_EQ(r.pending(), 0u);
    EXPECT_EQ((*whole)->header.id, msg::kBatchLocation);
    EXPECT_EQ((*whole)->header.serial, 0x10);
    auto batch = parse_location_batch((*whole)->body);
    ASSERT_TRUE(batch) << batch.error().detail;
    ASSERT_EQ(batch->items.size(), 2u);
    EXPECT_NEAR(batch->items[1].speed_kmh, 20.0, 1e-9);
    EXPECT_EQ(batch->items[1].direction, 45);
  }
  // Bounds: too many packages, too many bytes, too many messages at once.
  Packet big = *a;
  big.header.package = std::pair<std::uint16_t, std::uint16_t>{1000, 1};
  EXPECT_EQ(Reassembler().add(big).error().fault, Fault::kSubpackage);
  Reassembler small(64, 40);
  ASSERT_TRUE(small.add(*a));
  EXPECT_EQ(small.add(*b).error().fault, Fault::kTooLong);
  Reassembler few(64, 1 << 16, 2);
  for (std::uint16_t s = 0; s < 5; ++s) {
    Packet p = *a;
    p.header.serial = std::uint16_t(100 + 10 * s);
    ASSERT_TRUE(few.add(p));
  }
  EXPECT_EQ(few.pending(), 2u);
  Packet zero = *a;
  zero.header.package = std::pair<std::uint16_t, std::uint16_t>{2, 0};
  EXPECT_EQ(Reassembler().add(zero).error().fault, Fault::kSubpackage);
}

TEST(Jt808Codec, EveryMalformedFrameIsNamed) {
  auto fault_of = [](const std::string& content) {
    auto p = decode_frame(content);
    return p ? std::string("ok") : std::string(fault_code(p.error().fault));
  };
  const auto hb = inner(kHeartbeat2013);
  EXPECT_EQ(fault_of(""), "empty");
  EXPECT_EQ(fault_of(hb.substr(0, 5)), "truncated");
  std::string wrong_check = hb;
  wrong_check.back() = char(0xA8);
  EXPECT_EQ(fault_of(wrong_check), "checksum");
  EXPECT_EQ(fault_of(hex("0002 0000 0138 7D03 800000 01 A9")), "bad_escape");
  // Declares 5 body bytes, has none (check code recomputed so only the length is wrong).
  EXPECT_EQ(fault_of(hex("0002 0005 013800138000 0001 AC")), "length");
  // Phone digit A: not BCD.
  EXPECT_EQ(fault_of(hex("0002 0000 0A3800138000 0001 A2")), "bcd");
  // Encryption bit 10 (RSA).
  EXPECT_EQ(fault_of(hex("0002 0400 013800138000 0001 AD")), "encrypted");
  // Sub-package item with index 3 of 2.
  EXPECT_EQ(fault_of(hex("0002 2000 013800138000 0001 0002 0003 88")), "subpackage");
  // Sub-package bit set but the item missing.
  EXPECT_EQ(fault_of(hex("0002 2000 013800138000 0001 89")), "truncated");
  // 2019 header cut short.
  EXPECT_EQ(fault_of(hex("0002 4000 01 0000000001380013 69")), "truncated");
  EXPECT_EQ(fault_of(std::string(kMaxFrame + 1, 'x')), "too_long");

  EXPECT_EQ(parse_location(hex("00000000")).error().fault, Fault::kTruncated);
  auto l =
      *parse_location(*unescape(hex("00000000 00000003 021230F3 06C5C918 0064 0164 005A"
                                    "240920103005")));
  EXPECT_EQ(l.altitude, 100);
  auto bad_time = hex("00000000 00000003 021230F3 06C5C918 0064 0164 005A 241320103005");
  EXPECT_EQ(parse_location(bad_time).error().fault, Fault::kBody);
  auto bcd_time = hex("00000000 00000003 021230F3 06C5C918 0064 0164 005A 2409201030A5");
  EXPECT_EQ(parse_location(bcd_time).error().fault, Fault::kBcd);
  auto bad_lat = hex("00000000 00000003 0FFFFFFF 06C5C918 0064 0164 005A 240920103005");
  EXPECT_EQ(parse_location(bad_lat).error().fault, Fault::kBody);
  auto bad_item = hex("00000000 00000003 021230F3 06C5C918 0064 0164 005A 240920103005 01 09 00");
  EXPECT_EQ(parse_location(bad_item).error().fault, Fault::kTruncated);
  EXPECT_EQ(parse_location_batch(hex("0003 00 001C")).error().fault, Fault::kTruncated);
  EXPECT_EQ(parse_location_batch(hex("0000 07")).error().fault, Fault::kBody);
  EXPECT_EQ(parse_location_batch(hex("0000 00 FF")).error().fault, Fault::kLength);
  // One bad item is counted, the rest kept.
  auto two = parse_location_batch(hex("0002 01 0004 00000000 001C") +
                                  hex("00000000 00000003 021230F3 06C5C918 0064 0164 005A "
                                      "240920103005"));
  ASSERT_TRUE(two) << two.error().detail;
  EXPECT_EQ(two->type, 1);
  EXPECT_EQ(two->items.size(), 1u);
  EXPECT_EQ(two->bad.size(), 1u);
  EXPECT_EQ(
      parse_registration(hex("0029 0514 5A54425553") + std::string(27, '\0') + hex("01 FF"), false)
          .error()
          .fault,
      Fault::kText);
}

TEST(Jt808Codec, FramerCutsAStream) {
  Framer f;
  // Junk first, two frames back to back with their own flags, a frame split across reads.
  auto got = f.push(hex("0102 03") + kHeartbeat2013 + kLocation2013 + kHeartbeat2013.substr(0, 6));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], inner(kHeartbeat2013));
  EXPECT_EQ(got[1], inner(kLocation2013));
  EXPECT_EQ(f.dropped(), 1u);
  got = f.push(kHeartbeat2013.substr(6));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], inner(kHeartbeat2013));
  // A frame that never ends is dropped at the bound; the next flag starts afresh.
  got = f.push("\x7E" + std::string(kMaxFrame + 100, 'a'));
  EXPECT_TRUE(got.empty());
  EXPECT_LE(f.buffered(), kMaxFrame);
  got = f.push(kHeartbeat2013);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], inner(kHeartbeat2013));
  EXPECT_EQ(f.dropped(), 2u);
}

TEST(Jt808Codec, RoundTrips) {
  for (bool v2019 : {false, true}) {
    Header h;
    h.id = msg::kLocation;
    h.v2019 = v2019;
    h.phone = v2019 ? "00000000013912345678" : "013912345678";
    h.serial = 0x7D7E;
    Location l;
    l.status = kStatusLocated;
    l.lat = -23.5;
    l.lon = 46.625;
    l.speed_kmh = 42.3;
    l.direction = 271;
    l.time = 1726799405;
    auto frame = encode_frame(h, encode_location(l));
    ASSERT_TRUE(frame);
    auto p = decode_frame(inner(*frame));
    ASSERT_TRUE(p) << p.error().detail;
    EXPECT_EQ(p->header.v2019, v2019);
    EXPECT_EQ(p->header.phone, h.phone);
    EXPECT_EQ(p->header.serial, 0x7D7E);
    auto back = parse_location(p->body);
    ASSERT_TRUE(back);
    EXPECT_NEAR(back->lat, -23.5, 1e-9);
    EXPECT_NEAR(back->lon, 46.625, 1e-9);
    EXPECT_NEAR(back->speed_kmh, 42.3, 1e-9);
    EXPECT_EQ(back->direction, 271);
    EXPECT_EQ(back->time, l.time);
  }
  EXPECT_EQ(encode_bcd_time(1726799405), hex("240920103005"));
  EXPECT_EQ(*parse_bcd_time(hex("240920103005")), 1726799405);
  Header h;
  h.phone = "12345678901234";  // 14 digits do not fit the 2013 header's 12
  EXPECT_EQ(encode_frame(h, "").error().fault, Fault::kBcd);
  EXPECT_EQ(encode_frame(Header{}, std::string(kMaxBody + 1, 'x')).error().fault, Fault::kTooLong);
}

}  // namespace
}  // namespace zt::transit::jt808

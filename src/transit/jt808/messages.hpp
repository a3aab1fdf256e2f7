// JT/T 808 message bodies the gateway takes and sends (docs/jt808.md lists fields and forms).
// Parsers read a body of the form its header says (2013 or 2019); strings on the wire are GBK and
// come out as UTF-8. Pure and reentrant, like codec.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "transit/jt808/codec.hpp"

namespace zt::transit::jt808 {

// GBK (read as GB 18030, its superset) to UTF-8 and back; kText when the bytes are not text.
Decoded<std::string> gbk_to_utf8(std::string_view gbk);
Decoded<std::string> utf8_to_gbk(std::string_view utf8);

// 0x0100 终端注册. 2013: maker 5 bytes, model 20, terminal id 7; 2019: 11, 30, 30.
struct Registration {
  std::uint16_t province = 0, city = 0;
  std::string maker, model, terminal_id;  // trailing 0x00 removed
  std::uint8_t plate_color = 0;           // 0: no plate (then `plate` is the VIN)
  std::string plate;                      // UTF-8
};
Decoded<Registration> parse_registration(std::string_view body, bool v2019);
std::string encode_registration(const Registration& r, bool v2019);  // (the simulator's side)

// 0x8100 终端注册应答 results.
enum class RegisterResult : std::uint8_t {
  kOk = 0,
  kVehicleTaken = 1,   // 车辆已被注册
  kNoVehicle = 2,      // 数据库中无该车辆
  kTerminalTaken = 3,  // 终端已被注册
  kNoTerminal = 4,     // 数据库中无该终端
};
// Reply serial, result, and on success the auth code.
std::string encode_register_reply(std::uint16_t serial, RegisterResult result,
                                  std::string_view auth_code);
struct RegisterReply {
  std::uint16_t serial = 0;
  RegisterResult result = RegisterResult::kOk;
  std::string auth_code;
};
Decoded<RegisterReply> parse_register_reply(std::string_view body);

// 0x0102 终端鉴权. 2013: the code is the whole body; 2019: length, code, IMEI (15), software
// version (20).
struct Authentication {
  std::string code, imei, software;
};
Decoded<Authentication> parse_authentication(std::string_view body, bool v2019);
std::string encode_authentication(const Authentication& a, bool v2019);

// 0x0001 终端通用应答 and 0x8001 平台通用应答 share one layout.
enum class ReplyResult : std::uint8_t {
  kOk = 0,
  kFailed = 1,
  kBadMessage = 2,
  kUnsupported = 3,
  kAlarmConfirmed = 4,  // 8001 only
};
struct GeneralReply {
  std::uint16_t serial = 0;  // of the message answered
  std::uint16_t id = 0;      // its message id
  ReplyResult result = ReplyResult::kOk;
};
Decoded<GeneralReply> parse_general_reply(std::string_view body);
std::string encode_general_reply(const GeneralReply& r);

// 0x0200 位置信息汇报 (the basic part; additional items are checked for their lengths and the
// mileage 0x01 kept, the rest skipped).
struct Location {
  std::uint32_t alarm = 0, status = 0;
  double lat = 0, lon = 0;           // degrees, south and west negative (status bits 2 and 3)
  std::uint16_t altitude = 0;        // metres
  double speed_kmh = 0;              // from 1/10 km/h
  std::uint16_t direction = 0;       // 0-359, clockwise from north
  std::int64_t time = 0;             // unix seconds (the BCD time is GMT+8)
  std::optional<double> mileage_km;  // item 0x01, 1/10 km
  // Item 0xE1 (the standard leaves 0xE1-0xFF to the vendor; docs/jt808.md): riders the
  // passenger counter saw board and alight since the previous report, a WORD each.
  std::optional<std::uint16_t> boarded, alighted;
  bool located() const { return status & 0x02; }
};
inline constexpr std::uint8_t kItemPassengerCounts = 0xE1;
inline constexpr std::uint32_t kStatusAcc = 0x01, kStatusLocated = 0x02, kStatusSouth = 0x04,
                               kStatusWest = 0x08;
Decoded<Location> parse_location(std::string_view body);
std::string encode_location(const Location& l);

// 0x0704 定位数据批量上传: count, type (0 normal, 1 blind-area resend), then each item's length
// and a 0x0200 body. A bad item is counted, not fatal; a count that the bytes do not hold is.
struct LocationBatch {
  std::uint8_t type = 0;
  std::vector<Location> items;
  std::vector<DecodeError> bad;  // one per item that could not be read
};
Decoded<LocationBatch> parse_location_batch(std::string_view body);
std::string encode_location_batch(const std::vector<Location>& items, std::uint8_t type);

// 0x8300 文本信息下发. Flag bits: 0 emergency, 2 terminal display, 3 TTS read-out (2013 also bit 4
// advertising screen, bit 5 CAN fault code); 2019 adds a text type byte (1 notice, 2 service).
inline constexpr std::uint8_t kTextEmergency = 0x01, kTextDisplay = 0x04, kTextTts = 0x08;
struct TextMessage {
  std::uint8_t flag = kTextDisplay | kTextTts;
  std::uint8_t type = 1;  // 2019 only
  std::string text;       // UTF-8
};
// kText when the text has no GBK form; kTooLong past what one body holds.
Decoded<std::string> encode_text(const TextMessage& t, bool v2019);
Decoded<TextMessage> parse_text(std::string_view body, bool v2019);

// The BCD time YYMMDDhhmmss (GMT+8) as unix seconds, and back.
Decoded<std::int64_t> parse_bcd_time(std::string_view six);
std::string encode_bcd_time(std::int64_t unix);

}  // namespace zt::transit::jt808

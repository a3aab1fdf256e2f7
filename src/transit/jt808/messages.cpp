#include "transit/jt808/messages.hpp"

#include <chrono>
#include <cmath>
#include <memory>

#include <fmt/format.h>
#include <iconv.h>

#include "transit/jt808/bytes.hpp"

namespace zt::transit::jt808 {
namespace {

// One conversion with glibc's iconv; nullopt when the input is not text in `from`.
std::optional<std::string> convert(const char* to, const char* from, std::string_view in) {
  iconv_t cd = iconv_open(to, from);
  if (cd == iconv_t(-1)) return std::nullopt;
  std::unique_ptr<void, int (*)(iconv_t)> guard(cd, iconv_close);
  std::string out(in.size() * 2 + 8, '\0');
  char* src = const_cast<char*>(in.data());
  std::size_t src_left = in.size();
  char* dst = out.data();
  std::size_t dst_left = out.size();
  while (src_left > 0) {
    if (iconv(cd, &src, &src_left, &dst, &dst_left) != std::size_t(-1)) break;
    if (errno != E2BIG) return std::nullopt;
    const auto used = std::size_t(dst - out.data());
    out.resize(out.size() * 2);
    dst = out.data() + used;
    dst_left = out.size() - used;
  }
  // Flush the shift state (none for these encodings, but the call is what iconv asks for).
  if (iconv(cd, nullptr, nullptr, &dst, &dst_left) == std::size_t(-1)) return std::nullopt;
  out.resize(std::size_t(dst - out.data()));
  return out;
}

// A fixed-width field with its 0x00 padding (and any trailing spaces) removed.
std::string trimmed(std::string_view s) {
  auto end = s.find_last_not_of(std::string_view("\0 ", 2));
  return end == std::string_view::npos ? std::string() : std::string(s.substr(0, end + 1));
}

// A STRING field: GBK, possibly 0-terminated.
Decoded<std::string> gbk_field(std::string_view s, const char* what) {
  if (auto nul = s.find('\0'); nul != std::string_view::npos) s = s.substr(0, nul);
  auto u = gbk_to_utf8(s);
  if (!u) return fault(Fault::kText, std::string(what) + "不是 GBK 文本");
  return u;
}

int bcd2(std::uint8_t b) { return (b >> 4) * 10 + (b & 0x0F); }

}  // namespace

Decoded<std::string> gbk_to_utf8(std::string_view gbk) {
  bool ascii = true;
  for (char c : gbk) ascii = ascii && std::uint8_t(c) < 0x80;
  if (ascii) return std::string(gbk);
  auto r = convert("UTF-8", "GB18030", gbk);
  if (!r) return fault(Fault::kText, "不是 GBK 文本");
  return *r;
}

Decoded<std::string> utf8_to_gbk(std::string_view utf8) {
  auto r = convert("GBK", "UTF-8", utf8);
  if (!r) return fault(Fault::kText, "文字无法以 GBK 编码（或不是 UTF-8）");
  return *r;
}

Decoded<Registration> parse_registration(std::string_view body, bool v2019) {
  Reader r(body);
  Registration g;
  g.province = r.u16();
  g.city = r.u16();
  g.maker = trimmed(r.take(v2019 ? 11 : 5));
  g.model = trimmed(r.take(v2019 ? 30 : 20));
  g.terminal_id = trimmed(r.take(v2019 ? 30 : 7));
  g.plate_color = r.u8();
  auto plate = r.rest();
  if (!r.ok())
    return fault(Fault::kTruncated, fmt::format("注册消息体 {} 字节，不足（{} 版）", body.size(),
                                                v2019 ? 2019 : 2013));
  auto p = gbk_field(plate, "车牌号");
  if (!p) return tl::unexpected(p.error());
  g.plate = trimmed(*p);
  if (g.plate.empty()) return fault(Fault::kBody, "注册消息没有车牌号（或车辆识别代号）");
  return g;
}

std::string encode_registration(const Registration& g, bool v2019) {
  Writer w;
  w.u16(g.province);
  w.u16(g.city);
  w.fixed(g.maker, v2019 ? 11 : 5);
  w.fixed(g.model, v2019 ? 30 : 20);
  w.fixed(g.terminal_id, v2019 ? 30 : 7);
  w.u8(g.plate_color);
  w.bytes(utf8_to_gbk(g.plate).value_or(g.plate));
  return w.out;
}

std::string encode_register_reply(std::uint16_t serial, RegisterResult result,
                                  std::string_view auth_code) {
  Writer w;
  w.u16(serial);
  w.u8(std::uint8_t(result));
  if (result == RegisterResult::kOk) w.bytes(auth_code);
  return w.out;
}

Decoded<RegisterReply> parse_register_reply(std::string_view body) {
  Reader r(body);
  RegisterReply g;
  g.serial = r.u16();
  auto result = r.u8();
  g.auth_code = std::string(r.rest());
  if (!r.ok()) return fault(Fault::kTruncated, "注册应答不足 3 字节");
  if (result > 4) return fault(Fault::kBody, fmt::format("注册应答结果 {} 无效", result));
  g.result = RegisterResult(result);
  return g;
}

Decoded<Authentication> parse_authentication(std::string_view body, bool v2019) {
  Authentication a;
  if (!v2019) {
    a.code = trimmed(body);
  } else {
    Reader r(body);
    auto n = r.u8();
    a.code = std::string(r.take(n));
    a.imei = trimmed(r.take(15));
    a.software = trimmed(r.take(20));
    if (!r.ok())
      return fault(Fault::kTruncated, "鉴权消息体不足（2019 版：长度、鉴权码、IMEI、软件版本号）");
  }
  if (a.code.empty()) return fault(Fault::kBody, "鉴权码为空");
  return a;
}

std::string encode_authentication(const Authentication& a, bool v2019) {
  if (!v2019) return a.code;
  Writer w;
  w.u8(std::uint8_t(std::min<std::size_t>(a.code.size(), 255)));
  w.bytes(std::string_view(a.code).substr(0, 255));
  w.fixed(a.imei, 15);
  w.fixed(a.software, 20);
  return w.out;
}

Decoded<GeneralReply> parse_general_reply(std::string_view body) {
  Reader r(body);
  GeneralReply g;
  g.serial = r.u16();
  g.id = r.u16();
  auto result = r.u8();
  if (!r.ok() || r.left() != 0)
    return fault(Fault::kLength, fmt::format("通用应答须为 5 字节，实为 {}", body.size()));
  if (result > 4) return fault(Fault::kBody, fmt::format("通用应答结果 {} 无效", result));
  g.result = ReplyResult(result);
  return g;
}

std::string encode_general_reply(const GeneralReply& g) {
  Writer w;
  w.u16(g.serial);
  w.u16(g.id);
  w.u8(std::uint8_t(g.result));
  return w.out;
}

Decoded<std::int64_t> parse_bcd_time(std::string_view six) {
  if (six.size() != 6) return fault(Fault::kTruncated, "时间须为 6 字节 BCD");
  int v[6];
  for (int i = 0; i < 6; ++i) {
    auto b = std::uint8_t(six[std::size_t(i)]);
    if ((b >> 4) > 9 || (b & 0x0F) > 9) return fault(Fault::kBcd, "时间不是 BCD 码");
    v[i] = bcd2(b);
  }
  using namespace std::chrono;
  const year_month_day day{year(2000 + v[0]), month(unsigned(v[1])),
                           std::chrono::day(unsigned(v[2]))};
  if (!day.ok() || v[3] > 23 || v[4] > 59 || v[5] > 59)
    return fault(Fault::kBody, fmt::format("时间 {:02}{:02}{:02}{:02}{:02}{:02} 无效", v[0], v[1],
                                           v[2], v[3], v[4], v[5]));
  const auto local = sys_days(day).time_since_epoch() + hours(v[3]) + minutes(v[4]) + seconds(v[5]);
  return std::int64_t(duration_cast<seconds>(local - hours(8)).count());  // GMT+8 to UTC
}

std::string encode_bcd_time(std::int64_t unix) {
  using namespace std::chrono;
  const sys_seconds t{seconds{unix + 8 * 3600}};
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  const int parts[6] = {int(ymd.year()) % 100,      int(unsigned(ymd.month())),
                        int(unsigned(ymd.day())),   int(hms.hours().count()),
                        int(hms.minutes().count()), int(hms.seconds().count())};
  std::string out;
  for (int p : parts) out.push_back(char(((p / 10) << 4) | (p % 10)));
  return out;
}

Decoded<Location> parse_location(std::string_view body) {
  Reader r(body);
  Location l;
  l.alarm = r.u32();
  l.status = r.u32();
  const auto lat = r.u32(), lon = r.u32();
  l.altitude = r.u16();
  const auto speed = r.u16();
  l.direction = r.u16();
  const auto time = r.take(6);
  if (!r.ok())
    return fault(Fault::kTruncated, fmt::format("位置信息不足 28 字节（{} 字节）", body.size()));
  if (lat > 90'000'000u || lon > 180'000'000u)
    return fault(Fault::kBody, fmt::format("纬度 {} 或经度 {}（1e-6 度）超出范围", lat, lon));
  l.lat = lat / 1e6 * ((l.status & kStatusSouth) ? -1 : 1);
  l.lon = lon / 1e6 * ((l.status & kStatusWest) ? -1 : 1);
  l.speed_kmh = speed / 10.0;
  if (l.direction > 359) return fault(Fault::kBody, fmt::format("方向 {} 超出 0-359", l.direction));
  auto t = parse_bcd_time(time);
  if (!t) return tl::unexpected(t.error());
  l.time = *t;
  // Additional items: id, length, value. A length past the end is a fault; unknown ids skipped.
  while (r.left() > 0) {
    const auto id = r.u8();
    const auto n = r.u8();
    const auto value = r.take(n);
    if (!r.ok())
      return fault(Fault::kTruncated, fmt::format("附加信息 0x{:02X} 长度 {} 超出消息体", id, n));
    if (id == 0x01 && n == 4) {
      Reader v(value);
      l.mileage_km = v.u32() / 10.0;
    } else if (id == kItemPassengerCounts && n == 4) {
      Reader v(value);
      l.boarded = v.u16();
      l.alighted = v.u16();
    }
  }
  return l;
}

std::string encode_location(const Location& l) {
  Writer w;
  w.u32(l.alarm);
  auto status = l.status & ~(kStatusSouth | kStatusWest);
  if (l.lat < 0) status |= kStatusSouth;
  if (l.lon < 0) status |= kStatusWest;
  w.u32(status);
  w.u32(std::uint32_t(std::llround(std::fabs(l.lat) * 1e6)));
  w.u32(std::uint32_t(std::llround(std::fabs(l.lon) * 1e6)));
  w.u16(l.altitude);
  w.u16(std::uint16_t(std::lround(std::clamp(l.speed_kmh, 0.0, 6553.5) * 10)));
  w.u16(std::uint16_t(l.direction % 360));
  w.bytes(encode_bcd_time(l.time));
  if (l.mileage_km) {
    w.u8(0x01);
    w.u8(4);
    w.u32(std::uint32_t(std::llround(*l.mileage_km * 10)));
  }
  if (l.boarded || l.alighted) {
    w.u8(kItemPassengerCounts);
    w.u8(4);
    w.u16(l.boarded.value_or(0));
    w.u16(l.alighted.value_or(0));
  }
  return w.out;
}

Decoded<LocationBatch> parse_location_batch(std::string_view body) {
  Reader r(body);
  LocationBatch b;
  const auto count = r.u16();
  b.type = r.u8();
  if (!r.ok()) return fault(Fault::kTruncated, "批量位置消息体不足 3 字节");
  if (b.type > 1) return fault(Fault::kBody, fmt::format("批量位置数据类型 {} 无效", b.type));
  for (std::uint16_t i = 0; i < count; ++i) {
    const auto n = r.u16();
    const auto item = r.take(n);
    if (!r.ok())
      return fault(Fault::kTruncated, fmt::format("第 {} 项（共 {} 项）超出消息体", i + 1, count));
    auto l = parse_location(item);
    if (l)
      b.items.push_back(*l);
    else
      b.bad.push_back({l.error().fault, fmt::format("第 {} 项：{}", i + 1, l.error().detail)});
  }
  if (r.left() != 0)
    return fault(Fault::kLength, fmt::format("批量位置 {} 项之后多出 {} 字节", count, r.left()));
  return b;
}

std::string encode_location_batch(const std::vector<Location>& items, std::uint8_t type) {
  Writer w;
  w.u16(std::uint16_t(items.size()));
  w.u8(type);
  for (const auto& l : items) {
    auto one = encode_location(l);
    w.u16(std::uint16_t(one.size()));
    w.bytes(one);
  }
  return w.out;
}

Decoded<std::string> encode_text(const TextMessage& t, bool v2019) {
  auto gbk = utf8_to_gbk(t.text);
  if (!gbk) return tl::unexpected(gbk.error());
  Writer w;
  w.u8(t.flag);
  if (v2019) w.u8(t.type);
  w.bytes(*gbk);
  if (w.out.size() > kMaxBody)
    return fault(Fault::kTooLong,
                 fmt::format("文本 {} 字节（GBK），一条消息至多 {}", gbk->size(), kMaxBody - 2));
  return w.out;
}

Decoded<TextMessage> parse_text(std::string_view body, bool v2019) {
  Reader r(body);
  TextMessage t;
  t.flag = r.u8();
  if (v2019) t.type = r.u8();
  auto text = r.rest();
  if (!r.ok()) return fault(Fault::kTruncated, "文本信息消息体不足");
  auto u = gbk_field(text, "文本信息");
  if (!u) return tl::unexpected(u.error());
  t.text = *u;
  return t;
}

}  // namespace zt::transit::jt808

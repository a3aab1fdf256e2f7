#include "transit/jt808/codec.hpp"

#include <fmt/format.h>

#include "transit/jt808/bytes.hpp"

namespace zt::transit::jt808 {

std::string_view fault_code(Fault f) {
  static constexpr std::string_view kCodes[kFaultKinds] = {
      "empty", "bad_escape", "checksum",   "truncated", "length", "too_long",
      "bcd",   "encrypted",  "subpackage", "body",      "text",   "unsupported"};
  auto i = std::size_t(f);
  return i < kFaultKinds ? kCodes[i] : "unknown";
}

std::string phone_key(std::string_view digits) {
  auto first = digits.find_first_not_of('0');
  return first == std::string_view::npos ? std::string("0") : std::string(digits.substr(first));
}

Decoded<std::string> unescape(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    auto c = std::uint8_t(in[i]);
    if (c == 0x7E) return fault(Fault::kBadEscape, fmt::format("第 {} 字节：帧内出现 0x7E", i));
    if (c != 0x7D) {
      out.push_back(char(c));
      continue;
    }
    if (i + 1 >= in.size())
      return fault(Fault::kBadEscape, fmt::format("第 {} 字节：0x7D 在帧尾", i));
    auto n = std::uint8_t(in[++i]);
    if (n == 0x01)
      out.push_back(char(0x7D));
    else if (n == 0x02)
      out.push_back(char(0x7E));
    else
      return fault(Fault::kBadEscape, fmt::format("第 {} 字节：0x7D 后为 0x{:02X}", i, n));
  }
  return out;
}

std::string escape(std::string_view raw) {
  std::string out;
  out.reserve(raw.size() + 8);
  for (char ch : raw) {
    auto c = std::uint8_t(ch);
    if (c == 0x7E) {
      out += "\x7D\x02";
    } else if (c == 0x7D) {
      out += "\x7D\x01";
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

std::uint8_t check_code(std::string_view raw) {
  std::uint8_t x = 0;
  for (char c : raw) x ^= std::uint8_t(c);
  return x;
}

Decoded<Packet> decode_frame(std::string_view escaped) {
  if (escaped.empty()) return fault(Fault::kEmpty, "空帧");
  if (escaped.size() > kMaxFrame)
    return fault(Fault::kTooLong, fmt::format("帧长 {} 字节，上限 {}", escaped.size(), kMaxFrame));
  auto raw = unescape(escaped);
  if (!raw) return tl::unexpected(raw.error());
  if (raw->size() < 12 + 1)
    return fault(Fault::kTruncated, fmt::format("帧仅 {} 字节，不足消息头", raw->size()));
  const std::string_view all(*raw);
  const auto content = all.substr(0, all.size() - 1);
  const auto want = std::uint8_t(all.back());
  if (auto got = check_code(content); got != want)
    return fault(Fault::kChecksum, fmt::format("校验码应为 0x{:02X}，帧中为 0x{:02X}", got, want));
  Reader r(content);
  Packet p;
  auto& h = p.header;
  h.id = r.u16();
  const auto attrs = r.u16();
  h.body_length = attrs & 0x03FF;
  h.encryption = std::uint8_t((attrs >> 10) & 0x07);
  const bool split = attrs & 0x2000;
  h.v2019 = attrs & 0x4000;
  if (h.v2019) h.protocol_version = r.u8();
  auto phone = r.bcd(h.v2019 ? 10 : 6);
  h.serial = r.u16();
  if (split) {
    auto total = r.u16();
    auto index = r.u16();
    h.package = std::pair{total, index};
  }
  if (!r.ok()) return fault(Fault::kTruncated, "消息头不完整");
  if (!phone) return fault(Fault::kBcd, "终端手机号不是 BCD 码");
  h.phone = std::move(*phone);
  if (h.encryption != 0) return fault(Fault::kEncrypted, "消息体加密（RSA）不受支持");
  const auto body = r.rest();
  if (body.size() != h.body_length)
    return fault(Fault::kLength,
                 fmt::format("消息体长度声明 {} 字节，实际 {}", h.body_length, body.size()));
  if (h.package &&
      (h.package->first == 0 || h.package->second == 0 || h.package->second > h.package->first))
    return fault(Fault::kSubpackage,
                 fmt::format("分包序号 {}/{} 无效", h.package->second, h.package->first));
  p.body.assign(body);
  return p;
}

Header reply_header(const Header& to, std::uint16_t id, std::uint16_t serial) {
  Header h;
  h.id = id;
  h.v2019 = to.v2019;
  h.protocol_version = to.v2019 ? (to.protocol_version ? to.protocol_version : 1) : 0;
  h.phone = to.phone;
  h.serial = serial;
  return h;
}

Decoded<std::string> encode_frame(const Header& h, std::string_view body) {
  if (body.size() > kMaxBody)
    return fault(Fault::kTooLong, fmt::format("消息体 {} 字节，上限 {}", body.size(), kMaxBody));
  const std::size_t width = h.v2019 ? 10 : 6;
  if (h.phone.size() > width * 2 || h.phone.find_first_not_of("0123456789") != std::string::npos)
    return fault(Fault::kBcd, "终端手机号须为至多 " + std::to_string(width * 2) + " 位数字");
  Writer w;
  w.u16(h.id);
  std::uint16_t attrs = std::uint16_t(body.size());
  if (h.v2019) attrs |= 0x4000;
  w.u16(attrs);
  if (h.v2019) w.u8(h.protocol_version ? h.protocol_version : 1);
  w.bcd(h.phone, width);
  w.u16(h.serial);
  w.bytes(body);
  std::string raw = std::move(w.out);
  raw.push_back(char(check_code(raw)));
  return "\x7E" + escape(raw) + "\x7E";
}

std::vector<std::string> Framer::push(std::string_view bytes) {
  std::vector<std::string> frames;
  for (char ch : bytes) {
    if (std::uint8_t(ch) == 0x7E) {
      if (in_frame_ && !current_.empty() && !overlong_) frames.push_back(std::move(current_));
      // Consecutive flags (one frame's end, the next one's start) leave nothing between.
      current_.clear();
      in_frame_ = true;
      junk_ = false;
      overlong_ = false;
      continue;
    }
    if (!in_frame_) {
      if (!junk_) ++dropped_;
      junk_ = true;
      continue;
    }
    if (overlong_) continue;
    if (current_.size() >= kMaxFrame) {
      ++dropped_;
      overlong_ = true;
      current_.clear();
      current_.shrink_to_fit();
      continue;
    }
    current_.push_back(ch);
  }
  return frames;
}

Decoded<std::optional<Packet>> Reassembler::add(Packet p) {
  if (!p.header.package) return std::optional<Packet>(std::move(p));
  const auto [total, index] = *p.header.package;
  if (total == 0 || index == 0 || index > total)
    return fault(Fault::kSubpackage, fmt::format("分包序号 {}/{} 无效", index, total));
  if (total > max_packages_)
    return fault(Fault::kSubpackage, fmt::format("分包总数 {} 超过上限 {}", total, max_packages_));
  const std::uint16_t first_serial = std::uint16_t(p.header.serial - (index - 1));
  Key key{p.header.id, total, first_serial};
  auto it = parts_.find(key);
  if (it == parts_.end()) {
    if (parts_.size() >= max_pending_) {  // the oldest message waits no longer
      auto oldest = parts_.begin();
      for (auto i = parts_.begin(); i != parts_.end(); ++i)
        if (i->second.order < oldest->second.order) oldest = i;
      parts_.erase(oldest);
    }
    it = parts_.emplace(key, Parts{}).first;
    it->second.order = next_order_++;
  }
  auto& parts = it->second;
  if (index == 1) parts.first = p.header;
  if (parts.bytes + p.body.size() > max_bytes_) {
    parts_.erase(it);
    return fault(Fault::kTooLong, fmt::format("分包合并后超过 {} 字节", max_bytes_));
  }
  auto [slot, fresh] = parts.bodies.emplace(index, std::move(p.body));
  if (fresh) parts.bytes += slot->second.size();
  if (parts.bodies.size() < total) return std::optional<Packet>{};
  Packet whole;
  whole.header = parts.first;
  whole.header.package.reset();
  for (auto& [i, b] : parts.bodies) whole.body += b;
  whole.header.body_length = std::uint16_t(std::min<std::size_t>(whole.body.size(), 0xFFFF));
  parts_.erase(it);
  return std::optional<Packet>(std::move(whole));
}

}  // namespace zt::transit::jt808

// Big-endian readers and writers for JT/T 808 bodies (internal to jt808/). A Reader never reads
// past its end: a short read sets !ok() and yields zeros, so a parser checks ok() once at the end.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zt::transit::jt808 {

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool ok() const { return ok_; }
  std::size_t left() const { return data_.size() - pos_; }
  std::uint8_t u8() {
    if (!need(1)) return 0;
    return std::uint8_t(data_[pos_++]);
  }
  std::uint16_t u16() {
    auto hi = u8();
    return std::uint16_t((hi << 8) | u8());
  }
  std::uint32_t u32() {
    std::uint32_t hi = u16();
    return (hi << 16) | u16();
  }
  std::string_view take(std::size_t n) {
    if (!need(n)) return {};
    auto v = data_.substr(pos_, n);
    pos_ += n;
    return v;
  }
  std::string_view rest() {
    auto v = data_.substr(pos_);
    pos_ = data_.size();
    return v;
  }
  // n bytes of BCD as 2n digits; nullopt when a nibble is above 9 (or the bytes are missing).
  std::optional<std::string> bcd(std::size_t n) {
    auto b = take(n);
    if (!ok_) return std::nullopt;
    std::string out;
    for (char c : b) {
      auto hi = std::uint8_t(c) >> 4, lo = std::uint8_t(c) & 0x0F;
      if (hi > 9 || lo > 9) return std::nullopt;
      out.push_back(char('0' + hi));
      out.push_back(char('0' + lo));
    }
    return out;
  }

 private:
  bool need(std::size_t n) {
    if (!ok_ || data_.size() - pos_ < n) {
      ok_ = false;
      return false;
    }
    return true;
  }
  std::string_view data_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

struct Writer {
  std::string out;
  void u8(std::uint8_t v) { out.push_back(char(v)); }
  void u16(std::uint16_t v) {
    u8(std::uint8_t(v >> 8));
    u8(std::uint8_t(v));
  }
  void u32(std::uint32_t v) {
    u16(std::uint16_t(v >> 16));
    u16(std::uint16_t(v));
  }
  void bytes(std::string_view b) { out.append(b); }
  // `s` padded to exactly n bytes with 0x00 (cut when longer).
  void fixed(std::string_view s, std::size_t n) {
    auto m = std::min(s.size(), n);
    out.append(s.substr(0, m));
    out.append(n - m, '\0');
  }
  // Decimal digits right-aligned in n bytes of BCD, zeros in front (the caller checked digits).
  void bcd(std::string_view digits, std::size_t n) {
    std::string padded(n * 2 > digits.size() ? n * 2 - digits.size() : 0, '0');
    padded.append(digits.substr(digits.size() > n * 2 ? digits.size() - n * 2 : 0));
    for (std::size_t i = 0; i < n; ++i)
      u8(std::uint8_t(((padded[2 * i] - '0') << 4) | (padded[2 * i + 1] - '0')));
  }
};

}  // namespace zt::transit::jt808

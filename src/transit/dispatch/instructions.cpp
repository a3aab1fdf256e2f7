#include "transit/dispatch/instructions.hpp"

#include <charconv>

#include <fmt/format.h>

namespace zt::transit::dispatch {
namespace {

constexpr std::string_view kHead = "【调度】";
constexpr std::string_view kHoldAt = "请在";
constexpr std::string_view kHoldFor = "滞站";
constexpr std::string_view kHoldEnd = "秒后发车";
constexpr std::string_view kDepartAt = "请于";
constexpr std::string_view kDepartFrom = "自";
constexpr std::string_view kDepartEnd = "发车";
constexpr std::size_t kMaxStopBytes = 60;  // stop names are cut so the text stays short
constexpr std::size_t kMaxSkipped = 4;     // express: stops named, the rest counted

// A UTF-8 name cut to at most `bytes`, never inside a character.
std::string cut(std::string_view name, std::size_t bytes) {
  if (name.size() <= bytes) return std::string(name);
  std::size_t n = bytes;
  while (n > 0 && (static_cast<unsigned char>(name[n]) & 0xC0) == 0x80) --n;
  return std::string(name.substr(0, n));
}

std::optional<std::int64_t> number(std::string_view s) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return v;
}

bool take(std::string_view& s, std::string_view prefix) {
  if (!s.starts_with(prefix)) return false;
  s.remove_prefix(prefix.size());
  return true;
}

}  // namespace

std::string instruction_text(const Proposal& p, std::int64_t utc_offset_s) {
  const std::string stop = cut(p.stop_name, kMaxStopBytes);
  switch (p.kind) {
    case AdviceKind::kHold:
    case AdviceKind::kScheduleHold:
      return fmt::format("{}{}{}{}{}{}", kHead, kHoldAt, stop, kHoldFor, p.hold_s, kHoldEnd);
    case AdviceKind::kDepart: {
      const std::int64_t local = ((p.advised_at + utc_offset_s) % 86400 + 86400) % 86400;
      return fmt::format("{}{}{:02}:{:02}{}{}{}", kHead, kDepartAt, local / 3600, local % 3600 / 60,
                         kDepartFrom, stop, kDepartEnd);
    }
    case AdviceKind::kShortTurn:
      return fmt::format("{}本趟在{}掉头，改开区间车", kHead, cut(p.turn_stop_name, kMaxStopBytes));
    case AdviceKind::kExpress: {
      std::string names;
      for (std::size_t i = 0; i < p.skip_stops.size() && i < kMaxSkipped; ++i)
        names += (i ? "、" : "") + cut(p.skip_stops[i].second, 30);
      if (p.skip_stops.size() > kMaxSkipped) names += fmt::format("等{}站", p.skip_stops.size());
      return fmt::format("{}本趟放站，不停{}", kHead, names);
    }
  }
  return std::string(kHead);
}

std::optional<Instruction> parse_instruction(std::string_view text) {
  if (!take(text, kHead)) return std::nullopt;
  Instruction out;
  if (take(text, kHoldAt)) {
    if (!text.ends_with(kHoldEnd)) return std::nullopt;
    text.remove_suffix(kHoldEnd.size());
    const auto split = text.rfind(kHoldFor);
    if (split == std::string_view::npos || split == 0) return std::nullopt;
    auto seconds = number(text.substr(split + kHoldFor.size()));
    if (!seconds || *seconds <= 0 || *seconds > 3600) return std::nullopt;
    out.kind = AdviceKind::kHold;
    out.stop_name = std::string(text.substr(0, split));
    out.hold_s = *seconds;
    return out;
  }
  if (take(text, kDepartAt)) {
    // HH:MM自<stop>发车
    if (text.size() < 5 || text[2] != ':' || !text.ends_with(kDepartEnd)) return std::nullopt;
    auto h = number(text.substr(0, 2));
    auto m = number(text.substr(3, 2));
    if (!h || !m || *h > 23 || *m > 59) return std::nullopt;
    text.remove_prefix(5);
    if (!take(text, kDepartFrom)) return std::nullopt;
    text.remove_suffix(kDepartEnd.size());
    if (text.empty()) return std::nullopt;
    out.kind = AdviceKind::kDepart;
    out.stop_name = std::string(text);
    out.depart_minute = int(*h * 60 + *m);
    return out;
  }
  return std::nullopt;
}

}  // namespace zt::transit::dispatch

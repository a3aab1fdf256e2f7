#include "transit/dispatch/alarms.hpp"

#include <cmath>

#include <fmt/format.h>

namespace zt::transit::dispatch {
namespace {

constexpr std::pair<std::string_view, std::string_view> kNames[kAlarmKinds] = {
    {"bunching", "串车"},           {"gap", "大间隔"},
    {"late_departure", "发车晚点"}, {"early_departure", "发车早点"},
    {"off_route", "偏离线路"},      {"long_stop", "超时停车"},
    {"lost_signal", "信号丢失"},    {"over_speed", "超速"},
    {"off_block", "未按字轨运营"}};

std::string minutes(double seconds) { return fmt::format("{:.1f} 分钟", seconds / 60.0); }

Condition base(AlarmKind kind, const BusState& b) {
  Condition c;
  c.kind = kind;
  c.key = fmt::format("{}|{}", alarm_code(kind), b.vehicle_id);
  c.route_id = b.route_id;
  c.route_name = b.route_name;
  c.vehicle_id = b.vehicle_id;
  c.trip_id = b.trip_id;
  c.direction = b.direction;
  if (!b.ahead.empty()) {
    c.stop_id = b.ahead.front().stop_id;
    c.stop_name = b.ahead.front().stop_name;
  }
  return c;
}

std::string who(const BusState& b) {
  return b.route_name.empty() ? bus_name(b) : fmt::format("{} {}", b.route_name, bus_name(b));
}

}  // namespace

std::string_view alarm_code(AlarmKind k) { return kNames[int(k)].first; }
std::string_view alarm_label(AlarmKind k) { return kNames[int(k)].second; }
std::optional<AlarmKind> alarm_from_code(std::string_view code) {
  for (int i = 0; i < kAlarmKinds; ++i)
    if (kNames[i].first == code) return AlarmKind(i);
  return std::nullopt;
}

std::vector<Condition> detect(const std::vector<BusState>& buses, const Settings& settings,
                              std::int64_t now) {
  std::vector<Condition> out;
  for (const auto& h : headways(buses)) {
    if (h.scheduled_s <= 0) continue;
    const auto& f = buses[h.follower];
    const auto& l = buses[h.leader];
    const auto& t = settings.for_route(f.route_id);
    const double r = h.ratio();
    if (now - f.fix_at > t.lost_signal_s || now - l.fix_at > t.lost_signal_s) continue;
    std::optional<AlarmKind> kind;
    double limit = 0;
    if (r <= t.bunched_ratio) {
      kind = AlarmKind::kBunching;
      limit = t.bunched_ratio;
    } else if (r >= t.gapped_ratio) {
      kind = AlarmKind::kGap;
      limit = t.gapped_ratio;
    }
    if (!kind) continue;
    auto c = base(*kind, f);
    c.key = fmt::format("{}|{}|{}|{}", alarm_code(*kind), f.route_id, f.direction, f.vehicle_id);
    c.stop_id = h.stop_id;
    c.stop_name = h.stop_name;
    c.value = r;
    c.threshold = limit;
    c.message = fmt::format("{} 与前车 {} 在{}的间隔 {}，计划 {}（{:.0f}%）", who(f), bus_name(l),
                            h.stop_name, minutes(double(h.headway_s)),
                            minutes(double(h.scheduled_s)), r * 100);
    out.push_back(std::move(c));
  }
  for (const auto& b : buses) {
    const auto& t = settings.for_route(b.route_id);
    const auto age = now - b.fix_at;
    if (age > t.lost_signal_s) {
      auto c = base(AlarmKind::kLostSignal, b);
      c.value = double(age);
      c.threshold = t.lost_signal_s;
      c.message = fmt::format("{} 已 {} 未收到定位", who(b), minutes(double(age)));
      out.push_back(std::move(c));
      continue;  // the rest would be judged on a stale fix
    }
    if (b.speed_mps && *b.speed_mps * 3.6 > t.over_speed_kmh) {
      auto c = base(AlarmKind::kOverSpeed, b);
      c.value = *b.speed_mps * 3.6;
      c.threshold = t.over_speed_kmh;
      c.message =
          fmt::format("{} 车速 {:.0f} km/h，超过 {:.0f} km/h", who(b), c.value, c.threshold);
      out.push_back(std::move(c));
    }
    if (!b.on_trip) continue;
    if (b.off_path_m && *b.off_path_m > t.off_route_m) {
      auto c = base(AlarmKind::kOffRoute, b);
      c.value = *b.off_path_m;
      c.threshold = t.off_route_m;
      c.message = fmt::format("{} 偏离线路 {:.0f} 米", who(b), c.value);
      out.push_back(std::move(c));
    }
    if (b.next > 0 && !b.at_stop && double(b.stopped_for_s) > t.long_stop_s) {
      auto c = base(AlarmKind::kLongStop, b);
      c.value = double(b.stopped_for_s);
      c.threshold = t.long_stop_s;
      c.message = fmt::format("{} 在站间停车 {}", who(b), minutes(c.value));
      out.push_back(std::move(c));
    }
    if (b.terminal_deviation_s && !b.frequency_based) {
      const auto d = double(*b.terminal_deviation_s);
      if (d > t.late_departure_s || -d > t.early_departure_s) {
        const bool late = d > 0;
        auto c = base(late ? AlarmKind::kLateDeparture : AlarmKind::kEarlyDeparture, b);
        c.key += "|" + b.trip_id;
        c.value = d;
        c.threshold = late ? t.late_departure_s : -t.early_departure_s;
        c.message =
            fmt::format("{} 首站发车{} {}", who(b), late ? "晚点" : "早发", minutes(std::abs(d)));
        out.push_back(std::move(c));
      }
    }
    if (!b.assigned_block.empty() && !b.block_id.empty() && b.block_id != b.assigned_block) {
      auto c = base(AlarmKind::kOffBlock, b);
      c.key += "|" + b.block_id;
      c.message =
          fmt::format("{} 按字轨 {} 运营，今日排班为字轨 {}", who(b), b.block_id, b.assigned_block);
      out.push_back(std::move(c));
    }
  }
  return out;
}

}  // namespace zt::transit::dispatch

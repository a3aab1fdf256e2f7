#include "transit/jt808/terminal_fleet.hpp"

#include <cmath>

#include <spdlog/spdlog.h>

namespace zt::transit::jt808 {

std::string phone_for(const std::string& vehicle_id) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (char c : vehicle_id) h = (h ^ std::uint8_t(c)) * 1099511628211ull;
  auto digits = std::to_string(h % 100000000000ull);
  return "1" + std::string(11 - digits.size(), '0') + digits;
}

TerminalFleet::Round TerminalFleet::report(const std::vector<VehicleReport>& fixes) {
  Round round;
  for (const auto& f : fixes) {
    auto& slot = terminals_[f.vehicle_id];
    if (!slot) {
      auto t = std::make_unique<TerminalClient>(
          TerminalOptions{host_, port_, phone_for(f.vehicle_id), f.vehicle_id, v2019_});
      auto st = t->connect();
      if (st) st = t->register_and_authenticate();
      if (!st) {
        spdlog::warn("模拟终端 {} 接入失败：{}", f.vehicle_id, st.error().message);
        terminals_.erase(f.vehicle_id);
        round.failed++;
        continue;
      }
      slot = std::move(t);
    }
    Location l;
    l.status = kStatusAcc | kStatusLocated;
    l.lat = f.lat;
    l.lon = f.lon;
    l.speed_kmh = f.speed.value_or(0) * 3.6;
    l.direction = std::uint16_t(std::lround(f.bearing.value_or(0))) % 360;
    l.time = f.timestamp;
    auto r = slot->send_location(l);
    auto texts = r ? slot->poll(std::chrono::milliseconds(0)) : Result<std::vector<TextMessage>>{};
    if (!r || !texts) {
      spdlog::warn("模拟终端 {} 断开：{}", f.vehicle_id, (!r ? r.error() : texts.error()).message);
      terminals_.erase(f.vehicle_id);
      round.failed++;
      continue;
    }
    round.sent++;
    for (const auto& t : *texts) {
      round.texts++;
      round.received.emplace_back(f.vehicle_id, t.text);
      spdlog::info("模拟终端 {} 收到调度消息：{}", f.vehicle_id, t.text);
    }
  }
  return round;
}

}  // namespace zt::transit::jt808

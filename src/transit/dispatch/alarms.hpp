// Alarm conditions (报警) found in one round over the buses (docs/dispatch.md). Pure: the same
// buses give the same conditions; raising each once while it lasts is the store's work.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "transit/dispatch/fleet_view.hpp"
#include "transit/dispatch/settings.hpp"

namespace zt::transit::dispatch {

enum class AlarmKind {
  kBunching,        // 串车
  kGap,             // 大间隔
  kLateDeparture,   // 发车晚点
  kEarlyDeparture,  // 发车早点
  kOffRoute,        // 偏离线路
  kLongStop,        // 超时停车
  kLostSignal,      // 信号丢失
  kOverSpeed,       // 超速
  kOffBlock,        // 未按字轨运营
};
inline constexpr int kAlarmKinds = int(AlarmKind::kOffBlock) + 1;
std::string_view alarm_code(AlarmKind k);   // "bunching", …
std::string_view alarm_label(AlarmKind k);  // "串车", …
std::optional<AlarmKind> alarm_from_code(std::string_view code);

// A condition that holds now. `key` names it across rounds: the same key in the next round is
// the same condition still lasting.
struct Condition {
  AlarmKind kind = AlarmKind::kBunching;
  std::string key;
  std::string route_id, route_name, vehicle_id, trip_id, stop_id, stop_name;
  int direction = -1;
  double value = 0, threshold = 0;  // what was measured and the limit it crossed
  std::string message;              // Chinese, for the dispatcher
};

// Every condition among `buses` at `now` under `settings`.
std::vector<Condition> detect(const std::vector<BusState>& buses, const Settings& settings,
                              std::int64_t now);

}  // namespace zt::transit::dispatch

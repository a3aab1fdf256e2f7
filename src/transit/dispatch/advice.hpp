// Control advice (调度建议, docs/dispatch.md) from one round's buses and headways: holding at
// control points (prediction-based, Bartholdi–Eisenstein, schedule-based), terminal departures
// for headway routes, and 区间车 / 大站车 suggestions for large gaps, each explained in Chinese
// with its expected effect. Pure: the same buses give the same advice.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "transit/dispatch/fleet_view.hpp"
#include "transit/dispatch/settings.hpp"

namespace zt::transit::dispatch {

enum class AdviceKind { kHold, kScheduleHold, kDepart, kShortTurn, kExpress };
inline constexpr int kAdviceKinds = int(AdviceKind::kExpress) + 1;
std::string_view advice_code(AdviceKind k);   // "hold", …
std::string_view advice_label(AdviceKind k);  // "控点滞站", …
std::optional<AdviceKind> advice_from_code(std::string_view code);

struct Proposal {
  AdviceKind kind = AdviceKind::kHold;
  std::string rule;  // bartholdi_eisenstein, prediction, schedule, terminal, short_turn, express
  std::string key;   // the same situation across rounds
  std::string route_id, route_name, vehicle_id, trip_id, stop_id, stop_name;
  int direction = -1;
  std::int64_t hold_s = 0;
  std::int64_t advised_at = 0;  // depart: the advised departure (unix)
  std::string turn_stop_id, turn_stop_name;
  std::vector<std::pair<std::string, std::string>> skip_stops;  // id, name
  std::int64_t headway_ahead_s = 0, headway_behind_s = 0, scheduled_headway_s = 0;
  std::int64_t gap_before_s = 0, gap_after_s = 0;  // the expected effect
  std::string explanation;
};

// Bartholdi & Eisenstein's self-equalising hold: wait until the headway ahead has become the
// mean of the headways ahead and behind (the follower closes in as the bus waits).
std::int64_t equalising_hold(std::int64_t ahead_s, std::int64_t behind_s);
// Schedule-based: an early bus waits for its timetable.
std::int64_t schedule_hold(std::int64_t delay_s);
// A terminal departure that evens the headway after the leader (`ahead_s` if it left at
// `planned`) with the one before the next bus available (`next_ready`, unix; 0 unknown, then
// the scheduled headway is kept). Never before `now`.
std::int64_t even_departure(std::int64_t planned, std::int64_t ahead_s, std::int64_t next_ready,
                            std::int64_t scheduled_s, std::int64_t now);
// Seconds a bus saves per stop it runs through (no dwell, no deceleration).
inline constexpr std::int64_t kExpressSavingPerStop = 25;

std::vector<Proposal> advise(const std::vector<BusState>& buses, const Settings& settings,
                             std::int64_t now);

}  // namespace zt::transit::dispatch

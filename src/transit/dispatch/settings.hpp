// Dispatch thresholds (docs/dispatch.md): defaults, then [dispatch] in the configuration, then
// [dispatch.routes."<route_id>"] for one route. Immutable once built; safe to share.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/config.hpp"

namespace zt::transit::dispatch {

struct Thresholds {
  double bunched_ratio = 0.5;             // headway ≤ this × scheduled: 串车
  double gapped_ratio = 1.5;              // headway ≥ this × scheduled: 大间隔
  double late_departure_s = 180;          // terminal departure later than planned by more
  double early_departure_s = 60;          // terminal departure earlier than planned by more
  double off_route_m = 100;               // farther from the trip's path
  double long_stop_s = 180;               // standing still between stops longer
  double lost_signal_s = 120;             // no fix for longer
  double over_speed_kmh = 60;             // AVL speed above
  double high_frequency_headway_s = 720;  // scheduled headway ≤ this: headway control
  double min_hold_s = 30;                 // holds shorter are not worth advising
  double max_hold_s = 180;                // holds are capped
  double short_turn_ratio = 2.0;          // gap ≥ this × scheduled: 区间车 suggested
  double express_ratio = 1.8;   // gap ahead ≥ this with a bunch behind: 大站车/放站
  double depart_advice_s = 60;  // advise a terminal departure off the plan by more
};

class Settings {
 public:
  Settings() = default;
  // From the configuration (names already checked by load_config).
  explicit Settings(const Config& c);
  const Thresholds& for_route(const std::string& route_id) const;
  const Thresholds& defaults() const { return defaults_; }
  // The operating unit; nullopt: alarms and advice belong to no unit (every dispatcher's).
  std::optional<std::int64_t> unit() const { return unit_; }
  void set_unit(std::optional<std::int64_t> u) { unit_ = u; }
  void set_route(const std::string& route_id, Thresholds t) { routes_[route_id] = t; }
  void set_defaults(Thresholds t) { defaults_ = t; }

 private:
  Thresholds defaults_;
  std::map<std::string, Thresholds> routes_;
  std::optional<std::int64_t> unit_;
};

}  // namespace zt::transit::dispatch

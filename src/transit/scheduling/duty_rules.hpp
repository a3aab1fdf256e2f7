// The rules a driver's duty (司机班) must obey, configurable per company. Defaults: China's road
// traffic safety rule (连续驾驶不超过 4 小时, then a rest of at least 20 minutes) and the limits of
// the bus-driver scheduling benchmarks (OR-Tools bus_driver_scheduling: 9 h driving, 12 h spread,
// 10 min sign-on, 15 min sign-off).
#pragma once

#include <string_view>

#include "core/error.hpp"

namespace zt::transit::scheduling {

struct DutyRules {
  int max_continuous_driving_min = 240;  // driving without a break of min_break_min
  int min_break_min = 20;
  int max_driving_min = 540;  // a day's driving
  int max_spread_min = 720;   // sign-on to sign-off
  int sign_on_min = 10, sign_off_min = 15;
  int max_pieces = 3;  // pieces of work in one duty (a relief between each two)
  // A duty whose spread exceeds meal_after_min needs a break of at least meal_break_min
  // (0: no meal rule).
  int meal_after_min = 360, meal_break_min = 30;
  // A gap between pieces of split_gap_min or more makes a split duty (两头班); allowed or not.
  bool allow_split = true;
  int split_gap_min = 120;
  // A driver changes vehicles at the same stop, or walks this far at 1 m/s (0: same stop only).
  double relief_walk_m = 0;
};

// Rules from TOML: keys of DutyRules under [duty] (e.g. `max_continuous_driving_min = 240`), any
// left out keeps its default. Fails (invalid input) naming the line, or the key and its fault.
Result<DutyRules> parse_duty_rules(std::string_view toml_text);

}  // namespace zt::transit::scheduling

// The fleet's own targets of notice 三政办〔2024〕3号 (二（三）, 二（五）, 三（三）4) from the
// vehicle register. Of the buses added or replaced (in service since a date): the 新能源 share
// (100 %), the 低地板及低入口 share (≥ 30 %) and 客流调查仪 (100 %). Of every bus: 车载智能视频监控
// (100 %) and 驾驶区域防护隔离设施 (100 %). And 标台 per 10,000 central-city inhabitants (14) and
// the central-city fleet (350). Pure: the register and the inputs in, the figures out.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "transit/register/vehicle_register.hpp"

namespace zt::transit {

// 标台 (standard bus) equivalents by length, as CJJ/T 15-2011 tabulates them: ≤ 5 m 0.5,
// 5-7 m 0.7, 7-10 m 1.0, 10-13 m 1.3, 13-16 m 1.7, 16-18 m 2.0, > 18 m 2.5. A bus without a
// length counts as one 标台.
double standard_units(const Vehicle& v);

struct FleetInputs {
  Date new_since{};                  // buses in service from this date on are "new and replaced"
  std::optional<double> population;  // central-city inhabitants; without it, no per-10,000 figure
};

struct FleetFigure {
  std::string key, name;
  double value = 0;  // a share (0..1) or a count
  double target = 0;
  bool at_least = true;                 // the target is a floor (all of these are)
  long numerator = 0, denominator = 0;  // for shares; the count for counts
  bool available = true;                // false: nothing to measure (no new buses, no population)
  bool met() const { return available && (at_least ? value >= target : value <= target); }
  nlohmann::json to_json() const;
};

std::vector<FleetFigure> fleet_targets(std::span<const Vehicle> register_, const FleetInputs& in);

}  // namespace zt::transit

#include "transit/scheduling/duty_rules.hpp"

#include <map>
#include <string>

#include <toml++/toml.h>

namespace zt::transit::scheduling {

Result<DutyRules> parse_duty_rules(std::string_view toml_text) {
  toml::table t;
  try {
    t = toml::parse(toml_text);
  } catch (const toml::parse_error& e) {
    return fail(Error::invalid("排班规则第 " + std::to_string(e.source().begin.line) + " 行：" +
                                   std::string(e.description()),
                               "rules"));
  }
  DutyRules r;
  // Each minute key with its bounds: a rule outside them is a typing error, not a policy.
  const std::map<std::string, std::pair<int*, std::pair<int, int>>> minutes = {
      {"max_continuous_driving_min", {&r.max_continuous_driving_min, {30, 24 * 60}}},
      {"min_break_min", {&r.min_break_min, {0, 24 * 60}}},
      {"max_driving_min", {&r.max_driving_min, {30, 24 * 60}}},
      {"max_spread_min", {&r.max_spread_min, {30, 24 * 60}}},
      {"sign_on_min", {&r.sign_on_min, {0, 240}}},
      {"sign_off_min", {&r.sign_off_min, {0, 240}}},
      {"max_pieces", {&r.max_pieces, {1, 6}}},
      {"meal_after_min", {&r.meal_after_min, {0, 24 * 60}}},
      {"meal_break_min", {&r.meal_break_min, {0, 24 * 60}}},
      {"split_gap_min", {&r.split_gap_min, {0, 24 * 60}}},
  };
  for (const auto& [section, node] : t) {
    if (section.str() != "duty" || !node.is_table())
      return fail(Error::invalid(
          "排班规则只有 [duty] 一节，不认识“" + std::string(section.str()) + "”", "rules"));
    for (const auto& [key, value] : *node.as_table()) {
      const std::string k(key.str());
      const std::string where = "排班规则 duty." + k;
      if (auto m = minutes.find(k); m != minutes.end()) {
        // Typed strictly: toml++ would read `true` or 20.5 as a number.
        auto v = value.is_integer() ? value.value<std::int64_t>() : std::nullopt;
        const auto [lo, hi] = m->second.second;
        if (!v || *v < lo || *v > hi)
          return fail(Error::invalid(
              where + " 应为 " + std::to_string(lo) + "–" + std::to_string(hi) + " 之间的整数",
              "rules"));
        *m->second.first = int(*v);
      } else if (k == "allow_split") {
        auto v = value.is_boolean() ? value.value<bool>() : std::nullopt;
        if (!v) return fail(Error::invalid(where + " 应为 true 或 false", "rules"));
        r.allow_split = *v;
      } else if (k == "relief_walk_m") {
        auto v = value.is_number() ? value.value<double>() : std::nullopt;
        if (!v || !(*v >= 0 && *v <= 5000))
          return fail(Error::invalid(where + " 应为 0–5000 米", "rules"));
        r.relief_walk_m = *v;
      } else {
        return fail(Error::invalid("排班规则不认识 duty." + k, "rules"));
      }
    }
  }
  if (r.max_continuous_driving_min > r.max_driving_min)
    return fail(Error::invalid("排班规则 duty.max_continuous_driving_min 不能超过 max_driving_min",
                               "rules"));
  return r;
}

}  // namespace zt::transit::scheduling

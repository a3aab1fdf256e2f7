#include "transit/dispatch/settings.hpp"

#include <string_view>

namespace zt::transit::dispatch {
namespace {

void apply(Thresholds& t, const std::map<std::string, double>& values) {
  const std::pair<std::string_view, double Thresholds::*> fields[] = {
      {"bunched_ratio", &Thresholds::bunched_ratio},
      {"gapped_ratio", &Thresholds::gapped_ratio},
      {"late_departure_seconds", &Thresholds::late_departure_s},
      {"early_departure_seconds", &Thresholds::early_departure_s},
      {"off_route_metres", &Thresholds::off_route_m},
      {"long_stop_seconds", &Thresholds::long_stop_s},
      {"lost_signal_seconds", &Thresholds::lost_signal_s},
      {"over_speed_kmh", &Thresholds::over_speed_kmh},
      {"high_frequency_headway_seconds", &Thresholds::high_frequency_headway_s},
      {"min_hold_seconds", &Thresholds::min_hold_s},
      {"max_hold_seconds", &Thresholds::max_hold_s},
      {"short_turn_ratio", &Thresholds::short_turn_ratio},
      {"express_ratio", &Thresholds::express_ratio},
      {"depart_advice_seconds", &Thresholds::depart_advice_s}};
  for (const auto& [name, field] : fields)
    if (auto it = values.find(std::string(name)); it != values.end()) t.*field = it->second;
}

}  // namespace

Settings::Settings(const Config& c) {
  apply(defaults_, c.dispatch);
  for (const auto& [route, values] : c.dispatch_routes) {
    Thresholds t = defaults_;  // a route's table overrides the defaults it names
    apply(t, values);
    routes_[route] = t;
  }
  if (c.dispatch_unit > 0) unit_ = c.dispatch_unit;
}

const Thresholds& Settings::for_route(const std::string& route_id) const {
  auto it = routes_.find(route_id);
  return it == routes_.end() ? defaults_ : it->second;
}

}  // namespace zt::transit::dispatch

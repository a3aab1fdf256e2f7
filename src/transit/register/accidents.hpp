// The accident register (行车事故台账) and 行车责任事故死亡率: deaths in accidents where the bus
// side bears responsibility (全部、主要、同等 or 次要责任; 无责任 does not count), per million
// vehicle-kilometres of the period. Thread-safety: as the Store.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/audit.hpp"
#include "core/calendar.hpp"
#include "core/store.hpp"

namespace zt::transit {

enum class Responsibility { kFull, kMain, kEqual, kMinor, kNone };
std::string_view responsibility_code(Responsibility r);   // "full", "main", …
std::string_view responsibility_label(Responsibility r);  // "全部责任", …
std::optional<Responsibility> responsibility_from_code(std::string_view code);

struct Accident {
  std::int64_t id = 0;
  Date date{};
  std::string plate, route;
  Responsibility responsibility = Responsibility::kNone;
  int deaths = 0, injuries = 0;
  std::string note, recorded_by;
  nlohmann::json to_json() const;
};

// Stores `a` (its id assigned) with an audit record.
Result<Accident> record_accident(Store& store, Accident a, Instant at, const Actor& who);
// Accidents dated in [from, to], oldest first.
Result<std::vector<Accident>> list_accidents(Store& store, Date from, Date to);

// Revenue vehicle-kilometres of [from, to] from the operations records (路单, transit/kpi), when
// every day of the range is recorded; otherwise nullopt and the caller supplies the kilometres.
Result<std::optional<double>> recorded_vehicle_km(Store& store, Date from, Date to);

struct AccidentRate {
  int accidents = 0, responsible = 0, deaths = 0, responsible_deaths = 0, injuries = 0;
  std::optional<double> vehicle_km;
  std::optional<double> rate;  // responsible deaths per million vehicle-km
  double target = 0.05;        // at most
  nlohmann::json to_json() const;
};
AccidentRate accident_rate(std::span<const Accident> accidents, std::optional<double> vehicle_km);

}  // namespace zt::transit

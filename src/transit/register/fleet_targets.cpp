#include "transit/register/fleet_targets.hpp"

namespace zt::transit {

double standard_units(const Vehicle& v) {
  if (!v.length_m) return 1.0;
  const double m = *v.length_m;
  if (m <= 5) return 0.5;
  if (m <= 7) return 0.7;
  if (m <= 10) return 1.0;
  if (m <= 13) return 1.3;
  if (m <= 16) return 1.7;
  if (m <= 18) return 2.0;
  return 2.5;
}

nlohmann::json FleetFigure::to_json() const {
  nlohmann::json j = {{"key", key},
                      {"name", name},
                      {"target", target},
                      {"at_least", at_least},
                      {"numerator", numerator},
                      {"denominator", denominator},
                      {"available", available},
                      {"met", met()}};
  j["value"] = available ? nlohmann::json(value) : nlohmann::json(nullptr);
  return j;
}

std::vector<FleetFigure> fleet_targets(std::span<const Vehicle> fleet, const FleetInputs& in) {
  long all = 0, fresh = 0, fresh_ne = 0, low = 0, video = 0, counter = 0, partition = 0,
       central = 0;
  double units = 0;
  for (const auto& v : fleet) {
    ++all;
    // The notice sets energy, floor and passenger counters for the buses added or replaced;
    // video and the driver's partition for every bus.
    if (v.in_service_since >= in.new_since) {
      ++fresh;
      fresh_ne += is_new_energy(v.energy);
      low += v.floor != Floor::kHigh;
      counter += v.passenger_counter;
    }
    video += v.video;
    partition += v.driver_partition;
    if (v.central_city) {
      ++central;
      units += standard_units(v);
    }
  }
  auto share = [](std::string key, std::string name, long num, long den, double target) {
    FleetFigure f{std::move(key), std::move(name)};
    f.numerator = num;
    f.denominator = den;
    f.target = target;
    f.available = den > 0;
    f.value = den > 0 ? double(num) / double(den) : 0;
    return f;
  };
  std::vector<FleetFigure> out;
  out.push_back(
      share("new_energy_share_of_new", "新增和更新新能源城市公交车比例", fresh_ne, fresh, 1.0));
  out.push_back(
      share("low_floor_share", "新增和更新低地板及低入口城市公交车比例", low, fresh, 0.3));
  out.push_back(share("video_share", "城市公交车载智能视频监控系统安装率", video, all, 1.0));
  out.push_back(share("passenger_counter_share", "新增或更新城市公交车客流调查仪安装率", counter,
                      fresh, 1.0));
  out.push_back(
      share("driver_partition_share", "公交车驾驶区域防护隔离设施安装率", partition, all, 1.0));
  FleetFigure per{"units_per_10k", "万人公交车辆保有量（标台/万人）"};
  per.target = 14;
  per.denominator = in.population ? long(*in.population) : 0;
  per.numerator = long(units + 0.5);
  per.available = in.population && *in.population > 0;
  per.value = per.available ? units / *in.population * 10000 : 0;
  out.push_back(per);
  FleetFigure count{"central_city_fleet", "中心城区公交车辆数"};
  count.target = 350;
  count.value = double(central);
  count.numerator = central;
  out.push_back(count);
  return out;
}

}  // namespace zt::transit

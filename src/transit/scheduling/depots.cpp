#include "transit/scheduling/depots.hpp"

#include <charconv>
#include <cmath>

#include "core/csv.hpp"

namespace zt::transit::scheduling {

Result<std::vector<Depot>> parse_depots_csv(std::string_view text) {
  auto t = CsvTable::parse(std::string(text), "depots.csv");
  if (!t) return fail(t.error());
  const int id = t->column("depot_id"), name = t->column("depot_name"),
            lat = t->column("depot_lat"), lon = t->column("depot_lon"),
            vehicles = t->column("vehicles");
  for (auto [col, what] :
       {std::pair(id, "depot_id"), std::pair(lat, "depot_lat"), std::pair(lon, "depot_lon")})
    if (col < 0) return fail(Error::invalid(std::string("depots.csv 缺少列 ") + what, what));
  if (t->rows() == 0) return fail(Error::invalid("depots.csv 没有车场", "depots"));
  if (t->rows() > 100) return fail(Error::invalid("depots.csv 最多 100 个车场", "depots"));
  std::vector<Depot> out;
  for (std::size_t r = 0; r < t->rows(); ++r) {
    const std::string where = "depots.csv 第 " + std::to_string(t->line(r)) + " 行";
    auto number = [&](int col, const char* field, double lo, double hi) -> Result<double> {
      const auto s = t->at(r, col);
      double v = 0;
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (s.empty() || ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v) ||
          v < lo || v > hi)
        return fail(Error::invalid(where + "：" + field + " 应为 " + std::to_string(int(lo)) +
                                       " 至 " + std::to_string(int(hi)) + " 之间的数",
                                   field));
      return v;
    };
    Depot d;
    d.id = std::string(t->at(r, id));
    if (d.id.empty() || d.id.size() > 64)
      return fail(Error::invalid(where + "：depot_id 应为 1 至 64 字节", "depot_id"));
    for (const auto& seen : out)
      if (seen.id == d.id)
        return fail(Error::invalid(where + "：depot_id " + d.id + " 重复", "depot_id"));
    d.name = name >= 0 ? std::string(t->at(r, name)) : d.id;
    if (d.name.empty()) d.name = d.id;
    auto la = number(lat, "depot_lat", -90, 90);
    if (!la) return fail(la.error());
    auto lo = number(lon, "depot_lon", -180, 180);
    if (!lo) return fail(lo.error());
    d.at = {*la, *lo};
    if (vehicles >= 0 && !t->at(r, vehicles).empty()) {
      auto v = number(vehicles, "vehicles", 1, 100000);
      if (!v) return fail(v.error());
      if (*v != std::floor(*v))
        return fail(Error::invalid(where + "：vehicles 应为整数", "vehicles"));
      d.vehicles = int(*v);
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace zt::transit::scheduling

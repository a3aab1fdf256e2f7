#include "transit/scheduling/frequencies.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/csv.hpp"

namespace zt::transit::scheduling {
namespace {

constexpr std::size_t kMaxRows = 100000;
constexpr std::size_t kMaxFaults = 20;
constexpr int kMaxSegments = 200;

bool to_int(std::string_view s, int& out) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool to_double(std::string_view s, double& out) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && std::isfinite(out);
}

double round2(double v) { return std::round(v * 100) / 100; }

}  // namespace

double LoadProfile::route_km() const {
  double l = 0;
  for (double x : length_km) l += x;
  return l;
}

Status check_params(const FrequencyParams& p) {
  if (!(p.capacity >= 10 && p.capacity <= 300))
    return fail(Error::invalid("车辆容量应为 10–300 人", "capacity"));
  if (!(p.design_load >= 0.1 && p.design_load <= 1.5))
    return fail(Error::invalid("设计满载率应为 0.1–1.5", "design_load"));
  if (!(p.f_min >= 0.5 && p.f_min <= 60))
    return fail(Error::invalid("最低发车频率应为每小时 0.5–60 班", "f_min"));
  if (p.method < 1 || p.method > 4) return fail(Error::invalid("方法应为 1–4", "method"));
  return {};
}

Result<std::vector<DemandRow>> parse_demand_csv(std::string text) {
  auto t = CsvTable::parse(std::move(text), "demand");
  if (!t) return fail(Error::invalid(t.error().message, "demand"));
  const int route = t->column("route_id"), dir = t->column("direction"), hour = t->column("hour"),
            seg = t->column("segment"), load = t->column("load"), len = t->column("length_km");
  if (route < 0 || dir < 0 || hour < 0 || seg < 0 || load < 0)
    return fail(Error::invalid(
        "需求表表头应含 route_id, direction, hour, segment, load（可选 length_km）", "demand"));
  if (t->rows() > kMaxRows)
    return fail(Error::invalid(fmt::format("需求表最多 {} 行", kMaxRows), "demand"));
  std::vector<DemandRow> out;
  std::vector<FieldError> faults;
  std::set<std::tuple<std::string, int, int, int>> seen;
  for (std::size_t r = 0; r < t->rows() && faults.size() < kMaxFaults; ++r) {
    auto bad = [&](std::string what) {
      faults.push_back({"demand", fmt::format("第 {} 行: {}", t->line(r), what)});
    };
    DemandRow row;
    row.route_id = std::string(t->at(r, route));
    if (row.route_id.empty() || row.route_id.size() > 64) {
      bad("route_id 应为 1–64 字节");
      continue;
    }
    if (!to_int(t->at(r, dir), row.direction) || row.direction < 0 || row.direction > 1) {
      bad("direction 应为 0 或 1");
      continue;
    }
    if (!to_int(t->at(r, hour), row.hour) || row.hour < 0 || row.hour > 23) {
      bad("hour 应为 0–23");
      continue;
    }
    if (!to_int(t->at(r, seg), row.segment) || row.segment < 0 || row.segment >= kMaxSegments) {
      bad(fmt::format("segment 应为 0–{}", kMaxSegments - 1));
      continue;
    }
    if (!to_double(t->at(r, load), row.load) || row.load < 0 || row.load > 1e6) {
      bad("load 应为 0–1000000 的数");
      continue;
    }
    if (len >= 0 && !t->at(r, len).empty() &&
        (!to_double(t->at(r, len), row.length_km) || row.length_km <= 0 || row.length_km > 100)) {
      bad("length_km 应为大于 0、不超过 100 的数");
      continue;
    }
    if (!seen.insert({row.route_id, row.direction, row.hour, row.segment}).second) {
      bad("同一线路、方向、小时和区段重复");
      continue;
    }
    out.push_back(std::move(row));
  }
  if (!faults.empty()) {
    Error e = Error::invalid(faults.front().message, "demand");
    e.fields = std::move(faults);
    return fail(std::move(e));
  }
  if (out.empty()) return fail(Error::invalid("需求表没有数据行", "demand"));
  return out;
}

Result<LoadProfile> load_profile(std::span<const DemandRow> rows, const std::string& route_id,
                                 int direction, double route_km) {
  int segments = 0;
  for (const auto& r : rows)
    if (r.route_id == route_id && r.direction == direction)
      segments = std::max(segments, r.segment + 1);
  if (!segments)
    return fail(Error::invalid(
        fmt::format("需求表中没有线路 {} 方向 {} 的数据", route_id, direction), "demand"));
  LoadProfile p;
  p.length_km.assign(std::size_t(segments), 0);
  for (auto& h : p.load) h.assign(std::size_t(segments), 0);
  for (const auto& r : rows) {
    if (r.route_id != route_id || r.direction != direction) continue;
    auto& l = p.length_km[std::size_t(r.segment)];
    if (r.length_km > 0) {
      if (l > 0 && std::abs(l - r.length_km) > 1e-6)
        return fail(
            Error::invalid(fmt::format("区段 {} 的 length_km 前后不一致", r.segment), "demand"));
      l = r.length_km;
    }
    p.load[std::size_t(r.hour)][std::size_t(r.segment)] = r.load;
  }
  const bool all =
      std::all_of(p.length_km.begin(), p.length_km.end(), [](double x) { return x > 0; });
  const bool none =
      std::all_of(p.length_km.begin(), p.length_km.end(), [](double x) { return x == 0; });
  if (none && route_km > 0)
    std::fill(p.length_km.begin(), p.length_km.end(), route_km / segments);
  else if (!all)
    return fail(
        Error::invalid("需求表应给出每个区段的 length_km，或给出线路长度 route_km", "route_km"));
  return p;
}

std::array<HourFrequency, 24> hourly_frequencies(const LoadProfile& p, const FrequencyParams& q) {
  const std::size_t n = p.length_km.size();
  // s*: the segment with the heaviest load summed over the day (method 1).
  std::size_t star = 0;
  double best = -1;
  for (std::size_t s = 0; s < n; ++s) {
    double day = 0;
    for (const auto& h : p.load) day += s < h.size() ? h[s] : 0;
    if (day > best) best = day, star = s;
  }
  const double L = p.route_km(), dc = q.design_load * q.capacity;
  std::array<HourFrequency, 24> out{};
  for (int j = 0; j < 24; ++j) {
    auto& f = out[std::size_t(j)];
    const auto& load = p.load[std::size_t(j)];
    f.hour = j;
    for (std::size_t s = 0; s < load.size() && s < n; ++s) {
      f.max_load = std::max(f.max_load, load[s]);
      f.pkm += load[s] * p.length_km[s];
    }
    f.daily_point_load = star < load.size() ? load[star] : 0;
    const double profile = L > 0 ? f.pkm / (dc * L) : 0;
    f.f[0] = std::max(f.daily_point_load / dc, q.f_min);
    f.f[1] = std::max(f.max_load / dc, q.f_min);
    f.f[2] = std::max(profile, q.f_min);
    f.f[3] = std::max({profile, f.max_load / q.capacity, q.f_min});
  }
  return out;
}

std::vector<PeriodFrequency> period_frequencies(const std::array<HourFrequency, 24>& hours,
                                                std::span<const PlanPeriod> periods,
                                                const FrequencyParams& q) {
  std::vector<PeriodFrequency> out;
  const auto m = std::size_t(std::clamp(q.method, 1, 4) - 1);
  for (const auto& p : periods) {
    PeriodFrequency pf{p, q.f_min, 0};
    for (int h = std::max(p.from_hour, 0); h < std::min(p.to_hour, 24); ++h)
      pf.frequency = std::max(pf.frequency, hours[std::size_t(h)].f[m]);
    // Whole minutes, rounded down (the frequency met or bettered), at least one minute.
    pf.headway_min = std::max(1, int(std::floor(60 / pf.frequency + 1e-9)));
    out.push_back(pf);
  }
  return out;
}

nlohmann::json to_json(const HourFrequency& h) {
  return {{"hour", h.hour},
          {"daily_point_load", round2(h.daily_point_load)},
          {"max_load", round2(h.max_load)},
          {"pkm", round2(h.pkm)},
          {"f", {round2(h.f[0]), round2(h.f[1]), round2(h.f[2]), round2(h.f[3])}}};
}

}  // namespace zt::transit::scheduling

#include "transit/scheduling/running_times.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "transit/kpi/record_store.hpp"

namespace zt::transit::scheduling {
namespace {

constexpr double kMaxRunMinutes = 6 * 60;

double round1(double v) { return std::round(v * 10) / 10; }

using Key = std::tuple<std::string, int>;

}  // namespace

std::vector<PlanPeriod> default_periods() {
  return {{"平峰", 0, 7}, {"早高峰", 7, 9}, {"平峰", 9, 17}, {"晚高峰", 17, 19}, {"平峰", 19, 24}};
}

Status check_periods(std::span<const PlanPeriod> periods) {
  if (periods.empty()) return fail(Error::invalid("至少需要一个时段", "periods"));
  if (periods.size() > 24) return fail(Error::invalid("时段最多 24 个", "periods"));
  for (std::size_t i = 0; i < periods.size(); ++i) {
    const auto& p = periods[i];
    const auto where = fmt::format("periods[{}]", i);
    if (p.name.empty() || p.name.size() > 60)
      return fail(Error::invalid(where + ": 时段名称应为 1–60 字节", where));
    if (p.from_hour < 0 || p.to_hour > 24 || p.from_hour >= p.to_hour)
      return fail(Error::invalid(where + ": 时段应满足 0 ≤ 起 < 止 ≤ 24", where));
    if (i > 0 && p.from_hour < periods[i - 1].to_hour)
      return fail(Error::invalid(where + ": 时段应按时间先后排列且不重叠", where));
  }
  return {};
}

Result<std::vector<PlanPeriod>> periods_from_json(const nlohmann::json& j) {
  if (!j.is_array()) return fail(Error::invalid("periods 应为数组", "periods"));
  std::vector<PlanPeriod> out;
  for (std::size_t i = 0; i < j.size() && i <= 24; ++i) {
    const auto& e = j[i];
    const auto where = fmt::format("periods[{}]", i);
    if (!e.is_object() || !e.contains("name") || !e["name"].is_string() || !e.contains("from") ||
        !e["from"].is_number_integer() || !e.contains("to") || !e["to"].is_number_integer())
      return fail(Error::invalid(where + ": 应为 {name: 文字, from: 整点, to: 整点}", where));
    const auto from = e["from"].get<std::int64_t>(), to = e["to"].get<std::int64_t>();
    if (from < 0 || to > 24 || from >= to)
      return fail(Error::invalid(where + ": 时段应满足 0 ≤ from < to ≤ 24", where));
    out.push_back({e["name"].get<std::string>(), int(from), int(to)});
  }
  if (auto s = check_periods(out); !s) return fail(s.error());
  return out;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const double rank = (double(values.size()) - 1) * std::clamp(p, 0.0, 100.0) / 100;
  const auto lo = std::size_t(std::floor(rank));
  const auto hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (values[hi] - values[lo]) * (rank - double(lo));
}

RunningTimeStats running_time_stats(std::span<const double> minutes) {
  RunningTimeStats s;
  s.count = int(minutes.size());
  if (minutes.empty()) return s;
  double sum = 0;
  for (double m : minutes) sum += m;
  s.mean = sum / double(minutes.size());
  std::vector<double> v(minutes.begin(), minutes.end());
  s.p50 = percentile(v, 50);
  s.p85 = percentile(v, 85);
  s.p95 = percentile(std::move(v), 95);
  return s;
}

std::vector<RunSample> run_samples(std::span<const kpi::TripRecord> records,
                                   std::int64_t utc_offset_s) {
  std::vector<RunSample> out;
  for (const auto& r : records) {
    if (r.outcome != kpi::Outcome::kCompleted || !r.actual_start || !r.actual_end) continue;
    const double minutes = double(r.actual_end - r.actual_start) / 60;
    if (minutes <= 0 || minutes > kMaxRunMinutes) continue;
    const auto local = r.actual_start + utc_offset_s;
    const auto day_s = ((local % 86400) + 86400) % 86400;
    out.push_back({r.route_id, r.direction, int(day_s / 3600), minutes});
  }
  return out;
}

std::vector<HourRunningTime> by_hour(std::span<const RunSample> samples) {
  std::map<std::tuple<std::string, int, int>, std::vector<double>> groups;
  for (const auto& s : samples) groups[{s.route_id, s.direction, s.hour}].push_back(s.minutes);
  std::vector<HourRunningTime> out;
  for (const auto& [k, v] : groups)
    out.push_back({std::get<0>(k), std::get<1>(k), std::get<2>(k), running_time_stats(v)});
  return out;
}

std::vector<PeriodRunningTime> by_period(std::span<const RunSample> samples,
                                         std::span<const PlanPeriod> periods, double pct) {
  std::map<Key, std::vector<std::vector<double>>> groups;
  for (const auto& s : samples) {
    auto& per = groups[{s.route_id, s.direction}];
    per.resize(periods.size());
    for (std::size_t i = 0; i < periods.size(); ++i)
      if (periods[i].contains(s.hour)) {
        per[i].push_back(s.minutes);
        break;
      }
  }
  std::vector<PeriodRunningTime> out;
  for (auto& [k, per] : groups)
    for (std::size_t i = 0; i < periods.size(); ++i) {
      PeriodRunningTime row{std::get<0>(k), std::get<1>(k), periods[i], int(per[i].size())};
      if (!per[i].empty()) {
        row.percentile_min = percentile(std::move(per[i]), pct);
        row.recommended_min = int(std::ceil(row.percentile_min - 1e-9));
      }
      out.push_back(std::move(row));
    }
  return out;
}

Result<std::vector<RunSample>> load_run_samples(Store& store, Date from, Date to,
                                                const std::string& route_id,
                                                std::int64_t utc_offset_s) {
  auto records = kpi::load_records(store, from, to);
  if (!records) return fail(records.error());
  if (!route_id.empty())
    std::erase_if(*records, [&](const kpi::TripRecord& r) { return r.route_id != route_id; });
  return run_samples(*records, utc_offset_s);
}

nlohmann::json to_json(const HourRunningTime& h) {
  return {{"route_id", h.route_id},
          {"direction", h.direction},
          {"hour", h.hour},
          {"count", h.stats.count},
          {"mean_min", round1(h.stats.mean)},
          {"p50_min", round1(h.stats.p50)},
          {"p85_min", round1(h.stats.p85)},
          {"p95_min", round1(h.stats.p95)}};
}

nlohmann::json to_json(const PeriodRunningTime& p) {
  return {{"route_id", p.route_id},
          {"direction", p.direction},
          {"period", p.period.name},
          {"from", p.period.from_hour},
          {"to", p.period.to_hour},
          {"count", p.count},
          {"percentile_min", round1(p.percentile_min)},
          {"recommended_min", p.recommended_min}};
}

}  // namespace zt::transit::scheduling

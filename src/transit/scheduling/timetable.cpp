#include "transit/scheduling/timetable.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "transit/gtfs.hpp"

namespace zt::transit::scheduling {
namespace {

constexpr int kDay = 24 * 3600;
constexpr double kMaxRate = 60;  // vehicles per hour: a one-minute headway at most

const PeriodPlan* plan_at(std::span<const PeriodPlan> plans, int t) {
  const int hour = std::clamp(t / 3600, 0, 23);
  for (const auto& p : plans)
    if (p.period.contains(hour)) return &p;
  return nullptr;
}

// Departures where the cumulative curve of `rate` (vehicles per hour by hour of day, > 0)
// crosses whole numbers, from `first`, then `last` closing the day (see timetable.hpp).
std::vector<int> departures(const std::array<double, 24>& rate, int first, int last) {
  auto at = [&](double t) {
    return std::clamp(rate[std::size_t(std::clamp(int(t) / 3600, 0, 23))], 0.5, kMaxRate) / 3600;
  };
  std::vector<int> out{first};
  double t = first;
  while (true) {
    double remaining = 1;
    while (true) {
      const double r = at(t), boundary = (std::floor(t / 3600) + 1) * 3600;
      if (r * (boundary - t) >= remaining) {
        t += remaining / r;
        break;
      }
      remaining -= r * (boundary - t);
      t = boundary;
    }
    const int d = int(std::lround(t / 60)) * 60;
    if (d >= last) break;
    if (d > out.back()) out.push_back(d);
  }
  if (out.back() < last) {
    const double h = 1 / at(last);
    if (out.size() > 1 && last - out.back() < h / 2)
      out.back() = last;
    else
      out.push_back(last);
  }
  return out;
}

Result<std::vector<TimetableTrip>> trips_of(std::span<const PeriodPlan> plans,
                                            const std::vector<int>& deps) {
  std::vector<TimetableTrip> out;
  for (std::size_t i = 0; i < deps.size(); ++i) {
    const auto* p = plan_at(plans, deps[i]);
    if (!p) return fail(Error::invalid(fmt::format("{} 不在任何时段内", hhmm(deps[i])), "periods"));
    out.push_back({int(i) + 1, deps[i], deps[i] + p->running_min * 60,
                   i ? deps[i] - deps[i - 1] : 0, p->period.name});
  }
  return out;
}

}  // namespace

std::string hhmm(int seconds) {
  return fmt::format("{:02}:{:02}", seconds / 3600, seconds / 60 % 60);
}

Status check_plan(std::span<const PeriodPlan> plans, int first, int last) {
  if (first < 0 || last >= kDay || first >= last)
    return fail(Error::invalid("首班应早于末班，且都在 00:00–23:59 之间", "first"));
  std::vector<PlanPeriod> periods;
  for (const auto& p : plans) periods.push_back(p.period);
  if (auto s = check_periods(periods); !s) return s;
  for (std::size_t i = 0; i < plans.size(); ++i) {
    if (plans[i].headway_min < 1 || plans[i].headway_min > 120)
      return fail(Error::invalid(fmt::format("periods[{}]: 发车间隔应为 1–120 分钟", i),
                                 fmt::format("periods[{}]", i)));
    if (plans[i].running_min < 1 || plans[i].running_min > 360)
      return fail(Error::invalid(fmt::format("periods[{}]: 运行时间应为 1–360 分钟", i),
                                 fmt::format("periods[{}]", i)));
  }
  for (int h = first / 3600; h <= last / 3600; ++h)
    if (!plan_at(plans, h * 3600))
      return fail(Error::invalid(
          fmt::format("首末班之间的 {:02}:00–{:02}:00 不在任何时段内", h, h + 1), "periods"));
  return {};
}

Result<std::vector<TimetableTrip>> even_headway(std::span<const PeriodPlan> plans, int first,
                                                int last) {
  if (auto s = check_plan(plans, first, last); !s) return fail(s.error());
  std::array<double, 24> rate{};
  for (int h = 0; h < 24; ++h)
    if (const auto* p = plan_at(plans, h * 3600)) rate[std::size_t(h)] = 60.0 / p->headway_min;
  return trips_of(plans, departures(rate, first, last));
}

Result<std::vector<TimetableTrip>> even_load(std::span<const PeriodPlan> plans,
                                             const std::array<HourFrequency, 24>& hours,
                                             const FrequencyParams& q, int first, int last) {
  if (auto s = check_plan(plans, first, last); !s) return fail(s.error());
  if (auto s = check_params(q); !s) return fail(s.error());
  std::array<double, 24> rate{};
  for (std::size_t h = 0; h < 24; ++h)
    rate[h] = std::max(hours[h].max_load / (q.design_load * q.capacity), q.f_min);
  return trips_of(plans, departures(rate, first, last));
}

std::vector<std::array<std::string, 5>> gtfs_frequencies(std::span<const PeriodPlan> plans,
                                                         const std::string& trip_id, int first,
                                                         int last) {
  std::vector<std::array<std::string, 5>> out;
  for (const auto& p : plans) {
    const int start = std::max(p.period.from_hour * 3600, first);
    const int end = std::min(p.period.to_hour * 3600, last + 60);
    if (start >= end) continue;
    out.push_back({trip_id, format_gtfs_time(start), format_gtfs_time(end),
                   std::to_string(p.headway_min * 60), "0"});
  }
  return out;
}

nlohmann::json to_json(const TimetableTrip& t) {
  return {{"seq", t.seq},
          {"departure", hhmm(t.departure)},
          {"arrival", hhmm(t.arrival)},
          {"departure_s", t.departure},
          {"arrival_s", t.arrival},
          {"headway_min", t.headway_s / 60.0},
          {"period", t.period}};
}

}  // namespace zt::transit::scheduling

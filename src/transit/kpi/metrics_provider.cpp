#include "transit/kpi/metrics_provider.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "transit/coverage_log.hpp"
#include "transit/flow/flow_store.hpp"
#include "transit/kpi/built_up_area.hpp"
#include "transit/kpi/coverage_days.hpp"
#include "transit/kpi/kpi.hpp"
#include "transit/kpi/record_store.hpp"
#include "transit/kpi/stop_coverage.hpp"
#include "transit/network.hpp"

namespace zt::transit::kpi {
namespace {

double round2(double v) { return std::round(v * 100) / 100; }

std::string clock_text(int s) { return fmt::format("{:02}:{:02}", s / 3600, s / 60 % 60); }

std::string peaks_text(const KpiOptions& o) {
  std::string out;
  for (const auto& p : o.peaks)
    out += (out.empty() ? "" : "、") + clock_text(p.from_s) + "-" + clock_text(p.to_s);
  return out;
}

// The stops a bus calls at: a stop without service covers nothing.
std::vector<CoverageStop> served_stops(const Network& n) {
  const auto& f = n.feed();
  std::vector<char> called(f.stops.size(), 0);
  for (const auto& st : f.stop_times) called[st.stop] = 1;
  std::vector<CoverageStop> out;
  for (std::size_t i = 0; i < f.stops.size(); ++i)
    if (called[i]) out.push_back({f.stops[i].id, f.stops[i].lat, f.stops[i].lon});
  return out;
}

bool same_days(const std::vector<RecordedDay>& a, const std::vector<RecordedDay>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
    return x.day == y.day && x.recorded_at == y.recorded_at && x.trips == y.trips;
  });
}

std::string records_text(const MonthFigures& m) {
  return fmt::format("运营记录（路单）tr_trips_performed，运营日 {} 至 {}（已记录 {} 天，{} 条）",
                     format_date(m.first), format_date(m.last), m.days.size(), m.records);
}

std::optional<MetricValue> on_time(const MonthFigures& m) {
  auto rate = m.city.on_time_departure_rate();
  if (!rate) return std::nullopt;
  return MetricValue{
      round2(*rate * 100), m.city.departures_judged,
      fmt::format("{}；首站实际发车较计划早不超过 {} 秒、晚不超过 {} 秒为正点（按发车间隔运营的"
                  "线路比较实际与计划间隔）：正点 {} ÷ 判定 {}",
                  records_text(m), m.options.early_s, m.options.late_s, m.city.departures_on_time,
                  m.city.departures_judged)};
}

std::optional<MetricValue> peak_speed(const MonthFigures& m) {
  auto speed = m.city.peak_speed_kmh();
  if (!speed) return std::nullopt;
  return MetricValue{
      round2(*speed), m.city.peak_trips,
      fmt::format(
          "{}；早晚高峰 {} 首站发车的趟次 {} 个：营运里程 {:.1f} 公里 ÷ 营运时间 {:.1f} 小时",
          records_text(m), peaks_text(m.options), m.city.peak_trips, m.city.peak_distance_m / 1000,
          m.city.peak_seconds / 3600)};
}

Result<std::optional<MetricValue>> stop_coverage_now(const Services& s, const MetricPeriod& p) {
  if (!p.current) return std::optional<MetricValue>{};  // no history of areas and networks
  auto area = current_built_up_area(s.store);
  if (!area) return fail(area.error());
  if (!*area) return std::optional<MetricValue>{};
  auto n = s.network.get();
  if (!n) return fail(n.error());
  if ((*n)->empty()) return std::optional<MetricValue>{};
  auto geometry = parse_area_geojson((*area)->geojson);
  if (!geometry) return fail(geometry.error());
  const auto stops = served_stops(**n);
  auto c = stop_coverage(*geometry, stops);
  if (!c) return fail(c.error());
  return std::optional<MetricValue>{MetricValue{
      round2(c->ratio * 100), std::int64_t(stops.size()),
      fmt::format("建成区「{}」（tr_built_up_areas 第 {} 版，{:.2f} 平方公里）与启用线网（第 {} "
                  "版）{} 个有服务站点的 {:.0f} 米圆求交：覆盖 {:.2f} ÷ 建成区 {:.2f} 平方公里",
                  (*area)->name, (*area)->id, c->built_up_m2 / 1e6, (*n)->version(), stops.size(),
                  kCoverageRadiusM, c->covered_m2 / 1e6, c->built_up_m2 / 1e6)}};
}

// The last 24 h of minute samples: the current month before its first hour is stored.
Result<std::optional<MetricValue>> forecast_live(const Services& s) {
  auto n = s.network.get();
  if (!n) return fail(n.error());
  auto w = s.coverage.stops_window(unix_seconds(s.clock.now()), 24);
  if (w.network != *n) return std::optional<MetricValue>{};  // samples of another version
  std::int64_t served = 0, predicted = 0;
  for (const auto& st : w.stops) served += st.served, predicted += st.predicted;
  if (served == 0) return std::optional<MetricValue>{};
  return std::optional<MetricValue>{MetricValue{
      round2(100.0 * double(predicted) / double(served)), served,
      fmt::format("每分钟采样的预报覆盖（最近 24 小时，{} 分钟）：未来 30 分钟有计划服务的站点分钟 "
                  "{}，其中有实时预报（车辆 {} 秒内更新）{}",
                  w.samples, served, kFreshSeconds, predicted)}};
}

// Any month from the stop-minutes stored per day (tr_forecast_coverage): Σ covered ÷ Σ served.
Result<std::optional<MetricValue>> forecast_month(const Services& s, const MetricPeriod& p) {
  auto c = load_coverage(s.store, p.first, p.last);
  if (!c) return fail(c.error());
  std::int64_t served = 0, predicted = 0;
  for (const auto& [day, m] : c->days) served += m.served, predicted += m.predicted;
  if (served == 0) {
    if (p.current) return forecast_live(s);
    return std::optional<MetricValue>{};
  }
  std::int64_t sampled = 0;
  for (const auto& [day, minutes] : c->minutes_sampled) sampled += minutes;
  return std::optional<MetricValue>{MetricValue{
      round2(100.0 * double(predicted) / double(served)), served,
      fmt::format(
          "按日存储的站点预报覆盖 tr_forecast_coverage，{} 至 {}（{} 天，采样 {} "
          "分钟）：未来 30 分钟有计划服务的站点分钟 {}，其中有实时预报（车辆 {} 秒内更新）{}",
          format_date(c->days.begin()->first), format_date(c->days.rbegin()->first), c->days.size(),
          sampled, served, kFreshSeconds, predicted)}};
}

// The taps-weighted share of the month's flow days (each day's share is over its riders: the
// counters' where buses carry them, else the taps).
Result<std::optional<MetricValue>> noncash_month(const Services& s, const MetricPeriod& p) {
  auto days = flow::flow_days(s.store, p.first, p.last);
  if (!days) return fail(days.error());
  double weighted = 0;
  std::int64_t taps = 0;
  for (const auto& d : *days) weighted += d.noncash_share * d.taps, taps += d.taps;
  if (taps == 0) return std::optional<MetricValue>{};
  return std::optional<MetricValue>{MetricValue{
      round2(100.0 * weighted / double(taps)), taps,
      fmt::format(
          "客流分析日 tr_flow_days，{} 至 {}（{} 天，刷卡 {} 条）：非现金支付（交通一卡通、"
          "银联、二维码等）乘客占乘客总数（有客流调查仪的车以其计数为准）之比，按刷卡数加权",
          format_date(days->back().day), format_date(days->front().day), days->size(), taps)}};
}

}  // namespace

std::vector<MetricInfo> TransitMetrics::metrics() const {
  return {{std::string(kOnTimeDepartureRate), "发车正点率", "%", Better::kHigher},
          {std::string(kPeakSpeed), "早晚高峰平均运营时速", "公里/小时", Better::kHigher},
          {std::string(kStopCoverage), "中心城区公共交通站点500米覆盖率", "%", Better::kHigher},
          {std::string(kForecastCoverage), "来车信息实时预报覆盖率", "%", Better::kHigher},
          {std::string(kNoncashShare), "非现金支付比例", "%", Better::kHigher}};
}

Result<MonthFigures> TransitMetrics::month(const MetricPeriod& p) {
  auto days = recorded_days(s_.store, p.first, p.last);
  if (!days) return fail(days.error());
  {
    std::lock_guard lock(mu_);
    if (last_ && last_->first == p.first && last_->last == p.last && same_days(last_->days, *days))
      return *last_;
  }
  MonthFigures m{p.first, p.last, std::move(*days), 0, {}, {}};
  // The default on-time window and peaks, as the KPI page shows them, in the feed's local time.
  auto n = s_.network.get();
  if (!n) return fail(n.error());
  if (!(*n)->empty())
    m.options.utc_offset_s = (*n)->utc_offset(unix_seconds(shanghai_time(p.first, 12, 0, 0)));
  if (!m.days.empty()) {
    auto records = load_records(s_.store, p.first, p.last);
    if (!records) return fail(records.error());
    m.records = records->size();
    m.city = compute_kpis(*records, m.options).city;
  }
  std::lock_guard lock(mu_);
  last_ = m;
  return m;
}

Result<std::optional<MetricValue>> TransitMetrics::compute(std::string_view key,
                                                           const MetricPeriod& period) {
  if (key == kOnTimeDepartureRate || key == kPeakSpeed) {
    auto m = month(period);
    if (!m) return fail(m.error());
    return key == kOnTimeDepartureRate ? on_time(*m) : peak_speed(*m);
  }
  if (key == kStopCoverage) return stop_coverage_now(s_, period);
  if (key == kForecastCoverage) return forecast_month(s_, period);
  if (key == kNoncashShare) return noncash_month(s_, period);
  return fail(Error::invalid("公交模块没有这个指标：" + std::string(key), "metric"));
}

}  // namespace zt::transit::kpi

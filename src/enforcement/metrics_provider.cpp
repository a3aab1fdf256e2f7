#include "enforcement/metrics_provider.hpp"

#include <cmath>

#include <fmt/format.h>

namespace zt::enforcement {
namespace {

double percent(std::int64_t part, std::int64_t whole) {
  return std::round(10000.0 * double(part) / double(whole)) / 100;
}

}  // namespace

std::vector<MetricInfo> EnforcementMetrics::metrics() const {
  return {{std::string(kPublicationRate), "行政执法信息公示率", "%", Better::kHigher},
          {std::string(kLegalReviewRate), "重大执法决定法制审核率", "%", Better::kHigher}};
}

Result<std::optional<MetricValue>> EnforcementMetrics::compute(std::string_view key,
                                                               const MetricPeriod& p) {
  const auto first = format_date(p.first), last = format_date(p.last);
  if (key == kPublicationRate) {
    const auto today = format_date(shanghai_date(clock_.now()));
    auto r = store_.query(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN published_on IS NOT NULL AND published_on <= "
        "due_on THEN 1 ELSE 0 END), 0) FROM ef_publications WHERE due_on >= $1 AND due_on <= $2 "
        "AND (due_on < $3 OR published_on IS NOT NULL)",
        {first, last, today});
    if (!r) return fail(r.error());
    const auto due = r->rows[0].i64(0), on_time = r->rows[0].i64(1);
    if (due == 0) return std::optional<MetricValue>{};
    return std::optional<MetricValue>{MetricValue{
        percent(on_time, due), due,
        fmt::format("公示记录 ef_publications，公示期限在 {} 至 {} 之间且已到期或已公示的 {} "
                    "条（全部执法单位）：按期公示 {} ÷ {}",
                    first, last, due, on_time, due)}};
  }
  if (key == kLegalReviewRate) {
    auto r = store_.query(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN review_passed_on IS NOT NULL AND "
        "review_passed_on <= decided_on THEN 1 ELSE 0 END), 0) FROM ef_cases WHERE major = 1 AND "
        "decided_on >= $1 AND decided_on <= $2",
        {first, last});
    if (!r) return fail(r.error());
    const auto major = r->rows[0].i64(0), reviewed = r->rows[0].i64(1);
    if (major == 0) return std::optional<MetricValue>{};
    return std::optional<MetricValue>{MetricValue{
        percent(reviewed, major), major,
        fmt::format("执法案件 ef_cases，{} 至 {} 作出的重大执法决定 {} 件（全部执法单位）：决定前"
                    "通过法制审核 {} ÷ {}",
                    first, last, major, reviewed, major)}};
  }
  return fail(Error::invalid("执法模块没有这个指标：" + std::string(key), "metric"));
}

}  // namespace zt::enforcement

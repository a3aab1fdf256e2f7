#include "transit/kpi/kpi_query.hpp"

#include <chrono>

namespace zt::transit::kpi {
namespace {

using http::Request;

Result<KpiOptions> options_of(const Request& req, const Network& n, std::int64_t now) {
  KpiOptions o;
  auto early = http::query_int_or(req, "early", o.early_s, 0, 3600);
  if (!early) return fail(early.error());
  auto late = http::query_int_or(req, "late", o.late_s, 0, 3600);
  if (!late) return fail(late.error());
  o.early_s = int(*early);
  o.late_s = int(*late);
  if (auto p = req.q("peaks"); p && !p->empty()) {
    auto peaks = parse_peaks(*p);
    if (!peaks) return fail(peaks.error());
    o.peaks = std::move(*peaks);
  }
  if (!n.empty()) o.utc_offset_s = n.utc_offset(now);
  return o;
}

Result<std::pair<Date, Date>> range_of(const Request& req, Date now_day, int fallback_days) {
  auto date = http::query_date(req, "date");
  if (!date) return fail(date.error());
  if (*date) return std::pair{**date, **date};
  auto from = http::query_date(req, "from");
  if (!from) return fail(from.error());
  auto to = http::query_date(req, "to");
  if (!to) return fail(to.error());
  const Date t = to->value_or(now_day);
  const Date f = from->value_or(t - std::chrono::days(fallback_days - 1));
  if (f > t) return fail(Error::invalid("开始日期晚于结束日期", "from"));
  if (t - f > std::chrono::days(366)) return fail(Error::invalid("一次最多查询一年", "from"));
  return std::pair{f, t};
}

Result<std::pair<Date, Date>> path_period(const Request& req, Period period) {
  switch (period) {
    case Period::kPathDate: {
      auto d = parse_date(req.params.at("date"));
      if (!d) return fail(Error::invalid("日期应为 YYYY-MM-DD", "date"));
      return std::pair{*d, *d};
    }
    case Period::kPathMonth: {
      const auto& m = req.params.at("month");
      auto first = parse_date(m + "-01");
      if (m.size() != 7 || !first) return fail(Error::invalid("月份应为 YYYY-MM", "month"));
      const std::chrono::year_month_day ymd{*first};
      return std::pair{*first, last_day_of_month(int(ymd.year()), unsigned(ymd.month()))};
    }
    default: {
      const auto& y = req.params.at("year");
      auto first = parse_date(y + "-01-01");
      if (y.size() != 4 || !first) return fail(Error::invalid("年份应为 YYYY", "year"));
      return std::pair{*first, *parse_date(y + "-12-31")};
    }
  }
}

}  // namespace

Date today(const Network& n, std::int64_t now) {
  return n.empty() ? shanghai_date(Instant{std::chrono::seconds{now}}) : n.local_date(now);
}

Result<KpiQuery> kpi_query(const Services& sv, const Request& req, Period period,
                           int fallback_days) {
  KpiQuery q;
  std::pair<Date, Date> range;
  if (period == Period::kRange) {
    // The period is checked before the network is read: a bad date is the caller's fault.
  } else if (period == Period::kRequiredDate) {
    auto d = http::require_query_date(req, "date");
    if (!d) return fail(d.error());
    range = {*d, *d};
  } else {
    auto p = path_period(req, period);
    if (!p) return fail(p.error());
    range = *p;
  }
  auto n = sv.network.get();
  if (!n) return fail(n.error());
  q.network = *n;
  q.now = unix_seconds(sv.clock.now());
  auto o = options_of(req, *q.network, q.now);
  if (!o) return fail(o.error());
  q.options = std::move(*o);
  if (period == Period::kRange) {
    auto r = range_of(req, today(*q.network, q.now), fallback_days);
    if (!r) return fail(r.error());
    range = *r;
  }
  q.from = range.first;
  q.to = range.second;
  return q;
}

std::map<std::string, std::string> route_agencies(const Network& n) {
  const auto& f = n.feed();
  const std::string only = f.agencies.size() == 1 ? f.agencies.front().id : "";
  std::map<std::string, std::string> out;
  for (const auto& r : f.routes) out[r.id] = r.agency_id.empty() ? only : r.agency_id;
  return out;
}

std::string route_title(const Network& n, const std::string& route_id) {
  for (const auto& r : n.feed().routes)
    if (r.id == route_id) return r.short_name.empty() ? route_id : r.short_name + "路";
  return route_id;
}

}  // namespace zt::transit::kpi

// What every KPI route reads first: the active network, the clock's now, the on-time window and
// peaks (?early=&late=&peaks=), and the period asked for — ?date= or ?from=&to= (at most a year),
// a required ?date=, or the path's {date}, {month} (YYYY-MM) or {year} (YYYY). Bad input is a 400
// naming the parameter.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>

#include "core/http.hpp"
#include "transit/api.hpp"
#include "transit/kpi/kpi.hpp"
#include "transit/network.hpp"

namespace zt::transit::kpi {

enum class Period {
  kRange,         // ?date= or ?from=&to=; absent: the `fallback_days` up to today
  kRequiredDate,  // ?date=, required
  kPathDate,      // {date}
  kPathMonth,     // {month}
  kPathYear,      // {year}
};

struct KpiQuery {
  std::shared_ptr<const Network> network;  // never null (empty before a feed is imported)
  std::int64_t now = 0;                    // unix seconds of the module's clock
  KpiOptions options;
  Date from, to;  // the period, inclusive
};

Result<KpiQuery> kpi_query(const Services& sv, const http::Request& req, Period period,
                           int fallback_days = 1);

// The agency's local date now (Shanghai before a feed is imported).
Date today(const Network& n, std::int64_t now);

// Each route's agency_id in the network (routes without one: the feed's only agency, or "").
std::map<std::string, std::string> route_agencies(const Network& n);
// A route's display name: its short name with 路, else its id.
std::string route_title(const Network& n, const std::string& route_id);

}  // namespace zt::transit::kpi

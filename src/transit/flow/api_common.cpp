#include "transit/flow/api_common.hpp"

#include "transit/kpi/kpi_query.hpp"

namespace zt::transit::flow {

std::string stop_name(const Network& n, const std::string& id) {
  auto s = n.find_stop(id);
  return s ? n.stop(*s).name : id;
}

std::string stop_code(const Network& n, const std::string& id) {
  auto s = n.find_stop(id);
  return s ? n.stop(*s).code : "";
}

std::string route_name(const Network& n, const std::string& id) { return kpi::route_title(n, id); }

Result<Date> path_date(const http::Request& req) {
  auto d = parse_date(req.params.at("date"));
  if (!d) return fail(Error::invalid("日期须为 YYYY-MM-DD", "date"));
  return *d;
}

Result<FlowDay> stored_day(Store& store, Date day) {
  auto d = find_flow_day(store, day);
  if (!d) return fail(d.error());
  if (!*d) return fail(Error::not_found(format_date(day) + " 没有客流分析数据"));
  return std::move(**d);
}

}  // namespace zt::transit::flow

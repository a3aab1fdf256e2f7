// The holiday calendar and identifier checks.
#include "core/core_api_routes.hpp"

#include "core/identifiers.hpp"

namespace zt::core_routes {

using http::Request;
using http::Response;
using nlohmann::json;

void register_calendar_routes(http::Router& router, const Context& core) {
  router.add(
      "GET", "/api/v1/calendar/working-days", Permission::kAuthenticated,
      "Working days in (from, to]", [&core](Request& req) -> Result<Response> {
        auto from = http::require_query_date(req, "from");
        if (!from) return fail(from.error());
        auto to = http::require_query_date(req, "to");
        if (!to) return fail(to.error());
        return Response::json({{"from", format_date(*from)},
                               {"to", format_date(*to)},
                               {"working_days", core.calendar.working_days_between(*from, *to)}});
      });
  router.add("GET", "/api/v1/calendar/add-working-days", Permission::kAuthenticated,
             "The n-th working day after a date", [&core](Request& req) -> Result<Response> {
               auto d = http::require_query_date(req, "date");
               if (!d) return fail(d.error());
               auto n = http::query_int(req, "n", 0, 3660);
               if (!n) return fail(n.error());
               if (!*n) return fail(Error::invalid("缺少参数 n（0 到 3660 的整数）", "n"));
               int count = int(**n);
               auto out = core.calendar.add_working_days(*d, count);
               return Response::json(
                   {{"date", format_date(*d)}, {"n", count}, {"result", format_date(out)}});
             });
  router.add("GET", "/api/v1/calendar/{year}", Permission::kAuthenticated,
             "Holidays and make-up working days of a year, with the source notice",
             [&core](Request& req) -> Result<Response> {
               auto y = http::path_id(req, "year", 9999);
               if (!y) return fail(y.error());
               int year = int(*y);
               if (!core.calendar.covers(year))
                 return fail(Error::not_found("没有 " + std::to_string(year) + " 年的官方日历"));
               json days = json::array();
               for (const auto& [d, ex] : core.calendar.exceptions()) {
                 std::chrono::year_month_day ymd{d};
                 if (int(ymd.year()) != year) continue;
                 days.push_back({{"date", format_date(d)}, {"name", ex.name}, {"off", ex.off}});
               }
               return Response::json(
                   {{"year", year}, {"sources", *core.calendar.sources(year)}, {"days", days}});
             });

  router.add("GET", "/api/v1/identifiers/check", Permission::kAuthenticated,
             "Validate a credit code, resident ID or division code (?type=&value=)",
             [&core](Request& req) -> Result<Response> {
               auto type_q = http::query_enum(req, "type", {"uscc", "resident_id", "division"});
               if (!type_q) return fail(type_q.error());
               auto value_q = http::query_string(req, "value", 64);
               if (!value_q) return fail(value_q.error());
               auto type = type_q->value_or("");
               auto value = value_q->value_or("");
               Status st;
               json extra = json::object();
               if (type == "uscc") {
                 st = validate_uscc(value);
               } else if (type == "resident_id") {
                 auto r = parse_resident_id(value, shanghai_date(core.clock.now()));
                 if (r) {
                   extra = {{"birth_date", format_date(r->birth_date)},
                            {"division", r->division},
                            {"division_name", division_name(r->division).value_or("")}};
                 } else {
                   st = fail(r.error());
                 }
               } else if (type == "division") {
                 st = validate_division_code(value);
                 if (st) extra = {{"name", division_name(value).value_or("")}};
               } else {
                 return fail(Error::invalid("type 须为 uscc、resident_id 或 division", "type"));
               }
               json out{{"type", type}, {"valid", bool(st)}};
               if (!st) out["reason"] = st.error().message;
               for (auto& [k, v] : extra.items()) out[k] = v;
               return Response::json(out);
             });
}

}  // namespace zt::core_routes

// Routes for the dashboard and the dated commitments it tracks.
#include "core/calendar.hpp"
#include "supervision/api.hpp"
#include "supervision/api_json.hpp"
#include "supervision/api_util.hpp"

namespace zt::supervision {
namespace {

using http::Request;
using http::Response;

Result<int> year_param(const Request& req, const Clock& clock) {
  auto y = http::query_int(req, "year", 2000, 2100);
  if (!y) return fail(y.error());
  if (!*y) return int(std::chrono::year_month_day(shanghai_date(clock.now())).year());
  return int(**y);
}

}  // namespace

void register_dashboard_routes(http::Router& router, const Services& s) {
  auto& dashboard = s.dashboard;
  auto& clock = s.clock;
  router.add("GET", "/api/v1/supervision/dashboard", Permission::kSupervision,
             "Dashboard of a year (?year=): filing by unit and month, progress by section, "
             "targets vs latest figures, commitments (the user's scope)",
             [&dashboard, &clock](Request& req) -> Result<Response> {
               auto year = year_param(req, clock);
               if (!year) return fail(year.error());
               auto d = dashboard.build(req.who(), *year);
               if (!d) return fail(d.error());
               return Response::json(dashboard_json(*d));
             });
  router.add("GET", "/api/v1/supervision/commitments", Permission::kSupervision,
             "Dated commitments (承诺事项) with deadlines, overdue first in counts (?year=)",
             [&dashboard](Request& req) -> Result<Response> {
               auto y = http::query_int(req, "year", 2000, 2100);
               if (!y) return fail(y.error());
               std::optional<int> year;
               if (*y) year = int(**y);
               auto c = dashboard.commitments(req.who(), year);
               if (!c) return fail(c.error());
               return Response::json(commitments_json(*c));
             });
  router.add("POST", "/api/v1/supervision/commitments/{id}/done",
             {Permission::kSupervision, http::Scope::kOwnUnit},
             "Mark a commitment done with a note (office, or a unit it is assigned to)",
             [&dashboard](Request& req) -> Result<Response> {
               auto id = http::path_id(req, "id");
               if (!id) return fail(id.error());
               const auto& p = req.who();
               auto body = http::parse_json_body(req);
               if (!body) return fail(body.error());
               auto note = http::require_string(*body, "note");
               if (!note) return fail(note.error());
               if (auto st = dashboard.mark_done(p, *id, *note, req.request_id); !st)
                 return fail(st.error());
               return Response::json({{"id", *id}, {"done", true}});
             });
}

}  // namespace zt::supervision

#include "supervision/module.hpp"

#include "core/http_fields.hpp"
#include "supervision/reminders.hpp"
#include "supervision/schema.hpp"
#include "supervision/scope.hpp"

namespace zt::supervision {

SupervisionModule::SupervisionModule(const Context& ctx)
    : ctx_(ctx),
      ledger_(ctx.store, ctx.org, ctx.clock),
      reporting_(ctx.store, ctx.clock),
      progress_(ctx.store, ctx.clock),
      inspections_(ctx.store, ctx.clock),
      attachments_(ctx.store, reporting_, ctx.clock),
      dashboard_(ctx.store, progress_, ctx.clock),
      services_{ctx.store,    ctx.clock,  ledger_,
                reporting_,   progress_,  inspections_,
                attachments_, dashboard_, ctx.config.reminder_days} {}

std::vector<MigrationSet> SupervisionModule::migrations() const {
  return {supervision::migrations()};
}

void SupervisionModule::register_routes(http::Router& router) {
  // The order routes have always been added in: the first route that matches a path wins.
  register_record_routes(router, services_);
  register_dashboard_routes(router, services_);
  supervision::register_routes(router, services_);
  register_task_routes(router, services_);
}

std::map<std::string, AuditVisibility> SupervisionModule::audit_visibility() {
  std::map<std::string, AuditVisibility> out;
  out["task"] = [&store = ctx_.store](const Principal& p, const std::string& id) -> Status {
    auto task = http::parse_int(id, "object", 1);
    if (!task) return fail(Error::invalid("任务编号无效", "object"));
    auto ok = may_see_task(store, p, TaskId{*task});
    if (!ok) return fail(ok.error());
    if (!*ok) return fail(Error::forbidden("无权查看该任务的记录"));
    return {};
  };
  return out;
}

Status SupervisionModule::run_jobs(bool force, nlohmann::json& out) {
  // Asia/Shanghai has kept UTC+8 without daylight saving since 1991.
  const auto hour = ((unix_seconds(ctx_.clock.now()) + 8 * 3600) % 86400) / 3600;
  if (!force && hour < ctx_.config.reminder_hour) return {};
  auto r = queue_reminders(ctx_.store, reporting_, ctx_.clock, ctx_.config.reminder_days);
  if (!r) return fail(r.error());
  out["reminders"] = {{"units", r->units}, {"queued", r->queued}};
  return {};
}

}  // namespace zt::supervision

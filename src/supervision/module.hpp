// The supervision module (督查督办): the ledger, slot reporting, progress, 督查 records,
// attachments and the dashboard, with their routes and the daily report reminders.
#pragma once

#include "core/module.hpp"
#include "supervision/api.hpp"
#include "supervision/attachments.hpp"
#include "supervision/dashboard.hpp"
#include "supervision/inspections.hpp"
#include "supervision/ledger.hpp"
#include "supervision/progress.hpp"
#include "supervision/reporting.hpp"

namespace zt::supervision {

// Owns the module's services, built from `ctx` (which must outlive it). Thread-safety: as Module;
// the services are safe for concurrent requests.
class SupervisionModule final : public Module {
 public:
  explicit SupervisionModule(const Context& ctx);

  std::string_view name() const override { return "supervision"; }
  std::vector<MigrationSet> migrations() const override;
  void register_routes(http::Router& router) override;
  // "task": who may see the task (supervision scope).
  std::map<std::string, AuditVisibility> audit_visibility() override;
  // Today's report reminders, from [outbox] reminder_hour on (Shanghai), or at once when `force`:
  // out["reminders"] = {"units", "queued"}.
  Status run_jobs(bool force, nlohmann::json& out) override;

  Ledger& ledger() { return ledger_; }
  Reporting& reporting() { return reporting_; }
  ProgressBoard& progress() { return progress_; }
  Dashboard& dashboard() { return dashboard_; }

 private:
  const Context& ctx_;
  Ledger ledger_;
  Reporting reporting_;
  ProgressBoard progress_;
  Inspections inspections_;
  Attachments attachments_;  // uses reporting_
  Dashboard dashboard_;      // uses progress_
  Services services_;        // what the routes hold
};

}  // namespace zt::supervision

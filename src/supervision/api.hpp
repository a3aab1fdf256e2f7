// The supervision module's HTTP routes, added by supervision::SupervisionModule.
#pragma once

#include "core/clock.hpp"
#include "core/http.hpp"
#include "core/store.hpp"
#include "supervision/attachments.hpp"
#include "supervision/dashboard.hpp"
#include "supervision/inspections.hpp"
#include "supervision/ledger.hpp"
#include "supervision/progress.hpp"
#include "supervision/reporting.hpp"

namespace zt::supervision {

// What the routes work with; all owned by the module and outliving the router's use.
struct Services {
  Store& store;
  const Clock& clock;
  Ledger& ledger;
  Reporting& reporting;
  ProgressBoard& progress;
  Inspections& inspections;
  Attachments& attachments;
  Dashboard& dashboard;
  int reminder_days;  // [outbox] reminder_days
};

// The ledger, reporting, progress, bulletins and the gazette import (api.cpp).
void register_routes(http::Router& router, const Services& s);
// Leaders' accounts, 督查 records, attachments, a slot's numeric targets (api_records.cpp).
void register_record_routes(http::Router& router, const Services& s);
// The task page, the units the filters offer, 催报 (api_tasks.cpp).
void register_task_routes(http::Router& router, const Services& s);
// The dashboard and commitments (api_dashboard.cpp).
void register_dashboard_routes(http::Router& router, const Services& s);

}  // namespace zt::supervision

// The supervision module's HTTP routes.
#pragma once

#include <map>
#include <string>

#include "core/core_api.hpp"
#include "core/http.hpp"
#include "supervision/attachments.hpp"
#include "supervision/dashboard.hpp"
#include "supervision/inspections.hpp"
#include "supervision/ledger.hpp"
#include "supervision/progress.hpp"
#include "supervision/reporting.hpp"

namespace zt::supervision {

void register_routes(http::Router& router, Ledger& ledger, Reporting& reporting,
                     ProgressBoard& progress, Store& store,
                     std::map<std::string, AuditVisibility>& audit_visibility);
// Leaders' accounts, 督查 records, attachments, a slot's numeric targets (api_records.cpp).
void register_record_routes(http::Router& router, Ledger& ledger, Reporting& reporting,
                            Inspections& inspections, Attachments& attachments, Store& store,
                            const Clock& clock, int reminder_days);

// The dashboard and commitments (api_dashboard.cpp).
void register_dashboard_routes(http::Router& router, Dashboard& dashboard, const Clock& clock);

}  // namespace zt::supervision

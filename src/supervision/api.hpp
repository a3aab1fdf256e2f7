// The supervision module's HTTP routes.
#pragma once

#include <map>
#include <string>

#include "core/core_api.hpp"
#include "core/http.hpp"
#include "supervision/ledger.hpp"
#include "supervision/progress.hpp"
#include "supervision/reporting.hpp"

namespace zt::supervision {

void register_routes(http::Router& router, Ledger& ledger, Reporting& reporting,
                     ProgressBoard& progress, Store& store,
                     std::map<std::string, AuditVisibility>& audit_visibility);

}  // namespace zt::supervision

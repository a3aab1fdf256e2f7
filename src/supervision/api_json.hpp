// The supervision module's results as the HTTP API answers them. The domain returns structs;
// only the route files serialise, through these, so the keys a page or a test reads are written
// down once (and a renamed key cannot break a printed 通报, which reads the structs).
#pragma once

#include <nlohmann/json.hpp>

#include "supervision/dashboard.hpp"
#include "supervision/ledger.hpp"
#include "supervision/ledger_sheet.hpp"
#include "supervision/reporting.hpp"

namespace zt::supervision {

nlohmann::json slot_json(const SlotView& s);
nlohmann::json task_json(const Ledger::TaskView& t);
nlohmann::json kpi_json(const KpiView& k);
// A target's automatic monthly figures: [{period, value, count, metric, source, query, …}].
nlohmann::json system_trend_json(const std::vector<SystemFigure>& figures);
nlohmann::json bulletin_json(const Bulletin& b);

nlohmann::json dashboard_json(const DashboardView& d);
nlohmann::json commitments_json(const Commitments& c);

nlohmann::json ledger_sheet_json(const LedgerSheetReport& r);

}  // namespace zt::supervision

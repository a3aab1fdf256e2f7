// The ledger feed: each month's figure of every numeric target the mapping (kpi_metrics.hpp)
// ties to a module's metric, computed by that module's MetricProvider and recorded in
// supervision as a system figure (supervision/system_figures.hpp) — the finished months of the
// last year and the current month to date. Run in the App's job round.
#pragma once

#include <span>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/metrics_provider.hpp"
#include "core/store.hpp"

namespace zt {

// How many months back (the current one included) the feed looks.
inline constexpr int kLedgerFeedMonths = 12;
// A figure is recomputed at most this often; a finished month once more after it is final
// (two days after its end, when its last service day's records are in), then never unless forced.
inline constexpr std::chrono::seconds kLedgerFeedRefresh{3600};

// One round at `now`: for each mapped target whose metric a provider offers in the target's own
// unit, each month of the window that is due (never computed; the current month's figure older
// than kLedgerFeedRefresh; a finished month's not final) — every month when `force` — is
// computed once per metric and recorded, replacing the month's earlier figure (idempotent). A
// month without data records nothing. Returns counts: {targets, recorded, unchanged, no_data,
// unmapped}.
// Thread-safety: as the store and the providers; the App runs one round at a time.
Result<nlohmann::json> feed_ledger(Store& store, std::span<MetricProvider* const> providers,
                                   Instant now, bool force, int months = kLedgerFeedMonths);

}  // namespace zt

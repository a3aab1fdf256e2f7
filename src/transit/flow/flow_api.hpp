// The passenger-flow routes (/api/v1/transit/flow/...): a day of fare taps uploaded, matched to
// the day's stored stop visits, chained and stored as aggregates; the days, a day's summary and
// Excel export, and the segment loads the scheduling work reads; the counters' counts uploaded
// before the taps; riders by stop and zone and the TIDES export. Planners and admins only.
#pragma once

#include <string>

#include "core/http.hpp"
#include "transit/api.hpp"
#include "transit/flow/flow_store.hpp"

namespace zt::transit::flow {

// Infers `taps` against `visits` (of `day` on `n`), with the counters' `apc` where there are
// any, and stores the day's aggregates (source "clearing", "tides" or "simulated"), audited.
Result<FlowDay> infer_and_save(Store& store, const Network& n, Date day, std::string source,
                               const std::vector<Tap>& taps, std::vector<StopEvent> visits,
                               const std::vector<ApcCount>& apc, Instant now, const Actor& actor);

// Counter files uploaded for a day, and their figures (api_counts.cpp).
void register_count_routes(http::Router& router, const Services& s);
// A day's riders by stop and by zone, and its TIDES stop_visits export (api_places.cpp).
void register_place_routes(http::Router& router, const Services& s);

// `token_secret` ([flow] token_secret; "" refuses uploads) must outlive the router.
void register_flow_routes(http::Router& router, const Services& s, const std::string& token_secret);

}  // namespace zt::transit::flow

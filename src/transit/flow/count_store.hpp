// A day's passenger counts in the store (transit migration 13): the counts laid on stop visits
// (tr_flow_counts) and what the upload read (tr_flow_count_days). Uploading a day's counts
// replaces them whole, audited; the day's taps, uploaded after, are expanded to them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/audit.hpp"
#include "core/calendar.hpp"
#include "core/clock.hpp"
#include "core/store.hpp"
#include "transit/flow/apc_counts.hpp"
#include "transit/network.hpp"

namespace zt::transit::flow {

struct CountDay {
  Date day;
  std::string source;  // "passenger_events" or "stop_visits"
  std::size_t events = 0, matched = 0, no_visits_of_vehicle = 0, no_visit_near_time = 0;
  std::int64_t boarded = 0, alighted = 0;
  std::size_t vehicles = 0;
  std::string created_by;
  std::int64_t created_at = 0;
  nlohmann::json to_json() const;
};

// Replaces `day`'s counts with `match`'s, audited as `actor`; the figures as stored.
Result<CountDay> save_counts(Store& store, const Network& n, Date day, std::string source,
                             const CountMatch& match, Instant now, const Actor& actor);
Result<std::optional<CountDay>> find_count_day(Store& store, Date day);
// The day's counts on trips `n` has (a count on a trip a later feed dropped is left out).
Result<std::vector<ApcCount>> load_counts(Store& store, const Network& n, Date day);
// The riders on and off that live reports (JSON AVL, JT/T 808) carried during `day`'s service
// (its local midnight to 06:00 the next morning), by vehicle and time.
Result<std::vector<CountEvent>> load_live_counts(Store& store, const Network& n, Date day);
// The counts a day's taps are expanded to: the file's, and for vehicles the file does not count,
// the live reports' laid on `visits` (the day's); `live` gets what the live reports matched.
Result<std::vector<ApcCount>> day_counts(Store& store, const Network& n, Date day,
                                         const std::vector<StopEvent>& visits,
                                         CountMatch* live = nullptr);

}  // namespace zt::transit::flow

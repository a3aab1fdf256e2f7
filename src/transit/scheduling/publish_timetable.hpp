// A timetable proposal (行车计划) published: in a copy of the active feed, one route's trips in one
// direction on the service that runs on the chosen day (past the feed's range: the latest day like
// it) are replaced by the proposal's, each a copy of that service's longest trip of the route and
// direction (its stops, shape and headsign) with the stop times stretched to the trip's running
// time. Stored as a new feed version and made
// active, so the boards, predictions, blocks and KPIs follow the new plan.
#pragma once

#include <span>
#include <string>

#include "transit/feed_store.hpp"
#include "transit/network.hpp"
#include "transit/scheduling/timetable.hpp"

namespace zt::transit::scheduling {

struct TimetableFeed {
  Feed feed;
  std::string service_id, template_trip;
  int removed = 0;  // trips of the route and direction on the service, frequency-based included
  int added = 0;
};
// Fails (400) when the route has no trip in `direction` on a service that runs on `date`, or when
// `trips` are empty, not in departure order or end before they begin.
Result<TimetableFeed> feed_with_timetable(const Network& n, const std::string& route_id,
                                          int direction, Date date,
                                          std::span<const TimetableTrip> trips);

struct PublishedTimetable {
  FeedVersion version;
  std::string service_id;
  int removed = 0, added = 0;
};
// Stores feed_with_timetable as a new version named after `source_name`, the route and the date,
// audited as `who` by import_feed; `force` as the source was imported. The caller reloads.
Result<PublishedTimetable> publish_timetable(Store& store, const Network& n,
                                             const std::string& source_name, bool force,
                                             const std::string& route_id, int direction, Date date,
                                             std::span<const TimetableTrip> trips, Instant now,
                                             const Actor& who);

}  // namespace zt::transit::scheduling

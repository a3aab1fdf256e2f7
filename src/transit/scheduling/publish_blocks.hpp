// A service day's optimal vehicle blocks published (车辆排班发布): the active feed with each trip
// of the day given its block (路牌 B0001 …) as `block_id`, stored as a new feed version and made
// active, so that the dispatchers assign buses and drivers to those blocks and the terminal
// boards follow them. Trips that do not run on the day keep their block_id; a frequencies.txt
// trip (several runs, one block_id) keeps its own and is counted.
#pragma once

#include "transit/feed_store.hpp"
#include "transit/network.hpp"
#include "transit/scheduling/day_blocks.hpp"

namespace zt::transit::scheduling {

struct BlockedFeed {
  Feed feed;
  int vehicles = 0;        // blocks of the day
  int trips = 0;           // trips given a block
  int kept_frequency = 0;  // frequency-based trips left as they were
};
// The feed of `n` with `date`'s blocks written in; fails as day_blocks does.
Result<BlockedFeed> feed_with_blocks(const Network& n, Date date, const BlockOptions& o);

struct PublishedBlocks {
  FeedVersion version;
  int vehicles = 0, trips = 0, kept_frequency = 0;
};
// Stores feed_with_blocks as a new version named after `source_name` and the date, audited as
// `who` by import_feed; `force` as the source version was imported. The caller reloads the
// network it serves.
Result<PublishedBlocks> publish_blocks(Store& store, const Network& n,
                                       const std::string& source_name, bool force, Date date,
                                       const BlockOptions& o, Instant now, const Actor& who);

}  // namespace zt::transit::scheduling

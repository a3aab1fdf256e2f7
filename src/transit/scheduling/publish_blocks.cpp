#include "transit/scheduling/publish_blocks.hpp"

#include <set>

#include <fmt/format.h>

namespace zt::transit::scheduling {

Result<BlockedFeed> feed_with_blocks(const Network& n, Date date, const BlockOptions& o) {
  auto d = day_blocks(n, date, o);
  if (!d) return fail(d.error());
  BlockedFeed out{n.feed(), d->plan.vehicles, 0, 0};
  std::set<std::uint32_t> frequency;
  for (std::size_t i = 0; i < d->trips.size(); ++i) {
    const auto& t = d->trips[i];
    if (t.start_offset >= 0) {
      frequency.insert(t.trip);
      continue;
    }
    out.feed.trips[t.trip].block_id = block_name(d->plan.block_of[i], d->plan.vehicles);
    ++out.trips;
  }
  out.kept_frequency = int(frequency.size());
  return out;
}

Result<PublishedBlocks> publish_blocks(Store& store, const Network& n,
                                       const std::string& source_name, bool force, Date date,
                                       const BlockOptions& o, Instant now, const Actor& who) {
  auto blocked = feed_with_blocks(n, date, o);
  if (!blocked) return fail(blocked.error());
  // The source's own name without an earlier publication's suffix, so versions do not pile up.
  std::string base = source_name;
  if (auto at = base.find(" · 路牌 "); at != std::string::npos) base.resize(at);
  auto v = import_feed(store, blocked->feed, fmt::format("{} · 路牌 {}", base, format_date(date)),
                       force, {}, now, who);
  if (!v) return fail(v.error());
  return PublishedBlocks{*v, blocked->vehicles, blocked->trips, blocked->kept_frequency};
}

}  // namespace zt::transit::scheduling

// GTFS feeds in the store, each import a new version: written in one transaction and made the
// active version only when every row is in, so a failed or refused import leaves the previous
// version serving.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/audit.hpp"
#include "core/migrations.hpp"
#include "core/store.hpp"
#include "transit/gtfs.hpp"

namespace zt::transit {

struct FeedVersion {
  std::int64_t id = 0;
  std::string name;
  Instant imported_at;
  bool active = false;
  bool forced = false;
  nlohmann::json summary;
};

// Called as rows are written: table, rows done, rows in that table.
using Progress = std::function<void(std::string_view, std::size_t, std::size_t)>;

// Stores `feed` as a new version and activates it. A feed with errors is refused (rule
// "gtfs-errors") unless `force`.
Result<FeedVersion> import_feed(Store& store, const Feed& feed, const std::string& name, bool force,
                                const Progress& progress, Instant now, const Actor& actor);

Result<std::vector<FeedVersion>> list_feeds(Store& store);

// {"id","name","imported_at" (Beijing time),"active","forced","summary"}, as the API shows it.
nlohmann::json feed_version_json(const FeedVersion& f);

}  // namespace zt::transit

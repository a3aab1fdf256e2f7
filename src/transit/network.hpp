// The active GTFS feed in memory for answering stop boards fast: stop times grouped by trip,
// the trips calling at each stop, which services run on a date, and the agency's time zone.
// Immutable once built; an import builds a new one and swaps it in.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <date/tz.h>

#include "core/store.hpp"
#include "transit/geometry.hpp"
#include "transit/gtfs.hpp"

namespace zt::transit {

class Network {
 public:
  // The active feed version, or an empty network when none is imported.
  static Result<std::shared_ptr<const Network>> load(Store& store);
  // From a feed in memory (tests, replay).
  static std::shared_ptr<const Network> from_feed(Feed feed, std::int64_t version = 0);

  const Feed& feed() const { return feed_; }
  std::int64_t version() const { return version_; }
  bool empty() const { return feed_.trips.empty(); }
  // Stop times of a trip: [begin, end) in feed().stop_times.
  std::pair<std::size_t, std::size_t> trip_span(std::uint32_t trip) const { return spans_[trip]; }
  const std::vector<std::uint32_t>& calls_at(std::uint32_t stop) const { return calls_[stop]; }
  const std::vector<const Frequency*>& frequencies_of(std::uint32_t trip) const {
    return freqs_[trip];
  }
  bool runs(const std::string& service_id, Date day) const;
  // The date whose timetable serves `day`: itself inside the feed's range, otherwise the latest
  // date in range on the same weekday (an expired demo feed still shows a typical day).
  Date timetable_day(Date day) const;
  // Unix seconds of a GTFS time (seconds since "noon minus 12 h") on a service day.
  std::int64_t at(Date day, int gtfs_seconds) const;
  // The agency's local date of an instant.
  Date local_date(std::int64_t unix) const;
  // Local time minus UTC at an instant, seconds.
  std::int64_t utc_offset(std::int64_t unix) const;
  // Paths, stop patterns and the spatial grid for matching buses to trips.
  const Geometry& geometry() const { return geometry_; }

 private:
  void index();
  Feed feed_;
  std::int64_t version_ = 0;
  const date::time_zone* tz_ = nullptr;
  std::vector<std::pair<std::size_t, std::size_t>> spans_;
  std::vector<std::vector<std::uint32_t>> calls_;
  std::vector<std::vector<const Frequency*>> freqs_;
  std::unordered_map<std::string, std::vector<std::pair<Date, int>>> exceptions_;
  std::unordered_map<std::string, const Service*> services_;
  std::optional<Date> first_, last_;
  Geometry geometry_;
};

// Holds the current network and swaps in a new one after an import.
class NetworkHolder {
 public:
  explicit NetworkHolder(Store& store) : store_(store) {}
  Result<std::shared_ptr<const Network>> get();
  Status reload();

 private:
  Store& store_;
  std::mutex mu_;
  std::shared_ptr<const Network> current_;
};

}  // namespace zt::transit

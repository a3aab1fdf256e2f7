// The active GTFS feed in memory for answering stop boards fast: stop times grouped by trip,
// the trips calling at each stop, which services run on a date, and the agency's time zone.
// Immutable once built; an import builds a new one and swaps it in.
#pragma once

#include <compare>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <date/tz.h>

#include "core/store.hpp"
#include "transit/geometry.hpp"
#include "transit/gtfs.hpp"

namespace zt::transit {

// A strong index into one of a feed's tables (nigiri's cista::strong): a TripIdx cannot be passed
// where a StopIdx is expected. 32 bits like the feed's own indices; index 0 is a real row, unlike
// core's Id, so there is no "unset" value. Only meaningful for the network it came from.
template <class Tag>
struct Idx {
  std::uint32_t value = 0;
  constexpr auto operator<=>(const Idx&) const = default;
};
using TripIdx = Idx<struct TripIdxTag>;  // into Feed::trips
using StopIdx = Idx<struct StopIdxTag>;  // into Feed::stops

class Network {
 public:
  // The active feed version, or an empty network when none is imported.
  static Result<std::shared_ptr<const Network>> load(Store& store);
  // From a feed in memory (tests, replay).
  static std::shared_ptr<const Network> from_feed(Feed feed, std::int64_t version = 0);

  const Feed& feed() const { return feed_; }
  std::int64_t version() const { return version_; }
  bool empty() const { return feed_.trips.empty(); }
  std::size_t trip_count() const { return feed_.trips.size(); }
  const Trip& trip(TripIdx t) const { return feed_.trips[t.value]; }
  const Stop& stop(StopIdx s) const { return feed_.stops[s.value]; }
  // The trip and stop of a stop time, typed (the feed keeps them as bare indices).
  static TripIdx trip_of(const StopTime& st) { return TripIdx{st.trip}; }
  static StopIdx stop_of(const StopTime& st) { return StopIdx{st.stop}; }
  std::optional<TripIdx> find_trip(const std::string& trip_id) const;
  std::optional<StopIdx> find_stop(const std::string& stop_id) const;
  // Stop times of a trip: [begin, end) in feed().stop_times.
  std::pair<std::size_t, std::size_t> trip_span(TripIdx trip) const { return spans_[trip.value]; }
  // Positions in feed().stop_times of every call at the stop.
  const std::vector<std::uint32_t>& calls_at(StopIdx stop) const { return calls_[stop.value]; }
  const std::vector<const Frequency*>& frequencies_of(TripIdx trip) const {
    return freqs_[trip.value];
  }
  bool runs(const std::string& service_id, Date day) const;
  // The trip a vehicle runs after `trip` in its block (GTFS block_id) on service day `day`: the
  // block's next trip running that day by first departure; none without a block, after its last
  // trip, or for frequency-based trips (a block of runs has no one next trip).
  std::optional<TripIdx> next_in_block(TripIdx trip, Date day) const;
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
  // Per trip, its place in block_trips_ (-1 without a block); each block's trips by departure.
  std::vector<std::int32_t> block_of_;
  std::vector<std::vector<TripIdx>> block_trips_;
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

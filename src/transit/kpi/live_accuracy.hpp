// Live prediction accuracy: the predictions the server publishes (the fleet's snapshot, which the
// boards, the arrivals API and the GTFS-RT TripUpdates read) sampled once a minute per trip
// instance and stop within the longest horizon, judged when the tracker detects the arrival
// (prediction_accuracy.hpp: the replay's buckets and windows), and counted per service day,
// route and local hour of the prediction; the counts are added to tr_prediction_accuracy
// (transit migration 8) by the module's minute job.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "core/calendar.hpp"
#include "core/store.hpp"
#include "transit/prediction_accuracy.hpp"
#include "transit/predictor.hpp"

namespace zt::transit::kpi {

// Judged counts by service day, route and local hour (0-23) of the prediction.
using AccuracyCells = std::map<std::tuple<Date, std::string, int>, Accuracy>;

// Memory is bounded: at most `max_stops` trip-instance stops waiting for their arrival, each with
// at most one sample a minute of the last kMaxSamples; a stop whose arrival is not seen within an
// hour of its latest prediction is dropped unjudged. Thread-safe.
class LiveAccuracy {
 public:
  static constexpr std::size_t kMaxSamples = 20;
  explicit LiveAccuracy(std::size_t max_stops = 100000) : max_stops_(max_stops) {}

  // Samples the predictions of `snap` at `snap.at` when it was made on `n` (else nothing); a new
  // network version drops the samples of the old one.
  void sample(const Network& n, const LiveSnapshot& snap);
  // Judges the waiting samples of the stops `events` arrived at (visits without an observed
  // arrival judge nothing) and forgets those stops.
  void arrived(const Network& n, std::span<const StopEvent> events);
  // The counts judged since the last take (they move to the recent totals).
  AccuracyCells take();
  // What take() handed over in the `hours` hours up to `now`, summed (for /metrics).
  Accuracy recent(std::int64_t now, int hours = 24) const;
  std::size_t waiting() const;

 private:
  struct Sample {
    std::int64_t issued, predicted;
  };
  struct Waiting {
    std::string route_id;
    Date day;
    std::int64_t utc_offset = 0;
    std::int64_t latest = 0;  // the latest predicted arrival
    std::vector<Sample> samples;
  };
  using Key = std::tuple<TripIdx, std::int64_t, int, std::uint32_t>;  // trip, day, shift, offset
  void reset(const Network& n);                                       // mu_ held

  mutable std::mutex mu_;
  std::size_t max_stops_;
  const Network* network_ = nullptr;
  std::int64_t version_ = -1;
  std::map<Key, Waiting> waiting_;
  AccuracyCells judged_;
  std::map<std::int64_t, Accuracy> by_hour_;  // taken counts by unix hour of the judging
  std::int64_t last_event_ = 0;               // the latest arrival judged
};

// Adds `cells` to the stored counts (one transaction).
Status save_accuracy(Store& store, const AccuracyCells& cells);
// The stored counts of the service days in [from, to].
Result<AccuracyCells> load_accuracy(Store& store, Date from, Date to);

}  // namespace zt::transit::kpi

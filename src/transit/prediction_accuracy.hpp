// How a prediction of an arrival is judged, shared by the replay (replay.hpp) and the live
// accuracy log (kpi/live_accuracy.hpp): Transit App's horizon buckets (horizon = the actual
// arrival − the time the prediction was made) and their windows, a hit when the bus arrives no
// more than the bucket's `early` seconds before and `late` seconds after the prediction; the score
// is the mean of the buckets' hit rates, with the mean absolute error beside it. Pure functions.
//
// The benchmark samples what riders were shown: judging instants every kJudgeStepS seconds of the
// clock in the 15 minutes before each arrival; at each, the prediction on show is the latest one
// issued within the kShownForS seconds before it, and an instant with none is a miss.
#pragma once

#include <cstdint>
#include <functional>
#include <iterator>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace zt::transit {

struct HorizonBucket {
  const char* name;     // "0-3 分钟"
  const char* code;     // "0-3", for metrics labels and the store
  int from_s, to_s;     // horizon in [from, to)
  int early_s, late_s;  // the hit window
};
inline constexpr HorizonBucket kHorizonBuckets[] = {{"0-3 分钟", "0-3", 0, 180, 30, 90},
                                                    {"3-6 分钟", "3-6", 180, 360, 60, 150},
                                                    {"6-10 分钟", "6-10", 360, 600, 60, 210},
                                                    {"10-15 分钟", "10-15", 600, 900, 90, 270}};
inline constexpr int kHorizonBucketCount = int(std::size(kHorizonBuckets));
inline constexpr int kLongestHorizonS = 900;
inline constexpr int kJudgeStepS = 30, kShownForS = 120;

struct Judgement {
  int bucket = 0;            // index into kHorizonBuckets
  bool hit = false;          // within the bucket's window
  std::int64_t error_s = 0;  // actual − predicted: positive when the bus came later
};

// The verdict on a prediction made at `issued` of an arrival at `predicted` that happened at
// `actual`; nullopt when the horizon is outside every bucket (negative or 15 min and more).
std::optional<Judgement> judge_prediction(std::int64_t issued, std::int64_t predicted,
                                          std::int64_t actual);
// The bucket of a horizon (seconds), or -1 outside every bucket.
int horizon_bucket(std::int64_t horizon_s);

struct Accuracy {
  struct Bucket {
    std::string name;
    int n = 0, hits = 0;
    int missing = 0;  // of n: judged instants with no prediction on show (misses, no error)
    double abs_error_sum = 0, signed_error_sum = 0;  // seconds, over n - missing

    int shown() const { return n - missing; }  // instants with a prediction on show
    double hit_rate() const { return n ? double(hits) / n : 0.0; }
    double mae() const { return shown() ? abs_error_sum / shown() : 0.0; }      // seconds
    double bias() const { return shown() ? signed_error_sum / shown() : 0.0; }  // + : came later
  };
  std::vector<Bucket> buckets;  // one per kHorizonBuckets, in order

  static Accuracy empty();
  void add(const Judgement& j);  // counts it in its bucket
  void add(const Accuracy& o);   // adds o's counts bucket by bucket
  void add_missing(int bucket);  // an instant with nothing on show: a miss
  int predictions() const;
  double score() const;  // mean of the buckets' hit rates (buckets without predictions left out)
  double mae() const;    // mean absolute error over all buckets, seconds
  // {score, mae_seconds, predictions, buckets: [{bucket, predictions, hits, missing, accuracy,
  // mae_seconds, bias_seconds}]}
  nlohmann::json to_json() const;
};

// The arrival shown to riders (boards, the arrivals API, TripUpdates) for a bus expected at
// `expected`, as of `now`: earlier by half the asymmetry of the benchmark's tolerance at that
// horizon (30 s near, 90 s at 10-15 min, interpolated between the buckets' middles), because a
// bus that comes after the shown time is waited for and one that comes before it is missed;
// never before `now`. For a symmetric error this centres the tolerance on the expected arrival.
// Dispatch and chaining use the expected times themselves.
std::int64_t shown_arrival(std::int64_t expected, std::int64_t now);

// A prediction as issued: when, and the arrival it gave.
struct Issued {
  std::int64_t issued = 0, predicted = 0;
};
// The prediction on show at `instant` among `issued` (in time order): the latest issued at or
// before it and no more than kShownForS earlier.
std::optional<std::int64_t> shown_at(std::span<const Issued> issued, std::int64_t instant);
// Judges one arrival at `actual` at every judging instant before it from `not_before` on (a
// recording's start): `shown(instant)` is the prediction a rider saw then, nullopt for none.
void judge_arrival(Accuracy& acc, std::int64_t actual,
                   const std::function<std::optional<std::int64_t>(std::int64_t)>& shown,
                   std::int64_t not_before = std::numeric_limits<std::int64_t>::min());

}  // namespace zt::transit

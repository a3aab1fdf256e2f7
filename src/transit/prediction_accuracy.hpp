// How a prediction of an arrival is judged, shared by the replay (replay.hpp) and the live
// accuracy log (kpi/live_accuracy.hpp): Transit App's horizon buckets (horizon = the actual
// arrival − the time the prediction was made) and their windows, a hit when the bus arrives no
// more than the bucket's `early` seconds before and `late` seconds after the prediction; the score
// is the mean of the buckets' hit rates, with the mean absolute error beside it. Pure functions.
#pragma once

#include <cstdint>
#include <iterator>
#include <optional>
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

struct Judgement {
  int bucket = 0;            // index into kHorizonBuckets
  bool hit = false;          // within the bucket's window
  std::int64_t error_s = 0;  // actual − predicted: positive when the bus came later
};

// The verdict on a prediction made at `issued` of an arrival at `predicted` that happened at
// `actual`; nullopt when the horizon is outside every bucket (negative or 15 min and more).
std::optional<Judgement> judge_prediction(std::int64_t issued, std::int64_t predicted,
                                          std::int64_t actual);

struct Accuracy {
  struct Bucket {
    std::string name;
    int n = 0, hits = 0;
    double abs_error_sum = 0, signed_error_sum = 0;  // seconds
  };
  std::vector<Bucket> buckets;  // one per kHorizonBuckets, in order

  static Accuracy empty();
  void add(const Judgement& j);  // counts it in its bucket
  void add(const Accuracy& o);   // adds o's counts bucket by bucket
  int predictions() const;
  double score() const;  // mean of the buckets' hit rates (buckets without predictions left out)
  double mae() const;    // mean absolute error over all buckets, seconds
  // {score, mae_seconds, predictions, buckets: [{bucket, predictions, hits, accuracy,
  // mae_seconds, bias_seconds}]}
  nlohmann::json to_json() const;
};

}  // namespace zt::transit

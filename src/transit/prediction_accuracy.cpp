#include "transit/prediction_accuracy.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace zt::transit {

int horizon_bucket(std::int64_t horizon_s) {
  for (int i = 0; i < kHorizonBucketCount; ++i)
    if (horizon_s >= kHorizonBuckets[i].from_s && horizon_s < kHorizonBuckets[i].to_s) return i;
  return -1;
}

std::optional<Judgement> judge_prediction(std::int64_t issued, std::int64_t predicted,
                                          std::int64_t actual) {
  const int i = horizon_bucket(actual - issued);
  if (i < 0) return std::nullopt;
  const auto& b = kHorizonBuckets[i];
  const std::int64_t err = actual - predicted;
  return Judgement{i, err >= -b.early_s && err <= b.late_s, err};
}

std::int64_t shown_arrival(std::int64_t expected, std::int64_t now) {
  const double h = double(expected - now);
  if (h <= 0) return now;
  // (horizon, lead) at 0 and at each bucket's middle; flat beyond the last.
  double x0 = 0, y0 = 0, lead = 0;
  bool done = false;
  for (const auto& b : kHorizonBuckets) {
    const double x1 = (b.from_s + b.to_s) / 2.0, y1 = (b.late_s - b.early_s) / 2.0;
    if (h <= x1) {
      lead = y0 + (y1 - y0) * (h - x0) / (x1 - x0);
      done = true;
      break;
    }
    x0 = x1, y0 = y1;
  }
  if (!done) lead = y0;
  return std::max(now, expected - std::int64_t(std::llround(lead)));
}

std::optional<std::int64_t> shown_at(std::span<const Issued> issued, std::int64_t instant) {
  auto it = std::upper_bound(issued.begin(), issued.end(), instant,
                             [](std::int64_t t, const Issued& p) { return t < p.issued; });
  if (it == issued.begin()) return std::nullopt;
  --it;
  if (it->issued < instant - kShownForS) return std::nullopt;
  return it->predicted;
}

void judge_arrival(Accuracy& acc, std::int64_t actual,
                   const std::function<std::optional<std::int64_t>(std::int64_t)>& shown,
                   std::int64_t not_before) {
  if (acc.buckets.empty()) acc = Accuracy::empty();
  // The clock's instants in (actual - 15 min, actual].
  const std::int64_t first = std::max(actual - kLongestHorizonS + 1, not_before);
  std::int64_t t = first + ((-first % kJudgeStepS) + kJudgeStepS) % kJudgeStepS;
  for (; t <= actual; t += kJudgeStepS) {
    const int bucket = horizon_bucket(actual - t);
    if (bucket < 0) continue;
    if (auto p = shown(t))
      acc.add(*judge_prediction(t, *p, actual));
    else
      acc.add_missing(bucket);
  }
}

Accuracy Accuracy::empty() {
  Accuracy a;
  for (const auto& b : kHorizonBuckets) a.buckets.push_back({b.name});
  return a;
}

void Accuracy::add(const Judgement& j) {
  if (buckets.empty()) *this = empty();
  auto& b = buckets[std::size_t(j.bucket)];
  b.n++;
  b.hits += j.hit;
  b.abs_error_sum += double(std::llabs(j.error_s));
  b.signed_error_sum += double(j.error_s);
}

void Accuracy::add_missing(int bucket) {
  if (buckets.empty()) *this = empty();
  auto& b = buckets[std::size_t(bucket)];
  b.n++;
  b.missing++;
}

void Accuracy::add(const Accuracy& o) {
  if (buckets.empty()) *this = empty();
  for (std::size_t i = 0; i < buckets.size() && i < o.buckets.size(); ++i) {
    buckets[i].n += o.buckets[i].n;
    buckets[i].hits += o.buckets[i].hits;
    buckets[i].missing += o.buckets[i].missing;
    buckets[i].abs_error_sum += o.buckets[i].abs_error_sum;
    buckets[i].signed_error_sum += o.buckets[i].signed_error_sum;
  }
}

int Accuracy::predictions() const {
  int n = 0;
  for (const auto& b : buckets) n += b.n;
  return n;
}

double Accuracy::score() const {
  double sum = 0;
  int used = 0;
  for (const auto& b : buckets)
    if (b.n) sum += double(b.hits) / b.n, ++used;
  return used ? sum / used : 0;
}

double Accuracy::mae() const {
  double sum = 0;
  int n = 0;
  for (const auto& b : buckets) sum += b.abs_error_sum, n += b.shown();
  return n ? sum / n : 0;
}

nlohmann::json Accuracy::to_json() const {
  auto list = nlohmann::json::array();
  for (const auto& b : buckets)
    list.push_back({{"bucket", b.name},
                    {"predictions", b.n},
                    {"hits", b.hits},
                    {"missing", b.missing},
                    {"accuracy", b.hit_rate()},
                    {"mae_seconds", b.mae()},
                    {"bias_seconds", b.bias()}});
  return {{"score", score()},
          {"mae_seconds", mae()},
          {"predictions", predictions()},
          {"buckets", list}};
}

}  // namespace zt::transit

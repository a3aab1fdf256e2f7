#include "transit/prediction_accuracy.hpp"

#include <cmath>
#include <cstdlib>

namespace zt::transit {

std::optional<Judgement> judge_prediction(std::int64_t issued, std::int64_t predicted,
                                          std::int64_t actual) {
  const std::int64_t horizon = actual - issued;
  for (int i = 0; i < kHorizonBucketCount; ++i) {
    const auto& b = kHorizonBuckets[i];
    if (horizon < b.from_s || horizon >= b.to_s) continue;
    const std::int64_t err = actual - predicted;
    return Judgement{i, err >= -b.early_s && err <= b.late_s, err};
  }
  return std::nullopt;
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

void Accuracy::add(const Accuracy& o) {
  if (buckets.empty()) *this = empty();
  for (std::size_t i = 0; i < buckets.size() && i < o.buckets.size(); ++i) {
    buckets[i].n += o.buckets[i].n;
    buckets[i].hits += o.buckets[i].hits;
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
  for (const auto& b : buckets) sum += b.abs_error_sum, n += b.n;
  return n ? sum / n : 0;
}

nlohmann::json Accuracy::to_json() const {
  auto list = nlohmann::json::array();
  for (const auto& b : buckets)
    list.push_back({{"bucket", b.name},
                    {"predictions", b.n},
                    {"hits", b.hits},
                    {"accuracy", b.n ? double(b.hits) / b.n : 0.0},
                    {"mae_seconds", b.n ? b.abs_error_sum / b.n : 0.0},
                    {"bias_seconds", b.n ? b.signed_error_sum / b.n : 0.0}});
  return {{"score", score()},
          {"mae_seconds", mae()},
          {"predictions", predictions()},
          {"buckets", list}};
}

}  // namespace zt::transit

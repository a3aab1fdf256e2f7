#include "transit/kpi/live_accuracy.hpp"

#include <algorithm>

#include "core/batch_insert.hpp"

namespace zt::transit::kpi {

void LiveAccuracy::reset(const Network& n) {
  network_ = &n;
  version_ = n.version();
  waiting_.clear();
}

void LiveAccuracy::sample(const Network& n, const LiveSnapshot& snap) {
  // A snapshot of another network (the fleet not yet on a new feed) has other trip indices.
  if (snap.network != &n) return;
  std::lock_guard lock(mu_);
  if (network_ != &n || version_ != n.version()) reset(n);
  const std::int64_t now = snap.at;
  // Stops long past their latest prediction without an arrival seen (the bus skipped the stop,
  // or the tracker lost it) are dropped: their arrival will not come.
  std::erase_if(waiting_, [&](const auto& kv) { return kv.second.latest < now - 3600; });
  // What the boards show: per trip run the prediction the snapshot chose.
  for (const auto& [run, r] : snap.index) {
    const auto& p = snap.run(r);
    const auto& on = p.on;
    const std::int64_t day = on.day.time_since_epoch().count();
    for (std::size_t s = 0; s < p.stops.size(); ++s) {
      const std::int64_t predicted = std::max(now, p.stops[s].arrival);
      if (predicted - now >= kLongestHorizonS) break;  // beyond the longest bucket
      const Key key{on.trip, day, on.shift, std::uint32_t(on.next + s)};
      auto it = waiting_.find(key);
      if (it == waiting_.end()) {
        if (waiting_.size() >= max_stops_) continue;
        it = waiting_
                 .emplace(key, Waiting{n.trip(on.trip).route_id, on.day, n.utc_offset(now), 0, {}})
                 .first;
      }
      auto& w = it->second;
      w.latest = predicted;
      // One sample a minute: a later one in the same minute replaces it.
      if (!w.samples.empty() && w.samples.back().issued / 60 == now / 60)
        w.samples.back() = {now, predicted};
      else
        w.samples.push_back({now, predicted});
      if (w.samples.size() > kMaxSamples) w.samples.erase(w.samples.begin());
    }
  }
}

void LiveAccuracy::arrived(const Network& n, std::span<const StopEvent> events) {
  std::lock_guard lock(mu_);
  if (network_ != &n || version_ != n.version()) return;
  for (const auto& e : events) {
    // Judged where the bus crossed the stop, as the replay judges (else when it came near).
    const std::int64_t actual = e.crossed ? e.crossed : e.arrived;
    if (!actual) continue;
    auto it = waiting_.find(Key{e.trip, e.day.time_since_epoch().count(), e.shift, e.index});
    if (it == waiting_.end()) continue;
    const auto& w = it->second;
    for (const auto& s : w.samples) {
      if (s.issued > actual) continue;  // sampled after the bus came
      auto j = judge_prediction(s.issued, s.predicted, actual);
      if (!j) continue;
      const int hour = int(((s.issued + w.utc_offset) % 86400 + 86400) % 86400 / 3600);
      judged_[{w.day, w.route_id, hour}].add(*j);
    }
    last_event_ = std::max(last_event_, actual);
    waiting_.erase(it);
  }
}

AccuracyCells LiveAccuracy::take() {
  std::lock_guard lock(mu_);
  AccuracyCells out;
  out.swap(judged_);
  if (!out.empty()) {
    auto& hour = by_hour_[last_event_ / 3600];
    for (const auto& [key, a] : out) hour.add(a);
    by_hour_.erase(by_hour_.begin(), by_hour_.lower_bound(last_event_ / 3600 - 24));
  }
  return out;
}

Accuracy LiveAccuracy::recent(std::int64_t now, int hours) const {
  std::lock_guard lock(mu_);
  auto sum = Accuracy::empty();
  for (auto it = by_hour_.lower_bound(now / 3600 - hours + 1);
       it != by_hour_.end() && it->first <= now / 3600; ++it)
    sum.add(it->second);
  return sum;
}

std::size_t LiveAccuracy::waiting() const {
  std::lock_guard lock(mu_);
  return waiting_.size();
}

Status save_accuracy(Store& store, const AccuracyCells& cells) {
  if (cells.empty()) return {};
  return store.transact([&](Tx& tx) -> Status {
    BatchInsert b(tx, "tr_prediction_accuracy",
                  {"service_date", "route_id", "hour", "bucket", "predictions", "hits",
                   "abs_error_s", "signed_error_s"},
                  cells.size() * kHorizonBucketCount, {},
                  " ON CONFLICT (service_date, route_id, hour, bucket) DO UPDATE SET predictions = "
                  "tr_prediction_accuracy.predictions + excluded.predictions, hits = "
                  "tr_prediction_accuracy.hits + excluded.hits, abs_error_s = "
                  "tr_prediction_accuracy.abs_error_s + excluded.abs_error_s, signed_error_s = "
                  "tr_prediction_accuracy.signed_error_s + excluded.signed_error_s");
    for (const auto& [key, a] : cells) {
      const auto& [day, route, hour] = key;
      for (std::size_t i = 0; i < a.buckets.size(); ++i) {
        const auto& c = a.buckets[i];
        if (!c.n) continue;
        if (auto s = b.add({format_date(day), route, std::int64_t(hour), std::int64_t(i),
                            std::int64_t(c.n), std::int64_t(c.hits), c.abs_error_sum,
                            c.signed_error_sum});
            !s)
          return s;
      }
    }
    return b.flush();
  });
}

Result<AccuracyCells> load_accuracy(Store& store, Date from, Date to) {
  auto rows = store.query(
      "SELECT service_date, route_id, hour, bucket, predictions, hits, abs_error_s, "
      "signed_error_s FROM tr_prediction_accuracy WHERE service_date >= $1 AND service_date <= "
      "$2",
      {format_date(from), format_date(to)});
  if (!rows) return fail(rows.error());
  AccuracyCells out;
  for (const auto& r : rows->rows) {
    auto day = parse_date(r.str(0));
    const auto bucket = r.i64(3);
    if (!day || bucket < 0 || bucket >= kHorizonBucketCount) continue;
    auto& a = out[{*day, r.str(1), int(r.i64(2))}];
    if (a.buckets.empty()) a = Accuracy::empty();
    auto& c = a.buckets[std::size_t(bucket)];
    c.n += int(r.i64(4));
    c.hits += int(r.i64(5));
    c.abs_error_sum += r.f64(6);
    c.signed_error_sum += r.f64(7);
  }
  return out;
}

}  // namespace zt::transit::kpi

#include "transit/fleet.hpp"

namespace zt::transit {

void LiveFleet::reset(const std::shared_ptr<const Network>& n) {
  network_ = n;
  tracker_ = std::make_unique<Tracker>(*n);
  profiles_ = Profiles{};  // keyed by this network's stop indices
  last_event_.clear();
  predictions_.clear();
  pending_.clear();
  dirty_ = true;
}

namespace {

DayType day_type_of(const Network& n, const Calendar* calendar, std::int64_t unix) {
  // China's holidays are for Chinese networks; a feed from elsewhere goes by the weekday.
  const auto& agencies = n.feed().agencies;
  const bool chinese = !agencies.empty() && (agencies[0].timezone == "Asia/Shanghai" ||
                                             agencies[0].timezone == "Asia/Chongqing");
  return transit::day_type(n.local_date(unix), chinese ? calendar : nullptr);
}

// What the visit `cur` (after `prev`, the same vehicle's visit before it) teaches `p`.
void learn_visit(Profiles& p, const Network& n, const Calendar* calendar, const StopEvent& prev,
                 const StopEvent& cur, bool live) {
  const auto& st = n.feed().stop_times;
  const std::size_t b = n.trip_span(cur.trip).first;
  const auto type = day_type_of(n, calendar, cur.departed);
  auto hour = [&](std::int64_t at) { return local_hour(at, n.utc_offset(at)); };
  // Dwell only when the bus was seen arriving, and not at the ends of the trip.
  const auto last = n.trip_span(cur.trip).second - b - 1;
  if (cur.arrived && cur.index > 0 && cur.index < last)
    p.add_dwell(st[b + cur.index].stop, type, hour(cur.arrived),
                double(cur.departed - cur.arrived));
  const bool same_run = prev.trip == cur.trip && prev.day == cur.day && prev.shift == cur.shift &&
                        prev.index + 1 == cur.index;
  if (!same_run || !cur.arrived || !prev.departed) return;
  p.add_segment(st[b + prev.index].stop, st[b + cur.index].stop, type, hour(prev.departed),
                double(cur.arrived - prev.departed), cur.arrived, live);
}

}  // namespace

DayType LiveFleet::day_type(const Network& n, std::int64_t unix) const {
  return day_type_of(n, calendar_, unix);
}

std::vector<StopEvent> LiveFleet::observe(const std::shared_ptr<const Network>& n,
                                          std::span<const VehicleReport> fixes) {
  std::vector<StopEvent> events;
  std::lock_guard lock(mu_);
  if (!network_ || network_ != n) reset(n);
  if (n->empty()) return events;
  std::vector<std::string> touched;
  for (const auto& v : fixes) {
    const std::size_t before = events.size();
    const auto& s = tracker_->update(v, events);
    for (std::size_t i = before; i < events.size(); ++i) {
      auto [it, fresh] = last_event_.try_emplace(v.vehicle_id, events[i]);
      // A first visit teaches its dwell alone.
      learn_visit(profiles_, *network_, calendar_, it->second, events[i], true);
      it->second = events[i];
    }
    if (s.last.timestamp == v.timestamp) touched.push_back(v.vehicle_id);
  }
  // Predictions once per vehicle per batch, from its latest state.
  if (!touched.empty()) {
    const auto now = fixes.back().timestamp;
    // A vehicle off duty (or a simulated one per trip) must not stay in memory forever.
    if (now - pruned_at_ > 600) {
      for (const auto& id : tracker_->forget(now - 3600)) {
        predictions_.erase(id);
        pending_.erase(id);
        last_event_.erase(id);
      }
      pruned_at_ = now;
    }
    PredictContext c{*n, *tracker_, profiles_, day_type(*n, now), n->utc_offset(now)};
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    for (const auto& id : touched) {
      auto it = tracker_->vehicles().find(id);  // a long batch may have forgotten it already
      if (it == tracker_->vehicles().end() || !it->second.on) {
        predictions_.erase(id);
        pending_.erase(id);
        continue;
      }
      const auto& p = predictions_[id] = predict(c, it->second);
      if (auto next = n->next_in_block(p.on.trip, p.on.day); next && !p.stops.empty())
        pending_[id] = predict_next(c, p, *next);
      else
        pending_.erase(id);
    }
    dirty_ = true;
  }
  return events;
}

void LiveFleet::learn_history(const std::shared_ptr<const Network>& n,
                              const std::vector<StopEvent>& events) {
  // Learned without the lock, so tracking goes on meanwhile; merged under it.
  Profiles history;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const bool follows = i > 0 && events[i - 1].vehicle_id == events[i].vehicle_id;
    learn_visit(history, *n, calendar_, follows ? events[i - 1] : events[i], events[i], false);
  }
  std::lock_guard lock(mu_);
  if (!network_) reset(n);
  if (network_ != n) return;  // a newer network came meanwhile: its stop indices differ
  profiles_.merge(history);
  dirty_ = true;
}

std::shared_ptr<const LiveSnapshot> LiveFleet::snapshot(std::int64_t now, std::int64_t max_age) {
  std::lock_guard lock(mu_);
  if (!network_) return std::make_shared<LiveSnapshot>();
  // Rebuilt when a fix changed something or the clock moved on by a second (buses age out).
  if (snapshot_ && !dirty_ && snapshot_at_ == now && snapshot_age_ == max_age) return snapshot_;
  std::vector<TripPrediction> live;
  live.reserve(predictions_.size());
  for (const auto& [id, p] : predictions_)
    if (p.vehicle.timestamp >= now - max_age) live.push_back(p);
  std::vector<TripPrediction> next;
  next.reserve(pending_.size());
  for (const auto& [id, p] : pending_)
    if (p.vehicle.timestamp >= now - max_age) next.push_back(p);
  auto by_vehicle = [](const TripPrediction& a, const TripPrediction& b) {
    return a.vehicle.vehicle_id < b.vehicle.vehicle_id;
  };
  std::sort(live.begin(), live.end(), by_vehicle);
  std::sort(next.begin(), next.end(), by_vehicle);
  snapshot_ = LiveSnapshot::of(*network_, std::move(live), now, std::move(next));
  snapshot_at_ = now;
  snapshot_age_ = max_age;
  dirty_ = false;
  return snapshot_;
}

std::size_t LiveFleet::profile_observations() const {
  std::lock_guard lock(mu_);
  return profiles_.observations();
}

}  // namespace zt::transit

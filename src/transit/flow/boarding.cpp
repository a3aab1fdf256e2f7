#include "transit/flow/boarding.hpp"

#include <algorithm>
#include <cmath>

namespace zt::transit::flow {

double stop_metres(const Network& n, StopIdx a, StopIdx b) {
  const auto& p = n.stop(a);
  const auto& q = n.stop(b);
  constexpr double kR = 6'371'000, kRad = M_PI / 180;
  const double x = (q.lon - p.lon) * kRad * std::cos((p.lat + q.lat) / 2 * kRad);
  const double y = (q.lat - p.lat) * kRad;
  return kR * std::sqrt(x * x + y * y);
}

VisitIndex::VisitIndex(const Network& n, std::vector<StopEvent> visits, BoardingOptions options)
    : n_(n), options_(options), visits_(std::move(visits)) {
  std::sort(visits_.begin(), visits_.end(), [](const StopEvent& a, const StopEvent& b) {
    if (a.vehicle_id != b.vehicle_id) return a.vehicle_id < b.vehicle_id;
    if (a.arrived != b.arrived) return a.arrived < b.arrived;
    return a.index < b.index;
  });
  for (std::size_t i = 0; i < visits_.size();) {
    std::size_t j = i;
    while (j < visits_.size() && visits_[j].vehicle_id == visits_[i].vehicle_id) ++j;
    by_vehicle_[visits_[i].vehicle_id] = {i, j};
    i = j;
  }
}

StopIdx VisitIndex::stop(TripIdx trip, std::uint32_t index) const {
  return Network::stop_of(n_.feed().stop_times[n_.trip_span(trip).first + index]);
}

std::uint32_t VisitIndex::trip_length(TripIdx trip) const {
  const auto [b, e] = n_.trip_span(trip);
  return std::uint32_t(e - b);
}

std::optional<Boarding> VisitIndex::match(const Tap& tap, BoardingFault* fault) const {
  auto set = [&](BoardingFault f) {
    if (fault) *fault = f;
    return std::nullopt;
  };
  auto it = by_vehicle_.find(tap.vehicle_id);
  if (it == by_vehicle_.end()) return set(BoardingFault::kNoVisitsOfVehicle);
  const auto [b, e] = it->second;
  // The last visit the bus had reached by the tap (allowing for the tap coming first).
  auto after = std::upper_bound(visits_.begin() + std::ptrdiff_t(b),
                                visits_.begin() + std::ptrdiff_t(e), tap.at + options_.before_s,
                                [](std::int64_t t, const StopEvent& v) { return t < v.arrived; });
  if (after == visits_.begin() + std::ptrdiff_t(b)) return set(BoardingFault::kNoVisitNearTime);
  std::size_t i = std::size_t(after - visits_.begin()) - 1;
  if (tap.at > visits_[i].departed + options_.after_s) return set(BoardingFault::kNoVisitNearTime);
  // Nobody boards at a trip's last stop: a tap there is for the vehicle's next trip.
  if (visits_[i].index + 1 >= trip_length(visits_[i].trip)) {
    if (i + 1 < e && visits_[i + 1].arrived <= tap.at + 600)
      ++i;
    else
      return set(BoardingFault::kNoVisitNearTime);
  }
  if (fault) *fault = BoardingFault::kNone;
  return Boarding{i, visits_[i].trip, visits_[i].index};
}

std::optional<std::size_t> VisitIndex::visit_near(const std::string& vehicle, std::int64_t at,
                                                  std::optional<StopIdx> stop,
                                                  BoardingFault* fault) const {
  auto set = [&](BoardingFault f) -> std::optional<std::size_t> {
    if (fault) *fault = f;
    return std::nullopt;
  };
  auto it = by_vehicle_.find(vehicle);
  if (it == by_vehicle_.end()) return set(BoardingFault::kNoVisitsOfVehicle);
  const auto [b, e] = it->second;
  auto after = std::upper_bound(visits_.begin() + std::ptrdiff_t(b),
                                visits_.begin() + std::ptrdiff_t(e), at + options_.before_s,
                                [](std::int64_t t, const StopEvent& v) { return t < v.arrived; });
  // Walk back over the visits that had begun by then and had not ended too long before.
  for (std::size_t i = std::size_t(after - visits_.begin()); i > b; --i) {
    const auto& v = visits_[i - 1];
    if (at > v.departed + options_.after_s) {
      // Visits are by arrival; an earlier one may still have ended later (a long dwell).
      if (v.arrived + 3600 < at) break;
      continue;
    }
    if (stop && this->stop(v.trip, v.index) != *stop) continue;
    if (fault) *fault = BoardingFault::kNone;
    return i - 1;
  }
  return set(BoardingFault::kNoVisitNearTime);
}

const StopEvent* VisitIndex::visit_of(std::size_t boarding_visit, std::uint32_t index) const {
  const auto& v = visits_[boarding_visit];
  const std::size_t e = by_vehicle_.at(v.vehicle_id).second;
  for (std::size_t i = boarding_visit; i < e; ++i) {
    if (visits_[i].trip != v.trip) break;
    if (visits_[i].index == index) return &visits_[i];
  }
  return nullptr;
}

}  // namespace zt::transit::flow

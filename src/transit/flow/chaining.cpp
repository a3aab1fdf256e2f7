#include "transit/flow/chaining.hpp"

#include <algorithm>
#include <unordered_map>

namespace zt::transit::flow {

std::string_view unresolved_name(Unresolved u) {
  switch (u) {
    case Unresolved::kNone:
      return "none";
    case Unresolved::kCash:
      return "cash";
    case Unresolved::kNoVisitsOfVehicle:
      return "no_visits_of_vehicle";
    case Unresolved::kNoVisitNearTime:
      return "no_visit_near_time";
    case Unresolved::kOnlyTapOfDay:
      return "only_tap_of_day";
    case Unresolved::kNextBoardingUnknown:
      return "next_boarding_unknown";
    case Unresolved::kNoStopWithinWalk:
      return "no_stop_within_walk";
    case Unresolved::kCount:
      break;
  }
  return "unknown";
}

Inference infer(const VisitIndex& visits, const std::vector<Tap>& taps,
                const ChainOptions& options) {
  Inference out;
  out.taps.resize(taps.size());
  std::unordered_map<std::string_view, std::vector<std::size_t>> by_rider;
  for (std::size_t i = 0; i < taps.size(); ++i) {
    auto& r = out.taps[i];
    if (taps[i].rider.empty()) {
      r.reason = Unresolved::kCash;
      continue;
    }
    BoardingFault fault = BoardingFault::kNone;
    r.board = visits.match(taps[i], &fault);
    by_rider[taps[i].rider].push_back(i);
    if (!r.board) {
      r.reason = fault == BoardingFault::kNoVisitsOfVehicle ? Unresolved::kNoVisitsOfVehicle
                                                            : Unresolved::kNoVisitNearTime;
      continue;
    }
    ++out.boarded;
  }
  // Riders in the order of their first tap, so journey numbers do not depend on hashing.
  std::vector<std::vector<std::size_t>*> riders;
  riders.reserve(by_rider.size());
  for (auto& [_, list] : by_rider) {
    std::sort(list.begin(), list.end(), [&](std::size_t a, std::size_t b) {
      return taps[a].at != taps[b].at ? taps[a].at < taps[b].at : a < b;
    });
    riders.push_back(&list);
  }
  std::sort(riders.begin(), riders.end(), [](auto* a, auto* b) { return a->front() < b->front(); });
  for (auto* list : riders) {
    const auto& l = *list;
    for (std::size_t k = 0; k < l.size(); ++k) {
      auto& r = out.taps[l[k]];
      if (!r.board) continue;
      if (l.size() == 1) {
        r.reason = Unresolved::kOnlyTapOfDay;
        continue;
      }
      const auto& next = out.taps[l[(k + 1) % l.size()]];
      if (!next.board) {
        r.reason = Unresolved::kNextBoardingUnknown;
        continue;
      }
      const StopIdx goal = visits.stop(next.board->trip, next.board->index);
      const std::uint32_t n_stops = visits.trip_length(r.board->trip);
      double nearest = options.walk_m;
      std::optional<std::uint32_t> best;
      for (std::uint32_t s = r.board->index + 1; s < n_stops; ++s)
        if (double m = stop_metres(visits.network(), visits.stop(r.board->trip, s), goal);
            m <= nearest)
          nearest = m, best = s;
      if (!best) {
        r.reason = Unresolved::kNoStopWithinWalk;
        continue;
      }
      r.alight = best;
      ++out.with_destination;
      if (const auto* v = visits.visit_of(r.board->visit, *best)) r.alighted_at = v->arrived;
    }
    // Linked journeys: a leg whose next boarding follows its alighting within the window.
    for (std::size_t k = 0; k < l.size(); ++k) {
      auto& r = out.taps[l[k]];
      if (!r.board) continue;
      r.journey = out.journeys;
      const bool linked = k + 1 < l.size() && r.alight && r.alighted_at > 0 &&
                          taps[l[k + 1]].at >= r.alighted_at &&
                          taps[l[k + 1]].at - r.alighted_at <= options.transfer_s;
      r.transfer_to_next = linked;
      if (linked)
        ++out.transfers;
      else
        ++out.journeys;
    }
  }
  for (const auto& r : out.taps)
    if (r.reason != Unresolved::kNone) ++out.unresolved[std::size_t(r.reason)];
  return out;
}

}  // namespace zt::transit::flow

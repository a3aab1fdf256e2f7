#include "transit/flow/riders_sim.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include "transit/flow/boarding.hpp"

namespace zt::transit::flow {
namespace {

struct Visit {
  std::int64_t arrived = 0, departed = 0;
};

struct Leg {
  TripIdx trip;
  std::uint32_t board = 0, alight = 0;
};

class Day {
 public:
  Day(const Network& n, Date day, const RidersOptions& o, std::mt19937_64& rng) : n_(n) {
    const Date service = n.timetable_day(day);
    const auto& f = n.feed();
    visits_.resize(f.trips.size());
    std::uniform_int_distribution<int> delay(-o.max_delay_s / 5, o.max_delay_s);
    for (std::uint32_t t = 0; t < f.trips.size(); ++t) {
      const TripIdx trip{t};
      const auto [b, e] = n.trip_span(trip);
      if (e - b < 2 || !n.frequencies_of(trip).empty() || !n.runs(f.trips[t].service_id, service))
        continue;
      const int last = delay(rng);
      for (std::size_t i = b; i < e; ++i) {
        const auto& st = f.stop_times[i];
        const std::int64_t shift = last * std::int64_t(i - b) / std::int64_t(e - b - 1);
        const std::int64_t arr = n.at(day, st.arrival >= 0 ? st.arrival : st.departure) + shift;
        const std::int64_t dep =
            std::max(arr + 15, n.at(day, st.departure >= 0 ? st.departure : st.arrival) + shift);
        visits_[t].push_back({arr, dep});
      }
      running_.push_back(trip);
    }
  }
  const std::vector<Visit>& visits(TripIdx t) const { return visits_[t.value]; }
  const std::vector<TripIdx>& running() const { return running_; }
  StopIdx stop(TripIdx t, std::uint32_t index) const {
    return Network::stop_of(n_.feed().stop_times[n_.trip_span(t).first + index]);
  }

 private:
  const Network& n_;
  std::vector<std::vector<Visit>> visits_;
  std::vector<TripIdx> running_;
};

// Stops within a radius, on a grid of cells that size.
class NearStops {
 public:
  NearStops(const Network& n, double radius) : n_(n), radius_(radius) {
    for (std::uint32_t s = 0; s < n.feed().stops.size(); ++s)
      cells_[key(n.stop(StopIdx{s}))].push_back(s);
  }
  std::vector<StopIdx> near(StopIdx s) const {
    std::vector<StopIdx> out;
    const auto& p = n_.stop(s);
    const auto [cx, cy] = cell(p);
    for (std::int64_t dx = -1; dx <= 1; ++dx)
      for (std::int64_t dy = -1; dy <= 1; ++dy)
        if (auto it = cells_.find((cx + dx) * 1'000'003 + cy + dy); it != cells_.end())
          for (auto o : it->second)
            if (stop_metres(n_, s, StopIdx{o}) <= radius_) out.push_back(StopIdx{o});
    return out;
  }

 private:
  std::pair<std::int64_t, std::int64_t> cell(const Stop& p) const {
    return {std::int64_t(std::floor(p.lat * 111'000 / radius_)),
            std::int64_t(std::floor(p.lon * 111'000 * std::cos(p.lat * M_PI / 180) / radius_))};
  }
  std::int64_t key(const Stop& p) const {
    auto [x, y] = cell(p);
    return x * 1'000'003 + y;
  }
  const Network& n_;
  double radius_;
  std::unordered_map<std::int64_t, std::vector<std::uint32_t>> cells_;
};

}  // namespace

std::string sim_vehicle(const Network& n, TripIdx trip) { return "SIM-" + n.trip(trip).id; }

SimulatedDay simulate_riders(const Network& n, Date day, const TokenHasher& hasher,
                             const RidersOptions& o) {
  std::mt19937_64 rng(o.seed);
  std::uniform_real_distribution<double> u(0, 1);
  Day d(n, day, o, rng);
  NearStops near(n, o.walk_m), wander(n, o.wander_m);
  SimulatedDay out;
  if (d.running().empty()) return out;
  const auto& f = n.feed();
  std::vector<TripIdx> morning;
  for (auto t : d.running()) {
    const auto first = d.visits(t).front().departed;
    if (first >= n.at(day, 6 * 3600) && first < n.at(day, 9 * 3600 + 1800)) morning.push_back(t);
  }
  if (morning.empty()) morning = d.running();
  // The day's last departure: an activity ends early enough to ride home within the service day
  // (a feed running only 11:00-17:00 would otherwise leave most riders without a way back).
  std::int64_t last_departure = 0;
  for (auto t : d.running())
    last_departure = std::max(last_departure, d.visits(t).front().departed);
  auto len = [&](TripIdx t) { return std::uint32_t(d.visits(t).size()); };
  auto ride = [&](TripIdx t, std::uint32_t from) {
    std::uniform_int_distribution<std::uint32_t> to(from + 1, std::min(len(t) - 1, from + 12));
    return Leg{t, from, to(rng)};
  };
  // A leg from a stop near `s` leaving in [from, to] whose trip reaches a stop near `goal` (or any
  // stop when goal is absent): the earliest.
  auto connect = [&](StopIdx s, std::int64_t from, std::int64_t to, const std::string& not_route,
                     const StopIdx* goal) -> std::optional<Leg> {
    std::optional<Leg> best;
    std::int64_t best_at = 0;
    for (auto o_stop : near.near(s))
      for (auto pos : n.calls_at(o_stop)) {
        const auto trip = Network::trip_of(f.stop_times[pos]);
        const auto& v = d.visits(trip);
        if (v.empty()) continue;
        const auto idx = std::uint32_t(pos - n.trip_span(trip).first);
        if (idx + 1 >= v.size() || v[idx].departed < from || v[idx].departed > to) continue;
        if (!not_route.empty() && n.trip(trip).route_id == not_route) continue;
        if (best && v[idx].departed >= best_at) continue;
        Leg leg;
        if (goal) {
          double nearest = o.walk_m + 1;
          for (std::uint32_t k = idx + 1; k < v.size(); ++k)
            if (double m = stop_metres(n, d.stop(trip, k), *goal); m < nearest)
              nearest = m, leg.alight = k;
          if (nearest > o.walk_m) continue;
          leg.trip = trip, leg.board = idx;
        } else {
          leg = ride(trip, idx);
        }
        best = leg, best_at = v[idx].departed;
      }
    return best;
  };
  std::unordered_map<std::uint64_t, std::pair<int, int>> counts;  // (trip << 32 | index)
  std::discrete_distribution<int> media({50, 35, 15});
  const FareMedia kMedia[] = {FareMedia::kTransitCard, FareMedia::kQrCode, FareMedia::kUnionPay};
  std::size_t tap_no = 0;
  for (std::size_t r = 0; r < o.riders; ++r) {
    std::vector<Leg> legs;
    const TripIdx first = morning[std::size_t(u(rng) * double(morning.size())) % morning.size()];
    std::uniform_int_distribution<std::uint32_t> start(0, len(first) - 2);
    legs.push_back(ride(first, start(rng)));
    if (u(rng) < o.transfer_share) {
      const auto& l = legs.back();
      const auto arrived = d.visits(l.trip)[l.alight].arrived;
      if (auto next = connect(d.stop(l.trip, l.alight), arrived + 120, arrived + 1200,
                              n.trip(l.trip).route_id, nullptr))
        legs.push_back(*next);
    }
    // Home the way they came: each outbound leg reversed, from near where it ended to near where
    // it began, later legs first; a rider finding no way back rides one way.
    const std::int64_t arrived = d.visits(legs.back().trip)[legs.back().alight].arrived;
    std::int64_t t = arrived + std::int64_t((6 + 4 * u(rng)) * 3600);
    if (const std::int64_t latest = last_departure - 3600; t > latest)
      t = std::max(arrived + 1800, arrived + std::int64_t(u(rng) * double(latest - arrived)));
    std::vector<Leg> back;
    const bool by_bus = u(rng) >= o.one_way_share;
    const bool wanders = u(rng) < o.wander_share;
    for (auto it = legs.rbegin(); by_bus && it != legs.rend(); ++it) {
      const StopIdx goal = d.stop(it->trip, it->board);
      StopIdx from = d.stop(it->trip, it->alight);
      if (wanders && it == legs.rbegin()) {
        const auto around = wander.near(from);
        from = around[std::size_t(u(rng) * double(around.size())) % around.size()];
      }
      auto leg = connect(from, t, t + 3600, {}, &goal);
      if (!leg) {
        back.clear();
        break;
      }
      back.push_back(*leg);
      t = d.visits(leg->trip)[leg->alight].arrived + 120;
    }
    legs.insert(legs.end(), back.begin(), back.end());
    const bool cash = u(rng) < o.cash_share;
    const std::string card = hasher.hash("card-" + std::to_string(r));
    const FareMedia m = kMedia[media(rng)];
    for (const auto& l : legs) {
      ++counts[(std::uint64_t(l.trip.value) << 32) | l.board].first;
      ++counts[(std::uint64_t(l.trip.value) << 32) | l.alight].second;
      if (cash) {
        ++out.cash_boardings;
        continue;
      }
      const auto& v = d.visits(l.trip)[l.board];
      Tap tap;
      tap.id = "SIM" + std::to_string(++tap_no);
      tap.at = v.arrived + std::int64_t(u(rng) * double(v.departed - v.arrived));
      tap.vehicle_id = sim_vehicle(n, l.trip);
      tap.route_id = n.trip(l.trip).route_id;
      tap.rider = card;
      tap.media = m;
      out.truth[tap.id] = {l.trip, l.board, l.alight};
      out.taps.push_back(std::move(tap));
    }
  }
  std::sort(out.taps.begin(), out.taps.end(),
            [](const Tap& a, const Tap& b) { return a.at != b.at ? a.at < b.at : a.id < b.id; });
  std::bernoulli_distribution counter(o.apc_share);
  for (auto t : d.running()) {
    const bool counted = counter(rng);
    const auto& v = d.visits(t);
    for (std::uint32_t i = 0; i < v.size(); ++i) {
      StopEvent e;
      e.vehicle_id = sim_vehicle(n, t);
      e.trip = t;
      e.day = day;
      e.index = i;
      e.arrived = v[i].arrived, e.departed = v[i].departed;
      out.visits.push_back(e);
      if (counted) {
        auto c = counts.find((std::uint64_t(t.value) << 32) | i);
        out.apc.push_back({e.vehicle_id, t, i, c == counts.end() ? 0 : c->second.first,
                           c == counts.end() ? 0 : c->second.second});
      }
    }
  }
  return out;
}

}  // namespace zt::transit::flow

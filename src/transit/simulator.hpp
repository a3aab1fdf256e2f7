// A feed's timetable played as live buses, for the demo and for tests that need ground truth:
// every trip in service now has a bus on its path where its schedule puts it, shifted by a delay
// of its own that grows along the trip, slowed on congested segments at busy hours (the same
// segments every day, which is what learned profiles can know and the timetable does not), with
// GPS error and some pings missed. With `dwell_per_headway`, a bus's dwell grows with the
// headway in front of it (passengers accumulate; a short headway finds few and the bus gains):
// a late bus falls further behind and the next catches it up, so buses bunch as in streets; a
// bus that reaches the one ahead runs behind it. Drivers follow the holds given (accepted
// advice). Deterministic for a seed, the holds and the time; thread-safe (const, a locked cache).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "transit/network.hpp"
#include "transit/realtime.hpp"

namespace zt::transit {

struct SimulatorOptions {
  std::uint64_t seed = 2024;
  double gps_error_m = 8;  // standard deviation of the position noise
  double missed_ping_share = 0.05;
  int max_delay_s = 300;  // a trip ends up to this late (or a fifth of it early)
  double congestion = 0;  // a congested segment at the peak takes up to this share longer
  bool trip_ids = true;   // false: fixes carry the route but not the trip, as raw AVL does
  // Extra dwell, per stop, for each second of headway in front beyond the timetable's (a
  // shorter one takes time off, at most a quarter of the run there): passengers arriving at a
  // rate × seconds to board each. 0: dwell as timetabled.
  double dwell_per_headway = 0;
};

// A driver's instruction (accepted advice): on `trip_id`, leave `stop_id` no sooner than
// `hold_s` after arriving and not before `not_before` (unix; 0 none). Given at `given_at`
// (unix; 0 always): a bus that had left the stop by then cannot follow it.
struct SimHold {
  std::string trip_id, stop_id;
  std::int64_t hold_s = 0, not_before = 0, given_at = 0;
  bool operator==(const SimHold&) const = default;
};

// A simulated trip's times on a day: arrival and departure at each of its stops (unix seconds).
struct SimTripTimes {
  TripIdx trip{0};
  std::vector<double> arr, dep;
};

class Simulator {
 public:
  explicit Simulator(SimulatorOptions options = {}) : options_(options) {}

  // Fixes of every simulated bus at `now` (unix seconds), its drivers following `holds`.
  std::vector<VehicleReport> positions(const Network& n, std::int64_t now,
                                       const std::vector<SimHold>& holds = {}) const;

  // Every timetabled trip of the service day `day` (frequency-based ones aside) as it runs,
  // per stop pattern in order of departure.
  std::vector<SimTripTimes> day_times(const Network& n, Date day,
                                      const std::vector<SimHold>& holds = {}) const;

 private:
  // A network is known by its address and feed version: after an import a new network may be
  // allocated where the old one was, but never with the old one's version.
  struct Cached {
    const Network* network = nullptr;
    std::int64_t version = 0;
    std::int64_t day = 0;
    std::vector<SimHold> holds;
    std::shared_ptr<const std::vector<SimTripTimes>> times;
  };
  std::shared_ptr<const std::vector<SimTripTimes>> cached_day(
      const Network& n, Date day, const std::vector<SimHold>& holds) const;

  SimulatorOptions options_;
  mutable std::mutex mutex_;
  mutable std::vector<Cached> cache_;  // the last few days asked for
};

// A simulated driver's reading of a dispatch text (dispatch/instructions.hpp) received at `now`
// on the bus of `fix`: the hold, or the departure time, it asks for at the first stop of that
// name on the bus's trip not yet passed; nullopt for any other text, an unknown trip or stop.
std::optional<SimHold> follow_instruction(const Network& n, const VehicleReport& fix,
                                          std::string_view text, std::int64_t now);

}  // namespace zt::transit

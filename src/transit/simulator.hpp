// A feed's timetable played as live buses, for the demo and for tests that need ground truth:
// every trip in service now has a bus on its path where its schedule puts it, shifted by a delay
// of its own that grows along the trip, slowed on congested segments at busy hours (the same
// segments every day, which is what learned profiles can know and the timetable does not), with
// GPS error and some pings missed.
#pragma once

#include <cstdint>
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
};

class Simulator {
 public:
  explicit Simulator(SimulatorOptions options = {}) : options_(options) {}

  // Fixes of every simulated bus at `now` (unix seconds).
  std::vector<VehicleReport> positions(const Network& n, std::int64_t now) const;

 private:
  SimulatorOptions options_;
};

}  // namespace zt::transit

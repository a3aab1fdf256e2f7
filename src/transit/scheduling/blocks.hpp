// Vehicle blocks (车辆排班 / 字轨) for one depot: every trip of a day assigned to a vehicle so that
// the fleet is the smallest possible and, among the smallest fleets, the deadhead distance
// between trips is the least. Solved exactly as a minimum-cost maximum flow (successive shortest
// paths, Boost Graph) on the trips with one waiting line per terminal. Pure: no I/O.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

namespace zt::transit::scheduling {

// A trip as the block solver sees it: where and when it starts and ends. Stops are indices into
// the `stops` passed alongside; times are seconds on one service day.
struct BlockTrip {
  std::uint32_t start_stop = 0, end_stop = 0;
  int departure = 0, arrival = 0;  // arrival >= departure
};

struct StopPoint {
  double lat = 0, lon = 0;
};

struct BlockOptions {
  int min_layover_s = 0;  // at the end of each trip before the vehicle's next one starts
  // A vehicle may run empty from a trip's last stop to the next trip's first stop when the
  // straight-line distance is at most this; 0: only from the very stop the trip ended at.
  double max_deadhead_m = 0;
  double deadhead_speed_mps = 20.0 / 3.6;  // the empty run's time is its distance at this speed
};

// Whole metres of an empty run between two stops (straight line, rounded), as the solver counts it.
std::int64_t deadhead_metres(const StopPoint& a, const StopPoint& b);
// Seconds the empty run takes at `speed_mps`, rounded up.
int deadhead_seconds(std::int64_t metres, double speed_mps);

// Whether `next` may follow `prev` on one vehicle and the empty metres between them (-1: not).
// The rule the solver obeys: the deadhead is allowed (same stop, or within max_deadhead_m) and
// next.departure >= prev.arrival + min layover + deadhead seconds, and strictly after
// prev.departure (so no chain can loop back on itself).
std::int64_t connection_metres(const BlockTrip& prev, const BlockTrip& next,
                               const std::vector<StopPoint>& stops, const BlockOptions& o);

// The connections the solvers build on. Each terminal's departures in time order form a line: a
// vehicle that reaches the line waits along it, so a trip needs one arc per terminal it can
// reach (to the first departure there it can make), not one per later departure.
struct Connections {
  std::map<std::uint32_t, std::vector<std::uint32_t>> lines;  // start stop -> trips by departure
  struct Arc {
    std::uint32_t from, to;  // trips
    std::int64_t metres;
  };
  std::vector<Arc> arcs;  // by `from`
};
Connections connections(const std::vector<BlockTrip>& trips, const std::vector<StopPoint>& stops,
                        const BlockOptions& o);

struct BlockPlan {
  int vehicles = 0;
  std::int64_t deadhead_m = 0;  // between trips; depot runs are not counted
  std::vector<int> block_of;    // per trip, 0-based block, blocks numbered by first departure
  std::vector<std::vector<std::uint32_t>> blocks;  // each block's trips in running order
  std::size_t arcs = 0;                            // connections the network held (for benches)
};

// The optimal blocks: fewest vehicles, then least deadhead metres. Every trip's stops must be
// indices into `stops`. O(n · (n + a) log n) for n trips and a connection arcs (each trip has an
// arc per terminal in reach, not per later trip).
BlockPlan solve_blocks(const std::vector<BlockTrip>& trips, const std::vector<StopPoint>& stops,
                       const BlockOptions& o);

// Lower bound on any fleet: the most trips in service at once, each trip holding its vehicle
// from departure to arrival plus the minimum layover.
int max_overlap(const std::vector<BlockTrip>& trips, const BlockOptions& o);
// The exact minimum fleet when vehicles never deadhead (max_deadhead_m == 0), by the deficit
// function (Gertsbakh & Gurevich 1977): per terminal, the largest excess of departures over
// vehicles ready there, summed. Independent of solve_blocks, which the tests check against it.
int deficit_fleet(const std::vector<BlockTrip>& trips, const BlockOptions& o);

}  // namespace zt::transit::scheduling

// Vehicle blocks from several depots (多车场车辆排班): each vehicle leaves its depot, runs a
// chain of trips and returns to the same depot; depots may hold a limited number of vehicles.
// Solved exactly by CBC as a multi-commodity flow over the single-depot solver's connection
// network (blocks.hpp), one layer per depot (Kliewer, Mellouli & Suhl's time-space idea: arcs
// per terminal line, not per pair of trips): each trip taken in exactly one layer, flow kept
// in each, at most a depot's vehicles leaving it. The objective is lexicographic as the
// single-depot solver's: fewest vehicles, then the least empty metres, now with the runs from
// and to the depots counted. Pure; safe from any thread (CBC is serialised inside solve_mip).
#pragma once

#include <vector>

#include "core/error.hpp"
#include "transit/scheduling/blocks.hpp"
#include "transit/scheduling/depots.hpp"

namespace zt::transit::scheduling {

struct DepotPlan {
  BlockPlan plan;              // deadhead_m: between trips, as the single-depot solver counts
  std::vector<int> depot_of;   // per block, index into the depots
  std::vector<int> per_depot;  // vehicles sent out by each depot
  std::int64_t depot_m = 0;    // the runs from and to the depots
  bool optimal = false;        // proven by CBC
  double seconds = 0;
  std::size_t variables = 0;  // for benches
};

// Fails (rule violation "depot_capacity") when the depots together cannot send enough
// vehicles, or (internal) when CBC finds no solution within the time limit.
Result<DepotPlan> solve_multi_depot(const std::vector<BlockTrip>& trips,
                                    const std::vector<StopPoint>& stops,
                                    const std::vector<Depot>& depots, const BlockOptions& o,
                                    double time_limit_s = 120);

}  // namespace zt::transit::scheduling

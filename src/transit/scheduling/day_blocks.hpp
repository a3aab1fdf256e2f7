// A service day's vehicle blocks from a GTFS network: the trips that run on the date (each run of
// a frequencies.txt trip counted as a trip of its own), solved by solve_blocks, written as
// `trip_id,block_id` rows and summarised as JSON. For `zhengtong transit blocks`, the bench and,
// later, the scheduling API.
#pragma once

#include <ostream>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/calendar.hpp"
#include "transit/network.hpp"
#include "transit/scheduling/blocks.hpp"
#include "transit/scheduling/multi_depot.hpp"

namespace zt::transit::scheduling {

struct DayTrip {
  std::uint32_t trip = 0;  // into the feed's trips
  int start_offset = -1;   // a frequency run: its first departure (GTFS seconds); -1 otherwise
};

struct DayBlocks {
  Date date{};
  std::vector<DayTrip> trips;
  std::vector<BlockTrip> timed;  // the same trips as the solver saw them
  BlockPlan plan;
  int lower_bound = 0;  // max_overlap: no fleet can be smaller
  double seconds = 0;   // solve time
};

// The trips running on `date` with two or more timed stops, of the routes in `routes` (their
// route_ids; empty: every route). Stops are the feed's indices.
std::vector<DayTrip> trips_of_day(const Network& n, Date date, std::vector<BlockTrip>* timed,
                                  std::span<const std::string> routes = {});
// The stops of the feed as the solver takes them.
std::vector<StopPoint> stop_points(const Feed& f);
// Solves the day, for the routes in `routes` (empty: all; a company schedules a line's own
// vehicles and drivers). Fails (invalid input) naming a route the feed does not have (field
// "routes"), or when no trip runs on the date (field "date").
Result<DayBlocks> day_blocks(const Network& n, Date date, const BlockOptions& o,
                             std::span<const std::string> routes = {});

// The day's blocks from several depots instead of one (multi_depot.hpp): `d.plan` replaced by
// theirs, the seconds by the solve's. Fails as solve_multi_depot does.
Result<DepotPlan> apply_depots(DayBlocks& d, const Network& n, const std::vector<Depot>& depots,
                               const BlockOptions& o, double time_limit_s);
// {"depot_km","optimal","variables","seconds","depots":[{"depot_id","name","vehicles","limit"}]}
nlohmann::json depots_summary(const DepotPlan& p, const std::vector<Depot>& depots);

// Block ids as the operator reads them: "B001", "B002", … by first departure.
std::string block_name(int block, int blocks);
// `trip_id,block_id` for every trip of the day in running order of each block; when frequency
// runs are present a third column `start_time` tells the runs of one trip apart.
void write_blocks_csv(const Network& n, const DayBlocks& d, std::ostream& out);
// {"date","trips","vehicles","deadhead_km","lower_bound","arcs","seconds","options"}
nlohmann::json blocks_summary(const DayBlocks& d, const BlockOptions& o);

}  // namespace zt::transit::scheduling

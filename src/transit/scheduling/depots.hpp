// The depots (车场) a company's vehicles leave from and return to, as a planner lists them in
// depots.csv; for multi-depot blocks (multi_depot.hpp). Pure: parses text, never a file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "transit/scheduling/blocks.hpp"

namespace zt::transit::scheduling {

struct Depot {
  std::string id, name;
  StopPoint at;
  int vehicles = 0;  // how many it can send out; 0: no limit
};

// depots.csv: depot_id,depot_name,depot_lat,depot_lon[,vehicles] (a header row naming these
// columns, in any order; depot_name empty: the id; vehicles empty or absent: no limit). At most
// 100 depots, ids distinct. Fails (invalid input) naming the line and the field.
Result<std::vector<Depot>> parse_depots_csv(std::string_view text);

}  // namespace zt::transit::scheduling

// 交通小区 OD: stops grouped into square cells of a grid (the zones planners draw OD between when
// no zone map has been loaded), each zone named after its busiest stop, and the stop-to-stop OD of
// a day summed between them.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "transit/flow/flow_store.hpp"
#include "transit/network.hpp"

namespace zt::transit::flow {

struct Zone {
  std::string id;           // "r<row>c<col>" of the grid, from its south-west corner
  std::string name;         // "<busiest stop>一带"
  double lat = 0, lon = 0;  // mean of its stops
  int stops = 0;            // stops with riders
  double boardings = 0, alightings = 0;
};

struct ZoneOd {
  std::size_t from = 0, to = 0;  // into ZoneFlow::zones
  double riders = 0;
};

struct ZoneFlow {
  int cell_m = 1000;
  std::vector<Zone> zones;  // by riders, busiest first
  std::vector<ZoneOd> od;   // between different zones, heaviest first
  double intrazonal = 0;    // riders who got off in the zone they boarded in
};

// `onoff` holds boardings and alightings by stop id; stops `n` lacks are left out.
ZoneFlow zone_flow(const Network& n, const std::vector<OdRow>& od,
                   const std::map<std::string, std::pair<double, double>>& onoff, int cell_m);

}  // namespace zt::transit::flow

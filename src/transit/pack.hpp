// A trip's stop times and a shape's points packed as one text value each, for storing a feed
// version in a few thousand rows instead of a few hundred thousand. Records follow each other
// with no separator: a stop time is "seq,arrival,departure,dist,flags,LEN:stop_id" (dist -1 when
// absent; flags bit 0 timepoint, bit 1 interpolated), a shape point "seq,lat,lon,dist;" with
// latitude and longitude in units of 1e-7 degree (about a centimetre).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "transit/gtfs.hpp"

namespace zt::transit {

// Stop times [begin, end) of `f`, stop ids by `f.stops`.
std::string pack_stop_times(const Feed& f, std::size_t begin, std::size_t end);
// Appends the unpacked stop times of trip `trip` to f.stop_times, stops resolved through
// f.stop_index. Fails naming `what` on a malformed value or an unknown stop.
Status unpack_stop_times(std::string_view packed, std::uint32_t trip, Feed& f,
                         const std::string& what);

std::string pack_shape(const std::vector<ShapePoint>& points);
Result<std::vector<ShapePoint>> unpack_shape(std::string_view packed, const std::string& what);

}  // namespace zt::transit

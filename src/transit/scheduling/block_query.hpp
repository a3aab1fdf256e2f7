// The query every scheduling route that solves a day's blocks takes: ?date=, ?min_layover=
// minutes, ?max_deadhead= metres, ?deadhead_speed= km/h, bounded so that no request costs the
// server more than a large network's solve.
#pragma once

#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/error.hpp"
#include "core/http.hpp"
#include "transit/scheduling/blocks.hpp"

namespace zt::transit::scheduling {

struct BlockQuery {
  Date date{};
  BlockOptions options;
};

// Fails (invalid input) naming the parameter and its range.
Result<BlockQuery> block_query(const http::Request& req);

// ?routes=ID,ID (route_ids, comma-separated; absent or empty: every route). At most 50 routes of
// at most 64 bytes each; fails naming the parameter.
Result<std::vector<std::string>> routes_query(const http::Request& req);

}  // namespace zt::transit::scheduling

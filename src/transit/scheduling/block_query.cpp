#include "transit/scheduling/block_query.hpp"

#include "core/http_fields.hpp"

namespace zt::transit::scheduling {

Result<BlockQuery> block_query(const http::Request& req) {
  auto date = http::require_query_date(req, "date");
  if (!date) return fail(date.error());
  auto layover = http::query_int_or(req, "min_layover", 5, 0, 120);
  if (!layover) return fail(layover.error());
  auto reach = http::query_int_or(req, "max_deadhead", 0, 0, 3000);
  if (!reach) return fail(reach.error());
  auto speed = http::query_int_or(req, "deadhead_speed", 20, 5, 80);
  if (!speed) return fail(speed.error());
  return BlockQuery{*date,
                    {.min_layover_s = int(*layover) * 60,
                     .max_deadhead_m = double(*reach),
                     .deadhead_speed_mps = double(*speed) / 3.6}};
}

Result<std::vector<std::string>> routes_query(const http::Request& req) {
  auto text = http::query_string(req, "routes", 50 * 65);
  if (!text) return fail(text.error());
  std::vector<std::string> out;
  if (!*text) return out;
  std::string_view rest = **text;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const auto id = rest.substr(0, comma);
    if (id.empty() || id.size() > 64)
      return fail(Error::invalid("routes 应为逗号分隔的线路编号（每个 1 至 64 字节）", "routes"));
    out.emplace_back(id);
    if (out.size() > 50) return fail(Error::invalid("routes 最多 50 条线路", "routes"));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
    if (rest.empty()) return fail(Error::invalid("routes 不应以逗号结尾", "routes"));
  }
  return out;
}

}  // namespace zt::transit::scheduling

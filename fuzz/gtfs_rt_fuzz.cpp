// A GTFS-Realtime FeedMessage (the protobuf body of POST /api/v1/transit/gtfs-rt, and third-party
// feeds polled): decode_feed, then every accepted vehicle as the API answers it.
#include <cstdint>
#include <string_view>

#include "core/http.hpp"
#include "transit/realtime.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto feed = zt::transit::decode_feed(std::string_view(reinterpret_cast<const char*>(data), size),
                                       "fuzz.pb");
  if (!feed) return 0;
  nlohmann::json out = nlohmann::json::array();
  for (const auto& v : feed->vehicles) out.push_back(v.to_json());
  (void)zt::http::Response::json(out);
  return 0;
}

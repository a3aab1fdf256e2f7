// The JSON AVL body of POST /api/v1/transit/avl (what bus terminals send): decode_avl, then each
// accepted report and each rejection as the API answers them. (Ingest into the store is not
// fuzzed: it takes reports, which have passed here.)
#include <cstdint>
#include <string_view>

#include "core/http.hpp"
#include "transit/realtime.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto batch = zt::transit::decode_avl(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!batch) {
    (void)zt::http::Response::error(batch.error());
    return 0;
  }
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : batch->reports) out.push_back(r.to_json());
  for (const auto& r : batch->rejected) out.push_back({{"entity", r.entity}, {"reason", r.reason}});
  (void)zt::http::Response::json(out);
  return 0;
}

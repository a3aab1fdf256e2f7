// Draw plans (抽查计划): the population and inspectors are frozen into a snapshot stored with
// the seed and the algorithm version; the picks follow from them (draw.hpp). A redraw is a new
// record that names the one it supersedes; nothing is deleted. Results are entered per entity
// and published within 20 working days of the inspection's end.
#pragma once

#include <array>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/auth.hpp"
#include "core/calendar.hpp"
#include "core/clock.hpp"
#include "core/store.hpp"

namespace zt::enforcement {

struct NewDraw {
  std::string matter;          // 抽查事项
  std::string field;           // the inspectors' certificates must cover it
  std::string industry, area;  // population filter ("" = all)
  std::array<int, 4> percent{5, 20, 60, 100};
  int per_entity = 2;
  std::string seed;                    // e.g. a published lottery result; a random one when empty
  std::optional<std::string> ends_on;  // the inspection's last day
};

class Draws {
 public:
  Draws(Store& store, const Calendar& calendar, const Clock& clock)
      : store_(store), calendar_(calendar), clock_(clock) {}

  Result<nlohmann::json> create(const Principal& p, const NewDraw& in,
                                const std::string& request_id);
  // Draws again from the same snapshot with a new seed; the old draw stays, marked superseded.
  Result<nlohmann::json> redraw(const Principal& p, std::int64_t id, const std::string& seed,
                                const std::string& reason, const std::string& request_id);
  // Reruns a recorded draw from its snapshot and seed and compares every pick.
  Result<nlohmann::json> verify(std::int64_t id);
  Result<nlohmann::json> get(const Principal& p, std::int64_t id);
  Result<nlohmann::json> list(const Principal& p);
  Status enter_result(const Principal& p, std::int64_t id, int seq, const std::string& result,
                      const std::string& request_id);
  Status publish_results(const Principal& p, std::int64_t id, const std::string& request_id);
  // Published results of every draw, for the public page.
  Result<nlohmann::json> public_results(int limit);

 private:
  Result<nlohmann::json> record(const Principal& p, const std::string& matter,
                                const std::string& field, const nlohmann::json& filter,
                                const std::string& seed, const std::string& snapshot,
                                std::optional<std::int64_t> supersedes, const std::string& reason,
                                std::optional<std::string> ends_on, const std::string& request_id);
  Store& store_;
  const Calendar& calendar_;
  const Clock& clock_;
};

}  // namespace zt::enforcement

// The office's dashboard for a year's work plans: filing rate by unit and month, progress by
// section （一）…（九）, numeric targets against their latest reported figures, and dated
// commitments that are overdue or coming up. Each part is limited to the principal's scope.
#pragma once

#include <nlohmann/json.hpp>

#include "core/auth.hpp"
#include "core/clock.hpp"
#include "core/store.hpp"
#include "supervision/progress.hpp"

namespace zt::supervision {

// Whether `latest` meets a target: >= > <= as written; "=" (增长7%) when reached; "~" (左右)
// within 10 % of the value.
bool target_met(const std::string& comparator, double target, double latest);

class Dashboard {
 public:
  Dashboard(Store& store, ProgressBoard& progress, const Clock& clock)
      : store_(store), progress_(progress), clock_(clock) {}

  Result<nlohmann::json> build(const Principal& p, int year);
  Result<nlohmann::json> filing(const Principal& p, int year);
  Result<nlohmann::json> sections(const Principal& p, int year);
  Result<nlohmann::json> targets(const Principal& p, int year);
  Result<nlohmann::json> commitments(const Principal& p, std::optional<int> year);

  // A commitment met: the office, or a unit it is assigned to, marks it done (audited).
  Status mark_done(const Principal& p, std::int64_t commitment_id, const std::string& note,
                   const std::string& request_id);

 private:
  Store& store_;
  ProgressBoard& progress_;
  const Clock& clock_;
};

}  // namespace zt::supervision

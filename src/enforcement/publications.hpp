// Disclosure (公示): every penalty and licensing decision gets a publication record due within
// 7 working days (other decisions 20); revoked decisions are withdrawn within 3 working days with
// the reason. The public sees only published, not withdrawn records, with personal data masked.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/auth.hpp"
#include "core/calendar.hpp"
#include "core/clock.hpp"
#include "core/store.hpp"

namespace zt::enforcement {

struct NewPublication {
  std::int64_t unit_id = 0;
  std::optional<std::int64_t> case_id;
  std::string kind;  // penalty, licensing, other
  std::string title, party_kind, party_name, party_id, content, decided_on;
  std::optional<std::string> publish_until;
};

// Queues a record inside the caller's transaction; returns its id.
Result<std::int64_t> queue_publication(Tx& tx, const Calendar& calendar, const NewPublication& p);
// Marks a case's publications for withdrawal (due in 3 working days) after a revocation.
Status mark_revoked(Tx& tx, const Calendar& calendar, std::int64_t case_id, Date on,
                    const std::string& reason);

class Publications {
 public:
  Publications(Store& store, const Calendar& calendar, const Clock& clock)
      : store_(store), calendar_(calendar), clock_(clock) {}

  // A licensing or other decision recorded for publication by unit staff.
  Result<std::int64_t> add(const Principal& p, NewPublication in, const std::string& request_id);
  Status publish(const Principal& p, std::int64_t id, const std::string& request_id);
  Status withdraw(const Principal& p, std::int64_t id, const std::string& request_id);
  // The unit's records (all units for supervisors) with due dates and lateness.
  Result<nlohmann::json> list(const Principal& p);
  // What the public sees: published, in force, masked.
  Result<nlohmann::json> public_list(const std::string& q, int limit, int offset);

 private:
  Store& store_;
  const Calendar& calendar_;
  const Clock& clock_;
};

}  // namespace zt::enforcement

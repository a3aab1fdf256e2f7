// Supervision of enforcement (执法监督) by the justice bureau: statistics across units with the
// three systems' rates, case-file review (案卷评查) against a checklist with random sampling, and
// complaints from the public form and the 12345 hotline with their deadlines.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/auth.hpp"
#include "core/calendar.hpp"
#include "core/clock.hpp"
#include "core/store.hpp"

namespace zt::enforcement {

// Working days a unit has to reply to a referred complaint.
inline constexpr int kComplaintReplyWorkingDays = 15;

struct NewComplaint {
  std::string source;     // "public" (the form) or "12345"
  std::string ticket_no;  // the hotline's number; generated for the public form
  std::string complainant, phone, subject, content;
  std::optional<std::string> unit;  // the unit complained about, if the caller named it
};

class Oversight {
 public:
  Oversight(Store& store, const Calendar& calendar, const Clock& clock)
      : store_(store), calendar_(calendar), clock_(clock) {}
  Instant now() const { return clock_.now(); }

  // Counts by unit, by violation type, by outcome, fines; publication-on-time and legal-review
  // rates; overdue cases; discretion flags. Within [from, to] by filing date when given.
  Result<nlohmann::json> stats(const Principal& p, const std::string& from, const std::string& to);
  Result<std::string> stats_xlsx(const Principal& p, const std::string& from,
                                 const std::string& to);

  Result<nlohmann::json> checklist();
  // `count` archived cases picked at random from the seed (reproducible, see draw.hpp).
  Result<nlohmann::json> sample(const Principal& p, int count, const std::string& seed,
                                const std::string& request_id);
  Result<nlohmann::json> review_file(const Principal& p, std::int64_t case_id,
                                     const nlohmann::json& scores, const std::string& comment,
                                     const std::string& request_id);
  Result<nlohmann::json> file_reviews(const Principal& p);

  Result<nlohmann::json> add_complaint(const std::optional<Principal>& p, const NewComplaint& in,
                                       const std::string& request_id);
  Result<nlohmann::json> complaints(const Principal& p);
  Status refer_complaint(const Principal& p, std::int64_t id, const std::string& unit_name,
                         const std::string& request_id);
  Status reply_complaint(const Principal& p, std::int64_t id, const std::string& reply,
                         const std::string& request_id);
  Status close_complaint(const Principal& p, std::int64_t id, const std::string& satisfaction,
                         const std::string& request_id);

 private:
  Store& store_;
  const Calendar& calendar_;
  const Clock& clock_;
};

}  // namespace zt::enforcement

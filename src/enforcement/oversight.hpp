// Supervision of enforcement (执法监督) by the justice bureau: statistics across units with the
// three systems' rates, case-file review (案卷评查) against a checklist with random sampling, and
// complaints from the public form and the 12345 hotline with their deadlines.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

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

// The justice bureau's statistics over the cases in a principal's scope.
struct UnitCaseStats {
  std::string unit;
  std::int64_t cases = 0, decided = 0;
  double fines = 0;  // yuan
  std::int64_t major = 0, major_reviewed = 0, discretion_flags = 0, archived = 0;
};
struct ViolationStats {
  std::string code, name;
  std::int64_t cases = 0;
  double fines = 0;
};
// An open case past its 90-day decision limit (plus any extension).
struct OverdueCase {
  std::int64_t id = 0;
  std::string no, unit, party;
  std::string due;  // YYYY-MM-DD
};
struct EnforcementStats {
  std::int64_t cases = 0, decided = 0;
  double fines = 0;
  std::int64_t discretion_flags = 0;
  // Publications due (or published), and of them published by their due date.
  struct Publication {
    std::int64_t due = 0, on_time = 0;
    double rate = 1;  // 1 when none is due
  } publication;
  // Major cases, and of them passed legal review.
  struct LegalReview {
    std::int64_t major = 0, reviewed = 0;
    double rate = 1;  // 1 when there is no major case
  } legal_review;
  std::vector<OverdueCase> overdue;                // by filing date
  std::vector<UnitCaseStats> by_unit;              // most cases first
  std::map<std::string, std::int64_t> by_outcome;  // case state -> count
  std::vector<ViolationStats> by_type;             // most cases first, at most 50
};

// One item of the case-file review checklist (案卷评查).
struct ChecklistItem {
  std::int64_t id = 0;
  std::string item;
  int max_score = 0;
};

struct SampledCase {
  std::int64_t id = 0;
  std::string no, unit, party;
};
// A random draw of archived cases for review: the seed and the population's digest reproduce it.
struct ReviewSample {
  std::string seed;
  std::size_t population = 0;
  std::string population_digest;
  std::vector<SampledCase> cases;
};

struct FileReviewResult {
  std::int64_t id = 0;
  int total = 0, max_total = 0;
};

struct UnitReviewStats {
  std::string unit;
  std::int64_t reviewed = 0;
  double average = 0, lowest = 0;  // percent of the maximum score
};
struct FileReviewView {
  std::int64_t id = 0, case_id = 0;
  std::string no, unit;
  std::int64_t total = 0, max_total = 0;
  std::string comment;
  Instant reviewed_at;
};
struct FileReviews {
  std::vector<UnitReviewStats> by_unit;  // by unit name
  std::vector<FileReviewView> reviews;   // newest first, at most 500
};

struct ComplaintReceipt {
  std::int64_t id = 0;
  std::string ticket_no, reply_due;
};

struct ComplaintView {
  std::int64_t id = 0;
  std::string ticket_no, source, complainant, phone, subject, content;
  Instant received_at;
  std::optional<std::string> unit, referred_on;
  std::string reply_due;  // YYYY-MM-DD
  std::optional<std::string> reply, replied_on, closed_on, satisfaction;
  bool overdue = false;  // not replied by reply_due
};

// Thread-safety: as the store; holds no state of its own.
class Oversight {
 public:
  Oversight(Store& store, const Calendar& calendar, const Clock& clock)
      : store_(store), calendar_(calendar), clock_(clock) {}
  Instant now() const { return clock_.now(); }

  // Counts by unit, by violation type, by outcome, fines; publication-on-time and legal-review
  // rates; overdue cases; discretion flags. Within [from, to] by filing date when given.
  Result<EnforcementStats> stats(const Principal& p, const std::string& from,
                                 const std::string& to);
  Result<std::string> stats_xlsx(const Principal& p, const std::string& from,
                                 const std::string& to);

  Result<std::vector<ChecklistItem>> checklist();
  // `count` archived cases picked at random from the seed (reproducible, see draw.hpp).
  Result<ReviewSample> sample(const Principal& p, int count, const std::string& seed,
                              const std::string& request_id);
  // `scores`: {"<checklist id>": score} as the request gave it, every item scored.
  Result<FileReviewResult> review_file(const Principal& p, std::int64_t case_id,
                                       const nlohmann::json& scores, const std::string& comment,
                                       const std::string& request_id);
  Result<FileReviews> file_reviews(const Principal& p);

  Result<ComplaintReceipt> add_complaint(const std::optional<Principal>& p, const NewComplaint& in,
                                         const std::string& request_id);
  // The unit's referred complaints (all for cross-unit roles), newest first, at most 1000.
  Result<std::vector<ComplaintView>> complaints(const Principal& p);
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

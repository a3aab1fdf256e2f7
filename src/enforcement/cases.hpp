// Penalty cases (执法办案): one row per case, one step per act, every act checked against the
// hard rules in the same transaction that records it and appends it to the audit trail.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/auth.hpp"
#include "core/calendar.hpp"
#include "core/clock.hpp"
#include "core/org.hpp"
#include "core/store.hpp"
#include "enforcement/case_state.hpp"
#include "enforcement/rules.hpp"

namespace zt::enforcement {

// The certificate field a legal reviewer must hold (法律职业资格).
inline constexpr std::string_view kLegalQualification = "法律职业资格";

struct CaseRecord {
  CaseId id;
  std::string no;
  std::int64_t unit_id = 0;
  std::string unit_name;
  std::string field;
  CaseState state = CaseState::kRegistered;
  std::string procedure, source;
  std::string party_kind, party_name, party_id, party_phone, party_address;
  std::string violation_code, violation_name, facts, act_ended_on;
  bool harms_safety = false, major_flag = false, complex = false;
  std::vector<std::int64_t> investigators;
  std::optional<std::string> filed_on;
  int evidence_count = 0;
  std::optional<std::string> notice_on;
  bool notice_waived = false;
  std::optional<std::string> proposed_penalty;
  std::optional<double> proposed_fine;
  bool hearing_right = false;
  std::optional<std::string> statement_on, hearing_requested_on, hearing_on;
  std::optional<std::int64_t> hearing_chair;
  std::optional<std::string> hearing_held_on, review_passed_on;
  std::optional<std::int64_t> reviewer_id;
  std::optional<std::string> discussion_on;
  int extension_days = 0;
  std::optional<std::string> decided_on, penalty;
  std::optional<double> fine;
  std::optional<std::string> breach_class, discretion_reason;
  bool discretion_flag = false, major = false;
  std::optional<std::string> served_on, service_method;
  bool repair_notice_served = false;
  std::optional<std::string> paid_on;
  std::optional<double> paid_amount, late_fee;
  std::optional<std::string> closed_on, close_reason, archived_on;
  std::int64_t created_at = 0, updated_at = 0;
};

struct NewCase {
  std::string field;      // 执法领域; the officers' certificates must cover it
  std::string procedure;  // "general" or "simplified"
  std::string source;     // inspection, complaint, referral, report, other
  std::string party_kind, party_name, party_id, party_phone, party_address;
  std::string violation_code, violation_name, facts, act_ended_on;
  bool harms_safety = false, major_flag = false, complex = false;
};

// A registration as checked: the source defaulted, the violation's name from the catalogue when
// none was typed.
struct CheckedCase {
  std::string source, violation_name;
};
// Every field of a registration checked at once: a refusal (kInvalidInput) lists each field at
// fault with its message (Error::fields), so the form shows them all beside their fields.
// `catalogue_name` is the unit's catalogue name for the violation code, "" when it has none.
Result<CheckedCase> check_new_case(const NewCase& in, Date today,
                                   const std::string& catalogue_name);

// What an act carries: the officers doing it (usernames) and its named values.
struct ActionInput {
  std::vector<std::string> officers;
  std::map<std::string, std::string> values;
  std::optional<std::string> get(const std::string& k) const;
};

// Who must do what by when, for to-do lists.
struct Deadline {
  std::string what;
  std::string due;  // YYYY-MM-DD
  std::string who;  // 办案人员, 法制审核人员, 当事人 ...
  bool overdue = false;
};

// An open case with its next deadline, for the to-do list.
struct TodoItem {
  CaseId case_id;
  std::string no, unit, party_name;
  CaseState state = CaseState::kRegistered;
  Deadline next;
};

// One recorded act: the values it was given and what the act added (ef_case_steps.detail).
struct Step {
  std::int64_t id = 0;
  std::string action, on_date;
  std::int64_t at = 0;
  std::string actor;
  std::vector<std::string> officers;
  nlohmann::json detail;
  // A text value the act recorded under `field` (one of the act's fields), "" when absent.
  std::string value(std::string_view field) const;
};

// Which cases a list shows, and which page of them.
struct CaseFilter {
  std::optional<CaseState> state = {};
  std::optional<std::int64_t> unit = {};  // supervisors only; others always see their own unit's
  std::string keyword = {};  // a part of the 案号, the party's name or identifier, or the violation
  std::optional<Date> from = {}, to = {};  // registered on these Shanghai dates (inclusive)
  int limit = 1000, offset = 0;
};
struct CasePage {
  std::vector<CaseRecord> items;
  std::int64_t total = 0;  // matching cases, all pages
};

// 监督检查, 投诉举报, …: a case's source (ef_cases.source) as people read it.
std::string_view source_label(std::string_view source);

class Cases {
 public:
  Cases(Store& store, Org& org, const Calendar& calendar, const Clock& clock)
      : store_(store), org_(org), calendar_(calendar), clock_(clock) {}

  Result<CaseRecord> create(const Principal& p, const NewCase& in, const std::string& request_id);
  // One act on a case (file, evidence, notify, ..., archive); refused with the rule's name.
  // The act is looked up in acts() (acts.hpp); an unknown one is kNotFound.
  Result<CaseRecord> act(const Principal& p, CaseId id, const std::string& action,
                         const ActionInput& in, const std::string& request_id);
  Result<CaseRecord> get(const Principal& p, CaseId id);
  // The caller's unit's cases (every unit's for the justice bureau), newest first; all states
  // when `state` is nullopt.
  Result<std::vector<CaseRecord>> list(const Principal& p, std::optional<CaseState> state,
                                       std::optional<std::int64_t> unit);
  // One page of the cases the caller may see that match `f`, newest first, with their total.
  Result<CasePage> find(const Principal& p, const CaseFilter& f);
  // The steps of `c`, a case the caller holds from get() or act(), which checked who may see it.
  Result<std::vector<Step>> steps(const CaseRecord& c);
  // Whether a notified case awaits legal review: major (flag, complexity, a hearing, or the unit's
  // catalogue at the notified fine) and not yet passed. The review queue lists these.
  Result<bool> needs_review(const CaseRecord& c);
  // The next deadlines of an open case, soonest first.
  std::vector<Deadline> deadlines(const CaseRecord& c) const;
  // Open cases with their next deadline, overdue first.
  Result<std::vector<TodoItem>> todo(const Principal& p);

  Result<Settings> settings(std::int64_t unit);
  Status set_setting(const Principal& p, std::int64_t unit, const std::string& name,
                     const std::string& value, const std::string& request_id);
  Status declare_conflict(const Principal& p, const std::string& username,
                          const std::string& party_id, const std::string& reason,
                          const std::string& request_id);
  Result<std::int64_t> add_catalogue(const Principal& p, std::optional<std::string> violation,
                                     std::optional<double> min_fine, const std::string& description,
                                     const std::string& request_id);
  Result<std::int64_t> add_benchmark(const Principal& p, const std::string& violation,
                                     const std::string& name, const std::string& basis,
                                     double fine_min, double fine_max,
                                     const std::string& request_id);
  Result<std::int64_t> add_device(const Principal& p, const std::string& code,
                                  const std::string& location, bool reviewed, bool published,
                                  const std::string& request_id);
  Result<nlohmann::json> rules_of(std::int64_t unit);

  Date today() const { return shanghai_date(clock_.now()); }
  const Calendar& calendar() const { return calendar_; }

 private:
  Store& store_;
  Org& org_;
  const Calendar& calendar_;
  const Clock& clock_;
};

// The case as the audit trail records it before and after each act (the API sends the same
// keys). The documents render from CaseRecord, never from this.
nlohmann::json case_json(const CaseRecord& c);
// A unit's settings read inside the caller's transaction.
Result<Settings> settings_in(Tx& tx, std::int64_t unit);
Result<CaseRecord> load_case(Tx& tx, CaseId id);
// Whether the principal may see cases of `unit` (own unit, or across units for supervisors).
bool may_see_case_unit(const Principal& p, std::int64_t unit);

}  // namespace zt::enforcement

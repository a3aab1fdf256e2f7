// The acts of a penalty case as one table (acts.cpp): for each act its name (the API's action),
// its Chinese label, the states it starts from and leads to, whether two officers do it, who else
// may, the fields it takes, the rules it is checked against and the function that records it.
// Cases::act (case_actions.cpp) runs any act from its entry; GET /api/v1/enforcement/acts serves
// the same table to the case page. Adding an act is one entry here plus its handler.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/auth.hpp"
#include "core/store.hpp"
#include "enforcement/cases.hpp"

namespace zt::enforcement {

// How a field is read, and so how the case page asks for it.
enum class FieldType {
  kText,      // one line
  kLongText,  // several lines
  kAmount,    // a non-negative number (yuan, or days where the field sets a whole range)
  kDate,      // YYYY-MM-DD
  kCheck,     // yes / no
  kStaff,     // a username of the case's unit
  kPenalty,   // a penalty kind (rules.hpp)
  kChoice,    // one of the field's choices
};
std::string_view field_type_name(FieldType t);  // "text", "textarea", "number", ...

enum class Need {
  kRequired,
  kOptional,
  kWithFine,  // required when the act's penalty is a fine
};

struct Choice {
  std::string_view value, label;
};

struct ActField {
  std::string_view name = {};   // the key in the act's body
  std::string_view label = {};  // 证据内容, ...; refusals name it (请填写证据内容)
  FieldType type = FieldType::kText;
  Need need = Need::kRequired;
  std::vector<Choice> choices = {};  // kChoice
  std::string_view fallback = {};    // kChoice: the value when none is given
  bool open = false;                 // kChoice: other values pass and mean none of the choices
  std::string_view invalid = {};     // the refusal of a bad value; "{label}无效" when empty
  int min = 0, max = 0;              // kAmount with max > 0: a whole number in [min, max]
};

// The text field under which an evidence act records what was collected (documents.cpp prints it).
inline constexpr std::string_view kEvidenceDescription = "description";

struct Act;

// An officer doing an act: a user of the case's unit with a valid certificate for its field.
struct ActOfficer {
  std::int64_t id = 0;
  std::string username, name;
};

// An act's fields as read from its input against the table; only declared fields are here.
class ActValues {
 public:
  // Reads the fields in the act's order; the first missing or malformed one is refused
  // (kInvalidInput naming the field), with the messages the API has always given.
  static Result<ActValues> read(const Act& act, const ActionInput& in);

  // nullopt when the field was not given.
  std::optional<std::string> text(std::string_view field) const;
  // 0 when the field was not given.
  double amount(std::string_view field) const;
  Date date(std::string_view field) const;
  // The "penalty" field (acts with a kPenalty field require it).
  Penalty penalty() const { return penalty_; }
  bool yes(std::string_view field) const { return text(field).value_or("") == "yes"; }
  // The value given, or the field's fallback.
  std::string choice(std::string_view field) const { return text(field).value_or(""); }

 private:
  std::map<std::string, std::string, std::less<>> text_;
  std::map<std::string, double, std::less<>> amounts_;
  std::map<std::string, Date, std::less<>> dates_;
  Penalty penalty_ = Penalty::kWarning;
};

// What a rule check and a handler see: the case as loaded in the act's transaction, the caller,
// the officers (two-officer acts), the unit's settings, and the act's values.
struct ActContext {
  Tx& tx;
  const Principal& p;
  const Act& act;
  const CaseRecord& c;
  const Settings& settings;
  const Calendar& calendar;
  const std::vector<ActOfficer>& officers;
  Date today;
  std::int64_t now = 0;   // Unix seconds
  nlohmann::json detail;  // recorded with the step: the act's input, plus what the handler adds
  ActValues values;       // empty while the preconditions run

  std::string day() const { return format_date(today); }
  // UPDATE ef_cases SET <set>, updated_at = now WHERE id = the case; $1… are `params`.
  Status update(std::string_view set, std::vector<Param> params);
  // "案件当前为「…」，不能进行「…」": the state-order refusal.
  std::string wrong_state() const;
};

// A rule's check: nullopt when the act passes, else the refusal's message. An Error is a store
// failure or bad input met while checking (an unknown hearing chair).
using Refusal = std::optional<std::string>;
struct RuleCheck {
  std::string_view rule;  // "time-bar", ... (docs/domain-enforcement.md)
  Result<Refusal> (*check)(ActContext&);
};

struct Act {
  std::string_view name = {}, label = {};
  std::vector<CaseState> from = {};
  std::vector<CaseState> to = {};  // empty: the case stays; several: the handler picks one
  // Done by two or more of the unit's certified officers, the caller among them (APL art. 42);
  // the caller's role and the officers are checked before anything else.
  bool two_officers = false;
  // Who else may do it (checked after the state); empty: any unit staff the route admits.
  // Who may do it besides the route's permission (the one table in core/auth.cpp); kAuthenticated:
  // anyone the route lets in.
  Permission permission = Permission::kAuthenticated;
  std::string_view roles_refusal = {};
  // Only cases of this procedure ("general" or "simplified"); refused under rule state-order.
  std::string_view procedure = {};
  std::string_view procedure_refusal = {};
  // The refusal when the case is in none of `from`; state-order (wrong_state()) when null.
  Error (*refuse_state)(const ActContext&) = nullptr;
  std::vector<ActField> fields = {};
  std::vector<RuleCheck> preconditions = {};  // on the case, before the fields are read
  std::vector<RuleCheck> checks = {};         // on the act's values, after they are read
  Status (*handler)(ActContext&) = nullptr;   // records the act (UPDATE and side effects)
};

// Every act, in the order the law runs them.
const std::vector<Act>& acts();
// nullptr for a name no act has.
const Act* find_act(std::string_view name);

// Whether deciding `c` with `fine` is a major decision: the case's flag, its complexity, a held
// hearing, or the unit's catalogue (violation or fine threshold). Legal review is then due.
Result<bool> is_major(Tx& tx, const CaseRecord& c, double fine);

}  // namespace zt::enforcement

// The Administrative Penalty Law's hard rules as pure functions over dates and amounts, so the
// case service, the scenario tests and the UI's hints agree. Sources are in
// docs/domain-enforcement.md; figures that differ by province are Settings, not constants.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/error.hpp"

namespace zt::enforcement {

// Per-unit settings (ef_settings), with the defaults used where a unit set nothing.
struct Settings {
  double hearing_fine_individual = 10000;  // 较大数额罚款 for a person (Henan's usual figure)
  double hearing_fine_organisation = 100000;  // ... for an organisation
  int statement_days = 5;                     // working days to state and defend after notice
};
inline constexpr std::string_view kSettingNames[] = {"hearing_fine_individual",
                                                     "hearing_fine_organisation", "statement_days"};
Status apply_setting(Settings& s, std::string_view name, std::string_view value);

// Statutory figures (APL arts. 36, 51, 60, 61, 63, 64, 67, 68, 72).
inline constexpr int kTimeBarYears = 2;
inline constexpr int kTimeBarYearsSafety = 5;
inline constexpr int kDecisionDays = 90;
inline constexpr int kServiceWorkingDays = 7;
inline constexpr int kHearingRequestWorkingDays = 5;
inline constexpr int kHearingNoticeWorkingDays = 7;
inline constexpr double kSimplifiedCapIndividual = 200;
inline constexpr double kSimplifiedCapOrganisation = 3000;
inline constexpr double kOnSpotCollectionCap = 100;
inline constexpr int kPaymentDays = 15;
inline constexpr double kLateFeePerDay = 0.03;
inline constexpr int kWithdrawWorkingDays = 3;
inline constexpr int kPublishWorkingDaysDecision = 7;
inline constexpr int kPublishWorkingDaysOther = 20;

// Penalty kinds (APL art. 9), in increasing severity.
enum class Penalty { kWarning, kCriticism, kFine, kConfiscation, kSuspend, kRestrict, kRevoke };
std::optional<Penalty> parse_penalty(std::string_view name);
std::string_view penalty_name(Penalty p);
std::string_view penalty_label(Penalty p);  // 警告, 罚款, ...

enum class PartyKind { kIndividual, kOrganisation };
std::optional<PartyKind> parse_party_kind(std::string_view name);

// Breach class for credit publication (NDRC Order No. 36).
enum class BreachClass { kMinor, kOrdinary, kSerious };
std::optional<BreachClass> parse_breach_class(std::string_view name);
std::string_view breach_label(BreachClass b);
// How long a penalty stays published, and from when the party may apply for repair.
Date publish_until(BreachClass b, Date published);
Date repair_from(BreachClass b, Date published);

// time-bar: the last day a case may be filed for an act that ended on `act_ended`.
Date time_bar_end(Date act_ended, bool harms_safety);
// Whether the party has the right to a hearing (APL art. 63).
bool hearing_right(Penalty p, double fine, PartyKind party, const Settings& s);
// simplified-cap / on-spot-collection (APL arts. 51, 68).
Status check_simplified(Penalty p, double fine, PartyKind party);
Status check_on_spot_collection(double amount);
// Late fee on `paid` for a fine due by `due` (3 % a day, never above the fine).
double late_fee(double fine, Date due, Date paid);

Date add_days(Date d, int n);
Date add_months(Date d, int months);

// A refusal's rule as people read it: its Chinese name and where the law says so.
struct RuleInfo {
  std::string_view code;   // "two-officers", as Error::rule carries it
  std::string_view name;   // 两名执法人员
  std::string_view basis;  // 《中华人民共和国行政处罚法》第四十二条
};
// Every rule an enforcement refusal can name; the case page shows refusals through it.
const std::vector<RuleInfo>& rule_glossary();

}  // namespace zt::enforcement

// The rule checks and handlers the act table (acts.cpp) names, one handler per act, grouped by
// the stage of a case they belong to. Internal to the enforcement module.
#pragma once

#include <string>
#include <vector>

#include "enforcement/acts.hpp"

namespace zt::enforcement::act {

// A date column the act's state guarantees is set.
inline Date date_of(const std::optional<std::string>& s) { return *parse_date(*s); }
// Officers' ids as ef_cases.investigators stores them ("3,4").
std::string join_ids(const std::vector<std::int64_t>& ids);

// Filing, investigation and the ends without a penalty (acts_investigation.cpp).
Result<Refusal> time_bar(ActContext& x);
Status file(ActContext& x);
Result<Refusal> simplified_cap(ActContext& x);
Result<Refusal> on_spot_collection(ActContext& x);
Status on_the_spot(ActContext& x);
Result<Refusal> offsite_device(ActContext& x);
Status evidence(ActContext& x);
Status recuse(ActContext& x);
Result<Refusal> extension_in_time(ActContext& x);
Status extend(ActContext& x);
Status close(ActContext& x);
Status withdraw(ActContext& x);

// Notice, statement and hearing (acts_notice.cpp).
Result<Refusal> evidence_first(ActContext& x);
Status notify(ActContext& x);
Status statement(ActContext& x);
Result<Refusal> has_hearing_right(ActContext& x);
Result<Refusal> hearing_window(ActContext& x);
Status request_hearing(ActContext& x);
Result<Refusal> hearing_requested(ActContext& x);
Result<Refusal> hearing_notice_ahead(ActContext& x);
Result<Refusal> chair_not_investigator(ActContext& x);
Status schedule_hearing(ActContext& x);
Result<Refusal> hearing_scheduled(ActContext& x);
Result<Refusal> caller_is_chair(ActContext& x);
Result<Refusal> hearing_day_reached(ActContext& x);
Status hold_hearing(ActContext& x);

// Legal review, collective discussion and the decision (acts_decision.cpp).
Result<Refusal> reviewer_qualified(ActContext& x);
Result<Refusal> reviewer_not_investigator(ActContext& x);
Status review(ActContext& x);
Status discuss(ActContext& x);
Error decide_refuse_state(const ActContext& x);
Result<Refusal> statement_period_over(ActContext& x);
Result<Refusal> hearing_held(ActContext& x);
Result<Refusal> no_increase(ActContext& x);
Result<Refusal> decision_in_time(ActContext& x);
Result<Refusal> legal_review_passed(ActContext& x);
Result<Refusal> discussed_if_major(ActContext& x);
Result<Refusal> within_benchmark(ActContext& x);
Status decide(ActContext& x);

// Service, execution, revocation and archiving (acts_execution.cpp).
Result<Refusal> e_service_consent(ActContext& x);
Result<Refusal> service_in_time(ActContext& x);
Status serve(ActContext& x);
Status execute(ActContext& x);
Status revoke(ActContext& x);
Status archive(ActContext& x);

}  // namespace zt::enforcement::act

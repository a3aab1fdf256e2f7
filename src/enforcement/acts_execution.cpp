// After the decision: its service (with the credit-repair notice for organisations), payment or
// enforcement, a later change or revocation, and the case file's archiving (APL arts. 61, 67, 72).
#include <fmt/format.h>

#include "enforcement/act_handlers.hpp"
#include "enforcement/publications.hpp"

namespace zt::enforcement::act {

Result<Refusal> e_service_consent(ActContext& x) {
  if (x.values.choice("method") != "electronic" || x.values.yes("consent")) return Refusal{};
  return Refusal{"电子送达须经当事人同意并签订确认书（行政处罚法第六十一条）"};
}

Result<Refusal> service_in_time(ActContext& x) {
  auto last = x.calendar.add_working_days(date_of(x.c.decided_on), kServiceWorkingDays);
  if (x.today <= last) return Refusal{};
  return Refusal{fmt::format(
      "决定书应在宣告后当场或七个工作日内送达（截至{}，行政处罚法第六十一条）", format_date(last))};
}

Status serve(ActContext& x) {
  // 双书同达: an organisation's penalty decision goes out with its credit-repair notice.
  bool repair = x.c.party_kind == "organisation";
  x.detail["credit_repair_notice"] = repair;
  bool nothing_to_pay = x.c.fine.value_or(0) <= 0;
  return x.update(
      "state = $1, served_on = $2, service_method = $3, repair_notice_served = $4",
      {std::string(state_name(nothing_to_pay ? CaseState::kExecuted : CaseState::kServed)), x.day(),
       x.values.choice("method"), std::int64_t(repair)});
}

Status execute(ActContext& x) {
  const double fine = x.c.fine.value_or(0);
  const double paid = x.values.amount("amount");
  double fee = late_fee(fine, add_days(date_of(x.c.served_on), kPaymentDays), x.today);
  x.detail["late_fee"] = fee;
  if (paid + 1e-9 < fine + fee && x.values.choice("method") != "enforced")
    return fail(Error::invalid(
        fmt::format("应缴{}元（罚款{}元，加处罚款{}元）", fine + fee, fine, fee), "amount"));
  return x.update("state = $1, paid_on = $2, paid_amount = $3, late_fee = $4",
                  {std::string(state_name(CaseState::kExecuted)), x.day(), paid, fee});
}

Status revoke(ActContext& x) {
  const auto reason = *x.values.text("reason");
  if (auto s = mark_revoked(x.tx, x.calendar, x.c.id.value, x.today, reason); !s) return s;
  return x.update("close_reason = $1", {"决定已撤销：" + reason});
}

Status archive(ActContext& x) {
  return x.update("state = $1, archived_on = $2",
                  {std::string(state_name(CaseState::kArchived)), x.day()});
}

}  // namespace zt::enforcement::act

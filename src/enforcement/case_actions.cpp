// Cases::act: runs any act of the table (acts.cpp) on a case in one transaction: who may act, the
// two officers, the state, the procedure, the rules and the fields, then the act's handler, its
// step and its audit record (docs/domain-enforcement.md).
#include <algorithm>

#include <fmt/format.h>

#include "core/audit.hpp"
#include "enforcement/acts.hpp"
#include "enforcement/cases.hpp"

namespace zt::enforcement {
namespace {

using nlohmann::json;

Error rule(const char* name, std::string msg) {
  return Error::rule_violation(name, std::move(msg));
}

bool contains(const std::vector<CaseState>& states, CaseState s) {
  return std::find(states.begin(), states.end(), s) != states.end();
}

// The officers named for a two-officer act: at least two, the caller among them, each an
// active officer of the case's unit with a certificate for its field valid today and no
// declared conflict or recusal.
Result<std::vector<ActOfficer>> officers_for(Tx& tx, const Principal& p, const CaseRecord& c,
                                             const std::vector<std::string>& usernames,
                                             const std::string& day) {
  std::vector<std::string> names = usernames;
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  if (names.size() < 2)
    return fail(rule("two-officers",
                     "执法须由两名以上持有效执法证的执法人员共同进行（行政处罚法第四十二条）"));
  if (std::find(names.begin(), names.end(), p.username) == names.end())
    return fail(Error::forbidden("操作人本人须是列明的执法人员之一"));
  std::vector<ActOfficer> out;
  for (const auto& name : names) {
    auto u = tx.query(
        "SELECT u.id, u.display_name, u.unit_id, u.disabled, (SELECT COUNT(*) FROM user_roles r "
        "WHERE r.user_id = u.id AND r.role = 'enforcement_officer'), (SELECT COUNT(*) FROM "
        "certificates k WHERE k.user_id = u.id AND k.field = $2 AND k.valid_from <= $3 AND "
        "k.valid_to >= $3) FROM users u WHERE u.username = $1",
        {name, c.field, day});
    if (!u) return fail(u.error());
    if (u->rows.empty()) return fail(Error::invalid("没有这个执法人员：" + name, "officers"));
    const auto& r = u->rows[0];
    ActOfficer o{r.i64(0), name, r.str(1)};
    if (r.i64(3) != 0 || r.i64(4) == 0 || r.i64(2) != c.unit_id)
      return fail(rule("two-officers", fmt::format("{}不是本单位在职执法人员", o.name)));
    if (r.i64(5) == 0)
      return fail(rule("two-officers",
                       fmt::format("{}没有{}当日有效的「{}」领域执法证", o.name, day, c.field)));
    auto k = tx.query(
        "SELECT (SELECT reason FROM ef_conflicts WHERE user_id = $1 AND party_id = $2), (SELECT "
        "reason FROM ef_recusals WHERE user_id = $1 AND case_id = $3)",
        {o.id, c.party_id, c.id.value});
    if (!k) return fail(k.error());
    if (!k->rows[0].is_null(0) || !k->rows[0].is_null(1))
      return fail(rule("recusal",
                       fmt::format("{}与当事人存在利害关系或已回避（{}），不得参与本案", o.name,
                                   k->rows[0].is_null(0) ? k->rows[0].str(1) : k->rows[0].str(0))));
    out.push_back(std::move(o));
  }
  return out;
}

Status run_checks(ActContext& x, const std::vector<RuleCheck>& checks) {
  for (const auto& check : checks) {
    auto refusal = check.check(x);
    if (!refusal) return fail(refusal.error());
    if (*refusal) return fail(Error::rule_violation(std::string(check.rule), std::move(**refusal)));
  }
  return {};
}

// Everything an act checks and does, in this order: who may act and the officers (two-officer
// acts), the state, the procedure, who else may act, the preconditions on the case, the fields,
// the checks on the fields' values, the handler.
Status run_act(ActContext& x, const Act& act) {
  if (!contains(act.from, x.c.state)) {
    if (act.refuse_state) return fail(act.refuse_state(x));
    return fail(rule("state-order", x.wrong_state()));
  }
  if (!act.procedure.empty() && x.c.procedure != act.procedure)
    return fail(rule("state-order", std::string(act.procedure_refusal)));
  if (!x.p.can(act.permission)) return fail(Error::forbidden(std::string(act.roles_refusal)));
  if (auto s = run_checks(x, act.preconditions); !s) return s;
  return {};
}

}  // namespace

Result<bool> is_major(Tx& tx, const CaseRecord& c, double fine) {
  if (c.major_flag || c.complex || c.hearing_held_on) return true;
  auto r = tx.query(
      "SELECT COUNT(*) FROM ef_major_catalogue WHERE unit_id = $1 AND (violation_code = $2 OR "
      "(min_fine IS NOT NULL AND min_fine <= $3))",
      {c.unit_id, c.violation_code, fine});
  if (!r) return fail(r.error());
  return r->rows[0].i64(0) > 0;
}

Result<bool> Cases::needs_review(const CaseRecord& c) {
  if (c.state != CaseState::kNotified || c.review_passed_on) return false;
  return store_.transact_value<bool>(
      [&](Tx& tx) { return is_major(tx, c, c.proposed_fine.value_or(0)); });
}

Result<CaseRecord> Cases::act(const Principal& p, CaseId id, const std::string& action,
                              const ActionInput& in, const std::string& request_id) {
  const Act* act = find_act(action);
  if (!act) return fail(Error::not_found("没有这个办案环节：" + action));
  return store_.transact_value<CaseRecord>([&](Tx& tx) -> Result<CaseRecord> {
    if (auto l = tx.lock(0x4543'0000'0000 + id.value); !l) return fail(l.error());
    auto c = load_case(tx, id);
    if (!c) return c;
    if (!may_see_case_unit(p, c->unit_id)) return fail(Error::not_found("没有这个案件"));
    if (p.unit.value != c->unit_id)
      return fail(Error::forbidden("只有本案所属执法单位的人员可以办理"));
    const auto before = case_json(*c);
    const Date today = this->today();
    std::vector<ActOfficer> officers;
    if (act->two_officers) {
      if (!p.can(Permission::kCaseHandle))
        return fail(Error::forbidden("只有执法人员可以进行「" + std::string(act->label) + "」"));
      auto o = officers_for(tx, p, *c, in.officers, format_date(today));
      if (!o) return fail(o.error());
      officers = std::move(*o);
    }
    auto settings = settings_in(tx, c->unit_id);
    if (!settings) return fail(settings.error());
    ActContext x{tx,
                 p,
                 *act,
                 *c,
                 *settings,
                 calendar_,
                 officers,
                 today,
                 unix_seconds(clock_.now()),
                 json::object(),
                 {}};
    for (const auto& [k, v] : in.values) x.detail[k] = v;
    if (auto s = run_act(x, *act); !s) return fail(s.error());
    auto values = ActValues::read(*act, in);
    if (!values) return fail(values.error());
    x.values = std::move(*values);
    if (auto s = run_checks(x, act->checks); !s) return fail(s.error());
    if (auto s = act->handler(x); !s) return fail(s.error());

    std::string names;
    for (const auto& o : officers) names += (names.empty() ? "" : ",") + o.username;
    auto step = tx.query(
        "INSERT INTO ef_case_steps (case_id, action, on_date, at, actor_id, officers, detail) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7)",
        {id.value, action, format_date(today), x.now, p.id.value, names, x.detail.dump()});
    if (!step) return fail(step.error());
    auto after = load_case(tx, id);
    if (!after) return after;
    // The table promises where an act leads; a handler that disagrees is a bug, not a refusal.
    if (act->to.empty() ? after->state != c->state : !contains(act->to, after->state))
      return fail(Error::internal(fmt::format("「{}」使案件进入了表中未列的状态「{}」", act->label,
                                              state_label(after->state))));
    auto a = append_audit(tx,
                          p.actor(request_id)
                              .entry("case." + action, "case", std::to_string(id.value),
                                     fmt::format("{}：{}", after->no, act->label), before.dump(),
                                     case_json(*after).dump()),
                          clock_.now());
    if (!a) return fail(a.error());
    return after;
  });
}

}  // namespace zt::enforcement

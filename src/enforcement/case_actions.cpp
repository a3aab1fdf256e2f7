// The acts of a case and the hard rules each one is checked against (docs/domain-enforcement.md).
#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "core/audit.hpp"
#include "enforcement/cases.hpp"
#include "enforcement/publications.hpp"

namespace zt::enforcement {
namespace {

using nlohmann::json;

Error rule(const char* name, std::string msg) {
  return Error::rule_violation(name, std::move(msg));
}

Result<double> amount(const ActionInput& in, const std::string& key, bool required) {
  auto v = in.get(key);
  if (!v) {
    if (required) return fail(Error::invalid("请填写金额", key));
    return 0.0;
  }
  double d = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), d);
  // from_chars reads "nan" and "inf" too, which no comparison below would refuse.
  if (ec != std::errc{} || p != v->data() + v->size() || !std::isfinite(d) || d < 0 || d > 1e12)
    return fail(Error::invalid(fmt::format("金额须为非负数：{}", *v), key));
  return d;
}

Result<std::string> text(const ActionInput& in, const std::string& key, const char* what) {
  auto v = in.get(key);
  if (!v) return fail(Error::invalid(fmt::format("请填写{}", what), key));
  return *v;
}

Date date_of(const std::optional<std::string>& s) { return *parse_date(*s); }

// Which states an act may start from.
bool from(const CaseRecord& c, std::initializer_list<std::string_view> states) {
  return std::find(states.begin(), states.end(), c.state) != states.end();
}

bool two_officer_act(const std::string& action) {
  return action == "file" || action == "evidence" || action == "notify" || action == "decide" ||
         action == "serve" || action == "on_the_spot" || action == "close";
}

std::string join_ids(const std::vector<std::int64_t>& ids) {
  std::string s;
  for (auto id : ids) s += (s.empty() ? "" : ",") + std::to_string(id);
  return s;
}

}  // namespace

Result<std::vector<Cases::Officer>> Cases::officers_for(Tx& tx, const Principal& p,
                                                        const CaseRecord& c,
                                                        const std::vector<std::string>& usernames) {
  std::vector<std::string> names = usernames;
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  if (names.size() < 2)
    return fail(rule("two-officers",
                     "执法须由两名以上持有效执法证的执法人员共同进行（行政处罚法第四十二条）"));
  if (std::find(names.begin(), names.end(), p.username) == names.end())
    return fail(Error::forbidden("操作人本人须是列明的执法人员之一"));
  const std::string day = format_date(today());
  std::vector<Officer> out;
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
    Officer o{r.i64(0), name, r.str(1)};
    if (r.i64(3) != 0 || r.i64(4) == 0 || r.i64(2) != c.unit_id)
      return fail(rule("two-officers", fmt::format("{}不是本单位在职执法人员", o.name)));
    if (r.i64(5) == 0)
      return fail(rule("two-officers",
                       fmt::format("{}没有{}当日有效的「{}」领域执法证", o.name, day, c.field)));
    auto k = tx.query(
        "SELECT (SELECT reason FROM ef_conflicts WHERE user_id = $1 AND party_id = $2), (SELECT "
        "reason FROM ef_recusals WHERE user_id = $1 AND case_id = $3)",
        {o.id, c.party_id, c.id});
    if (!k) return fail(k.error());
    if (!k->rows[0].is_null(0) || !k->rows[0].is_null(1))
      return fail(rule("recusal",
                       fmt::format("{}与当事人存在利害关系或已回避（{}），不得参与本案", o.name,
                                   k->rows[0].is_null(0) ? k->rows[0].str(1) : k->rows[0].str(0))));
    out.push_back(std::move(o));
  }
  return out;
}

Result<bool> Cases::is_major(Tx& tx, const CaseRecord& c, double fine) {
  if (c.major_flag || c.complex || c.hearing_held_on) return true;
  auto r = tx.query(
      "SELECT COUNT(*) FROM ef_major_catalogue WHERE unit_id = $1 AND (violation_code = $2 OR "
      "(min_fine IS NOT NULL AND min_fine <= $3))",
      {c.unit_id, c.violation_code, fine});
  if (!r) return fail(r.error());
  return r->rows[0].i64(0) > 0;
}

Result<bool> Cases::needs_review(const CaseRecord& c) {
  if (c.state != "notified" || c.review_passed_on) return false;
  return store_.transact_value<bool>(
      [&](Tx& tx) { return is_major(tx, c, c.proposed_fine.value_or(0)); });
}

Result<CaseRecord> Cases::act(const Principal& p, std::int64_t id, const std::string& action,
                              const ActionInput& in, const std::string& request_id) {
  const auto& actions = case_actions();
  auto info = std::find_if(actions.begin(), actions.end(),
                           [&](const ActionInfo& a) { return a.name == action; });
  if (info == actions.end()) return fail(Error::not_found("没有这个办案环节：" + action));
  return store_.transact_value<CaseRecord>([&](Tx& tx) -> Result<CaseRecord> {
    if (auto l = tx.lock(0x4543'0000'0000 + id); !l) return fail(l.error());
    auto c = load_case(tx, id);
    if (!c) return c;
    if (!may_see_case_unit(p, c->unit_id)) return fail(Error::not_found("没有这个案件"));
    if (p.unit.value != c->unit_id)
      return fail(Error::forbidden("只有本案所属执法单位的人员可以办理"));
    const auto before = case_json(*c);
    json detail = json::object();
    for (const auto& [k, v] : in.values) detail[k] = v;
    std::vector<Officer> officers;
    if (two_officer_act(action)) {
      if (!p.has(Role::kEnforcementOfficer))
        return fail(Error::forbidden("只有执法人员可以进行「" + std::string(info->label) + "」"));
      auto o = officers_for(tx, p, *c, in.officers);
      if (!o) return fail(o.error());
      officers = std::move(*o);
    }
    if (auto s = act_in(tx, p, *c, action, in, detail, officers); !s) return fail(s.error());
    std::string names;
    for (const auto& o : officers) names += (names.empty() ? "" : ",") + o.username;
    const auto now = unix_seconds(clock_.now());
    auto step = tx.query(
        "INSERT INTO ef_case_steps (case_id, action, on_date, at, actor_id, officers, detail) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7)",
        {id, action, format_date(today()), now, p.id.value, names, detail.dump()});
    if (!step) return fail(step.error());
    auto after = load_case(tx, id);
    if (!after) return after;
    auto a = append_audit(tx,
                          p.actor(request_id)
                              .entry("case." + action, "case", std::to_string(id),
                                     fmt::format("{}：{}", after->no, info->label), before.dump(),
                                     case_json(*after).dump()),
                          clock_.now());
    if (!a) return fail(a.error());
    return after;
  });
}

Status Cases::act_in(Tx& tx, const Principal& p, CaseRecord& c, const std::string& action,
                     const ActionInput& in, json& detail, std::vector<Officer>& officers) {
  const Date now = today();
  const std::string day = format_date(now);
  auto update = [&](const std::string& set, std::vector<Param> params) -> Status {
    params.emplace_back(unix_seconds(clock_.now()));
    params.emplace_back(c.id);
    auto r = tx.query(fmt::format("UPDATE ef_cases SET {}, updated_at = ${} WHERE id = ${}", set,
                                  params.size() - 1, params.size()),
                      std::span<const Param>(params));
    if (!r) return fail(r.error());
    return {};
  };
  auto wrong_state = [&]() {
    auto it = std::find_if(case_actions().begin(), case_actions().end(),
                           [&](const ActionInfo& a) { return a.name == action; });
    return fail(rule("state-order", fmt::format("案件当前为「{}」，不能进行「{}」",
                                                state_label(c.state), it->label)));
  };
  auto settings = settings_in(tx, c.unit_id);
  if (!settings) return fail(settings.error());
  const auto party = *parse_party_kind(c.party_kind);
  std::vector<std::int64_t> officer_ids;
  for (const auto& o : officers) officer_ids.push_back(o.id);

  auto check_time_bar = [&]() -> Status {
    auto end = time_bar_end(*parse_date(c.act_ended_on), c.harms_safety);
    if (now > end)
      return fail(
          rule("time-bar",
               fmt::format("违法行为终了于{}，已超过{}年追责时效（{}届满，行政处罚法第三十六条）",
                           c.act_ended_on, c.harms_safety ? kTimeBarYearsSafety : kTimeBarYears,
                           format_date(end))));
    return {};
  };

  if (action == "file") {
    if (!from(c, {"registered"})) return wrong_state();
    if (c.procedure != "general")
      return fail(rule("state-order", "简易程序案件当场处罚，不经立案"));
    if (auto s = check_time_bar(); !s) return s;
    return update("state = 'filed', filed_on = $1, investigators = $2",
                  {day, join_ids(officer_ids)});
  }
  if (action == "evidence") {
    if (!from(c, {"filed", "investigating"})) return wrong_state();
    auto what = text(in, "description", "证据内容");
    if (!what) return fail(what.error());
    if (auto code = in.get("device")) {
      auto d = tx.query(
          "SELECT reviewed_on, published_on, location FROM ef_devices WHERE code = $1 AND "
          "unit_id = $2",
          {*code, c.unit_id});
      if (!d) return fail(d.error());
      if (d->rows.empty() || d->rows[0].is_null(0) || d->rows[0].is_null(1))
        return fail(rule("offsite-device",
                         fmt::format("电子技术监控设备 {} 未经审核或未向社会公布设置地点，"
                                     "其记录不得作为处罚证据（行政处罚法第四十一条）",
                                     *code)));
      detail["device_location"] = d->rows[0].str(2);
    }
    return update("state = 'investigating', evidence_count = evidence_count + 1", {});
  }
  if (action == "recuse") {
    if (!from(c, {"filed", "investigating", "notified"})) return wrong_state();
    if (!p.has(Role::kEnforcementOfficer) && !p.has(Role::kLegalReviewer))
      return fail(Error::forbidden("只有本单位执法或法制人员可以登记回避申请"));
    auto who = text(in, "officer", "被申请回避的执法人员");
    if (!who) return fail(who.error());
    auto reason = text(in, "reason", "回避理由");
    if (!reason) return fail(reason.error());
    auto u =
        tx.query("SELECT id FROM users WHERE username = $1 AND unit_id = $2", {*who, c.unit_id});
    if (!u) return fail(u.error());
    if (u->rows.empty()) return fail(Error::invalid("本单位没有这个执法人员：" + *who, "officer"));
    auto uid = u->rows[0].i64(0);
    auto r = tx.query(
        "INSERT INTO ef_recusals (case_id, user_id, reason, on_date) VALUES ($1, $2, $3, $4)",
        {c.id, uid, *reason, day});
    if (!r) return fail(r.error());
    std::vector<std::int64_t> rest;
    for (auto id : c.investigators)
      if (id != uid) rest.push_back(id);
    // The case goes on meanwhile (APL art. 43); acts need two other officers from now on.
    return update("investigators = $1", {join_ids(rest)});
  }
  if (action == "notify") {
    if (!from(c, {"filed", "investigating"})) return wrong_state();
    if (c.evidence_count == 0)
      return fail(
          rule("evidence-first", "尚未调查取证，不能告知拟处罚决定（行政处罚法第五十四条）"));
    auto pen = parse_penalty(in.get("penalty").value_or(""));
    if (!pen) return fail(Error::invalid("拟处罚种类无效", "penalty"));
    auto fine = amount(in, "fine", *pen == Penalty::kFine);
    if (!fine) return fail(fine.error());
    auto basis = text(in, "basis", "法律依据");
    if (!basis) return fail(basis.error());
    bool hearing = hearing_right(*pen, *fine, party, *settings);
    detail["hearing_right"] = hearing;
    bool waived = in.get("waived").value_or("") == "yes";
    return update(
        "state = 'notified', notice_on = $1, proposed_penalty = $2, proposed_fine = $3, "
        "hearing_right = $4, notice_waived = $5",
        {day, std::string(penalty_name(*pen)), *fine, std::int64_t(hearing), std::int64_t(waived)});
  }
  if (action == "statement") {
    if (!from(c, {"notified"})) return wrong_state();
    auto t = text(in, "content", "陈述申辩内容");
    if (!t) return fail(t.error());
    return update("statement_on = $1", {day});
  }
  if (action == "request_hearing") {
    if (!from(c, {"notified"})) return wrong_state();
    if (!c.hearing_right)
      return fail(rule("hearing-right", "拟作出的处罚不属于听证范围（行政处罚法第六十三条）"));
    auto last = calendar_.add_working_days(date_of(c.notice_on), kHearingRequestWorkingDays);
    if (now > last)
      return fail(
          rule("hearing-window",
               fmt::format("听证申请须在告知后五个工作日内提出（截至{}，行政处罚法第六十四条）",
                           format_date(last))));
    return update("hearing_requested_on = $1", {day});
  }
  if (action == "schedule_hearing") {
    if (!from(c, {"notified"}) || !c.hearing_requested_on || c.hearing_held_on)
      return wrong_state();
    auto when = parse_date(in.get("date").value_or(""));
    if (!when) return fail(Error::invalid("听证日期须为 YYYY-MM-DD", "date"));
    auto earliest = calendar_.add_working_days(now, kHearingNoticeWorkingDays);
    if (*when < earliest)
      return fail(
          rule("hearing-notice",
               fmt::format("须在听证七个工作日前通知当事人，最早可定于{}（行政处罚法第六十四条）",
                           format_date(earliest))));
    auto chair = text(in, "chair", "听证主持人");
    if (!chair) return fail(chair.error());
    auto u = tx.query("SELECT id, display_name FROM users WHERE username = $1 AND unit_id = $2",
                      {*chair, c.unit_id});
    if (!u) return fail(u.error());
    if (u->rows.empty()) return fail(Error::invalid("本单位没有这个人员：" + *chair, "chair"));
    auto cid = u->rows[0].i64(0);
    if (std::find(c.investigators.begin(), c.investigators.end(), cid) != c.investigators.end())
      return fail(rule("hearing-chair",
                       fmt::format("{}是本案调查人员，不得主持听证（行政处罚法第六十四条）",
                                   u->rows[0].str(1))));
    return update("hearing_on = $1, hearing_chair = $2", {format_date(*when), cid});
  }
  if (action == "hold_hearing") {
    if (!from(c, {"notified"}) || !c.hearing_on || c.hearing_held_on) return wrong_state();
    if (!c.hearing_chair || *c.hearing_chair != p.id.value)
      return fail(rule("hearing-chair", "听证由通知所定的主持人举行"));
    if (now < date_of(c.hearing_on))
      return fail(rule("hearing-notice", "未到通知的听证日期：" + *c.hearing_on));
    auto t = text(in, "record", "听证笔录");
    if (!t) return fail(t.error());
    // A hearing makes the decision major: legal review is due (APL art. 58).
    return update("hearing_held_on = $1", {day});
  }
  if (action == "review") {
    if (!from(c, {"notified"})) return wrong_state();
    if (!p.has(Role::kLegalReviewer))
      return fail(Error::forbidden("只有法制审核人员可以进行法制审核"));
    auto q = tx.query(
        "SELECT COUNT(*) FROM certificates WHERE user_id = $1 AND field = $2 AND valid_from <= $3 "
        "AND valid_to >= $3",
        {p.id.value, std::string(kLegalQualification), day});
    if (!q) return fail(q.error());
    if (q->rows[0].i64(0) == 0)
      return fail(rule("legal-review", "法制审核人员须具有法律职业资格（行政处罚法第五十八条）"));
    if (std::find(c.investigators.begin(), c.investigators.end(), p.id.value) !=
        c.investigators.end())
      return fail(rule("legal-review", "本案调查人员不得审核本案"));
    auto result = in.get("result").value_or("");
    if (result != "pass" && result != "return")
      return fail(Error::invalid("审核结论须为 pass（同意）或 return（退回）", "result"));
    auto opinion = text(in, "opinion", "审核意见");
    if (!opinion) return fail(opinion.error());
    if (result == "pass")
      return update("review_passed_on = $1, reviewer_id = $2", {day, p.id.value});
    return update("review_passed_on = NULL, reviewer_id = $1", {p.id.value});
  }
  if (action == "discuss") {
    if (!from(c, {"notified"})) return wrong_state();
    auto members = text(in, "members", "参加人员");
    if (!members) return fail(members.error());
    auto t = text(in, "conclusion", "讨论结论");
    if (!t) return fail(t.error());
    return update("discussion_on = $1", {day});
  }
  if (action == "extend") {
    if (!from(c, {"filed", "investigating", "notified"})) return wrong_state();
    auto due = add_days(date_of(c.filed_on), kDecisionDays + c.extension_days);
    if (now > due) return fail(rule("decision-deadline", "办案期限已届满，不能再延长"));
    auto basis = text(in, "basis", "延长期限的依据");
    if (!basis) return fail(basis.error());
    auto approved = text(in, "approved_by", "批准负责人");
    if (!approved) return fail(approved.error());
    auto days = amount(in, "days", true);
    if (!days) return fail(days.error());
    if (*days < 1 || *days > 90 || *days != std::floor(*days))
      return fail(Error::invalid("延长天数须为 1 至 90 的整数", "days"));
    return update("extension_days = extension_days + $1", {std::int64_t(*days)});
  }
  if (action == "decide") {
    if (from(c, {"filed", "investigating"}) || !c.notice_on)
      return fail(
          rule("notice-before-decision", "未经事先告知，不得作出处罚决定（行政处罚法第四十四条）"));
    if (!from(c, {"notified"})) return wrong_state();
    if (!c.notice_on)
      return fail(
          rule("notice-before-decision", "未经事先告知，不得作出处罚决定（行政处罚法第四十四条）"));
    auto pen = parse_penalty(in.get("penalty").value_or(""));
    if (!pen) return fail(Error::invalid("处罚种类无效", "penalty"));
    auto fine = amount(in, "fine", *pen == Penalty::kFine);
    if (!fine) return fail(fine.error());
    const Date notice = date_of(c.notice_on);
    int wait = std::max(settings->statement_days, c.hearing_right ? kHearingRequestWorkingDays : 0);
    auto period_end = calendar_.add_working_days(notice, wait);
    bool may_skip = c.notice_waived || (c.statement_on && !c.hearing_right);
    if (!may_skip && now <= period_end)
      return fail(
          rule("notice-before-decision",
               fmt::format("当事人陈述申辩{}期至{}"
                           "止，期满或当事人书面放弃后方可决定（行政处罚法第四十四、四十五条）",
                           c.hearing_right ? "及申请听证" : "", format_date(period_end))));
    if (c.hearing_requested_on && !c.hearing_held_on)
      return fail(rule("hearing-before-decision", "当事人已申请听证，听证结束后方可决定"));
    auto proposed = parse_penalty(c.proposed_penalty.value_or(""));
    if (proposed && (*pen > *proposed || *fine > c.proposed_fine.value_or(0) + 1e-9))
      return fail(rule("no-increase",
                       fmt::format("处罚不得重于告知的拟处罚（{}{}"
                                   "元），不得因当事人陈述申辩而加重（行政处罚法第四十五条）",
                                   penalty_label(*proposed), c.proposed_fine.value_or(0))));
    auto due = add_days(date_of(c.filed_on), kDecisionDays + c.extension_days);
    if (now > due)
      return fail(rule("decision-deadline",
                       fmt::format("应自立案之日起九十日内作出决定（{}届满，行政处罚法第六十条）",
                                   format_date(due))));
    auto major = is_major(tx, c, *fine);
    if (!major) return fail(major.error());
    if (*major && !c.review_passed_on)
      return fail(
          rule("legal-review", "重大执法决定须经法制审核通过后方可作出（行政处罚法第五十八条）"));
    if (*major && !c.discussion_on)
      return fail(
          rule("collective-discussion",
               "情节复杂或重大违法行为给予处罚，须经负责人集体讨论（行政处罚法第五十七条）"));
    bool flag = false;
    auto b = tx.query(
        "SELECT fine_min, fine_max, name FROM ef_benchmarks WHERE unit_id = $1 AND "
        "violation_code = $2",
        {c.unit_id, c.violation_code});
    if (!b) return fail(b.error());
    if (!b->rows.empty() && *pen == Penalty::kFine) {
      double lo = b->rows[0].f64(0), hi = b->rows[0].f64(1);
      if (*fine < lo || *fine > hi) {
        if (!in.get("discretion_reason"))
          return fail(
              rule("discretion-benchmark",
                   fmt::format("罚款{}元超出本单位公布的裁量基准（{}–{}元），须书面说明理由", *fine,
                               lo, hi)));
        flag = true;  // shown to the justice bureau
      }
    }
    std::string breach = in.get("breach_class").value_or("ordinary");
    if (!parse_breach_class(breach))
      return fail(Error::invalid("失信程度须为 minor、ordinary 或 serious", "breach_class"));
    auto r = update(
        "state = 'decided', decided_on = $1, penalty = $2, fine = $3, breach_class = $4, "
        "discretion_reason = $5, discretion_flag = $6, major = $7",
        {day, std::string(penalty_name(*pen)), *fine, breach,
         in.get("discretion_reason") ? Param(*in.get("discretion_reason")) : Param(nullptr),
         std::int64_t(flag), std::int64_t(*major)});
    if (!r) return r;
    auto until = publish_until(*parse_breach_class(breach), now);
    auto pub =
        queue_publication(tx, calendar_,
                          {c.unit_id, c.id, "penalty", fmt::format("行政处罚决定书（{}）", c.no),
                           c.party_kind, c.party_name, c.party_id,
                           fmt::format("违法事实：{}\n处罚种类：{}\n罚款金额：{}元", c.facts,
                                       penalty_label(*pen), *fine),
                           day, format_date(until)});
    if (!pub) return fail(pub.error());
    return {};
  }
  if (action == "serve") {
    if (!from(c, {"decided"})) return wrong_state();
    auto method = in.get("method").value_or("direct");
    if (method != "direct" && method != "mail" && method != "electronic" &&
        method != "announcement")
      return fail(Error::invalid("送达方式无效", "method"));
    if (method == "electronic" && in.get("consent").value_or("") != "yes")
      return fail(
          rule("e-service-consent", "电子送达须经当事人同意并签订确认书（行政处罚法第六十一条）"));
    auto last = calendar_.add_working_days(date_of(c.decided_on), kServiceWorkingDays);
    if (now > last)
      return fail(
          rule("service-deadline",
               fmt::format("决定书应在宣告后当场或七个工作日内送达（截至{}，行政处罚法第六十一条）",
                           format_date(last))));
    // 双书同达: an organisation's penalty decision goes out with its credit-repair notice.
    bool repair = c.party_kind == "organisation";
    detail["credit_repair_notice"] = repair;
    bool nothing_to_pay = c.fine.value_or(0) <= 0;
    return update(fmt::format("state = '{}', served_on = $1, service_method = $2, "
                              "repair_notice_served = $3",
                              nothing_to_pay ? "executed" : "served"),
                  {day, method, std::int64_t(repair)});
  }
  if (action == "execute") {
    if (!from(c, {"served"})) return wrong_state();
    auto paid = amount(in, "amount", true);
    if (!paid) return fail(paid.error());
    double fee = late_fee(c.fine.value_or(0), add_days(date_of(c.served_on), kPaymentDays), now);
    detail["late_fee"] = fee;
    if (*paid + 1e-9 < c.fine.value_or(0) + fee && in.get("method").value_or("") != "enforced")
      return fail(Error::invalid(fmt::format("应缴{}元（罚款{}元，加处罚款{}元）",
                                             c.fine.value_or(0) + fee, c.fine.value_or(0), fee),
                                 "amount"));
    return update("state = 'executed', paid_on = $1, paid_amount = $2, late_fee = $3",
                  {day, *paid, fee});
  }
  if (action == "on_the_spot") {
    if (!from(c, {"registered"})) return wrong_state();
    if (c.procedure != "simplified")
      return fail(rule("state-order", "普通程序案件须立案调查，不能当场处罚"));
    if (auto s = check_time_bar(); !s) return s;
    auto pen = parse_penalty(in.get("penalty").value_or(""));
    if (!pen) return fail(Error::invalid("处罚种类无效", "penalty"));
    auto fine = amount(in, "fine", *pen == Penalty::kFine);
    if (!fine) return fail(fine.error());
    if (auto s = check_simplified(*pen, *fine, party); !s) return s;
    auto collected = amount(in, "collected", false);
    if (!collected) return fail(collected.error());
    if (*collected > 0) {
      if (auto s = check_on_spot_collection(*collected); !s) return s;
    }
    bool done = *pen == Penalty::kWarning || *collected + 1e-9 >= *fine;
    auto r = update(
        fmt::format("state = '{}', filed_on = $1, decided_on = $1, served_on = $1, "
                    "service_method = 'direct', penalty = $2, fine = $3, investigators = $4, "
                    "paid_on = $5, paid_amount = $6, breach_class = 'minor'",
                    done ? "executed" : "served"),
        {day, std::string(penalty_name(*pen)), *fine, join_ids(officer_ids),
         *collected > 0 ? Param(day) : Param(nullptr), *collected});
    if (!r) return r;
    auto pub = queue_publication(
        tx, calendar_,
        {c.unit_id, c.id, "penalty", fmt::format("当场行政处罚决定书（{}）", c.no), c.party_kind,
         c.party_name, c.party_id,
         fmt::format("违法事实：{}\n处罚种类：{}\n罚款金额：{}元", c.facts, penalty_label(*pen),
                     *fine),
         day, format_date(publish_until(BreachClass::kMinor, now))});
    if (!pub) return fail(pub.error());
    return {};
  }
  if (action == "close") {
    if (!from(c, {"filed", "investigating", "notified"})) return wrong_state();
    auto reason = text(in, "reason", "不予处罚的理由");
    if (!reason) return fail(reason.error());
    return update("state = 'closed', closed_on = $1, close_reason = $2", {day, *reason});
  }
  if (action == "withdraw") {
    if (!from(c, {"registered", "filed", "investigating"})) return wrong_state();
    if (!p.has(Role::kEnforcementOfficer))
      return fail(Error::forbidden("只有执法人员可以撤销立案"));
    auto reason = text(in, "reason", "撤销理由");
    if (!reason) return fail(reason.error());
    return update("state = 'withdrawn', closed_on = $1, close_reason = $2", {day, *reason});
  }
  if (action == "revoke") {
    if (!from(c, {"decided", "served", "executed", "archived"})) return wrong_state();
    if (!p.has(Role::kEnforcementOfficer) && !p.has(Role::kLegalReviewer))
      return fail(Error::forbidden("只有本单位执法或法制人员可以登记决定的变更或撤销"));
    auto reason = text(in, "reason", "变更或撤销的理由");
    if (!reason) return fail(reason.error());
    if (auto s = mark_revoked(tx, calendar_, c.id, now, *reason); !s) return s;
    return update("close_reason = $1", {"决定已撤销：" + *reason});
  }
  if (action == "archive") {
    if (!from(c, {"executed", "closed", "withdrawn"})) return wrong_state();
    if (!p.has(Role::kEnforcementOfficer)) return fail(Error::forbidden("只有执法人员可以归档"));
    return update("state = 'archived', archived_on = $1", {day});
  }
  return fail(Error::not_found("没有这个办案环节：" + action));
}

}  // namespace zt::enforcement

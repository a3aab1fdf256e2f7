#include "enforcement/cases.hpp"

#include <algorithm>
#include <sstream>

#include <fmt/format.h>

#include "core/audit.hpp"
#include "core/identifiers.hpp"

namespace zt::enforcement {
namespace {

using nlohmann::json;

constexpr const char* kColumns =
    "c.id, c.no, c.unit_id, u.name, c.field, c.state, c.procedure, c.source, c.party_kind, "
    "c.party_name, c.party_id, c.party_phone, c.party_address, c.violation_code, "
    "c.violation_name, c.facts, c.act_ended_on, c.harms_safety, c.major_flag, c.complex, "
    "c.investigators, c.filed_on, c.evidence_count, c.notice_on, c.notice_waived, "
    "c.proposed_penalty, c.proposed_fine, c.hearing_right, c.statement_on, "
    "c.hearing_requested_on, c.hearing_on, c.hearing_chair, c.hearing_held_on, "
    "c.review_passed_on, c.reviewer_id, c.discussion_on, c.extension_days, c.decided_on, "
    "c.penalty, c.fine, c.breach_class, c.discretion_reason, c.discretion_flag, c.major, "
    "c.served_on, c.service_method, c.repair_notice_served, c.paid_on, c.paid_amount, "
    "c.late_fee, c.closed_on, c.close_reason, c.archived_on, c.created_at, c.updated_at";

std::optional<double> opt_f64(const Row& r, std::size_t i) {
  if (r.is_null(i)) return std::nullopt;
  return r.f64(i);
}

std::vector<std::int64_t> parse_ids(const std::string& s) {
  std::vector<std::int64_t> out;
  std::istringstream in(s);
  for (std::string part; std::getline(in, part, ',');)
    if (!part.empty()) out.push_back(std::stoll(part));
  return out;
}

Result<CaseRecord> from_row(const Row& r) {
  CaseRecord c;
  std::size_t i = 0;
  c.id = CaseId{r.i64(i++)};
  c.no = r.str(i++);
  c.unit_id = r.i64(i++);
  c.unit_name = r.str(i++);
  c.field = r.str(i++);
  auto state = parse_case_state(r.str(i++));
  if (!state) return fail(Error::internal("案件状态无效：" + r.str(i - 1)));
  c.state = *state;
  c.procedure = r.str(i++);
  c.source = r.str(i++);
  c.party_kind = r.str(i++);
  c.party_name = r.str(i++);
  c.party_id = r.str(i++);
  c.party_phone = r.str(i++);
  c.party_address = r.str(i++);
  c.violation_code = r.str(i++);
  c.violation_name = r.str(i++);
  c.facts = r.str(i++);
  c.act_ended_on = r.str(i++);
  c.harms_safety = r.i64(i++) != 0;
  c.major_flag = r.i64(i++) != 0;
  c.complex = r.i64(i++) != 0;
  c.investigators = parse_ids(r.str(i++));
  c.filed_on = r.opt_str(i++);
  c.evidence_count = int(r.i64(i++));
  c.notice_on = r.opt_str(i++);
  c.notice_waived = r.i64(i++) != 0;
  c.proposed_penalty = r.opt_str(i++);
  c.proposed_fine = opt_f64(r, i++);
  c.hearing_right = r.i64(i++) != 0;
  c.statement_on = r.opt_str(i++);
  c.hearing_requested_on = r.opt_str(i++);
  c.hearing_on = r.opt_str(i++);
  c.hearing_chair = r.opt_i64(i++);
  c.hearing_held_on = r.opt_str(i++);
  c.review_passed_on = r.opt_str(i++);
  c.reviewer_id = r.opt_i64(i++);
  c.discussion_on = r.opt_str(i++);
  c.extension_days = int(r.i64(i++));
  c.decided_on = r.opt_str(i++);
  c.penalty = r.opt_str(i++);
  c.fine = opt_f64(r, i++);
  c.breach_class = r.opt_str(i++);
  c.discretion_reason = r.opt_str(i++);
  c.discretion_flag = r.i64(i++) != 0;
  c.major = r.i64(i++) != 0;
  c.served_on = r.opt_str(i++);
  c.service_method = r.opt_str(i++);
  c.repair_notice_served = r.i64(i++) != 0;
  c.paid_on = r.opt_str(i++);
  c.paid_amount = opt_f64(r, i++);
  c.late_fee = opt_f64(r, i++);
  c.closed_on = r.opt_str(i++);
  c.close_reason = r.opt_str(i++);
  c.archived_on = r.opt_str(i++);
  c.created_at = r.i64(i++);
  c.updated_at = r.i64(i++);
  return c;
}

json opt(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }
json opt(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
json opt(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }

struct StateName {
  CaseState state;
  std::string_view name, label;
};
// Indexed by CaseState.
constexpr StateName kStateNames[] = {
    {CaseState::kRegistered, "registered", "线索登记"},
    {CaseState::kFiled, "filed", "已立案"},
    {CaseState::kInvestigating, "investigating", "调查取证"},
    {CaseState::kNotified, "notified", "已告知"},
    {CaseState::kDecided, "decided", "已决定"},
    {CaseState::kServed, "served", "已送达"},
    {CaseState::kExecuted, "executed", "已执行"},
    {CaseState::kClosed, "closed", "不予处罚结案"},
    {CaseState::kWithdrawn, "withdrawn", "已撤销立案"},
    {CaseState::kArchived, "archived", "已归档"},
};
static_assert(std::size(kStateNames) == std::size(kCaseStates));

}  // namespace

std::string_view source_label(std::string_view source) {
  static constexpr std::pair<std::string_view, std::string_view> kSources[] = {
      {"inspection", "监督检查"},
      {"complaint", "投诉举报"},
      {"referral", "其他机关移送"},
      {"report", "上级机关交办"},
      {"other", "其他"}};
  for (auto [k, v] : kSources)
    if (k == source) return v;
  return "其他";
}

std::string_view state_name(CaseState s) { return kStateNames[int(s)].name; }
std::string_view state_label(CaseState s) { return kStateNames[int(s)].label; }
std::optional<CaseState> parse_case_state(std::string_view name) {
  for (const auto& s : kStateNames)
    if (s.name == name) return s.state;
  return std::nullopt;
}

std::string Step::value(std::string_view field) const {
  if (!detail.is_object()) return "";
  auto it = detail.find(field);
  if (it == detail.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

std::optional<std::string> ActionInput::get(const std::string& k) const {
  auto it = values.find(k);
  if (it == values.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

bool may_see_case_unit(const Principal& p, std::int64_t unit) {
  return p.sees_all_units() || p.unit.value == unit;
}

json case_json(const CaseRecord& c) {
  return {{"id", c.id.value},
          {"no", c.no},
          {"unit_id", c.unit_id},
          {"unit", c.unit_name},
          {"field", c.field},
          {"state", state_name(c.state)},
          {"state_label", state_label(c.state)},
          {"procedure", c.procedure},
          {"source", c.source},
          {"party_kind", c.party_kind},
          {"party_name", c.party_name},
          {"party_id", c.party_id},
          {"party_phone", c.party_phone},
          {"party_address", c.party_address},
          {"violation_code", c.violation_code},
          {"violation_name", c.violation_name},
          {"facts", c.facts},
          {"act_ended_on", c.act_ended_on},
          {"harms_safety", c.harms_safety},
          {"major_flag", c.major_flag},
          {"complex", c.complex},
          {"investigators", c.investigators},
          {"filed_on", opt(c.filed_on)},
          {"evidence_count", c.evidence_count},
          {"notice_on", opt(c.notice_on)},
          {"notice_waived", c.notice_waived},
          {"proposed_penalty", opt(c.proposed_penalty)},
          {"proposed_fine", opt(c.proposed_fine)},
          {"hearing_right", c.hearing_right},
          {"statement_on", opt(c.statement_on)},
          {"hearing_requested_on", opt(c.hearing_requested_on)},
          {"hearing_on", opt(c.hearing_on)},
          {"hearing_chair", opt(c.hearing_chair)},
          {"hearing_held_on", opt(c.hearing_held_on)},
          {"review_passed_on", opt(c.review_passed_on)},
          {"reviewer_id", opt(c.reviewer_id)},
          {"discussion_on", opt(c.discussion_on)},
          {"extension_days", c.extension_days},
          {"decided_on", opt(c.decided_on)},
          {"penalty", opt(c.penalty)},
          {"fine", opt(c.fine)},
          {"breach_class", opt(c.breach_class)},
          {"discretion_reason", opt(c.discretion_reason)},
          {"discretion_flag", c.discretion_flag},
          {"major", c.major},
          {"served_on", opt(c.served_on)},
          {"service_method", opt(c.service_method)},
          {"repair_notice_served", c.repair_notice_served},
          {"paid_on", opt(c.paid_on)},
          {"paid_amount", opt(c.paid_amount)},
          {"late_fee", opt(c.late_fee)},
          {"closed_on", opt(c.closed_on)},
          {"close_reason", opt(c.close_reason)},
          {"archived_on", opt(c.archived_on)}};
}

Result<CaseRecord> load_case(Tx& tx, CaseId id) {
  auto r = tx.query(std::string("SELECT ") + kColumns +
                        " FROM ef_cases c JOIN units u ON u.id = c.unit_id WHERE c.id = $1",
                    {id.value});
  if (!r) return fail(r.error());
  if (r->rows.empty()) return fail(Error::not_found("没有这个案件"));
  return from_row(r->rows[0]);
}

Result<CaseRecord> Cases::create(const Principal& p, const NewCase& in,
                                 const std::string& request_id) {
  if (!p.can(Permission::kCaseHandle)) return fail(Error::forbidden("只有执法人员可以登记案件"));
  auto named = store_.query(
      "SELECT name FROM ef_benchmarks WHERE unit_id = $1 AND violation_code = $2 ORDER BY id "
      "LIMIT 1",
      {p.unit.value, in.violation_code});
  if (!named) return fail(named.error());
  auto checked = check_new_case(in, today(), named->rows.empty() ? "" : named->rows[0].str(0));
  if (!checked) return fail(checked.error());
  const std::string& source = checked->source;
  const auto now = unix_seconds(clock_.now());
  const int year = int(std::chrono::year_month_day{today()}.year());
  return store_.transact_value<CaseRecord>([&](Tx& tx) -> Result<CaseRecord> {
    if (auto l = tx.lock(0x4546'0000 + p.unit.value); !l) return fail(l.error());
    auto n = tx.query("SELECT COUNT(*) FROM ef_cases WHERE unit_id = $1 AND no LIKE $2",
                      {p.unit.value, fmt::format("%〔{}〕%", year)});
    if (!n) return fail(n.error());
    // Numbered per unit and year under the unit's short name, e.g. 市市场监管局立〔2024〕12号.
    auto alias = tx.query(
        "SELECT alias FROM unit_aliases WHERE unit_id = $1 ORDER BY LENGTH(alias), alias LIMIT 1",
        {p.unit.value});
    if (!alias) return fail(alias.error());
    auto name = tx.query("SELECT name FROM units WHERE id = $1", {p.unit.value});
    if (!name) return fail(name.error());
    std::string prefix = alias->rows.empty() ? name->rows.at(0).str(0) : alias->rows[0].str(0);
    auto no = fmt::format("{}立〔{}〕{}号", prefix, year, n->rows[0].i64(0) + 1);
    auto ins = tx.query(
        "INSERT INTO ef_cases (no, unit_id, field, state, procedure, source, party_kind, "
        "party_name, party_id, party_phone, party_address, violation_code, violation_name, facts, "
        "act_ended_on, harms_safety, major_flag, complex, created_by, created_at, updated_at) "
        "VALUES ($1, $2, $3, 'registered', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "
        "$16, $17, $18, $19, $19) RETURNING id",
        {no, p.unit.value, in.field, in.procedure, source, in.party_kind, in.party_name,
         in.party_id, in.party_phone, in.party_address, in.violation_code, checked->violation_name,
         in.facts, in.act_ended_on, std::int64_t(in.harms_safety), std::int64_t(in.major_flag),
         std::int64_t(in.complex), p.id.value, now});
    if (!ins) return fail(ins.error());
    auto c = load_case(tx, CaseId{ins->rows[0].i64(0)});
    if (!c) return c;
    auto a = append_audit(tx,
                          p.actor(request_id)
                              .entry("case.register", "case", std::to_string(c->id.value),
                                     "登记案件线索 " + c->no, "", case_json(*c).dump()),
                          clock_.now());
    if (!a) return fail(a.error());
    return c;
  });
}

Result<CaseRecord> Cases::get(const Principal& p, CaseId id) {
  auto c = store_.transact_value<CaseRecord>([&](Tx& tx) { return load_case(tx, id); });
  if (!c) return c;
  if (!may_see_case_unit(p, c->unit_id)) return fail(Error::not_found("没有这个案件"));
  return c;
}

Result<std::vector<CaseRecord>> Cases::list(const Principal& p, std::optional<CaseState> state,
                                            std::optional<std::int64_t> unit) {
  auto page = find(p, {.state = state, .unit = unit});
  if (!page) return fail(page.error());
  return std::move(page->items);
}

Result<CasePage> Cases::find(const Principal& p, const CaseFilter& f) {
  std::string where = " WHERE 1 = 1";
  std::vector<Param> params;
  auto unit = p.sees_all_units() ? f.unit : std::optional<std::int64_t>(p.unit.value);
  if (unit) {
    params.emplace_back(*unit);
    where += fmt::format(" AND c.unit_id = ${}", params.size());
  }
  if (f.state) {
    params.emplace_back(std::string(state_name(*f.state)));
    where += fmt::format(" AND c.state = ${}", params.size());
  }
  if (!f.keyword.empty()) {
    std::string like = "%";
    for (char ch : f.keyword) {
      if (ch == '%' || ch == '_' || ch == '\\') like += '\\';
      like += ch;
    }
    params.emplace_back(like + "%");
    where += fmt::format(
        " AND (c.no LIKE ${0} ESCAPE '\\' OR c.party_name LIKE ${0} ESCAPE '\\' OR c.party_id "
        "LIKE ${0} ESCAPE '\\' OR c.violation_name LIKE ${0} ESCAPE '\\' OR c.violation_code "
        "LIKE ${0} ESCAPE '\\')",
        params.size());
  }
  if (f.from) {
    params.emplace_back(unix_seconds(shanghai_time(*f.from, 0, 0, 0)));
    where += fmt::format(" AND c.created_at >= ${}", params.size());
  }
  if (f.to) {
    params.emplace_back(unix_seconds(shanghai_time(*f.to + std::chrono::days{1}, 0, 0, 0)));
    where += fmt::format(" AND c.created_at < ${}", params.size());
  }
  auto total =
      store_.query("SELECT COUNT(*) FROM ef_cases c" + where, std::span<const Param>(params));
  if (!total) return fail(total.error());
  auto r = store_.query(fmt::format("SELECT {} FROM ef_cases c JOIN units u ON u.id = c.unit_id{} "
                                    "ORDER BY c.id DESC LIMIT {} OFFSET {}",
                                    kColumns, where, std::max(0, f.limit), std::max(0, f.offset)),
                        std::span<const Param>(params));
  if (!r) return fail(r.error());
  CasePage out;
  out.total = total->rows[0].i64(0);
  for (const auto& row : r->rows) {
    auto c = from_row(row);
    if (!c) return fail(c.error());
    out.items.push_back(std::move(*c));
  }
  return out;
}

Result<std::vector<Step>> Cases::steps(const CaseRecord& c) {
  auto r = store_.query(
      "SELECT s.id, s.action, s.on_date, s.at, COALESCE(u.display_name, ''), s.officers, "
      "s.detail FROM ef_case_steps s LEFT JOIN users u ON u.id = s.actor_id WHERE s.case_id = $1 "
      "ORDER BY s.id",
      {c.id.value});
  if (!r) return fail(r.error());
  std::vector<Step> out;
  for (const auto& row : r->rows) {
    Step s{row.i64(0), row.str(1), row.str(2), row.i64(3), row.str(4), {}, {}};
    std::istringstream in(row.str(5));
    for (std::string name; std::getline(in, name, ',');)
      if (!name.empty()) s.officers.push_back(name);
    s.detail = json::parse(row.str(6), nullptr, false);
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<Deadline> Cases::deadlines(const CaseRecord& c) const {
  std::vector<Deadline> out;
  const Date now = today();
  auto add = [&](std::string what, Date due, std::string who) {
    out.push_back({std::move(what), format_date(due), std::move(who), due < now});
  };
  auto date = [](const std::optional<std::string>& s) { return *parse_date(*s); };
  using enum CaseState;
  const auto st = c.state;
  if (st == kRegistered) {
    if (auto ended = parse_date(c.act_ended_on))
      add("立案（追责时效届满）", time_bar_end(*ended, c.harms_safety), "办案人员");
  }
  if ((st == kFiled || st == kInvestigating || st == kNotified) && c.filed_on) {
    if (st == kNotified && c.notice_on && c.hearing_right && !c.hearing_requested_on)
      add("当事人申请听证期限",
          calendar_.add_working_days(date(c.notice_on), kHearingRequestWorkingDays), "当事人");
    if (c.hearing_requested_on && !c.hearing_on)
      add("通知听证（听证前七个工作日）", add_days(date(c.hearing_requested_on), 10), "办案机构");
    if (c.major && !c.review_passed_on && st == kNotified)
      add("法制审核", add_days(date(c.filed_on), kDecisionDays + c.extension_days), "法制审核人员");
    add("作出处罚决定", add_days(date(c.filed_on), kDecisionDays + c.extension_days), "办案人员");
  }
  if (st == kDecided && c.decided_on)
    add("送达处罚决定书", calendar_.add_working_days(date(c.decided_on), kServiceWorkingDays),
        "办案人员");
  if (st == kServed && c.served_on && c.fine && *c.fine > 0)
    add("当事人缴纳罚款", add_days(date(c.served_on), kPaymentDays), "当事人");
  std::sort(out.begin(), out.end(),
            [](const Deadline& a, const Deadline& b) { return a.due < b.due; });
  return out;
}

Result<std::vector<TodoItem>> Cases::todo(const Principal& p) {
  using enum CaseState;
  std::vector<TodoItem> items;
  for (auto st : {kRegistered, kFiled, kInvestigating, kNotified, kDecided, kServed}) {
    auto cases = list(p, st, std::nullopt);
    if (!cases) return fail(cases.error());
    for (const auto& c : *cases) {
      auto d = deadlines(c);
      if (d.empty()) continue;
      items.push_back({c.id, c.no, c.unit_name, c.party_name, c.state, std::move(d[0])});
    }
  }
  std::stable_sort(items.begin(), items.end(), [](const TodoItem& a, const TodoItem& b) {
    if (a.next.overdue != b.next.overdue) return a.next.overdue;
    return a.next.due < b.next.due;
  });
  return items;
}

Result<Settings> Cases::settings(std::int64_t unit) {
  return store_.transact_value<Settings>([&](Tx& tx) { return settings_in(tx, unit); });
}

Result<Settings> settings_in(Tx& tx, std::int64_t unit) {
  Settings s;
  auto r = tx.query("SELECT name, value FROM ef_settings WHERE unit_id = $1", {unit});
  if (!r) return fail(r.error());
  for (const auto& row : r->rows)
    if (auto a = apply_setting(s, row.str(0), row.str(1)); !a) return fail(a.error());
  return s;
}

}  // namespace zt::enforcement

#include "enforcement/publications.hpp"

#include <fmt/format.h>

#include "core/audit.hpp"
#include "enforcement/masking.hpp"
#include "enforcement/rules.hpp"

namespace zt::enforcement {
namespace {

using nlohmann::json;

bool unit_staff(const Principal& p) { return p.can(Permission::kEnforcementStaff); }

}  // namespace

Result<std::int64_t> queue_publication(Tx& tx, const Calendar& calendar, const NewPublication& p) {
  auto decided = parse_date(p.decided_on);
  if (!decided) return fail(Error::invalid("决定日期须为 YYYY-MM-DD", "decided_on"));
  int days = (p.kind == "penalty" || p.kind == "licensing") ? kPublishWorkingDaysDecision
                                                            : kPublishWorkingDaysOther;
  auto due = calendar.add_working_days(*decided, days);
  auto r = tx.query(
      "INSERT INTO ef_publications (unit_id, case_id, kind, title, party_kind, party_name, "
      "party_id, content, decided_on, due_on, publish_until) VALUES ($1, $2, $3, $4, $5, $6, $7, "
      "$8, $9, $10, $11) RETURNING id",
      {p.unit_id, p.case_id ? Param(*p.case_id) : Param(nullptr), p.kind, p.title, p.party_kind,
       p.party_name, p.party_id, p.content, p.decided_on, format_date(due),
       p.publish_until ? Param(*p.publish_until) : Param(nullptr)});
  if (!r) return fail(r.error());
  return r->rows[0].i64(0);
}

Status mark_revoked(Tx& tx, const Calendar& calendar, std::int64_t case_id, Date on,
                    const std::string& reason) {
  auto r = tx.query(
      "UPDATE ef_publications SET revoked_on = $1, withdraw_due = $2, withdraw_reason = $3 WHERE "
      "case_id = $4 AND withdrawn_on IS NULL",
      {format_date(on), format_date(calendar.add_working_days(on, kWithdrawWorkingDays)), reason,
       case_id});
  if (!r) return fail(r.error());
  return {};
}

Result<std::int64_t> Publications::add(const Principal& p, NewPublication in,
                                       const std::string& request_id) {
  if (!unit_staff(p)) return fail(Error::forbidden("只有执法单位人员可以登记公示事项"));
  if (in.kind != "licensing" && in.kind != "other")
    return fail(Error::invalid("公示类别须为 licensing（行政许可）或 other（其他决定）", "kind"));
  if (in.title.empty()) return fail(Error::invalid("请填写标题", "title"));
  if (in.party_name.empty()) return fail(Error::invalid("请填写相对人", "party_name"));
  if (in.party_kind != "individual" && in.party_kind != "organisation")
    return fail(Error::invalid("相对人类型须为 individual 或 organisation", "party_kind"));
  in.unit_id = p.unit.value;
  in.case_id.reset();
  return store_.transact_value<std::int64_t>([&](Tx& tx) -> Result<std::int64_t> {
    auto id = queue_publication(tx, calendar_, in);
    if (!id) return id;
    auto a = append_audit(tx,
                          p.actor(request_id)
                              .entry("publication.create", "publication", std::to_string(*id),
                                     "登记公示：" + in.title, "", json{{"title", in.title}}.dump()),
                          clock_.now());
    if (!a) return fail(a.error());
    return id;
  });
}

namespace {

Status change(Store& store, const Clock& clock, const Principal& p, std::int64_t id,
              const char* action, const char* label, const std::string& request_id,
              const std::function<Status(Tx&, const Row&, const std::string&)>& apply) {
  if (!unit_staff(p)) return fail(Error::forbidden("只有执法单位人员可以办理公示"));
  return store.transact([&](Tx& tx) -> Status {
    auto r = tx.query(
        "SELECT unit_id, published_on, revoked_on, withdrawn_on, title FROM ef_publications "
        "WHERE id = $1",
        {id});
    if (!r) return fail(r.error());
    if (r->rows.empty() || r->rows[0].i64(0) != p.unit.value)
      return fail(Error::not_found("没有这条公示"));
    const std::string day = format_date(shanghai_date(clock.now()));
    if (auto s = apply(tx, r->rows[0], day); !s) return s;
    auto a = append_audit(
        tx,
        p.actor(request_id)
            .entry(action, "publication", std::to_string(id),
                   std::string(label) + "：" + r->rows[0].str(4), "", json{{"on", day}}.dump()),
        clock.now());
    if (!a) return fail(a.error());
    return {};
  });
}

}  // namespace

Status Publications::publish(const Principal& p, std::int64_t id, const std::string& request_id) {
  return change(
      store_, clock_, p, id, "publication.publish", "公示", request_id,
      [&](Tx& tx, const Row& row, const std::string& day) -> Status {
        if (!row.is_null(1)) return fail(Error::conflict("已经公示"));
        if (!row.is_null(2))
          return fail(Error::rule_violation("state-order", "决定已撤销，不再公示"));
        auto u = tx.query("UPDATE ef_publications SET published_on = $1 WHERE id = $2", {day, id});
        if (!u) return fail(u.error());
        return {};
      });
}

Status Publications::withdraw(const Principal& p, std::int64_t id, const std::string& request_id) {
  return change(
      store_, clock_, p, id, "publication.withdraw", "撤回公示", request_id,
      [&](Tx& tx, const Row& row, const std::string& day) -> Status {
        if (row.is_null(2))
          return fail(Error::rule_violation("state-order",
                                            "只有已变更或撤销的决定才撤回公示，请先登记撤销"));
        if (!row.is_null(3)) return fail(Error::conflict("已经撤回"));
        auto u = tx.query("UPDATE ef_publications SET withdrawn_on = $1 WHERE id = $2", {day, id});
        if (!u) return fail(u.error());
        return {};
      });
}

Result<json> Publications::list(const Principal& p) {
  std::string sql =
      "SELECT p.id, p.kind, p.title, p.party_name, p.decided_on, p.due_on, p.published_on, "
      "p.revoked_on, p.withdraw_due, p.withdrawn_on, p.withdraw_reason, u.name, p.case_id FROM "
      "ef_publications p JOIN units u ON u.id = p.unit_id";
  std::vector<Param> params;
  if (!p.sees_all_units()) {
    sql += " WHERE p.unit_id = $1";
    params.emplace_back(p.unit.value);
  }
  sql += " ORDER BY p.id DESC LIMIT 2000";
  auto r = store_.query(sql, std::span<const Param>(params));
  if (!r) return fail(r.error());
  const std::string today = format_date(shanghai_date(clock_.now()));
  json out = json::array();
  for (const auto& row : r->rows) {
    auto due = row.str(5);
    bool published = !row.is_null(6);
    bool late = published ? row.str(6) > due : today > due;
    bool withdraw_late =
        !row.is_null(7) && (row.is_null(9) ? today > row.str(8) : row.str(9) > row.str(8));
    out.push_back({{"id", row.i64(0)},
                   {"kind", row.str(1)},
                   {"title", row.str(2)},
                   {"party_name", row.str(3)},
                   {"decided_on", row.str(4)},
                   {"due_on", due},
                   {"published_on", row.opt_str(6) ? json(row.str(6)) : json(nullptr)},
                   {"revoked_on", row.opt_str(7) ? json(row.str(7)) : json(nullptr)},
                   {"withdraw_due", row.opt_str(8) ? json(row.str(8)) : json(nullptr)},
                   {"withdrawn_on", row.opt_str(9) ? json(row.str(9)) : json(nullptr)},
                   {"withdraw_reason", row.str(10)},
                   {"unit", row.str(11)},
                   {"case_id", row.opt_i64(12) ? json(*row.opt_i64(12)) : json(nullptr)},
                   {"late", late},
                   {"withdraw_late", withdraw_late}});
  }
  return out;
}

Result<json> Publications::public_list(const std::string& q, int limit, int offset) {
  const std::string today = format_date(shanghai_date(clock_.now()));
  std::vector<Param> params{today};
  std::string sql =
      "SELECT p.id, p.kind, p.title, p.party_kind, p.party_name, p.party_id, p.content, "
      "p.decided_on, p.published_on, u.name, COALESCE(c.party_address, '') FROM ef_publications p "
      "JOIN units u ON u.id = p.unit_id LEFT JOIN ef_cases c ON c.id = p.case_id WHERE "
      "p.published_on IS NOT NULL AND p.withdrawn_on IS NULL AND p.revoked_on IS NULL AND "
      "(p.publish_until IS NULL OR p.publish_until >= $1)";
  if (!q.empty()) {
    // Searching by a person's name would unmask it by elimination: units match, and titles and
    // names only of organisations (a person's title may hold the name).
    params.emplace_back("%" + q + "%");
    sql +=
        " AND (u.name LIKE $2 OR (p.party_kind = 'organisation' AND (p.title LIKE $2 OR "
        "p.party_name LIKE $2)))";
  }
  sql += fmt::format(" ORDER BY p.published_on DESC, p.id DESC LIMIT {} OFFSET {}", limit, offset);
  auto r = store_.query(sql, std::span<const Param>(params));
  if (!r) return fail(r.error());
  json out = json::array();
  for (const auto& row : r->rows) {
    bool person = row.str(3) == "individual";
    const auto& name = row.str(4);
    // A natural person's name and address are masked wherever they appear, title included; an
    // organisation's stay (its registered address is public record).
    auto masked = [&](const std::string& text) {
      return person ? mask_text(text, name, row.str(10)) : mask_text(text);
    };
    out.push_back({{"id", row.i64(0)},
                   {"kind", row.str(1)},
                   {"title", masked(row.str(2))},
                   {"party", person ? mask_person_name(name) : name},
                   {"party_id", person ? mask_id_number(strip_whitespace(row.str(5))) : row.str(5)},
                   {"content", masked(row.str(6))},
                   {"decided_on", row.str(7)},
                   {"published_on", row.str(8)},
                   {"unit", row.str(9)}});
  }
  return out;
}

}  // namespace zt::enforcement

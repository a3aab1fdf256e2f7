#include "enforcement/oversight.hpp"

#include <map>

#include <fmt/format.h>

#include "core/audit.hpp"
#include "core/digest.hpp"
#include "core/xlsx_writer.hpp"
#include "enforcement/draw.hpp"
#include "enforcement/masking.hpp"

namespace zt::enforcement {
namespace {

using nlohmann::json;

bool supervisor(const Principal& p) { return p.can(Permission::kOversight); }

double rate(std::int64_t part, std::int64_t whole) {
  return whole == 0 ? 1.0 : double(part) / double(whole);
}

}  // namespace

Result<EnforcementStats> Oversight::stats(const Principal& p, const std::string& from,
                                          const std::string& to) {
  std::vector<Param> params;
  std::string where = "1 = 1";
  if (!p.sees_all_units()) {
    params.emplace_back(p.unit.value);
    where += fmt::format(" AND c.unit_id = ${}", params.size());
  }
  if (!from.empty()) {
    if (!parse_date(from)) return fail(Error::invalid("起始日期须为 YYYY-MM-DD", "from"));
    params.emplace_back(from);
    where += fmt::format(" AND COALESCE(c.filed_on, '9999') >= ${}", params.size());
  }
  if (!to.empty()) {
    if (!parse_date(to)) return fail(Error::invalid("截止日期须为 YYYY-MM-DD", "to"));
    params.emplace_back(to);
    where += fmt::format(" AND COALESCE(c.filed_on, '0000') <= ${}", params.size());
  }
  const std::string today = format_date(shanghai_date(clock_.now()));
  auto span = std::span<const Param>(params);
  auto by_unit = store_.query(
      "SELECT u.name, COUNT(*), SUM(CASE WHEN c.decided_on IS NOT NULL THEN 1 ELSE 0 END), "
      "SUM(COALESCE(c.fine, 0)), SUM(CASE WHEN c.major = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN "
      "c.major = 1 AND c.review_passed_on IS NOT NULL THEN 1 ELSE 0 END), SUM(c.discretion_flag), "
      "SUM(CASE WHEN c.state IN ('archived') THEN 1 ELSE 0 END) FROM ef_cases c JOIN units u ON "
      "u.id = c.unit_id WHERE " +
          where + " GROUP BY u.name ORDER BY COUNT(*) DESC",
      span);
  if (!by_unit) return fail(by_unit.error());
  EnforcementStats out;
  auto& major = out.legal_review.major;
  auto& reviewed = out.legal_review.reviewed;
  for (const auto& r : by_unit->rows) {
    out.by_unit.push_back(
        {r.str(0), r.i64(1), r.i64(2), r.f64(3), r.i64(4), r.i64(5), r.i64(6), r.i64(7)});
    out.cases += r.i64(1);
    out.decided += r.i64(2);
    out.fines += r.f64(3);
    major += r.i64(4);
    reviewed += r.i64(5);
    out.discretion_flags += r.i64(6);
  }
  out.legal_review.rate = rate(reviewed, major);
  auto by_state = store_.query(
      "SELECT c.state, COUNT(*) FROM ef_cases c WHERE " + where + " GROUP BY c.state", span);
  if (!by_state) return fail(by_state.error());
  for (const auto& r : by_state->rows) out.by_outcome[r.str(0)] = r.i64(1);
  auto by_type = store_.query(
      "SELECT c.violation_code, MAX(c.violation_name), COUNT(*), SUM(COALESCE(c.fine, 0)) FROM "
      "ef_cases c WHERE " +
          where + " GROUP BY c.violation_code ORDER BY COUNT(*) DESC LIMIT 50",
      span);
  if (!by_type) return fail(by_type.error());
  for (const auto& r : by_type->rows)
    out.by_type.push_back({r.str(0), r.str(1), r.i64(2), r.f64(3)});
  // Publication on time: due records either published by their due date or still not due.
  std::vector<Param> pub_params;
  std::string pub_where = "1 = 1";
  if (!p.sees_all_units()) {
    pub_params.emplace_back(p.unit.value);
    pub_where = "unit_id = $1";
  }
  pub_params.emplace_back(today);
  auto pubs = store_.query(
      fmt::format("SELECT SUM(CASE WHEN due_on < ${0} OR published_on IS NOT NULL THEN 1 ELSE 0 "
                  "END), SUM(CASE WHEN published_on IS NOT NULL AND published_on <= due_on THEN 1 "
                  "ELSE 0 END), SUM(CASE WHEN published_on IS NULL AND due_on < ${0} THEN 1 ELSE "
                  "0 END) FROM ef_publications WHERE {1}",
                  pub_params.size(), pub_where),
      std::span<const Param>(pub_params));
  if (!pubs) return fail(pubs.error());
  out.publication.due = pubs->rows[0].i64(0);
  out.publication.on_time = pubs->rows[0].i64(1);
  out.publication.rate = rate(out.publication.on_time, out.publication.due);
  // Open cases past their 90-day decision limit.
  auto overdue = store_.query(
      "SELECT c.id, c.no, u.name, c.party_name, c.filed_on, c.extension_days FROM ef_cases c JOIN "
      "units u ON u.id = c.unit_id WHERE " +
          where + " AND c.state IN ('filed', 'investigating', 'notified') ORDER BY c.filed_on",
      span);
  if (!overdue) return fail(overdue.error());
  auto now = shanghai_date(clock_.now());
  for (const auto& r : overdue->rows) {
    auto filed = parse_date(r.str(4));
    if (!filed) continue;
    auto due = *filed + std::chrono::days{90 + r.i64(5)};
    if (due < now)
      out.overdue.push_back({r.i64(0), r.str(1), r.str(2), r.str(3), format_date(due)});
  }
  return out;
}

Result<std::string> Oversight::stats_xlsx(const Principal& p, const std::string& from,
                                          const std::string& to) {
  auto s = stats(p, from, to);
  if (!s) return fail(s.error());
  XlsxWriter wb;
  auto units = wb.sheet("按单位", {{"执法单位", 36},
                                   {"案件数", 10},
                                   {"作出决定", 10},
                                   {"罚款金额（元）", 16},
                                   {"重大案件", 10},
                                   {"已法制审核", 12},
                                   {"超裁量基准", 12},
                                   {"已归档", 10}});
  int row = 1;
  for (const auto& u : s->by_unit) {
    wb.text(units, row, 0, u.unit);
    int col = 1;
    for (double v : {double(u.cases), double(u.decided), u.fines, double(u.major),
                     double(u.major_reviewed), double(u.discretion_flags), double(u.archived)})
      wb.number(units, row, col++, v);
    ++row;
  }
  auto types = wb.sheet("按违法行为",
                        {{"编码", 14}, {"违法行为", 40}, {"案件数", 10}, {"罚款金额（元）", 16}});
  row = 1;
  for (const auto& t : s->by_type) {
    wb.text(types, row, 0, t.code);
    wb.text(types, row, 1, t.name);
    wb.number(types, row, 2, double(t.cases));
    wb.number(types, row, 3, t.fines);
    ++row;
  }
  auto late =
      wb.sheet("超期案件", {{"案号", 24}, {"执法单位", 36}, {"当事人", 30}, {"办案期限", 14}});
  row = 1;
  for (const auto& c : s->overdue) {
    wb.text(late, row, 0, c.no);
    wb.text(late, row, 1, c.unit);
    wb.text(late, row, 2, c.party);
    wb.text(late, row, 3, c.due);
    ++row;
  }
  return wb.finish();
}

Result<std::vector<ChecklistItem>> Oversight::checklist() {
  auto r = store_.query("SELECT id, item, max_score FROM ef_checklist ORDER BY ordinal");
  if (!r) return fail(r.error());
  std::vector<ChecklistItem> out;
  for (const auto& row : r->rows) out.push_back({row.i64(0), row.str(1), int(row.i64(2))});
  return out;
}

Result<ReviewSample> Oversight::sample(const Principal& p, int count, const std::string& seed_in,
                                       const std::string& request_id) {
  if (!supervisor(p)) return fail(Error::forbidden("只有司法局执法监督人员可以抽取评查案卷"));
  if (count < 1 || count > 500) return fail(Error::invalid("抽取数量须为 1 至 500", "count"));
  auto r = store_.query(
      "SELECT c.id, c.no, u.name, c.party_name FROM ef_cases c JOIN units u ON u.id = c.unit_id "
      "WHERE c.state = 'archived' ORDER BY c.id");
  if (!r) return fail(r.error());
  std::string seed = seed_in.empty() ? random_hex(16) : seed_in;
  std::string ids;
  for (const auto& row : r->rows) ids += row.str(0) + ",";
  // The context pins the population: the same seed over the same archive gives the same cases.
  auto picks = sample_indices(seed, sha256_hex(ids), r->rows.size(), std::size_t(count));
  ReviewSample out{seed, r->rows.size(), sha256_hex(ids), {}};
  for (auto i : picks) {
    const auto& row = r->rows[i];
    out.cases.push_back({row.i64(0), row.str(1), row.str(2), row.str(3)});
  }
  // The trail keeps the draw as drawn: its seed, population and picks.
  json drawn = json::array();
  for (const auto& c : out.cases)
    drawn.push_back({{"id", c.id}, {"no", c.no}, {"unit", c.unit}, {"party", c.party}});
  const json record = {{"seed", out.seed},
                       {"population", out.population},
                       {"population_digest", out.population_digest},
                       {"cases", drawn}};
  auto st = store_.transact([&](Tx& tx) -> Status {
    auto a = append_audit(
        tx,
        p.actor(request_id)
            .entry("review.sample", "review", seed,
                   fmt::format("随机抽取评查案卷 {} 件", out.cases.size()), "", record.dump()),
        clock_.now());
    if (!a) return fail(a.error());
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

Result<FileReviewResult> Oversight::review_file(const Principal& p, std::int64_t case_id,
                                                const json& scores, const std::string& comment,
                                                const std::string& request_id) {
  if (!supervisor(p)) return fail(Error::forbidden("只有司法局执法监督人员可以评查案卷"));
  if (!scores.is_object()) return fail(Error::invalid("scores 须为 {检查项编号: 得分}", "scores"));
  auto items = checklist();
  if (!items) return fail(items.error());
  json given = json::object();
  int total = 0, max_total = 0;
  for (const auto& item : *items) {
    auto key = std::to_string(item.id);
    int max = item.max_score;
    max_total += max;
    if (!scores.contains(key) || !scores[key].is_number_integer())
      return fail(
          Error::invalid(fmt::format("请为「{}」打分（0–{}）", item.item, max), "scores." + key));
    int v = scores[key].get<int>();
    if (v < 0 || v > max)
      return fail(Error::invalid(fmt::format("「{}」得分须在 0 到 {} 之间", item.item, max),
                                 "scores." + key));
    given[key] = v;
    total += v;
  }
  auto id = store_.transact_value<std::int64_t>([&](Tx& tx) -> Result<std::int64_t> {
    auto c = tx.query("SELECT state, no FROM ef_cases WHERE id = $1", {case_id});
    if (!c) return fail(c.error());
    if (c->rows.empty()) return fail(Error::not_found("没有这个案件"));
    if (c->rows[0].str(0) != "archived")
      return fail(Error::rule_violation("state-order", "只评查已归档的案卷"));
    auto r = tx.query(
        "INSERT INTO ef_file_reviews (case_id, reviewer_id, scores, total, max_total, comment, "
        "reviewed_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        {case_id, p.id.value, given.dump(), std::int64_t(total), std::int64_t(max_total), comment,
         unix_seconds(clock_.now())});
    if (!r) return fail(r.error());
    auto a = append_audit(
        tx,
        p.actor(request_id)
            .entry("review.score", "case", std::to_string(case_id),
                   fmt::format("案卷评查 {}：{}/{} 分", c->rows[0].str(1), total, max_total), "",
                   given.dump()),
        clock_.now());
    if (!a) return fail(a.error());
    return r->rows[0].i64(0);
  });
  if (!id) return fail(id.error());
  return FileReviewResult{*id, total, max_total};
}

Result<FileReviews> Oversight::file_reviews(const Principal& p) {
  std::vector<Param> params;
  std::string where = "1 = 1";
  if (!p.sees_all_units()) {
    params.emplace_back(p.unit.value);
    where = "c.unit_id = $1";
  }
  auto r = store_.query(
      "SELECT u.name, COUNT(*), AVG(100.0 * f.total / f.max_total), MIN(100.0 * f.total / "
      "f.max_total) FROM ef_file_reviews f JOIN ef_cases c ON c.id = f.case_id JOIN units u ON "
      "u.id = c.unit_id WHERE " +
          where + " GROUP BY u.name ORDER BY u.name",
      std::span<const Param>(params));
  if (!r) return fail(r.error());
  FileReviews out;
  for (const auto& row : r->rows)
    out.by_unit.push_back({row.str(0), row.i64(1), row.f64(2), row.f64(3)});
  auto list = store_.query(
      "SELECT f.id, c.id, c.no, u.name, f.total, f.max_total, f.comment, f.reviewed_at FROM "
      "ef_file_reviews f JOIN ef_cases c ON c.id = f.case_id JOIN units u ON u.id = c.unit_id "
      "WHERE " +
          where + " ORDER BY f.id DESC LIMIT 500",
      std::span<const Param>(params));
  if (!list) return fail(list.error());
  for (const auto& row : list->rows)
    out.reviews.push_back({row.i64(0), row.i64(1), row.str(2), row.str(3), row.i64(4), row.i64(5),
                           row.str(6), Instant{std::chrono::seconds{row.i64(7)}}});
  return out;
}

Result<ComplaintReceipt> Oversight::add_complaint(const std::optional<Principal>& p,
                                                  const NewComplaint& in,
                                                  const std::string& request_id) {
  if (in.source != "public" && in.source != "12345")
    return fail(Error::invalid("来源须为 public 或 12345", "source"));
  if (in.source == "12345" && (!p || !supervisor(*p)))
    return fail(Error::forbidden("12345 工单只能由司法局或管理员接入"));
  if (in.source == "12345" && in.ticket_no.empty())
    return fail(Error::invalid("请填写 12345 工单编号", "ticket_no"));
  if (in.complainant.empty()) return fail(Error::invalid("请填写投诉人姓名", "complainant"));
  if (in.phone.size() != 11 || in.phone[0] != '1' ||
      in.phone.find_first_not_of("0123456789") != std::string::npos)
    return fail(Error::invalid("请填写11位手机号码", "phone"));
  if (in.subject.empty() || in.subject.size() > 200)
    return fail(Error::invalid("请填写投诉事项（200字节以内）", "subject"));
  if (in.content.empty() || in.content.size() > 20000)
    return fail(Error::invalid("请填写投诉内容（20000字节以内）", "content"));
  const auto now = clock_.now();
  const Date today = shanghai_date(now);
  std::string ticket = in.source == "12345"
                           ? in.ticket_no
                           : fmt::format("TS{}{}", format_date(today).substr(0, 4), random_hex(4));
  auto due = format_date(calendar_.add_working_days(today, kComplaintReplyWorkingDays));
  auto id = store_.transact_value<std::int64_t>([&](Tx& tx) -> Result<std::int64_t> {
    std::optional<std::int64_t> unit;
    if (in.unit && !in.unit->empty()) {
      auto u = tx.query(
          "SELECT id FROM units WHERE name = $1 UNION SELECT unit_id FROM unit_aliases WHERE "
          "alias = $1",
          {*in.unit});
      if (!u) return fail(u.error());
      if (!u->rows.empty()) unit = u->rows[0].i64(0);
    }
    auto r = tx.query(
        "INSERT INTO ef_complaints (ticket_no, source, complainant, phone, subject, content, "
        "received_at, unit_id, referred_on, reply_due) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
        "$9, $10) RETURNING id",
        {ticket, in.source, in.complainant, in.phone, in.subject, in.content, unix_seconds(now),
         unit ? Param(*unit) : Param(nullptr), unit ? Param(format_date(today)) : Param(nullptr),
         due});
    if (!r) return fail(r.error());
    auto cid = r->rows[0].i64(0);
    Actor actor =
        p ? p->actor(request_id) : Actor{std::nullopt, "public", std::nullopt, request_id};
    // The trail keeps what was received, with the complainant's phone masked.
    auto a = append_audit(tx,
                          actor.entry("complaint.receive", "complaint", std::to_string(cid),
                                      fmt::format("收到投诉 {}：{}", ticket, in.subject), "",
                                      json{{"ticket_no", ticket},
                                           {"source", in.source},
                                           {"phone", mask_phone(in.phone)},
                                           {"subject", in.subject}}
                                          .dump()),
                          now);
    if (!a) return fail(a.error());
    return cid;
  });
  if (!id) return fail(id.error());
  return ComplaintReceipt{*id, ticket, due};
}

Result<std::vector<ComplaintView>> Oversight::complaints(const Principal& p) {
  std::vector<Param> params;
  std::string where = "1 = 1";
  if (!p.sees_all_units()) {
    params.emplace_back(p.unit.value);
    where = "k.unit_id = $1";
  }
  auto r = store_.query(
      "SELECT k.id, k.ticket_no, k.source, k.complainant, k.phone, k.subject, k.content, "
      "k.received_at, u.name, k.referred_on, k.reply_due, k.reply, k.replied_on, k.closed_on, "
      "k.satisfaction FROM ef_complaints k LEFT JOIN units u ON u.id = k.unit_id WHERE " +
          where + " ORDER BY k.id DESC LIMIT 1000",
      std::span<const Param>(params));
  if (!r) return fail(r.error());
  const std::string today = format_date(shanghai_date(clock_.now()));
  std::vector<ComplaintView> out;
  for (const auto& row : r->rows) {
    auto s = [&](std::size_t i) {
      return row.is_null(i) ? std::optional<std::string>() : std::optional(row.str(i));
    };
    ComplaintView v;
    v.id = row.i64(0);
    v.ticket_no = row.str(1);
    v.source = row.str(2);
    v.complainant = row.str(3);
    v.phone = row.str(4);
    v.subject = row.str(5);
    v.content = row.str(6);
    v.received_at = Instant{std::chrono::seconds{row.i64(7)}};
    v.unit = s(8);
    v.referred_on = s(9);
    v.reply_due = row.str(10);
    v.reply = s(11);
    v.replied_on = s(12);
    v.closed_on = s(13);
    v.satisfaction = s(14);
    v.overdue = row.is_null(12) && today > row.str(10);
    out.push_back(std::move(v));
  }
  return out;
}

namespace {

Status complaint_change(Store& store, const Clock& clock, const Principal& p, std::int64_t id,
                        const char* action, const std::string& summary, const json& after,
                        const std::function<Status(Tx&, const Row&)>& apply,
                        const std::string& request_id) {
  return store.transact([&](Tx& tx) -> Status {
    auto r = tx.query(
        "SELECT unit_id, replied_on, closed_on, ticket_no FROM ef_complaints WHERE id = $1", {id});
    if (!r) return fail(r.error());
    if (r->rows.empty()) return fail(Error::not_found("没有这件投诉"));
    if (!p.sees_all_units() && r->rows[0].opt_i64(0) != p.unit.value)
      return fail(Error::not_found("没有这件投诉"));
    if (!r->rows[0].is_null(2)) return fail(Error::conflict("投诉已办结"));
    if (auto s = apply(tx, r->rows[0]); !s) return s;
    auto a = append_audit(tx,
                          p.actor(request_id)
                              .entry(action, "complaint", std::to_string(id),
                                     r->rows[0].str(3) + "：" + summary, "", after.dump()),
                          clock.now());
    if (!a) return fail(a.error());
    return {};
  });
}

}  // namespace

Status Oversight::refer_complaint(const Principal& p, std::int64_t id, const std::string& unit_name,
                                  const std::string& request_id) {
  if (!supervisor(p)) return fail(Error::forbidden("只有司法局可以转办投诉"));
  const std::string today = format_date(shanghai_date(clock_.now()));
  return complaint_change(
      store_, clock_, p, id, "complaint.refer", "转办" + unit_name, json{{"unit", unit_name}},
      [&](Tx& tx, const Row&) -> Status {
        auto u = tx.query(
            "SELECT id FROM units WHERE name = $1 UNION SELECT unit_id FROM unit_aliases WHERE "
            "alias = $1",
            {unit_name});
        if (!u) return fail(u.error());
        if (u->rows.empty()) return fail(Error::invalid("没有这个单位：" + unit_name, "unit"));
        auto due = format_date(
            calendar_.add_working_days(shanghai_date(clock_.now()), kComplaintReplyWorkingDays));
        auto r = tx.query(
            "UPDATE ef_complaints SET unit_id = $1, referred_on = $2, reply_due = $3 WHERE id = $4",
            {u->rows[0].i64(0), today, due, id});
        if (!r) return fail(r.error());
        return {};
      },
      request_id);
}

Status Oversight::reply_complaint(const Principal& p, std::int64_t id, const std::string& reply,
                                  const std::string& request_id) {
  if (!p.can(Permission::kEnforcementStaff))
    return fail(Error::forbidden("只有被转办单位的执法人员可以答复"));
  if (reply.empty()) return fail(Error::invalid("请填写答复内容", "reply"));
  const std::string today = format_date(shanghai_date(clock_.now()));
  return complaint_change(
      store_, clock_, p, id, "complaint.reply", "答复", json{{"reply", reply}},
      [&](Tx& tx, const Row& row) -> Status {
        if (row.opt_i64(0) != p.unit.value) return fail(Error::not_found("没有这件投诉"));
        auto r = tx.query("UPDATE ef_complaints SET reply = $1, replied_on = $2 WHERE id = $3",
                          {reply, today, id});
        if (!r) return fail(r.error());
        return {};
      },
      request_id);
}

Status Oversight::close_complaint(const Principal& p, std::int64_t id,
                                  const std::string& satisfaction, const std::string& request_id) {
  if (!supervisor(p)) return fail(Error::forbidden("只有司法局可以办结投诉"));
  if (satisfaction != "满意" && satisfaction != "基本满意" && satisfaction != "不满意")
    return fail(Error::invalid("满意度须为 满意、基本满意 或 不满意", "satisfaction"));
  const std::string today = format_date(shanghai_date(clock_.now()));
  return complaint_change(
      store_, clock_, p, id, "complaint.close", "办结（" + satisfaction + "）",
      json{{"satisfaction", satisfaction}},
      [&](Tx& tx, const Row& row) -> Status {
        if (row.is_null(1))
          return fail(Error::rule_violation("state-order", "承办单位尚未答复，不能办结"));
        auto r =
            tx.query("UPDATE ef_complaints SET closed_on = $1, satisfaction = $2 WHERE id = $3",
                     {today, satisfaction, id});
        if (!r) return fail(r.error());
        return {};
      },
      request_id);
}

}  // namespace zt::enforcement

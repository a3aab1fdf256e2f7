#include "supervision/inspections.hpp"

#include <nlohmann/json.hpp>

#include "core/audit.hpp"
#include "core/calendar.hpp"
#include "supervision/scope.hpp"

namespace zt::supervision {
namespace {

std::optional<Instant> opt_instant(const Row& r, std::size_t i) {
  if (auto v = r.opt_i64(i)) return Instant{std::chrono::seconds{*v}};
  return std::nullopt;
}

bool is_office(const Principal& p) { return p.can(Permission::kSupervisionManage); }

}  // namespace

std::string InspectionView::state() const {
  if (closed_at) return "已销号";
  if (rectified_at) return "待销号";
  return "整改中";
}

Result<std::vector<InspectionView>> Inspections::query(const std::string& where,
                                                       std::vector<Param> params) {
  auto rows = store_.query(
      "SELECT i.id, i.task_id, t.no, t.text, i.inspected_on, i.inspectors, i.findings, "
      "i.rectify_by, i.rectification, i.rectified_at, i.closure, i.closed_at FROM sv_inspections "
      "i JOIN sv_tasks t ON t.id = i.task_id WHERE " +
          where + " ORDER BY i.id DESC",
      std::span<const Param>(params));
  if (!rows) return fail(rows.error());
  const std::string today = format_date(shanghai_date(clock_.now()));
  std::vector<InspectionView> out;
  for (const auto& r : rows->rows) {
    InspectionView v;
    v.id = r.i64(0);
    v.task_id = TaskId{r.i64(1)};
    v.task_no = int(r.i64(2));
    v.task_text = r.str(3);
    v.record = {v.task_id, r.str(4), r.str(5), r.str(6), r.str(7)};
    v.rectification = r.opt_str(8);
    v.rectified_at = opt_instant(r, 9);
    v.closure = r.opt_str(10);
    v.closed_at = opt_instant(r, 11);
    v.overdue = !v.rectified_at && today > v.record.rectify_by;
    out.push_back(std::move(v));
  }
  return out;
}

Result<InspectionView> Inspections::create(const Principal& p, const NewInspection& in,
                                           const std::string& request_id) {
  if (!is_office(p)) return fail(Error::forbidden("只有督查室或管理员可以记录督查"));
  auto on = parse_date(in.inspected_on);
  if (!on) return fail(Error::invalid("督查日期须为 YYYY-MM-DD", "inspected_on"));
  auto by = parse_date(in.rectify_by);
  if (!by) return fail(Error::invalid("整改期限须为 YYYY-MM-DD", "rectify_by"));
  if (in.rectify_by < in.inspected_on)
    return fail(Error::invalid("整改期限不能早于督查日期", "rectify_by"));
  if (in.inspectors.empty()) return fail(Error::invalid("请填写督查人员", "inspectors"));
  if (in.findings.empty()) return fail(Error::invalid("请填写发现的问题", "findings"));
  auto id = store_.transact_value<std::int64_t>([&](Tx& tx) -> Result<std::int64_t> {
    auto t = tx.query("SELECT no FROM sv_tasks WHERE id = $1", {in.task_id.value});
    if (!t) return fail(t.error());
    if (t->rows.empty()) return fail(Error::not_found("没有这个任务"));
    auto ins = tx.query(
        "INSERT INTO sv_inspections (task_id, inspected_on, inspectors, findings, rectify_by, "
        "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        {in.task_id.value, in.inspected_on, in.inspectors, in.findings, in.rectify_by, p.id.value,
         unix_seconds(clock_.now())});
    if (!ins) return fail(ins.error());
    auto id = ins->rows[0].i64(0);
    auto a = append_audit(
        tx,
        p.actor(request_id)
            .entry("inspection.create", "task", std::to_string(in.task_id.value),
                   "督查第" + t->rows[0].str(0) + "项任务，限 " + in.rectify_by + " 前整改", "",
                   nlohmann::json{{"inspection", id},
                                  {"inspected_on", in.inspected_on},
                                  {"inspectors", in.inspectors},
                                  {"findings", in.findings},
                                  {"rectify_by", in.rectify_by}}
                       .dump()),
        clock_.now());
    if (!a) return fail(a.error());
    return id;
  });
  if (!id) return fail(id.error());
  return get(p, *id);
}

Result<std::vector<InspectionView>> Inspections::list(const Principal& p,
                                                      std::optional<TaskId> task_id) {
  std::vector<Param> params;
  std::string where = task_scope(p, "i.task_id", params);
  if (task_id) {
    params.push_back(task_id->value);
    where += " AND i.task_id = $" + std::to_string(params.size());
  }
  return query(where, std::move(params));
}

Result<InspectionView> Inspections::get(const Principal& p, std::int64_t id) {
  std::vector<Param> params{id};
  std::string where = "i.id = $1 AND " + task_scope(p, "i.task_id", params);
  auto v = query(where, std::move(params));
  if (!v) return fail(v.error());
  if (v->empty()) return fail(Error::not_found("没有这条督查记录"));
  return v->front();
}

Result<InspectionView> Inspections::rectify(const Principal& p, std::int64_t id,
                                            const std::string& text,
                                            const std::string& request_id) {
  if (text.empty()) return fail(Error::invalid("请填写整改情况", "rectification"));
  auto v = get(p, id);
  if (!v) return fail(v.error());
  if (v->closed_at) return fail(Error::rule_violation("inspection-closed", "该督查记录已销号"));
  auto lead = store_.query(
      "SELECT 1 FROM sv_assignments WHERE object_type = 'task' AND object_id = $1 AND role = "
      "'lead' AND unit_id = $2",
      {v->task_id.value, p.unit.value});
  if (!lead) return fail(lead.error());
  if (lead->rows.empty() || !p.can(Permission::kSupervisionReport))
    return fail(Error::forbidden("只有任务的牵头单位可以报送整改情况"));
  auto st = store_.transact([&](Tx& tx) -> Status {
    auto u = tx.query(
        "UPDATE sv_inspections SET rectification = $1, rectified_at = $2 WHERE id = $3 AND "
        "closed_at IS NULL",
        {text, unix_seconds(clock_.now()), id});
    if (!u) return fail(u.error());
    auto a = append_audit(tx,
                          p.actor(request_id)
                              .entry("inspection.rectify", "task", std::to_string(v->task_id.value),
                                     "报送督查整改情况", v->rectification.value_or(""), text),
                          clock_.now());
    if (!a) return fail(a.error());
    return {};
  });
  if (!st) return fail(st.error());
  return get(p, id);
}

Result<InspectionView> Inspections::close(const Principal& p, std::int64_t id,
                                          const std::string& text, const std::string& request_id) {
  if (!is_office(p)) return fail(Error::forbidden("只有督查室或管理员可以销号"));
  auto v = get(p, id);
  if (!v) return fail(v.error());
  if (v->closed_at) return fail(Error::rule_violation("inspection-closed", "该督查记录已销号"));
  if (!v->rectified_at)
    return fail(Error::rule_violation("rectify-before-close", "单位尚未报送整改情况，不能销号"));
  auto st = store_.transact([&](Tx& tx) -> Status {
    auto u = tx.query("UPDATE sv_inspections SET closure = $1, closed_at = $2 WHERE id = $3",
                      {text, unix_seconds(clock_.now()), id});
    if (!u) return fail(u.error());
    auto a = append_audit(tx,
                          p.actor(request_id)
                              .entry("inspection.close", "task", std::to_string(v->task_id.value),
                                     "督查记录销号", "", text),
                          clock_.now());
    if (!a) return fail(a.error());
    return {};
  });
  if (!st) return fail(st.error());
  return get(p, id);
}

}  // namespace zt::supervision

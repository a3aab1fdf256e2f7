#include "supervision/scope.hpp"

namespace zt::supervision {
namespace {

std::string next(std::vector<Param>& params, Param value) {
  params.push_back(std::move(value));
  return "$" + std::to_string(params.size());
}

std::string leader_tasks(const Principal& p, std::vector<Param>& params) {
  return "SELECT l.task_id FROM sv_ledger l JOIN sv_ledger_leaders ll ON ll.ledger_id = l.id "
         "JOIN sv_people pp ON pp.id = ll.person_id WHERE pp.user_id = " +
         next(params, p.id.value) + " AND l.task_id IS NOT NULL";
}

}  // namespace

std::string task_scope(const Principal& p, const std::string& task_column,
                       std::vector<Param>& params) {
  if (p.sees_all_units()) return "1 = 1";
  std::string unit = next(params, p.unit.value);
  return "(" + task_column +
         " IN (SELECT object_id FROM sv_assignments WHERE object_type = 'task' AND unit_id = " +
         unit + ") OR " + task_column + " IN (" + leader_tasks(p, params) + "))";
}

std::string slot_scope(const Principal& p, const std::string& slot_alias,
                       std::vector<Param>& params) {
  if (p.sees_all_units()) return "1 = 1";
  std::string unit = next(params, p.unit.value);
  return "(" + slot_alias + ".unit_id = " + unit + " OR " + slot_alias + ".task_id IN (" +
         leader_tasks(p, params) + "))";
}

Result<bool> may_see_task(Store& store, const Principal& p, TaskId task_id) {
  std::vector<Param> params{task_id.value};
  std::string sql = "SELECT 1 FROM sv_tasks t WHERE t.id = $1 AND " + task_scope(p, "t.id", params);
  auto r = store.query(sql, std::span<const Param>(params));
  if (!r) return fail(r.error());
  return !r->rows.empty();
}

}  // namespace zt::supervision

// Who sees which tasks: the office, admins and the justice bureau see all; a unit sees the tasks
// it leads or cooperates on; a responsible leader (责任领导 linked to a user) sees the tasks of
// the ledger lines they answer for. One SQL condition so every query applies the same rule.
#pragma once

#include <string>
#include <vector>

#include "core/auth.hpp"
#include "core/store.hpp"
#include "supervision/ids.hpp"

namespace zt::supervision {

// A condition on `task_column` limiting rows to the principal's tasks, appending its parameters
// to `params` (numbered after those already there); "TRUE" when the principal sees all.
std::string task_scope(const Principal& p, const std::string& task_column,
                       std::vector<Param>& params);

// Slots the principal may see in lists: its own unit's, and every slot of a task it answers
// for as a leader.
std::string slot_scope(const Principal& p, const std::string& slot_alias,
                       std::vector<Param>& params);

// Whether the principal may see the task (one indexed query).
Result<bool> may_see_task(Store& store, const Principal& p, TaskId task_id);

}  // namespace zt::supervision

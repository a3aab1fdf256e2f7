// Excel (.xlsx) exports: the ledger in the appendix's own columns and the month's bulletin.
#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"
#include "supervision/ledger.hpp"
#include "supervision/reporting.hpp"

namespace zt::supervision {

struct LedgerRowView {
  int no = 0;
  std::string task;
  std::vector<std::string> leaders, units;
};

// Two sheets: 重点任务 (序号, 领域, 项目（任务）, 牵头单位, 配合单位, 状态, 最新进展) and 项目台账
// (序号, 项目（任务）, 责任领导, 责任单位). `latest` maps task id to its lead unit's latest report.
Result<std::string> ledger_xlsx(const std::vector<Ledger::TaskView>& tasks,
                                const std::map<TaskId, SlotView>& latest,
                                const std::vector<LedgerRowView>& ledger);
Result<std::string> bulletin_xlsx(const Bulletin& bulletin);

}  // namespace zt::supervision

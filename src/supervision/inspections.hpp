// 督查 records: the office inspects a task, writes down what it found and by when the lead unit
// must rectify; the unit reports its rectification; the office closes (销号) the record.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/auth.hpp"
#include "core/clock.hpp"
#include "core/store.hpp"
#include "supervision/ids.hpp"

namespace zt::supervision {

struct NewInspection {
  TaskId task_id;
  std::string inspected_on;  // YYYY-MM-DD
  std::string inspectors;
  std::string findings;
  std::string rectify_by;  // YYYY-MM-DD, not before inspected_on
};

struct InspectionView {
  std::int64_t id = 0;
  TaskId task_id;
  int task_no = 0;
  std::string task_text;
  NewInspection record;
  std::optional<std::string> rectification, closure;
  std::optional<Instant> rectified_at, closed_at;
  bool overdue = false;       // past rectify_by (Shanghai date) and not rectified
  std::string state() const;  // 整改中 / 待销号 / 已销号
};

class Inspections {
 public:
  Inspections(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // The office records an inspection.
  Result<InspectionView> create(const Principal& p, const NewInspection& in,
                                const std::string& request_id);
  // Records in the principal's task scope, newest first; `task_id` narrows to one task.
  Result<std::vector<InspectionView>> list(const Principal& p, std::optional<TaskId> task_id);
  Result<InspectionView> get(const Principal& p, std::int64_t id);
  // A lead unit of the task reports what it rectified.
  Result<InspectionView> rectify(const Principal& p, std::int64_t id, const std::string& text,
                                 const std::string& request_id);
  // The office closes a rectified record.
  Result<InspectionView> close(const Principal& p, std::int64_t id, const std::string& text,
                               const std::string& request_id);

 private:
  Result<std::vector<InspectionView>> query(const std::string& where, std::vector<Param> params);
  Store& store_;
  const Clock& clock_;
};

}  // namespace zt::supervision

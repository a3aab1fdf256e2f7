// The supervision module's ids that cross function boundaries (a SlotId cannot be passed where a
// TaskId is expected), and the states a slot and a report take, with the strings the store and the
// API use for them (those strings do not change; the enums are what the code passes around).
#pragma once

#include <optional>
#include <string_view>

#include "core/id.hpp"

namespace zt::supervision {

using TaskId = Id<struct TaskTag>;      // sv_tasks.id
using SlotId = Id<struct SlotTag>;      // sv_slots.id: one task × unit × period
using ReportId = Id<struct ReportTag>;  // sv_reports.id: one revision of a slot's report

// A slot's filing state, derived from its deadline and filing times (never stored).
enum class SlotState { kNotFiled, kOnTime, kLate, kSupplemented };
std::string_view slot_state_label(SlotState s);  // 未报 按时 迟报 补报
std::optional<SlotState> parse_slot_state(std::string_view label);

// The status a unit gives its report, stored in sv_reports.status as its label.
enum class ReportStatus { kOnTrack, kBehind, kDone, kBlocked };
std::string_view report_status_label(ReportStatus s);  // 正常推进 滞后 已完成 受阻
std::optional<ReportStatus> parse_report_status(std::string_view label);
// Behind schedule or blocked: what a bulletin lists under 进度滞后或受阻.
constexpr bool is_behind(ReportStatus s) {
  return s == ReportStatus::kBehind || s == ReportStatus::kBlocked;
}

}  // namespace zt::supervision

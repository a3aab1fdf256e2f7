#include "supervision/ids.hpp"

#include <array>
#include <utility>

namespace zt::supervision {
namespace {

constexpr std::array<std::pair<SlotState, std::string_view>, 4> kSlotStates{{
    {SlotState::kNotFiled, "未报"},
    {SlotState::kOnTime, "按时"},
    {SlotState::kLate, "迟报"},
    {SlotState::kSupplemented, "补报"},
}};

constexpr std::array<std::pair<ReportStatus, std::string_view>, 4> kReportStatuses{{
    {ReportStatus::kOnTrack, "正常推进"},
    {ReportStatus::kBehind, "滞后"},
    {ReportStatus::kDone, "已完成"},
    {ReportStatus::kBlocked, "受阻"},
}};

template <class E, std::size_t N>
std::string_view label_of(const std::array<std::pair<E, std::string_view>, N>& table, E e) {
  for (const auto& [value, label] : table)
    if (value == e) return label;
  return table[0].second;
}

template <class E, std::size_t N>
std::optional<E> parse_label(const std::array<std::pair<E, std::string_view>, N>& table,
                             std::string_view s) {
  for (const auto& [value, label] : table)
    if (label == s) return value;
  return std::nullopt;
}

}  // namespace

std::string_view slot_state_label(SlotState s) { return label_of(kSlotStates, s); }
std::optional<SlotState> parse_slot_state(std::string_view label) {
  return parse_label(kSlotStates, label);
}

std::string_view report_status_label(ReportStatus s) { return label_of(kReportStatuses, s); }
std::optional<ReportStatus> parse_report_status(std::string_view label) {
  return parse_label(kReportStatuses, label);
}

}  // namespace zt::supervision

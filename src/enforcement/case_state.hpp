// A penalty case's id and the states it passes through (ef_cases.state). Kept apart from cases.hpp
// so that headers which only pass case ids around need not see the whole case.
#pragma once

#include <optional>
#include <string_view>

#include "core/id.hpp"

namespace zt::enforcement {

using CaseId = Id<struct CaseTag>;

// In the order a general-procedure case runs; the last four end a case.
enum class CaseState {
  kRegistered,     // 线索登记
  kFiled,          // 已立案
  kInvestigating,  // 调查取证
  kNotified,       // 已告知
  kDecided,        // 已决定
  kServed,         // 已送达
  kExecuted,       // 已执行
  kClosed,         // 不予处罚结案
  kWithdrawn,      // 已撤销立案
  kArchived,       // 已归档
};
inline constexpr CaseState kCaseStates[] = {
    CaseState::kRegistered, CaseState::kFiled,    CaseState::kInvestigating, CaseState::kNotified,
    CaseState::kDecided,    CaseState::kServed,   CaseState::kExecuted,      CaseState::kClosed,
    CaseState::kWithdrawn,  CaseState::kArchived,
};

// The name stored in ef_cases.state and sent by the API ("registered", ...).
std::string_view state_name(CaseState s);
// nullopt for a name no state has.
std::optional<CaseState> parse_case_state(std::string_view name);
// The Chinese label (线索登记, ...).
std::string_view state_label(CaseState s);

}  // namespace zt::enforcement

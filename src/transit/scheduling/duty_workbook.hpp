// The duty sheet (排班表) a depot prints, as an Excel workbook: one sheet of driver duties, each
// trip a row with the duty's sign-on and sign-off, and one of vehicle blocks (行车计划 by 字轨).
#pragma once

#include <string>

#include "core/error.hpp"
#include "transit/scheduling/day_duties.hpp"

namespace zt::transit::scheduling {

// Sheets "司机排班" and "车辆排班"; duties numbered as write_duties_csv numbers them. Times are
// the GTFS clock (past 24:00 after midnight). Fails only if the workbook cannot be written.
Result<std::string> duty_workbook(const Network& n, const DayBlocks& b, const DayDuties& d,
                                  const DutyRules& rules);

}  // namespace zt::transit::scheduling

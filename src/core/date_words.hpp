// Dates as Chinese official documents write them (GB/T 9704: 二〇二四年三月二十五日), for the
// documents an office prints, signs and seals.
#pragma once

#include <string>
#include <string_view>

#include "core/calendar.hpp"

namespace zt {

// 二〇二四年三月二十五日: the year digit by digit (〇 for zero), month and day as numbers.
std::string chinese_date(Date d);
// The same for an ISO "YYYY-MM-DD"; `iso` unchanged when it is not a valid date ("" stays "").
std::string chinese_date(std::string_view iso);

}  // namespace zt

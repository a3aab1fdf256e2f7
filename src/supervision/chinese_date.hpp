// Dates as an official document (公文) writes them under its signature: 二〇二四年三月二十五日
// (GB/T 9704: the year digit by digit with 〇 for zero, month and day as Chinese numbers).
#pragma once

#include <string>

#include "core/calendar.hpp"

namespace zt::supervision {

// `d` in Chinese numerals: 2024-03-25 → 二〇二四年三月二十五日, 2024-10-01 → 二〇二四年十月一日,
// 2024-12-31 → 二〇二四年十二月三十一日. Years 0–9999.
std::string chinese_date(Date d);

}  // namespace zt::supervision

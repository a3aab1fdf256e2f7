// China's official working-day calendar: weekends, statutory holidays and make-up working days
// (调休) as published each year by the State Council. Dates are civil dates in Asia/Shanghai.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace zt {

using Date = std::chrono::sys_days;

// China has kept UTC+8 without daylight saving since 1991, so Asia/Shanghai is a fixed offset.
inline constexpr std::chrono::hours kShanghaiOffset{8};

Result<Date> parse_date(std::string_view iso);  // "YYYY-MM-DD", validated
std::string format_date(Date d);                // "YYYY-MM-DD"
Date last_day_of_month(int year, unsigned month);
// The Shanghai civil date of an instant.
Date shanghai_date(std::chrono::sys_seconds t);
// The instant of a Shanghai wall-clock time on a date (e.g. 23:59:59 of the 25th).
std::chrono::sys_seconds shanghai_time(Date d, int hour, int minute, int second);
// ISO 8601 with +08:00, e.g. "2024-03-25T23:59:59+08:00".
std::string format_shanghai(std::chrono::sys_seconds t);

class Calendar {
 public:
  struct Exception {
    std::string name;
    bool off = false;  // true: holiday; false: make-up working day on a weekend
  };

  // Builds from holiday-cn JSON documents (one per year: {"year","papers","days":[...]}).
  // `origin` names each document in error messages.
  static Result<Calendar> from_holiday_cn(
      const std::vector<std::pair<std::string, std::string_view>>& documents);
  // The calendar shipped in the binary (data/calendar, 2020-2026).
  static Result<Calendar> official();

  bool covers(int year) const { return papers_.contains(year); }
  int first_year() const { return papers_.empty() ? 0 : papers_.begin()->first; }
  int last_year() const { return papers_.empty() ? 0 : papers_.rbegin()->first; }
  // The State Council notice(s) a year's data was taken from.
  const std::vector<std::string>* sources(int year) const;
  const std::map<Date, Exception>& exceptions() const { return exceptions_; }

  bool is_working_day(Date d) const;
  std::optional<std::string> holiday_name(Date d) const;
  // The n-th working day after d (n >= 1), as in "7 working days after service".
  // n == 0 returns d itself if it is a working day, else the next one.
  Date add_working_days(Date d, int n) const;
  // Working days in the half-open range (from, to]; negative if to < from.
  int working_days_between(Date from, Date to) const;

 private:
  std::map<Date, Exception> exceptions_;
  std::map<int, std::vector<std::string>> papers_;
};

}  // namespace zt

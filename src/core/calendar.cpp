#include "core/calendar.hpp"

#include <charconv>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "core/calendar_data.hpp"

namespace zt {

using namespace std::chrono;

Result<Date> parse_date(std::string_view s) {
  auto bad = [&] {
    return fail(Error::invalid("not a date (YYYY-MM-DD): '" + std::string(s) + "'"));
  };
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return bad();
  int y = 0;
  unsigned m = 0, d = 0;
  auto num = [&](std::string_view part, auto& out) {
    auto r = std::from_chars(part.data(), part.data() + part.size(), out);
    return r.ec == std::errc{} && r.ptr == part.data() + part.size();
  };
  if (!num(s.substr(0, 4), y) || !num(s.substr(5, 2), m) || !num(s.substr(8, 2), d)) return bad();
  year_month_day ymd{year{y}, month{m}, day{d}};
  if (!ymd.ok()) return bad();
  return sys_days{ymd};
}

std::string format_date(Date d) {
  year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()));
  return buf;
}

Date last_day_of_month(int y, unsigned m) {
  return sys_days{year_month_day_last{year{y}, month_day_last{month{m}}}};
}

Date shanghai_date(sys_seconds t) { return floor<days>(t + kShanghaiOffset); }

sys_seconds shanghai_time(Date d, int h, int m, int s) {
  return sys_seconds{d} + hours{h} + minutes{m} + seconds{s} - kShanghaiOffset;
}

std::string format_shanghai(sys_seconds t) {
  auto local = t + kShanghaiOffset;
  auto d = floor<days>(local);
  hh_mm_ss hms{local - d};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d+08:00", format_date(d).c_str(),
                int(hms.hours().count()), int(hms.minutes().count()), int(hms.seconds().count()));
  return buf;
}

Result<Calendar> Calendar::from_holiday_cn(
    const std::vector<std::pair<std::string, std::string_view>>& documents) {
  Calendar cal;
  for (const auto& [origin, text] : documents) {
    auto doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded() || !doc.is_object())
      return fail(Error::invalid(origin + ": not a JSON object"));
    if (!doc.contains("year") || !doc["year"].is_number_integer())
      return fail(Error::invalid(origin + ": missing integer 'year'", "year"));
    int y = doc["year"].get<int>();
    std::vector<std::string> papers;
    if (doc.contains("papers") && doc["papers"].is_array())
      for (const auto& p : doc["papers"])
        if (p.is_string()) papers.push_back(p.get<std::string>());
    if (!doc.contains("days") || !doc["days"].is_array())
      return fail(Error::invalid(origin + ": missing array 'days'", "days"));
    std::size_t i = 0;
    for (const auto& day_entry : doc["days"]) {
      std::string where = origin + ": days[" + std::to_string(i++) + "]";
      if (!day_entry.is_object() || !day_entry.contains("date") || !day_entry["date"].is_string() ||
          !day_entry.contains("isOffDay") || !day_entry["isOffDay"].is_boolean())
        return fail(Error::invalid(where + ": needs string 'date' and boolean 'isOffDay'"));
      auto d = parse_date(day_entry["date"].get<std::string>());
      if (!d) return fail(Error::invalid(where + ": " + d.error().message, "date"));
      Exception ex;
      ex.off = day_entry["isOffDay"].get<bool>();
      if (day_entry.contains("name") && day_entry["name"].is_string())
        ex.name = day_entry["name"].get<std::string>();
      cal.exceptions_[*d] = std::move(ex);
    }
    cal.papers_[y] = std::move(papers);
  }
  return cal;
}

Result<Calendar> Calendar::official() {
  std::vector<std::pair<std::string, std::string_view>> docs;
  for (const auto& f : official_calendar_files()) docs.emplace_back(f.name, f.json);
  return from_holiday_cn(docs);
}

const std::vector<std::string>* Calendar::sources(int y) const {
  auto it = papers_.find(y);
  return it == papers_.end() ? nullptr : &it->second;
}

bool Calendar::is_working_day(Date d) const {
  if (auto it = exceptions_.find(d); it != exceptions_.end()) return !it->second.off;
  weekday wd{d};
  return wd != Saturday && wd != Sunday;
}

std::optional<std::string> Calendar::holiday_name(Date d) const {
  auto it = exceptions_.find(d);
  if (it == exceptions_.end() || !it->second.off) return std::nullopt;
  return it->second.name;
}

Date Calendar::add_working_days(Date d, int n) const {
  if (n <= 0) {
    while (!is_working_day(d)) d += days{1};
    return d;
  }
  while (n > 0) {
    d += days{1};
    if (is_working_day(d)) --n;
  }
  return d;
}

int Calendar::working_days_between(Date from, Date to) const {
  if (to < from) return -working_days_between(to, from);
  int n = 0;
  for (Date d = from + days{1}; d <= to; d += days{1})
    if (is_working_day(d)) ++n;
  return n;
}

}  // namespace zt

// calendar.txt and calendar_dates.txt: the service ids, their weekdays and date ranges, and the
// dates added or removed; at least one of the two files must be there.
#include <fmt/format.h>

#include "transit/gtfs_loader.hpp"

namespace zt::transit::gtfs {

void Loader::services() {
  auto cal = table("calendar.txt", false,
                   {"service_id", "monday", "tuesday", "wednesday", "thursday", "friday",
                    "saturday", "sunday", "start_date", "end_date"});
  auto dates = table("calendar_dates.txt", false, {"service_id", "date", "exception_type"});
  if (!src_.has("calendar.txt") && !src_.has("calendar_dates.txt"))
    issue(Severity::kError, "missing_calendar_and_calendar_date_files", "calendar.txt", 0, "",
          "calendar.txt 与 calendar_dates.txt 至少要有一个");
  if (cal) {
    const char* days[] = {"monday", "tuesday",  "wednesday", "thursday",
                          "friday", "saturday", "sunday"};
    for (std::size_t r = 0; r < cal->rows(); ++r) {
      Service s;
      std::string_view id;
      if (!required(*cal, r, "service_id", id)) continue;
      s.id = id;
      for (int d = 0; d < 7; ++d)
        if (cal->at(r, cal->column(days[d])) == "1") s.weekdays |= std::uint8_t(1u << d);
      s.start = date(*cal, r, "start_date");
      s.end = date(*cal, r, "end_date");
      if (s.start && s.end && *s.end < *s.start)
        issue(Severity::kError, "start_and_end_range_out_of_order", "calendar.txt", cal->line(r),
              "end_date", "end_date 早于 start_date");
      if (!service_ids_.insert(s.id).second) {
        issue(Severity::kError, "duplicate_key", "calendar.txt", cal->line(r), "service_id",
              "service_id 重复：" + s.id);
        continue;
      }
      feed_.services.push_back(std::move(s));
    }
  }
  if (dates) {
    std::set<std::pair<std::string, std::string>> seen;
    for (std::size_t r = 0; r < dates->rows(); ++r) {
      std::string_view id;
      if (!required(*dates, r, "service_id", id)) continue;
      auto d = date(*dates, r, "date");
      auto e = dates->at(r, dates->column("exception_type"));
      if (e != "1" && e != "2") {
        issue(Severity::kError, "unexpected_enum_value", "calendar_dates.txt", dates->line(r),
              "exception_type", fmt::format("exception_type 须为 1 或 2：{}", e));
        continue;
      }
      if (!d) continue;
      if (!seen.insert({std::string(id), format_date(*d)}).second) {
        issue(Severity::kError, "duplicate_key", "calendar_dates.txt", dates->line(r), "date",
              fmt::format("{} 在 {} 重复", id, format_date(*d)));
        continue;
      }
      service_ids_.insert(std::string(id));
      feed_.service_dates.push_back({std::string(id), *d, e == "1" ? 1 : 2});
    }
  }
}

}  // namespace zt::transit::gtfs

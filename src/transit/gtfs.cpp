// The feed as a whole: the readers in their order, the three ways in (a path, an uploaded zip,
// texts in memory), the summary, and the small GTFS helpers.
#include "transit/gtfs.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "transit/gtfs_loader.hpp"
#include "transit/gtfs_source.hpp"

namespace zt::transit {

void gtfs::Loader::run() {
  for (const auto& n : src_.names())
    if (n.ends_with(".txt")) feed_.files.push_back(n);
  agencies();
  stops();
  routes();
  services();
  trips();
  shapes();
  stop_times();
  frequencies();
  unused();
}

nlohmann::json Issue::to_json() const {
  return {{"severity", severity == Severity::kError ? "error" : "warning"},
          {"code", code},
          {"file", file},
          {"line", line},
          {"field", field},
          {"message", message}};
}

bool Feed::has_errors() const {
  return std::any_of(issues.begin(), issues.end(),
                     [](const Issue& i) { return i.severity == Issue::Severity::kError; });
}

nlohmann::json Feed::summary() const {
  std::optional<Date> first, last;
  auto widen = [&](Date d) {
    if (!first || d < *first) first = d;
    if (!last || d > *last) last = d;
  };
  for (const auto& s : services) {
    if (s.start) widen(*s.start);
    if (s.end) widen(*s.end);
  }
  for (const auto& d : service_dates)
    if (d.exception == 1) widen(d.date);
  std::size_t shape_points = 0;
  for (const auto& [id, pts] : shapes) shape_points += pts.size();
  int errors = 0, warnings = 0;
  for (const auto& i : issues) (i.severity == Issue::Severity::kError ? errors : warnings)++;
  return {{"files", files},
          {"rows",
           {{"agency.txt", agencies.size()},
            {"stops.txt", stops.size()},
            {"routes.txt", routes.size()},
            {"trips.txt", trips.size()},
            {"stop_times.txt", stop_times.size()},
            {"shapes.txt", shape_points},
            {"calendar.txt", services.size()},
            {"calendar_dates.txt", service_dates.size()},
            {"frequencies.txt", frequencies.size()}}},
          {"shapes", shapes.size()},
          {"interpolated_stop_times", interpolated},
          {"service_start", first ? nlohmann::json(format_date(*first)) : nlohmann::json(nullptr)},
          {"service_end", last ? nlohmann::json(format_date(*last)) : nlohmann::json(nullptr)},
          {"errors", errors},
          {"warnings", warnings}};
}

Result<Feed> load_feed(const std::string& path) {
  if (!std::filesystem::exists(path))
    return fail(Error::invalid(path + "：文件或目录不存在", "feed"));
  auto src = gtfs::Source::open(path);
  if (!src) return fail(src.error());
  Feed feed;
  gtfs::Loader(*src, feed).run();
  return feed;
}

Result<Feed> load_feed_zip(std::string bytes, const std::string& what, ZipLimits limits) {
  auto zip = ZipReader::open_bytes(std::move(bytes), what, std::move(limits));
  if (!zip) return fail(zip.error());
  auto src = gtfs::Source::of_zip(std::move(*zip));
  if (!src) return fail(src.error());
  Feed feed;
  gtfs::Loader loader(*src, feed);
  loader.run();
  if (loader.too_large()) return fail(*loader.too_large());
  return feed;
}

Result<Feed> load_feed_texts(const FeedTexts& files) {
  auto src = gtfs::Source::of_texts(files);
  if (!src) return fail(src.error());
  Feed feed;
  gtfs::Loader(*src, feed).run();
  return feed;
}

std::optional<int> parse_gtfs_time(std::string_view s) {
  // H:MM:SS or HH:MM:SS, hours may exceed 24 (service past midnight).
  auto c1 = s.find(':');
  if (c1 == std::string_view::npos || c1 == 0 || c1 > 3 || s.size() != c1 + 6 || s[c1 + 3] != ':')
    return std::nullopt;
  int h = 0, m = 0, sec = 0;
  auto num = [](std::string_view v, int& out) {
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    return ec == std::errc() && p == v.data() + v.size();
  };
  if (!num(s.substr(0, c1), h) || !num(s.substr(c1 + 1, 2), m) || !num(s.substr(c1 + 4, 2), sec))
    return std::nullopt;
  if (m > 59 || sec > 59 || h < 0) return std::nullopt;
  return h * 3600 + m * 60 + sec;
}

std::vector<TripSpan> trip_spans(const std::vector<StopTime>& stop_times) {
  std::vector<TripSpan> out;
  for (std::size_t i = 0; i < stop_times.size();) {
    std::size_t j = i;
    while (j < stop_times.size() && stop_times[j].trip == stop_times[i].trip) ++j;
    out.push_back({stop_times[i].trip, i, j});
    i = j;
  }
  return out;
}

std::string format_gtfs_time(int seconds) {
  seconds = std::max(0, seconds);
  return fmt::format("{:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
}

double haversine_m(double lat1, double lon1, double lat2, double lon2) {
  constexpr double r = 6371008.8, rad = M_PI / 180;
  double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
  double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
             std::cos(lat1 * rad) * std::cos(lat2 * rad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * r * std::asin(std::min(1.0, std::sqrt(a)));
}

}  // namespace zt::transit

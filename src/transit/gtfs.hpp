// A GTFS feed in memory: read from a .zip, a folder or texts in memory, checked like MobilityData's
// validator (each issue with file, line and field), with blank non-timepoint times interpolated
// along shape_dist_traveled (or straight-line distance) and times past 24:00 kept as seconds.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/calendar.hpp"
#include "core/error.hpp"
#include "core/zip_reader.hpp"

namespace zt::transit {

struct Issue {
  enum class Severity { kError, kWarning };
  Severity severity = Severity::kError;
  std::string code;  // "missing_required_file", "foreign_key_violation", …
  std::string file;
  int line = 0;  // 0: the file as a whole
  std::string field;
  std::string message;  // Chinese, for people
  nlohmann::json to_json() const;
};

struct Agency {
  std::string id, name, url, timezone;
};
struct Stop {
  std::string id, code, name, parent;
  double lat = 0, lon = 0;
  int location_type = 0;
};
struct Route {
  std::string id, agency_id, short_name, long_name, color;
  int type = 3;
  std::string text_color;  // route_text_color; "" when not given (GTFS: black)
};
struct Trip {
  std::string id, route_id, service_id, headsign, block_id, shape_id;
  int direction = -1;  // -1: not given
};
struct StopTime {
  std::uint32_t trip = 0;  // index into Feed::trips
  std::uint32_t stop = 0;  // index into Feed::stops
  int sequence = 0;
  int arrival = -1, departure = -1;  // seconds after the service day's noon-minus-12h; -1 blank
  double dist = -1;                  // shape_dist_traveled, -1 when not given
  bool timepoint = true;
  bool interpolated = false;
};
struct ShapePoint {
  double lat = 0, lon = 0, dist = -1;
  int sequence = 0;
};
struct Service {
  std::string id;
  std::uint8_t weekdays = 0;  // bit 0 Monday … bit 6 Sunday
  std::optional<Date> start, end;
};
struct ServiceDate {
  std::string service_id;
  Date date;
  int exception = 1;  // 1 added, 2 removed
};
struct Frequency {
  std::uint32_t trip = 0;
  int start = 0, end = 0, headway = 0;
  bool exact_times = false;
};

struct Feed {
  std::vector<Agency> agencies;
  std::vector<Stop> stops;
  std::vector<Route> routes;
  std::vector<Trip> trips;
  std::vector<StopTime> stop_times;  // grouped by trip, in stop_sequence order
  std::unordered_map<std::string, std::vector<ShapePoint>> shapes;
  std::vector<Service> services;
  std::vector<ServiceDate> service_dates;
  std::vector<Frequency> frequencies;
  std::unordered_map<std::string, std::uint32_t> stop_index, trip_index;
  std::vector<Issue> issues;
  std::vector<std::string> files;  // the .txt files present
  int interpolated = 0;            // stop times whose blank times were filled in

  bool has_errors() const;
  // Rows per file, service date range, counts of issues.
  nlohmann::json summary() const;
};

// Reads a feed from a .zip file or a folder of .txt files. Fails only when the source cannot be
// read at all; everything wrong inside it is an Issue.
Result<Feed> load_feed(const std::string& path);
// The same from a zip in memory (an upload); `what` names it in errors. Fails (kTooLarge, naming
// the limit) when the files and the tables built from them outgrow `limits`.
Result<Feed> load_feed_zip(std::string bytes, const std::string& what, ZipLimits limits = {});
// A feed's files by name ("stops.txt") with their texts, which the caller keeps.
using FeedTexts = std::map<std::string, std::string_view>;
// The same from texts in memory (tests write their feeds as string literals). Fails only on a
// name that is not a file name; everything wrong inside is an Issue, as from a folder.
Result<Feed> load_feed_texts(const FeedTexts& files);

// "25:10:00" -> 90600; nullopt if malformed. Exposed for tests.
std::optional<int> parse_gtfs_time(std::string_view s);
// Each trip's stop times as [begin, end) into `stop_times`, which hold a trip's rows together.
struct TripSpan {
  std::uint32_t trip = 0;
  std::size_t begin = 0, end = 0;
};
std::vector<TripSpan> trip_spans(const std::vector<StopTime>& stop_times);
// 90600 -> "25:10:00" (GTFS and GTFS-Realtime times of day, past 24:00 after midnight).
std::string format_gtfs_time(int seconds);
// Great-circle distance in metres.
double haversine_m(double lat1, double lon1, double lat2, double lon2);

}  // namespace zt::transit

// The feed reader (not part of transit's API): one reader per GTFS file, each in the file named
// for it (gtfs_agency_routes.cpp, gtfs_stops.cpp, gtfs_calendar.cpp, gtfs_trips.cpp,
// gtfs_shapes.cpp, gtfs_stop_times.cpp), over the table and field helpers of gtfs_tables.cpp;
// run() (gtfs.cpp) reads them in the order their foreign keys need. Every problem found inside
// the feed is an Issue on it; only an archive past its budget stops the load.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/csv.hpp"
#include "transit/gtfs.hpp"
#include "transit/gtfs_source.hpp"

namespace zt::transit::gtfs {

using Severity = Issue::Severity;

class Loader {
 public:
  Loader(const Source& src, Feed& feed) : src_(src), feed_(feed) {}
  // Set when the archive outgrew its budget: the load fails as a whole (413), not as an issue.
  const std::optional<Error>& too_large() const { return too_large_; }
  // Reads every file into the feed.
  void run();

  // Tables and fields (gtfs_tables.cpp).
  void issue(Severity sev, std::string code, std::string file, int line, std::string field,
             std::string message);
  // A file as a table; a missing required file or column is an error.
  std::optional<CsvTable> table(const std::string& name, bool required,
                                std::initializer_list<const char*> required_columns);
  // The file as consecutive tables of whole rows, each parsed with the header and the lines of
  // the file, handed to `on_table` and dropped: a large file (stop_times.txt) is never held whole.
  // Issues as table() records them; false when the file could not be used.
  bool table_pieces(const std::string& name, bool required,
                    std::initializer_list<const char*> required_columns,
                    const std::function<void(const CsvTable&)>& on_table);
  // A required value of a row; records an error when blank.
  bool required(const CsvTable& t, std::size_t r, const char* field, std::string_view& out);
  std::optional<double> number(const CsvTable& t, std::size_t r, const char* field, bool req);
  std::optional<Date> date(const CsvTable& t, std::size_t r, const char* field);

 private:
  // agency.txt, routes.txt (gtfs_agency_routes.cpp).
  void agencies();
  void routes();
  // stops.txt, and stops no trip serves (gtfs_stops.cpp).
  void stops();
  void unused();
  // calendar.txt and calendar_dates.txt (gtfs_calendar.cpp).
  void services();
  // trips.txt, frequencies.txt (gtfs_trips.cpp).
  void trips();
  void frequencies();
  // shapes.txt (gtfs_shapes.cpp).
  void shapes();
  // stop_times.txt (gtfs_stop_times.cpp).
  void stop_times();
  // One piece of stop_times.txt into `rows`; foreign keys and values checked row by row.
  void stop_time_rows(const CsvTable& t,
                      const std::unordered_map<std::string_view, std::uint32_t>& stop_ids,
                      std::vector<std::pair<StopTime, int>>& rows);
  // One trip's rows [i, j): duplicate sequences, first/last times, interpolation, monotonic times,
  // distance from the shape.
  void trip_times(std::vector<std::pair<StopTime, int>>& rows, std::size_t i, std::size_t j);

  const Source& src_;
  Feed& feed_;
  std::set<std::string> route_ids_, service_ids_;
  std::vector<int> trip_lines_;
  struct ShapePlane {
    double c = 1;                               // cos of the shape's latitude
    std::vector<double> x, y;                   // its points in metres
    std::unordered_set<std::uint32_t> checked;  // stops already measured against it
  };
  std::unordered_map<std::string, ShapePlane> planes_;
  std::optional<Error> too_large_;
};

}  // namespace zt::transit::gtfs

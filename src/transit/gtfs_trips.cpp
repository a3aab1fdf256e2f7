// trips.txt (each trip's route, service and shape) and frequencies.txt (trips run on a headway).
#include <fmt/format.h>

#include "transit/gtfs_loader.hpp"

namespace zt::transit::gtfs {

void Loader::trips() {
  auto t = table("trips.txt", true, {"route_id", "service_id", "trip_id"});
  if (!t) return;
  for (std::size_t r = 0; r < t->rows(); ++r) {
    Trip x;
    std::string_view v;
    if (!required(*t, r, "trip_id", v)) continue;
    x.id = v;
    if (required(*t, r, "route_id", v)) x.route_id = v;
    if (required(*t, r, "service_id", v)) x.service_id = v;
    x.headsign = t->at(r, t->column("trip_headsign"));
    x.block_id = t->at(r, t->column("block_id"));
    x.shape_id = t->at(r, t->column("shape_id"));
    auto dir = t->at(r, t->column("direction_id"));
    x.direction = dir.empty() ? -1 : dir[0] - '0';
    if (!x.route_id.empty() && !route_ids_.count(x.route_id))
      issue(Severity::kError, "foreign_key_violation", "trips.txt", t->line(r), "route_id",
            "routes.txt 中没有 route_id " + x.route_id);
    if (!x.service_id.empty() && !service_ids_.count(x.service_id))
      issue(Severity::kError, "foreign_key_violation", "trips.txt", t->line(r), "service_id",
            "calendar 中没有 service_id " + x.service_id);
    trip_lines_.push_back(t->line(r));
    if (!feed_.trip_index.emplace(x.id, std::uint32_t(feed_.trips.size())).second) {
      issue(Severity::kError, "duplicate_key", "trips.txt", t->line(r), "trip_id",
            "trip_id 重复：" + x.id);
      trip_lines_.pop_back();
      continue;
    }
    feed_.trips.push_back(std::move(x));
  }
}

void Loader::frequencies() {
  auto t = table("frequencies.txt", false, {"trip_id", "start_time", "end_time", "headway_secs"});
  if (!t) return;
  for (std::size_t r = 0; r < t->rows(); ++r) {
    auto trip = feed_.trip_index.find(std::string(t->at(r, t->column("trip_id"))));
    if (trip == feed_.trip_index.end()) {
      issue(Severity::kError, "foreign_key_violation", "frequencies.txt", t->line(r), "trip_id",
            "trips.txt 中没有 trip_id " + std::string(t->at(r, t->column("trip_id"))));
      continue;
    }
    auto start = parse_gtfs_time(t->at(r, t->column("start_time")));
    auto end = parse_gtfs_time(t->at(r, t->column("end_time")));
    auto headway = number(*t, r, "headway_secs", true);
    if (!start || !end || !headway || *headway <= 0 || *end <= *start) {
      issue(Severity::kError, "invalid_frequency", "frequencies.txt", t->line(r), "start_time",
            "start_time、end_time、headway_secs 须有效且 end_time 晚于 start_time");
      continue;
    }
    feed_.frequencies.push_back(
        {trip->second, *start, *end, int(*headway), t->at(r, t->column("exact_times")) == "1"});
  }
}

}  // namespace zt::transit::gtfs
